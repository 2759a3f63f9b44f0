#pragma once
// Walking a branch's first-parent history with each commit's changed files,
// for history mining. Like repository.h, only the .cc includes <git2.h>.
//
// The walk opens its own libgit2 handle on repo.git_dir(), so it may run on
// any thread that owns `repo`; it is not itself shared between threads.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "indexer/git/repository.h"

namespace stc::indexer::git {

/// One path changed by a commit against its first parent.
struct FileChange {
  char kind = 'M';       // 'A' added, 'M' modified, 'D' deleted, 'R' renamed
  std::string path;      // the path after the commit (before it, for 'D')
  std::string old_path;  // for 'R', the path before the commit; else empty
  Oid old_oid;           // zero for 'A'
  Oid new_oid;           // zero for 'D'
};

/// A commit of the walk and its changes against its first parent.
struct CommitChanges {
  Oid id;
  int64_t time = 0;     // committer time, seconds since the epoch
  std::string author;   // author name
  std::string summary;  // first paragraph of the message, on one line
  std::string message;  // the full message
  int parents = 0;
  std::vector<FileChange> files;  // sorted by path
  size_t position = 0;            // 1-based position of this commit in the walk (for progress)
  size_t total = 0;               // number of commits the walk visits
};

/// Calls `visit` for each commit on the first-parent chain of `to`, oldest
/// first, stopping after (excluding) `from` when given. Each commit's files
/// are its changes against its first parent (a root commit adds everything;
/// a merge shows the combined change of the merged branch), found by
/// comparing the two trees and skipping subtrees with equal ids. Exact
/// renames (a deleted and an added path with the same blob id) and a single
/// deleted/added pair sharing a file name become 'R'.
/// Errors: kBadInput when `from` is not on `to`'s first-parent chain or `to`
/// is not a commit; kUnavailable when an object is missing; otherwise the
/// first error `visit` returns, which stops the walk.
/// Memory: one commit's changes plus the list of commit ids.
Status walk_first_parent(const Repository& repo, std::optional<Oid> from, const Oid& to,
                         const std::function<Status(const CommitChanges&)>& visit);

/// True when `ancestor` is on the first-parent chain of `descendant` (or is
/// it). kBadInput when `descendant` is not a commit of the repository.
Result<bool> is_first_parent_ancestor(const Repository& repo, const Oid& ancestor,
                                      const Oid& descendant);

}  // namespace stc::indexer::git
