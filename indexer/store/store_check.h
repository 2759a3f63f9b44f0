#pragma once
// A cheap guard against a damaged store. A full `PRAGMA quick_check` reads
// every page, too slow for each command; but in WAL mode the main database
// file changes only when a checkpoint copies the WAL into it (the WAL's own
// frames carry checksums). So the check runs only when the main file is not
// the one last found sound: its device, inode, size and modification time
// are recorded in `<store dir>/index.checked` (`<store file>.checked` for a
// store not named index.db) after a clean check, and any
// change (a checkpoint, a crash mid-checkpoint, a disk error, someone
// writing into the file) makes the next opener check it again.
//
// A checkpoint of our own does not make the next opener check again: when
// the file was the one last found sound right before the checkpoint, and the
// checkpoint copied the whole WAL (whose frames SQLite checksums), the file
// after it is stamped as sound too (checkpoint_keeping_stamp). Without this,
// every command after an index or pass that checkpointed paid a full read of
// the store (150-400 ms on typeshed's 50-100 MB).
//
// The stamp is written atomically (temporary file + rename); failing to
// write it only means checking again next time.

#include <functional>
#include <string>

#include "core/result.h"
#include "indexer/store/index_store.h"

namespace stc::indexer::store {

/// Checks the store at `path` (open as `store`) unless its stamp is current.
/// kBadInput with the damaged-store message when the check finds damage.
[[nodiscard]] Status check_store_if_changed(IndexStore& store, const std::string& path);

/// Runs `checkpoint` (which writes the file at `path`; true when it copied
/// the whole WAL) and restamps the file afterwards when its stamp was current
/// before. Returns what `checkpoint` returned.
bool checkpoint_keeping_stamp(const std::string& path, const std::function<bool()>& checkpoint);

}  // namespace stc::indexer::store
