#pragma once
// The bytes a blob's facts travel as in the team share: a versioned,
// length-prefixed binary record of store::BlobRecord (exact for any bytes, so
// a pulled blob is stored exactly as a parse would have stored it).

#include <optional>
#include <string>
#include <string_view>

#include "indexer/store/index_store.h"

namespace stc::indexer::share {

/// The record without its key (oid, language): those are columns of the share.
std::string encode_blob(const store::BlobRecord& record);
/// The record back, with `oid` and `language` filled in; nullopt when the
/// bytes are not a record of this version (cut, damaged, or newer).
std::optional<store::BlobRecord> decode_blob(std::string_view bytes, const std::string& oid,
                                             const std::string& language);

}  // namespace stc::indexer::share
