#pragma once
// Index-mode retrieval: candidate files for a feature request from the
// sleep-time index, fused into one ranking with evidence per file.
//
// Signals and how they are fused (each adds weight to a path, see
// candidates.h; weights are relative to the best hit of the signal):
//   fts          BM25 over path tokens, symbols, docs and references;   x1.0
//   anticipation an anticipated request whose title covers the query:
//                its pre-computed plan's files (creates included);     x1.4 x coverage
//   commits      files changed by past commits whose messages resemble
//                the request (commit-message FTS over reachable history),
//                damped by the commit's size;                            x1.25
//   cochange     partners of the strongest seeds, by confidence;       x1.2 x seed
//   notes        files named by the seeds' extension-point and
//                new-sibling notes, by note confidence;                 x0.5 x seed
//   imports      importers and imports of the strongest seeds, damped by
//                fan-out, only when they also matched the query;        x0.25 x seed
//   frequent     files most commits change (a changelog): x share of
//                commits (25% or more), relative to the top seed;
//   sibling      new files next to their siblings (new_files.h).
// Tests that import a seed count double in the import expansion.
// Seeds are the top candidates after the direct signals (fts, anticipation,
// commits); expansion never seeds further expansion.

#include <optional>
#include <string>
#include <vector>

#include "agent/candidates.h"
#include "agent/query.h"
#include "core/result.h"
#include "indexer/history/history_miner.h"
#include "indexer/sleep/artifacts.h"
#include "indexer/store/index_store.h"

namespace stc::agent {

struct MatchedRequest {
  sleep::AnticipatedRequest request;
  double coverage = 0;
};

struct Retrieval {
  std::vector<Candidate> ranked;            // best first, at most 40
  size_t cut = 0;                           // how many to propose (choose_cut)
  std::vector<MatchedRequest> anticipated;  // matching anticipated requests
  std::vector<indexer::CommitHit> commits;  // similar past commits used
  std::vector<std::string> paths;           // every path of the indexed commit
};

/// Retrieves candidates for `query` from `store` (its indexed commit).
/// Errors: kStore from the store.
Result<Retrieval> retrieve(store::IndexStore& store, const Query& query);

}  // namespace stc::agent
