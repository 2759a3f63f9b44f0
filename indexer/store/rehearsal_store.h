#pragma once
// The rehearsal_tasks table: one row per practice task of sleep-time
// rehearsal (agent/rehearsal.h), holding the retrieval's feature vectors as
// they were before that commit, so a later pass computes only new tasks and
// refits on all of them. Not thread-safe; shares the IndexStore's connection.

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "indexer/store/sqlite.h"

namespace stc::indexer::store {

struct RehearsalTaskRow {
  std::string commit_oid;
  int64_t seq = 0;
  int64_t tokens = 0;
  std::string data;  // JSON
};

class RehearsalStore {
 public:
  explicit RehearsalStore(Database& db) : db_(db) {}
  /// Removes rows of another feature version and rows whose commit is no
  /// longer in the mined history (a rebuilt history); refreshes seq of the rest.
  [[nodiscard]] Status prune(int version);
  /// Commit ids that already have a row of `version`.
  [[nodiscard]] Result<std::vector<std::string>> known(int version);
  /// The newest stored task's seq of `version`, -1 when there is none.
  [[nodiscard]] Result<int64_t> newest_seq(int version);
  [[nodiscard]] Status put(const RehearsalTaskRow& row, int version);
  /// Rows of `version`, oldest first (by seq).
  [[nodiscard]] Result<std::vector<RehearsalTaskRow>> all(int version);
  [[nodiscard]] Status clear();

  /// A savepoint around temporary changes to the index (the as-of tree of a
  /// practice task, agent/rehearsal_asof.h); end_overlay() undoes them all.
  [[nodiscard]] Status begin_overlay();
  [[nodiscard]] Status end_overlay();

 private:
  Database& db_;
};

}  // namespace stc::indexer::store
