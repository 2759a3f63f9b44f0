#pragma once
// Writes to the history tables of the IndexStore (internal to
// indexer/history): commits, commit_files, commit_search, file_history and
// cochange, with statements prepared once per mining run. Callers own the
// transaction. Not thread-safe (one per store, like the store).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/result.h"
#include "indexer/git/history_walk.h"
#include "indexer/store/sqlite.h"

namespace stc::indexer::history {

/// Counts of one file over some commits (summed into file_history).
struct FileCounts {
  int64_t commits = 0;
  int64_t first_time = INT64_MAX;
  int64_t last_time = INT64_MIN;
  double decayed = 0;
};

/// Counts of one pair of files over some commits (summed into cochange).
struct PairCounts {
  int64_t count = 0;
  double decayed = 0;
  int64_t last_time = INT64_MIN;
};

class HistoryTables {
 public:
  static Result<HistoryTables> prepare(store::Database& db);
  HistoryTables(HistoryTables&&) noexcept;
  HistoryTables& operator=(HistoryTables&&) noexcept;
  ~HistoryTables();

  /// Deletes every row of the history tables and the history meta keys.
  [[nodiscard]] Status clear();
  /// Records a commit, its changed files and its search row.
  [[nodiscard]] Status put_commit(const git::CommitChanges& commit, int64_t seq, bool skipped);
  /// Adds counts to a file's row (creating it); the row's id.
  [[nodiscard]] Result<int64_t> add_file(const std::string& path, const FileCounts& counts);
  /// Adds counts to the pair's row (creating it), by the files' row ids.
  [[nodiscard]] Status add_pair(int64_t a, int64_t b, const PairCounts& counts);
  /// Moves the file row and the pair rows of `from` to `to`, merging with
  /// rows `to` already has; a pair of `from` with `to` disappears.
  [[nodiscard]] Status rename(const std::string& from, const std::string& to);
  /// Forgets a deleted path: its file row and pair rows.
  [[nodiscard]] Status remove(const std::string& path);

 private:
  struct Statements;
  HistoryTables(store::Database& db, std::unique_ptr<Statements> s);
  struct FileRow {
    int64_t id = 0;
    FileCounts counts;
  };
  /// The id of `path` in history_paths (adding it).
  Result<int64_t> path_id(const std::string& path);
  /// A path's file row, if it has one.
  Result<std::optional<FileRow>> read_file(const std::string& path);
  /// Deletes file row `id` and its pair rows.
  Status forget(int64_t id);

  store::Database* db_;
  std::unique_ptr<Statements> s_;
};

}  // namespace stc::indexer::history
