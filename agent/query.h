#pragma once
// Query understanding for the agent: a feature request becomes search terms.
// Words are split from identifiers ("retryCount" -> retry, count), lower-cased,
// stop words and request boilerplate ("add", "support", "the") dropped, and
// stemmed with the index's own stemmer (FTS5's porter tokenizer, see
// indexer/store/fts_stem.h) so "caching", "caches" and "cache" meet, in the
// request and in the index alike. Proper names ("Pirate Weather") are kept as phrases: they are
// what a new file would be named after.

#include <string>
#include <string_view>
#include <vector>

namespace stc::agent {

struct Query {
  std::string text;                             // the request as given
  std::vector<std::string> words;               // content words, lower case, in order, distinct
  std::vector<std::string> stems;               // stem(word) for each word (same order)
  std::vector<std::vector<std::string>> names;  // capitalised runs after the first word
  std::vector<std::string> tokens;  // every word in order, lower case, stop words included
};

/// True for stop words and request boilerplate ("add", "support", "the").
bool is_stop_word(std::string_view word);

/// Parses a feature request. Deterministic; never fails (an all-stop-word
/// request gives empty `words`).
Query understand(std::string_view feature);

/// The Porter stem of `word` exactly as the FTS index stores it:
/// "caching" -> "cach", "caches" -> "cach", "providers" -> "provid".
std::string stem(std::string_view word);

/// True when `word` (any case) has the same stem as one of the query's words.
bool matches_any(const Query& query, std::string_view word);

/// How many distinct query stems `text`'s words cover, weighted by `weights`
/// (one per query stem; empty: 1 each), divided by the total weight: 0..1.
double coverage(const Query& query, std::string_view text, const std::vector<double>& weights = {});

}  // namespace stc::agent
