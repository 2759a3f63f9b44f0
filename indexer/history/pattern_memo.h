#pragma once
// The per-commit memo that change-pattern mining reads (sleep/change_patterns):
// table pattern_commits holds, for the newest kPatternWindow mined commits,
// each commit a pattern can use — counted (not skipped), with a parent, not
// a maintenance commit (core/commit_message.h), adding a file or changing at
// least 3 paths — with its summary, time and changed paths.
//
// update_pattern_memo reads only the commits mined since the memo's mark
// (meta history_patterns_seq; at most the window), drops rows that fell out
// of the window, and writes rows, pruning and mark in one transaction, so a
// killed update leaves the memo as it was and the next one redoes it.
// HistoryTables::clear (re-mining for another revision) empties the table,
// and its mark goes with the other history_* meta keys. A pass thus reads
// the window as one range of small rows instead of joining commits and
// commit_files row by row and testing every summary again.

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "indexer/store/index_store.h"

namespace stc::indexer {

/// How many of the newest mined commits the change patterns look at.
inline constexpr size_t kPatternWindow = 5000;

/// One memo row: a commit and its changed paths in path order.
struct PatternCommit {
  std::string oid, summary;
  int64_t time = 0;
  std::vector<std::pair<char, std::string>> files;  // change (A, M, D, R), path
};

/// Brings the memo up to the newest mined commit (see above).
[[nodiscard]] Status update_pattern_memo(store::IndexStore& store);

/// The memo rows among the `limit` (at most kPatternWindow) newest mined
/// commits, newest first; with `additions_only`, only those that added a
/// file (the others are not decoded). Current only after update_pattern_memo.
Result<std::vector<PatternCommit>> pattern_window(store::IndexStore& store, size_t limit,
                                                  bool additions_only = false);

}  // namespace stc::indexer
