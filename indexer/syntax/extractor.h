#pragma once
// Parses source files with tree-sitter and extracts FileFacts: the only code
// besides the generated grammar table that includes <tree_sitter/api.h>.
//
// How extraction works: the language's query (grammars/queries/<lang>.scm)
// marks definitions (@definition.<kind> + @name) and imports (@import +
// @import.source / @import.name). Definitions are then nested by byte range
// to build the scope tree (a function inside a class becomes a method), the
// signature is the definition's text up to its body, and the doc is the
// docstring (Python) or the comment block right above the definition.
// References are all identifier-like leaves, counted, most frequent first.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "indexer/syntax/facts.h"

namespace stc::indexer::syntax {

/// The language that handles `path` ("python", "tsx", ...) or "" for none.
std::string_view language_for_path(std::string_view path);

/// Names of all compiled-in languages.
std::vector<std::string> supported_languages();

/// Owns a tree-sitter parser. Not thread-safe: one Extractor per thread.
/// Compiled queries are shared between Extractors (they are immutable).
class Extractor {
 public:
  Extractor();
  Extractor(const Extractor&) = delete;
  Extractor& operator=(const Extractor&) = delete;
  ~Extractor();

  /// Extracts facts from `source`. A file with syntax errors still yields
  /// facts (has_errors is set). kInternal when the language is unknown or its
  /// query does not compile; kUnavailable when parsing timed out.
  Result<FileFacts> extract(std::string_view language, std::string_view source);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stc::indexer::syntax
