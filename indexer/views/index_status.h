#pragma once
// What `stc status` reports and what every MCP tool result carries: how
// fresh the index is (indexed commit against HEAD) and what it holds. Read
// only: computing a status never starts a pass or writes to the store.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "indexer/store/index_store.h"
#include "indexer/workspace.h"

namespace stc::indexer {

/// The indexed commit against HEAD.
struct Freshness {
  std::optional<std::string> indexed_commit;  // nullopt: nothing indexed yet
  std::optional<std::string> head;            // nullopt: unborn HEAD
  bool fresh = false;                         // indexed_commit == head
  int64_t pending = 0;  // files changed since the indexed commit; -1 when unknown
};

/// One row of the pass log.
using PassRow = store::PassRow;

struct IndexStatus {
  Freshness freshness;
  std::optional<int64_t> indexed_at;  // seconds since the epoch
  std::map<std::string, int64_t> files_by_status;
  int64_t files_total = 0;
  std::map<std::string, int64_t> skipped;  // statuses other than indexed / text
  int64_t symbols = 0, deps = 0;
  std::string store_path;
  int64_t store_bytes = 0;    // index.db plus its WAL
  int64_t pending_units = 0;  // units the configured provider still has to do
  int64_t commits_mined = 0, artifacts = 0;
  std::string provider;
  int64_t sleep_tokens = 0, test_tokens = 0, sleep_calls = 0, test_calls = 0;
  double amortized_per_query = 0;  // (sleep + test) / test calls
  std::vector<PassRow> passes;     // newest first
};

/// Freshness of `store` for the repository of `ws`: cheap (one tree diff
/// when HEAD moved). Errors: kStore from the store.
Result<Freshness> compute_freshness(const Workspace& ws, store::IndexStore& store);

/// The full status with the last `passes` passes. Errors: kStore.
Result<IndexStatus> compute_index_status(const Workspace& ws, store::IndexStore& store,
                                         int passes = 5);

/// One sentence for a person or a model when the index is not at HEAD
/// ("index is at 1a2b3c4d5e6f, HEAD is 9f8e7d6c5b4a (3 files changed); run
/// `stc pass` or wait for the post-commit hook"); "" when it is fresh.
std::string staleness_warning(const Freshness& freshness);

}  // namespace stc::indexer
