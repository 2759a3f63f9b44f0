#pragma once
// History mining: turns the first-parent history of the indexed commit into
// per-file churn (file_history), a co-change graph (cochange), and searchable
// commits (commits, commit_files, commit_search) in the IndexStore. See
// history_miner.cc for how confidence and recency are computed.
//
// The read side of these tables is history_queries.h. Functions here use
// the store from the calling thread only (IndexStore is not thread-safe).

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/progress.h"
#include "core/result.h"
#include "indexer/git/repository.h"
#include "indexer/store/index_store.h"

namespace stc::indexer {

struct HistoryOptions {
  /// Commits changing more files than this are recorded but add no counts
  /// (mass renames, reformatting, vendoring).
  size_t max_files_per_commit = 50;
  /// Half-life of the recency weight of a commit.
  double half_life_days = 180;
};

struct HistoryReport {
  int64_t commits_mined = 0;    // commits read and recorded by this call
  int64_t commits_skipped = 0;  // of those, over max_files_per_commit
  bool rebuilt = false;         // the tables were cleared and mined from the root
  std::string head;             // the commit history now stands at (40 hex digits)
  double seconds = 0;
};

/// Brings the history tables to `target` (a commit). Only commits after the
/// last mined head (meta "history_head") are read. When that head is not on
/// target's first-parent chain (an older --at revision, a rewritten branch)
/// or the options changed, the tables are cleared and mined from scratch, so
/// nothing outside target's history remains. Writes in batched transactions
/// that also move "history_head", so a killed run resumes where it stopped.
/// Errors: kBadInput when `target` is not a commit; kUnavailable for missing
/// objects; kStore/kIo from the store. Batches committed before an error stay.
Result<HistoryReport> mine_history(const git::Repository& repo, store::IndexStore& store,
                                   const git::Oid& target, const HistoryOptions& options,
                                   Progress& progress);

}  // namespace stc::indexer
