#include "indexer/store/deflate.h"

#include <zlib.h>

#include <cstdint>

namespace stc::indexer::store {
namespace {

constexpr size_t kHeader = 4;
// Larger values than any artifact; a length above it marks a damaged value.
constexpr uint32_t kMaxText = 256u << 20;

}  // namespace

std::optional<std::string> deflate_text(std::string_view text) {
  if (text.size() > kMaxText) return std::nullopt;
  uLongf bound = compressBound(static_cast<uLong>(text.size()));
  std::string out(kHeader + bound, '\0');
  const auto n = static_cast<uint32_t>(text.size());
  for (size_t i = 0; i < kHeader; ++i) out[i] = static_cast<char>((n >> (8 * i)) & 0xff);
  if (compress2(reinterpret_cast<Bytef*>(out.data() + kHeader), &bound,
                reinterpret_cast<const Bytef*>(text.data()), static_cast<uLong>(text.size()),
                Z_BEST_SPEED) != Z_OK) {
    return std::nullopt;
  }
  out.resize(kHeader + bound);
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
  std::string out(n, '\0');
  uLongf size = n;
  if (uncompress(reinterpret_cast<Bytef*>(out.data()), &size,
                 reinterpret_cast<const Bytef*>(packed.data() + kHeader),
                 static_cast<uLong>(packed.size() - kHeader)) != Z_OK ||
      size != n) {
    return std::nullopt;
  }
  return out;
}

}  // namespace stc::indexer::store
