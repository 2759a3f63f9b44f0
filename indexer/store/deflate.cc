#include "indexer/store/deflate.h"

#include <libdeflate.h>

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

}  // namespace

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
