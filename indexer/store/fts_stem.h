#pragma once
// Stemming exactly as the index stems: SQLite's own FTS5 "porter" tokenizer
// over "unicode61", the tokenizer every FTS table of the store declares. The
// agent stems request words with it, so a query word and the indexed word
// it should meet ("caching" and "caches": both "cach") always agree.

#include <string>
#include <string_view>

namespace stc::indexer::store {

/// The token(s) FTS5's porter tokenizer makes of `word`, lower case and
/// stemmed ("providers" -> "provid", "Caching" -> "cach"); several tokens
/// (a word with separators) are concatenated; a word with no token at all
/// (punctuation only) comes back lower-cased. Results are cached.
/// Thread-safe: each thread uses its own in-memory SQLite connection.
std::string fts_stem(std::string_view word);

}  // namespace stc::indexer::store
