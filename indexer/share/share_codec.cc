#include "indexer/share/share_codec.h"

#include <cstdint>

namespace stc::indexer::share {
namespace {

constexpr uint32_t kRecordVersion = 1;

class Writer {
 public:
  void u32(uint32_t v) {
    for (int i = 0; i < 4; ++i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  }
  void u64(uint64_t v) {
    u32(static_cast<uint32_t>(v));
    u32(static_cast<uint32_t>(v >> 32));
  }
  void str(std::string_view s) {
    u32(static_cast<uint32_t>(s.size()));
    out_.append(s);
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

// Reads what Writer wrote; once a read runs past the end, ok() is false.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  uint32_t u32() {
    if (in_.size() - pos_ < 4 || !ok_) return fail();
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i)
      v |= static_cast<uint32_t>(static_cast<uint8_t>(in_[pos_ + i])) << (8 * i);
    pos_ += 4;
    return v;
  }
  uint64_t u64() {
    const uint64_t lo = u32();
    return lo | (static_cast<uint64_t>(u32()) << 32);
  }
  std::string str() {
    const uint32_t n = u32();
    if (!ok_ || in_.size() - pos_ < n) {
      fail();
      return {};
    }
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  [[nodiscard]] bool ok() const { return ok_; }
  [[nodiscard]] bool done() const { return ok_ && pos_ == in_.size(); }

 private:
  uint32_t fail() {
    ok_ = false;
    return 0;
  }
  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace

std::string encode_blob(const store::BlobRecord& r) {
  Writer w;
  const auto& f = r.facts;
  w.u32(kRecordVersion);
  w.u64(r.bytes);
  w.str(r.skeleton);
  w.u32(f.lines);
  w.u32(f.has_errors ? 1 : 0);
  w.str(f.module_doc);
  w.u32(static_cast<uint32_t>(f.definitions.size()));
  for (const auto& d : f.definitions) {
    w.str(d.kind);
    w.str(d.name);
    w.u32(d.start_line);
    w.u32(d.end_line);
    w.u32(static_cast<uint32_t>(d.parent));
    w.str(d.signature);
    w.str(d.doc);
  }
  w.u32(static_cast<uint32_t>(f.imports.size()));
  for (const auto& im : f.imports) {
    w.str(im.source);
    w.str(im.names);
    w.u32(im.line);
    w.str(im.kind);
  }
  w.u32(static_cast<uint32_t>(f.references.size()));
  for (const auto& ref : f.references) w.str(ref);
  return w.take();
}

std::optional<store::BlobRecord> decode_blob(std::string_view bytes, const std::string& oid,
                                             const std::string& language) {
  Reader in(bytes);
  if (in.u32() != kRecordVersion) return std::nullopt;
  store::BlobRecord r;
  r.oid = oid;
  r.language = language;
  auto& f = r.facts;
  r.bytes = in.u64();
  r.skeleton = in.str();
  f.lines = in.u32();
  f.has_errors = in.u32() != 0;
  f.module_doc = in.str();
  // Each element takes at least 4 bytes: a count larger than what is left is damage.
  const auto count = [&in, &bytes] {
    const uint32_t n = in.u32();
    return n <= bytes.size() / 4 ? n : 0;
  };
  for (uint32_t i = 0, n = count(); i < n && in.ok(); ++i) {
    syntax::Definition d;
    d.kind = in.str();
    d.name = in.str();
    d.start_line = in.u32();
    d.end_line = in.u32();
    d.parent = static_cast<int32_t>(in.u32());
    d.signature = in.str();
    d.doc = in.str();
    f.definitions.push_back(std::move(d));
  }
  for (uint32_t i = 0, n = count(); i < n && in.ok(); ++i) {
    syntax::Import im;
    im.source = in.str();
    im.names = in.str();
    im.line = in.u32();
    im.kind = in.str();
    f.imports.push_back(std::move(im));
  }
  for (uint32_t i = 0, n = count(); i < n && in.ok(); ++i) f.references.push_back(in.str());
  if (!in.done()) return std::nullopt;
  return r;
}

}  // namespace stc::indexer::share
