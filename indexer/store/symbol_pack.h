#pragma once
// A blob's definitions as one value of its `blobs` row: they are only ever
// read whole, per blob, so one packed value replaces a row per symbol (and
// the two indexes over those rows).
//
// Layout: empty for no definitions; otherwise pack_text(encoding): a tag
// byte, 'R' followed by the encoding or 'Z' followed by
// deflate_text(encoding). The encoding is,
// per definition in order: varint(parent + 1), kind, name, varint(start_line),
// varint(end_line), signature, doc; each string is varint(length) + bytes.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/syntax/facts.h"

namespace stc::indexer::store {

/// `text` as a stored value: empty for no text, else a tag byte and the
/// text, deflated when that is smaller (the layout above, for any text).
std::string pack_text(std::string_view text);

/// The text pack_text() stored; nullopt when `packed` is not such a value.
std::optional<std::string> unpack_text(std::string_view packed);

/// The value stored for `definitions`.
std::string pack_definitions(const std::vector<syntax::Definition>& definitions);

/// The definitions pack_definitions() stored; nullopt when `packed` is not
/// such a value (truncated or damaged).
std::optional<std::vector<syntax::Definition>> unpack_definitions(std::string_view packed);

}  // namespace stc::indexer::store
