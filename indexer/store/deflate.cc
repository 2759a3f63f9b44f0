#include "indexer/store/deflate.h"

#include <libdeflate.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <memory>

namespace stc::indexer::store {
namespace {

constexpr size_t kHeader = 4;
// Larger values than any artifact; a length above it marks a damaged value.
constexpr uint32_t kMaxText = 256u << 20;
// libdeflate's fastest level: about 2.4x zlib's fastest on the store's values,
// and 2.5 % smaller (bench/README.md, "libdeflate").
constexpr int kLevel = 1;

struct FreeCompressor {
  void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
};
struct FreeDecompressor {
  void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
};

// One of each per thread (they are not thread-safe), made on first use and
// reused: zlib's compress2() set up and freed its state for every value.
libdeflate_compressor* compressor() {
  thread_local std::unique_ptr<libdeflate_compressor, FreeCompressor> c(
      libdeflate_alloc_compressor(kLevel));
  return c.get();
}

libdeflate_decompressor* decompressor() {
  thread_local std::unique_ptr<libdeflate_decompressor, FreeDecompressor> d(
      libdeflate_alloc_decompressor());
  return d.get();
}

// The part of a preset dictionary zlib uses (its window).
std::string_view window_of(std::string_view dictionary) {
  constexpr size_t kWindow = 32768;
  return dictionary.size() > kWindow ? dictionary.substr(dictionary.size() - kWindow) : dictionary;
}

const Bytef* bytes_of(std::string_view s) { return reinterpret_cast<const Bytef*>(s.data()); }

}  // namespace

// zlib's fastest level with a window and hash table sized to what it reads:
// most values are a few hundred bytes, and zlib's defaults (a 32 KiB window,
// a 64 KiB hash table cleared on every call) cost more to set up than to
// deflate them. The window size is in the stream's header, so inflate sizes
// its own.
std::optional<std::string> deflate_text_with(std::string_view text, std::string_view dictionary) {
  if (text.size() > kMaxText) return std::nullopt;
  const std::string_view window = window_of(dictionary);
  const size_t reach = text.size() + window.size() + 262;  // zlib's lookahead
  int bits = 9;
  while (bits < 15 && (size_t{1} << bits) < reach) ++bits;
  z_stream z{};
  if (deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, bits, std::max(1, bits - 7), Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    return std::nullopt;
  }
  std::string out(kHeader + deflateBound(&z, static_cast<uLong>(text.size())) + 16, '\0');
  const auto n = static_cast<uint32_t>(text.size());
  for (size_t i = 0; i < kHeader; ++i) out[i] = static_cast<char>((n >> (8 * i)) & 0xff);
  z.next_in = const_cast<Bytef*>(bytes_of(text));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data() + kHeader);
  z.avail_out = static_cast<uInt>(out.size() - kHeader);
  const bool ok =
      (window.empty() ||
       deflateSetDictionary(&z, bytes_of(window), static_cast<uInt>(window.size())) == Z_OK) &&
      deflate(&z, Z_FINISH) == Z_STREAM_END;
  const size_t size = kHeader + z.total_out;
  deflateEnd(&z);
  if (!ok || size >= text.size()) return std::nullopt;
  out.resize(size);
  return out;
}

std::optional<std::string> inflate_text_with(std::string_view packed, std::string_view dictionary) {
  if (packed.size() <= kHeader) return std::nullopt;
  uint32_t n = 0;
  for (size_t i = 0; i < kHeader; ++i) {
    n |= static_cast<uint32_t>(static_cast<unsigned char>(packed[i])) << (8 * i);
  }
  if (n > kMaxText) return std::nullopt;
  const std::string_view dict = window_of(dictionary);
  std::string out(n, '\0');
  z_stream z{};
  if (inflateInit(&z) != Z_OK) return std::nullopt;
  z.next_in = const_cast<Bytef*>(bytes_of(packed.substr(kHeader)));
  z.avail_in = static_cast<uInt>(packed.size() - kHeader);
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(n);
  int rc = inflate(&z, Z_FINISH);
  if (rc == Z_NEED_DICT) {
    rc = inflateSetDictionary(&z, bytes_of(dict), static_cast<uInt>(dict.size()));
    if (rc == Z_OK) rc = inflate(&z, Z_FINISH);
  }
  const bool ok = rc == Z_STREAM_END && z.total_out == n;
  inflateEnd(&z);
  if (!ok) return std::nullopt;
  return out;
}

std::optional<std::string> deflate_text(std::string_view text) {
  if (text.size() > kMaxText) return std::nullopt;
  libdeflate_compressor* c = compressor();
  if (!c) return std::nullopt;
  // Only a result smaller than the text is kept, so the text's size bounds it.
  std::string out(kHeader + text.size(), '\0');
  const auto n = static_cast<uint32_t>(text.size());
  for (size_t i = 0; i < kHeader; ++i) out[i] = static_cast<char>((n >> (8 * i)) & 0xff);
  const size_t written =
      libdeflate_zlib_compress(c, text.data(), text.size(), out.data() + kHeader, text.size());
  if (written == 0) return std::nullopt;  // would not fit: not smaller
  out.resize(kHeader + written);
  if (out.size() >= text.size()) return std::nullopt;
  return out;
}

std::optional<std::string> inflate_text(std::string_view packed) {
  if (packed.size() <= kHeader) return std::nullopt;
  uint32_t n = 0;
  for (size_t i = 0; i < kHeader; ++i) {
    n |= static_cast<uint32_t>(static_cast<unsigned char>(packed[i])) << (8 * i);
  }
  if (n > kMaxText) return std::nullopt;
  libdeflate_decompressor* d = decompressor();
  if (!d) return std::nullopt;
  std::string out(n, '\0');
  size_t size = 0;
  if (libdeflate_zlib_decompress(d, packed.data() + kHeader, packed.size() - kHeader, out.data(), n,
                                 &size) != LIBDEFLATE_SUCCESS ||
      size != n) {
    return std::nullopt;
  }
  return out;
}

}  // namespace stc::indexer::store
