#pragma once
// Per-file and per-pair counts of mined commits not yet written to the store
// (internal to indexer/history). Paths are interned to small ids, so a rename
// re-keys a path's file and pair counts in O(1); a deletion drops them.
// Renames and deletions are also queued, to be applied to the rows already in
// the store before the pending counts are added (those rows are older than
// every pending count, so the result equals applying everything in order).
// Not thread-safe.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "indexer/git/history_walk.h"
#include "indexer/history/history_tables.h"

namespace stc::indexer::history {

class PendingCounts {
 public:
  /// Counts a commit: +1 for each path it leaves behind and each pair of them,
  /// with recency weight `weight`.
  void count(const git::CommitChanges& commit, double weight);
  /// Applies a commit's renames and deletions. False when a rename targets a
  /// path with pending counts of its own: write() first, then call again.
  [[nodiscard]] bool move(const git::CommitChanges& commit);
  [[nodiscard]] size_t pair_count() const { return pairs_.size(); }
  /// Applies the queued moves to the store, adds the counts (sorted by path
  /// for locality) and starts empty.
  [[nodiscard]] Status write(HistoryTables& tables);

 private:
  struct Move {
    char kind;  // 'R' or 'D'
    std::string path;
    std::string old_path;
  };
  uint32_t intern(const std::string& path);
  [[nodiscard]] bool can_move(const git::CommitChanges& commit) const;
  void clear();

  std::vector<std::string> path_of_;  // by id; a rename re-points its id
  std::vector<bool> live_;            // by id; false once deleted
  std::unordered_map<std::string, uint32_t> id_of_;
  std::vector<FileCounts> files_;                   // by id
  std::unordered_map<uint64_t, PairCounts> pairs_;  // (low id << 32) | high id
  std::vector<Move> moves_;
};

}  // namespace stc::indexer::history
