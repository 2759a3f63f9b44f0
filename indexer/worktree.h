#pragma once
// Pre-parsing of uncommitted work: the work-tree side of a sleep-time pass
// (`stc watch`, `stc pass --worktree`).
//
// How it works: libgit2 status lists the modified, added and untracked (not
// ignored) files. Each file's content is hashed as a git blob — the id it
// will have once committed — and, when the store has no facts for that
// (blob id, language) yet, parsed and stored exactly as the indexer would
// store a committed blob. The files table is not touched: it still describes
// the indexed commit. When the commit lands, the structural pass finds those
// blobs cached and parses nothing.

#include <cstdint>
#include <string>
#include <vector>

#include "core/progress.h"
#include "core/result.h"
#include "indexer/store/index_store.h"
#include "indexer/workspace.h"

namespace stc::indexer {

struct WorktreeReport {
  int64_t files_seen = 0;           // changed work-tree files with a grammar, within limits
  int64_t files_parsed = 0;         // parsed and stored by this call
  int64_t files_cached = 0;         // their blob was already in the store
  int64_t files_skipped = 0;        // no grammar, excluded, too large, binary, symlink, unreadable
  std::vector<std::string> errors;  // per-file problems, "path: message"
  /// The changed files with a grammar, as they will be once committed
  /// (path, future blob id, language, stored blob row).
  std::vector<store::FileRecord> files;
};

/// Parses and stores the blobs of changed work-tree files that the store does
/// not hold yet. Files without a grammar, excluded by index.exclude, over
/// index.maxFileSize, binary (NUL in the first 8 KB) or symlinks are skipped.
/// Errors: kBadInput for a bare repository; kInternal when the status cannot
/// be read; kStore when the store cannot be written. Unreadable files and
/// parse failures are per-file `errors`.
Result<WorktreeReport> prewarm_worktree(Workspace& ws, store::IndexStore& store,
                                        Progress& progress);

}  // namespace stc::indexer
