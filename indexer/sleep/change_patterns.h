#pragma once
// Recurring multi-file change patterns mined from the history tables:
// directory additions (what adding a file to a directory required) and
// clusters of similar feature commits. Input of notes and anticipation.

#include <string>
#include <unordered_set>
#include <vector>

#include "core/result.h"
#include "indexer/sleep/offline_builders.h"
#include "indexer/store/index_store.h"

namespace stc::sleep {

/// How many of the newest mined commits the patterns look at.
inline constexpr size_t kPatternWindow = 5000;

/// Brings the per-commit memo the patterns read (table pattern_commits) up
/// to the newest mined commit: the commits mined since the last update
/// (at most the window) are read once, those a pattern can use are stored
/// with their changed paths, and rows older than the window are dropped, all
/// in one transaction with the memo's mark (meta history_patterns_seq). So a
/// pass reads the window as one range of small rows instead of joining the
/// history tables and re-testing every summary, and a killed update leaves
/// the memo as it was. Clearing the history clears the memo and its mark.
[[nodiscard]] Status update_pattern_commits(store::IndexStore& store);

/// Both read the memo: call update_pattern_commits first.
///
/// Directories (not the root) where two or more past commits added a source
/// file (core/path_kind.h: not a test, doc, build or data file), with the
/// other files those commits changed in at least half of them. Root commits,
/// bulk additions (4+ files added to one directory) and maintenance commits
/// (reverts, dependency and version bumps: is_maintenance_commit) are ignored.
Result<std::vector<SiblingPattern>> sibling_patterns(store::IndexStore& store,
                                                     const std::unordered_set<std::string>& exists);

/// Greedy clusters of the last `max_commits` (at most kPatternWindow) feature commits (not
/// maintenance commits; 3 to 30 files, at least 3 of them source files): a commit joins the cluster
/// of an earlier one when their file sets have Jaccard similarity >= 0.3. Only files still in the
/// tree and present in at least half of a cluster's commits are kept.
Result<std::vector<ChangeCluster>> change_clusters(store::IndexStore& store,
                                                   const std::unordered_set<std::string>& exists,
                                                   size_t max_commits = 2000);

}  // namespace stc::sleep
