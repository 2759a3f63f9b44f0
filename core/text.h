#pragma once
// Text helpers shared by the indexer, the search and (later) the agent:
// identifier splitting for search tokens, UTF-8 repair, small string utils.

#include <string>
#include <string_view>
#include <vector>

namespace stc {

/// Splits an identifier or path into lower-case word tokens:
/// "HTTPClient_retryCount" -> {"http", "client", "retry", "count"}.
/// Digits stay attached to the preceding word ("base64" -> "base64").
std::vector<std::string> split_words(std::string_view identifier);

/// Search tokens for a repository path: directories, stem and extension split
/// into words, e.g. "src/netClient/http_retry.py" -> "src net client http retry py".
std::string path_tokens(std::string_view path);

/// Returns `s` with every invalid UTF-8 sequence replaced by U+FFFD, so that
/// text from arbitrary files is safe to store and to print as JSON.
std::string sanitize_utf8(std::string_view s);

/// True when `s` is valid UTF-8.
bool is_valid_utf8(std::string_view s);

/// A file name (any bytes) as valid UTF-8 text that can be turned back into
/// the same bytes, for JSON output: valid UTF-8 is kept as is, a backslash is
/// doubled (\ -> \\), and each byte of an invalid UTF-8 sequence is written
/// as \xNN (two lower-case hex digits): Latin-1 "café.txt" -> "caf\xe9.txt".
std::string escape_path(std::string_view path);

/// The inverse of escape_path: \\ -> \ and \xNN -> that byte; any other
/// backslash is kept as it is.
std::string unescape_path(std::string_view escaped);

/// Collapses runs of whitespace into single spaces and trims both ends.
std::string squash_spaces(std::string_view s);

/// Cuts `s` to at most `max_bytes` bytes without splitting a UTF-8 sequence,
/// appending "…" when something was cut.
std::string truncate_utf8(std::string_view s, size_t max_bytes);

/// Like truncate_utf8, but cuts at the last space within `max_bytes` when
/// that keeps at least half of them, so no word is cut in two:
/// ("in the plan for \"Add delete endpoint\"", 28) -> "in the plan for \"Add delete…".
std::string truncate_words(std::string_view s, size_t max_bytes);

/// A stable 64-bit FNV-1a hash of `s` as 16 hex digits (content keys).
std::string hash_hex(std::string_view s);

/// True for English function words and the verbs every request or commit
/// message uses ("add", "support", "new"): words that say that something
/// changes, not where. Lower-case input. One list for every search in stc.
bool is_stop_word(std::string_view word);

std::string_view trim(std::string_view s);
std::string to_lower(std::string_view s);
bool starts_with(std::string_view s, std::string_view prefix);
bool ends_with(std::string_view s, std::string_view suffix);
std::vector<std::string_view> split(std::string_view s, char sep);
std::string join(const std::vector<std::string>& parts, std::string_view sep);

}  // namespace stc
