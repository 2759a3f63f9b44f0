#pragma once
// A cheap guard against a damaged store. A full `PRAGMA quick_check` reads
// every page, too slow for each command; but in WAL mode the main database
// file changes only when a checkpoint copies the WAL into it (the WAL's own
// frames carry checksums). So the check runs only when the main file is not
// the one last found sound: its device, inode, size and modification time
// are recorded in `<store dir>/index.checked` after a clean check, and any
// change (a checkpoint, a crash mid-checkpoint, a disk error, someone
// writing into the file) makes the next opener check it again.
//
// The stamp is written atomically (temporary file + rename); failing to
// write it only means checking again next time.

#include <string>

#include "core/result.h"
#include "indexer/store/index_store.h"

namespace stc::indexer::store {

/// Checks the store at `path` (open as `store`) unless its stamp is current.
/// kBadInput with the damaged-store message when the check finds damage.
[[nodiscard]] Status check_store_if_changed(IndexStore& store, const std::string& path);

}  // namespace stc::indexer::store
