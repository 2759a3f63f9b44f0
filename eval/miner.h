#pragma once
// Mining feature tasks from a repository's first-parent history.
//
// Every commit on the first-parent chain of `rev` (oldest first) is a
// candidate: non-merge commits, and merges of GitHub pull requests, whose
// change is the PR's combined diff against the first parent. The first
// parent is the task's base. A candidate becomes a task when
//   - its message gives a descriptive task (core/commit_message.h: no version bumps,
//     dependency updates, formatting, lint, typo fixes, reverts, other merges);
//   - it is not a pure rename (every change a rename);
//   - it adds or modifies between `min_files` and `max_files` code files
//     (path_kind.h's is_code_path; tests count, docs and data do not), and at
//     least one file of gold_src.
// When more candidates pass than `limit`, a deterministic sample is taken:
// the `limit` candidates with the smallest FNV-1a hash of their commit id
// (spread over the whole history; the same on every run). Tasks are returned
// in history order.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/progress.h"
#include "core/result.h"
#include "eval/task.h"
#include "indexer/git/repository.h"

namespace stc::eval {

struct MineOptions {
  std::string rev = "HEAD";
  int64_t since = 0;  // committer time lower bound (seconds since the epoch); 0: no bound
  int min_files = 3;
  int max_files = 30;
  int limit = 0;          // 0: every task
  int min_words = 4;      // descriptive message threshold
  std::string repo_name;  // default: the work tree's directory name
};

struct MineResult {
  std::vector<Task> tasks;
  int64_t commits_scanned = 0;
  int64_t candidates = 0;                  // tasks before sampling
  std::map<std::string, int64_t> skipped;  // reason -> commits
};

/// Mines tasks from `repo`. Errors: kBadInput for an unknown revision or bad
/// options (min_files < 1, max_files < min_files); kUnavailable for missing
/// objects.
Result<MineResult> mine_tasks(const indexer::git::Repository& repo, const MineOptions& options,
                              Progress& progress);

/// Parses "YYYY-MM-DD" (UTC midnight) into seconds since the epoch; kBadInput otherwise.
Result<int64_t> parse_date(const std::string& date);

}  // namespace stc::eval
