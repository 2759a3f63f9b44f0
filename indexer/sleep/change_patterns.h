#pragma once
// Recurring multi-file change patterns mined from the history tables:
// directory additions (what adding a file to a directory required) and
// clusters of similar feature commits. Input of notes and anticipation.

#include <functional>
#include <string>
#include <vector>

#include "core/result.h"
#include "indexer/sleep/offline_builders.h"
#include "indexer/store/index_store.h"

namespace stc::indexer::sleep {

/// Both read the per-commit memo of the newest mined commits
/// (indexer/history/pattern_memo.h): call update_pattern_memo first.
///
/// Directories (not the root) where two or more past commits added a source
/// file (core/path_kind.h: not a test, doc, build or data file), with the
/// other files those commits changed in at least half of them. Root commits,
/// bulk additions (4+ files added to one directory) and maintenance commits
/// (reverts, dependency and version bumps: is_maintenance_commit) are ignored.
/// Whether a path is a file of the indexed commit (the caller's look-up).
using PathExists = std::function<Result<bool>(const std::string&)>;

/// Companions are files of the indexed commit (`exists`, asked only of the
/// files a pattern could keep).
Result<std::vector<SiblingPattern>> sibling_patterns(store::IndexStore& store,
                                                     const PathExists& exists);

/// Greedy clusters of the last `max_commits` (at most kPatternWindow) feature commits (not
/// maintenance commits; 3 to 30 files, at least 3 of them source files): a commit joins the cluster
/// of an earlier one when their file sets have Jaccard similarity >= 0.3. Only files still in the
/// tree and present in at least half of a cluster's commits are kept.
Result<std::vector<ChangeCluster>> change_clusters(store::IndexStore& store,
                                                   const PathExists& exists,
                                                   size_t max_commits = 2000);

}  // namespace stc::indexer::sleep
