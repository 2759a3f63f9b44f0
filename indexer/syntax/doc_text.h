#pragma once
// Documentation files (Markdown, reStructuredText, AsciiDoc, plain text) have
// no grammar, yet features change them as often as code. They are indexed as
// the pseudo-language "doc": headings become "section" definitions (so the
// skeleton is the outline), the prose becomes the module doc (searchable),
// and `code spans` become references. No tree-sitter involved.

#include <string_view>

#include "indexer/syntax/facts.h"

namespace stc::indexer::syntax {

inline constexpr std::string_view kDocLanguage = "doc";

/// True for .md, .markdown, .rst, .adoc, .txt and extension-less CHANGES /
/// HISTORY / NEWS style files.
bool is_doc_path(std::string_view path);

/// Headings, prose (first 6 KB) and code spans of a documentation file.
FileFacts extract_doc(std::string_view source);

}  // namespace stc::indexer::syntax
