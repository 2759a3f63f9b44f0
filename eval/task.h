#pragma once
// A feature task mined from a repository's history, and the task file format
// (JSON Lines, one task per line; documented in eval/README.md).
//
// A task asks: "given the tree of `base` and the history reachable from it,
// which files does the change described by `description` touch?" The answer
// key is what commit `commit` actually added or modified.

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"

namespace stc::eval {

struct Task {
  std::string id;           // "<repo>-<first 10 hex digits of commit>"
  std::string repo;         // repository name (the work tree's directory name)
  std::string repo_path;    // absolute work-tree path at mining time (run --repo overrides)
  std::string base;         // 40 hex: the first parent; the index is built as of it
  std::string commit;       // 40 hex: the change itself
  std::string description;  // the cleaned message: what the agent is asked
  std::string subject;      // the commit's original first line
  bool merge = false;       // a PR merge, scored on its combined diff against the first parent
  int64_t time = 0;         // committer time of `commit`, seconds since the epoch
  int64_t seq = 0;          // position on the first-parent chain (oldest = 1): run order
  std::vector<std::string> gold_all;  // added or modified files, tests/docs/build included
  std::vector<std::string> gold_src;  // gold_all without tests, docs and build files
  std::vector<std::string> added;     // the paths of gold_all that do not exist in `base`
  int64_t tree_files = 0;             // number of files in base's tree
};

/// One task as a single JSON line (no trailing newline).
std::string task_to_json_line(const Task& task);

/// Parses one line. kBadInput naming `where` ("tasks.jsonl:3") when the line
/// is not a JSON object with the required fields (id, repo, base, commit,
/// description, gold_all) of the right types, or a commit id is not 40 hex.
Result<Task> task_from_json_line(const std::string& line, const std::string& where);

/// Reads a task file; blank lines are skipped. kBadInput (with the line
/// number) for a malformed line or an empty file, kIo when it cannot be read.
/// Task ids must be unique.
Result<std::vector<Task>> read_tasks(const std::string& path);

/// Writes tasks to `path`, one line each. kIo on failure.
Status write_tasks(const std::string& path, const std::vector<Task>& tasks);

}  // namespace stc::eval
