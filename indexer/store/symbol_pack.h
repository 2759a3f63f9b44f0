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

#include "indexer/store/sqlite.h"
#include "indexer/syntax/facts.h"

namespace stc::indexer::store {

/// `text` as a stored value: empty for no text, else a tag byte and the
/// text, deflated when that is smaller (the layout above, for any text);
/// texts under 128 bytes are not deflated.
std::string pack_text(std::string_view text);

/// The text pack_text() stored; nullopt when `packed` is not such a value.
std::optional<std::string> unpack_text(std::string_view packed);

/// Column `column` of the current row of `s`, a text column that holds
/// pack_text() values (a BLOB) since schema 13 and plain text before: the
/// text; nullopt when a BLOB is not such a value.
std::optional<std::string> column_packed_text(const Statement& s, int column);

/// The value stored for `definitions`: pack_text(encode_definitions(...)).
std::string pack_definitions(const std::vector<syntax::Definition>& definitions);
/// The encoding of `definitions` (above) before pack_text.
std::string encode_definitions(const std::vector<syntax::Definition>& definitions);

/// A blob's references as stored: empty for none; 'D' and the text deflated
/// with the encoding of the blob's definitions (`definitions_encoding`) as
/// the preset dictionary, which names much of what a file references
/// (schema 13); or pack_text() when that is smaller (or there are no
/// definitions).
std::string pack_references(std::string_view references, std::string_view definitions_encoding);

/// The references pack_references() (or, before schema 13, pack_text())
/// stored, given the blob's packed definitions; nullopt when either value
/// is not such a value.
std::optional<std::string> unpack_references(std::string_view packed,
                                             std::string_view packed_definitions);

/// The definitions pack_definitions() stored; nullopt when `packed` is not
/// such a value (truncated or damaged).
std::optional<std::vector<syntax::Definition>> unpack_definitions(std::string_view packed);

/// A blob's imports as one value (schema 13, table blob_imports): empty for
/// none; otherwise 'R' and, per import in order, varint(line), varint(kind:
/// 0 "import", 1 "mod", 2 followed by the kind's text), source, names (each
/// string varint(length) + bytes). Never deflated, so a search for a text
/// in the sources or names can skip the values without it (instr) before
/// unpacking the others.
std::string pack_imports(const std::vector<syntax::Import>& imports);

/// The imports pack_imports() stored; nullopt when `packed` is not such a
/// value (truncated or damaged).
std::optional<std::vector<syntax::Import>> unpack_imports(std::string_view packed);

}  // namespace stc::indexer::store
