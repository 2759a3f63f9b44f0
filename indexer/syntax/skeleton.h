#pragma once
// The skeleton of a file: its definitions nested by scope, each with its
// signature, line range and first doc line — the cheapest faithful picture of
// a module, read by later passes and the agent instead of the source. It is
// a function of the definitions alone, so the store renders it from the
// symbols it keeps rather than storing it (IndexStore::blob_info).

#include <string>

#include "indexer/syntax/facts.h"

namespace stc::indexer::syntax {

/// Renders a skeleton such as
///   class Client(Base)  [L12-80]  # HTTP client with retries.
///     def get(self, url)  [L20-31]  # Fetch a URL.
/// capped at `max_bytes` (a final line says how many definitions were left out).
std::string render_skeleton(const FileFacts& facts, size_t max_bytes = 16384);

/// The first sentence of a doc text's first paragraph (at most 160 bytes).
std::string first_doc_line(const std::string& doc);

}  // namespace stc::indexer::syntax
