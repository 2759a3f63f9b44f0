#pragma once
// `stc worker`: serves the team share's queue of sleep work. A pass with
// share.enqueue (or `stc pass --enqueue`) publishes its modules' LLM units
// (one per module: summary and likely-change notes of its blob) of a commit;
// any number of workers, each in its own clone, claim them in batches with a
// lease (SELECT ... FOR UPDATE SKIP LOCKED: no unit is claimed by two live
// workers), bring their local index to the unit's commit (a pass without
// LLM work, pulling structure facts from the share), call the LLM for
// exactly those modules, push the artifacts and mark the units done. Units
// a worker could not do are released at once; a worker that dies keeps its
// units until their lease expires, then another worker claims them.

#include <cstdint>
#include <string>
#include <vector>

#include "core/progress.h"
#include "core/result.h"
#include "indexer/share/team_share.h"
#include "indexer/workspace.h"

namespace stc::llm {
class Provider;
}

namespace stc::indexer::share {

struct WorkerOptions {
  std::string id;           // names the worker in the queue; "" = host:pid
  size_t batch = 4;         // units per claim
  int lease_seconds = 600;  // a claim's lease; expired units come back
  bool until_empty = true;  // stop when no unit is claimable, else poll
  int poll_ms = 2000;
  int64_t budget = -1;  // LLM tokens per batch; -1: sleep.budget
};

struct WorkerReport {
  int64_t claimed = 0;
  int64_t done = 0;
  int64_t released = 0;  // claimed but given back (a failed call)
  int64_t llm_calls = 0;
  int64_t tokens = 0;
  std::vector<std::string> errors;
};

/// Serves the queue until it is empty (or forever); stops after a batch in
/// which no unit could be done (its units are released for other workers). Errors: kUnavailable
/// when the share cannot be reached (the message says why); a local pass's
/// outside failures (kIo, kStore). A unit that fails is released and noted
/// in `errors`.
Result<WorkerReport> run_worker(Workspace& ws, store::IndexStore& store, llm::Provider& provider,
                                TeamShare& share, const WorkerOptions& options, Progress& progress);

}  // namespace stc::indexer::share
