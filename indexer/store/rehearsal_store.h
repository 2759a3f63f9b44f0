#pragma once
// The rehearsal_tasks table: one row per practice task of sleep-time
// rehearsal (agent/rehearsal.h), holding the retrieval's feature vectors as
// they were before that commit, so a later pass computes only new tasks and
// refits on all of them. Not thread-safe; shares the IndexStore's connection.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "indexer/store/sqlite.h"

namespace stc::indexer::store {

/// How far rehearsal has looked through the mined history (agent/rehearsal.cc):
/// commits up to `hi_seq` (whose oid is `hi_oid`) are known as new work, and
/// the backlog was examined down to, not including, `lo_seq`. Lets a pass read
/// only the commits it has not seen, whatever the history's length.
struct RehearsalCursor {
  int64_t hi_seq = 0;
  std::string hi_oid;
  int64_t lo_seq = 0;
};

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
  /// Deletes all but the newest `n` rows of `version`.
  [[nodiscard]] Status keep_newest(int version, size_t n);
  /// The scan cursor stored for `version`; nullopt when none (or another version's).
  [[nodiscard]] Result<std::optional<RehearsalCursor>> cursor(int version);
  [[nodiscard]] Status set_cursor(int version, const RehearsalCursor& c);
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
