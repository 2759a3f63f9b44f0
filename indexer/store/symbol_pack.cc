#include "indexer/store/symbol_pack.h"

#include <cstdint>

#include "indexer/store/deflate.h"

namespace stc::indexer::store {
namespace {

constexpr char kRaw = 'R';
constexpr char kDeflated = 'Z';
// Shorter texts are stored as they are: deflate seldom makes them smaller,
// and setting it up costs more than the text (a commit message, a file's
// few definitions).
constexpr size_t kDeflateFrom = 128;
constexpr char kWithDefinitions = 'D';  // references deflated against the definitions

void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void put_text(std::string& out, const std::string& s) {
  put_varint(out, s.size());
  out += s;
}

// Reads what put_varint / put_text wrote; every read fails past the end.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}

  bool done() const { return pos_ == in_.size(); }

  bool varint(uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ == in_.size()) return false;
      const auto byte = static_cast<unsigned char>(in_[pos_++]);
      v |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if (byte < 0x80) return true;
    }
    return false;
  }

  bool text(std::string& s) {
    uint64_t n = 0;
    if (!varint(n) || n > in_.size() - pos_) return false;
    s.assign(in_.substr(pos_, n));
    pos_ += n;
    return true;
  }

 private:
  std::string_view in_;
  size_t pos_ = 0;
};

bool read_definition(Reader& r, syntax::Definition& d) {
  uint64_t parent = 0, start = 0, end = 0;
  if (!r.varint(parent) || !r.text(d.kind) || !r.text(d.name) || !r.varint(start) ||
      !r.varint(end) || !r.text(d.signature) || !r.text(d.doc)) {
    return false;
  }
  if (parent > INT32_MAX || start > UINT32_MAX || end > UINT32_MAX) return false;
  d.parent = static_cast<int32_t>(parent) - 1;
  d.start_line = static_cast<uint32_t>(start);
  d.end_line = static_cast<uint32_t>(end);
  return true;
}

// The kinds of import the extractor writes, by their code in a packed value.
const char* const kImportKinds[] = {"import", "mod"};
constexpr uint64_t kOtherKind = 2;

bool read_import(Reader& r, syntax::Import& im) {
  uint64_t line = 0, kind = 0;
  if (!r.varint(line) || line > UINT32_MAX || !r.varint(kind) || kind > kOtherKind) return false;
  if (kind == kOtherKind) {
    if (!r.text(im.kind)) return false;
  } else {
    im.kind = kImportKinds[kind];
  }
  im.line = static_cast<uint32_t>(line);
  return r.text(im.source) && r.text(im.names);
}

}  // namespace

std::string pack_imports(const std::vector<syntax::Import>& imports) {
  if (imports.empty()) return {};
  std::string out(1, kRaw);
  for (const auto& im : imports) {
    put_varint(out, im.line);
    uint64_t kind = kOtherKind;
    for (uint64_t k = 0; k < kOtherKind; ++k) {
      if (im.kind == kImportKinds[k]) kind = k;
    }
    put_varint(out, kind);
    if (kind == kOtherKind) put_text(out, im.kind);
    put_text(out, im.source);
    put_text(out, im.names);
  }
  return out;
}

std::optional<std::vector<syntax::Import>> unpack_imports(std::string_view packed) {
  std::vector<syntax::Import> out;
  if (packed.empty()) return out;
  if (packed.front() != kRaw) return std::nullopt;
  Reader r(packed.substr(1));
  while (!r.done()) {
    syntax::Import im;
    if (!read_import(r, im)) return std::nullopt;
    out.push_back(std::move(im));
  }
  return out;
}

std::string pack_text(std::string_view text) {
  if (text.empty()) return {};
  if (text.size() < kDeflateFrom) return kRaw + std::string(text);
  if (auto packed = deflate_text(text)) return kDeflated + *packed;
  return kRaw + std::string(text);
}

std::optional<std::string> unpack_text(std::string_view packed) {
  if (packed.empty()) return std::string();
  if (packed.front() == kDeflated) return inflate_text(packed.substr(1));
  if (packed.front() == kRaw) return std::string(packed.substr(1));
  return std::nullopt;
}

std::optional<std::string> column_packed_text(const Statement& s, int column) {
  if (s.column_is_blob(column)) return unpack_text(s.column_blob(column));
  return s.column_text(column);
}

std::string pack_definitions(const std::vector<syntax::Definition>& definitions) {
  return pack_text(encode_definitions(definitions));
}

std::string pack_references(std::string_view references, std::string_view definitions_encoding) {
  std::string plain = pack_text(references);
  if (references.empty() || definitions_encoding.empty()) return plain;
  auto packed = deflate_text_with(references, definitions_encoding);
  if (!packed || packed->size() + 1 >= plain.size()) return plain;
  return kWithDefinitions + *packed;
}

std::optional<std::string> unpack_references(std::string_view packed,
                                             std::string_view packed_definitions) {
  if (packed.empty() || packed.front() != kWithDefinitions) return unpack_text(packed);
  auto dictionary = unpack_text(packed_definitions);
  if (!dictionary || dictionary->empty()) return std::nullopt;
  return inflate_text_with(packed.substr(1), *dictionary);
}

std::string encode_definitions(const std::vector<syntax::Definition>& definitions) {
  if (definitions.empty()) return {};
  std::string raw;
  for (const auto& d : definitions) {
    put_varint(raw, static_cast<uint64_t>(static_cast<int64_t>(d.parent) + 1));
    put_text(raw, d.kind);
    put_text(raw, d.name);
    put_varint(raw, d.start_line);
    put_varint(raw, d.end_line);
    put_text(raw, d.signature);
    put_text(raw, d.doc);
  }
  return raw;
}

std::optional<std::vector<syntax::Definition>> unpack_definitions(std::string_view packed) {
  const auto raw = unpack_text(packed);
  if (!raw) return std::nullopt;
  std::vector<syntax::Definition> out;
  Reader r(*raw);
  while (!r.done()) {
    syntax::Definition d;
    if (!read_definition(r, d)) return std::nullopt;
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace stc::indexer::store
