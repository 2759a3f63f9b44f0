#pragma once
// The pass log in the index database (table `passes`): one row per
// sleep-time pass, written `running` when it starts and finished with its
// outcome and counts; a pass killed meanwhile is marked `interrupted` by the
// next lock holder. Not thread-safe; shares the IndexStore's connection.

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "indexer/store/sqlite.h"

namespace stc::indexer::store {

/// One row of the pass log.
struct PassRow {
  int64_t started = 0, finished = 0;
  std::string trigger, commit, outcome, message;
  int64_t files_parsed = 0, commits_mined = 0, llm_calls = 0, sleep_tokens = 0, pending = 0;
  /// Keys the pass asked the team share for, and how many it had (0 without one).
  int64_t share_lookups = 0, share_hits = 0;
};

class PassStore {
 public:
  explicit PassStore(Database& db) : db_(db) {}

  /// Adds a `running` row started at `now` for `trigger`; returns its id.
  [[nodiscard]] Result<int64_t> begin(const std::string& trigger, int64_t now);
  /// Finishes row `id` at `now` with the outcome, commit, counts and message
  /// of `row` (its `started` and `trigger` are left as they are).
  [[nodiscard]] Status finish(int64_t id, const PassRow& row, int64_t now);
  /// Marks every row still `running` as `interrupted`, finished at `now`.
  [[nodiscard]] Status mark_interrupted(int64_t now);
  /// The `n` newest rows, newest first.
  [[nodiscard]] Result<std::vector<PassRow>> last(int n);

 private:
  Database& db_;
};

}  // namespace stc::indexer::store
