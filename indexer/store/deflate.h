#pragma once
// Deflate behind one small module: the store keeps large text values (the
// sleep-time artifacts' JSON, a blob's packed definitions and references)
// deflated, a third of their size. Plain values go through libdeflate (one
// compressor per thread, reused); values with a preset dictionary through
// zlib, which libdeflate does not offer. Both are zlib streams, so stores
// written with zlib alone (before 2026-12-07) read back unchanged.

#include <optional>
#include <string>
#include <string_view>

namespace stc::indexer::store {

/// `text` deflated (zlib format) behind a 4-byte little-endian length of
/// the original; nullopt when that would not be smaller than `text`.
std::optional<std::string> deflate_text(std::string_view text);

/// The text deflate_text() packed; nullopt when `packed` is not such a value
/// (truncated, damaged, or its length does not match).
std::optional<std::string> inflate_text(std::string_view packed);

/// The same with a preset dictionary (its last 32 KiB): text that repeats
/// the dictionary's strings packs smaller. The stream names the dictionary
/// by its checksum, so inflating with another one fails.
std::optional<std::string> deflate_text_with(std::string_view text, std::string_view dictionary);
std::optional<std::string> inflate_text_with(std::string_view packed, std::string_view dictionary);

}  // namespace stc::indexer::store
