#pragma once
// `stc worker`: serves the team share's queue of sleep work. A pass with
// share.enqueue (or `stc pass --enqueue`) publishes its LLM units of a
// commit — one per module (summary and likely-change notes of its blob), the
// overview and anticipation (repository-wide, keyed by the offline
// artifact's input key) — and the rehearsal practice tasks beyond its own
// budget (one per practice commit). Any number of workers, each in its own
// clone, claim them in batches with a lease (SELECT ... FOR UPDATE SKIP
// LOCKED: no unit is claimed by two live workers), bring their local index
// to the unit's commit (a pass without LLM work, pulling structure facts from
// the share), pull what the share already has, call the LLM for exactly
// those units (or compute exactly those practice tasks), push the results
// and mark the units done. Units a worker could not do are released at once;
// a worker that dies keeps its units until their lease expires, then another
// worker claims them.
//
// The pass lock (triggers/pass_runner.h) is held only while the worker
// writes to its local store: bringing the index to a commit, storing each
// LLM result, computing practice tasks (rehearsal rewinds the index inside a
// savepoint). While it waits for the LLM, a hook's pass runs; a hook that
// fires while the worker holds the lock asks for a follow-up pass
// (pass.again), which the worker runs after that commit's units.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/progress.h"
#include "core/result.h"
#include "indexer/share/team_share.h"
#include "indexer/sleep/sleep_pass.h"
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
  /// Computes the `rehearsal` units among `units` (all of one commit, the
  /// index brought to it, the pass lock held) and pushes them; returns the
  /// practice commits whose tasks are now stored. Owned by agent/ (the
  /// caller, agent::rehearse_units); empty: rehearsal units are released.
  std::function<Result<std::vector<std::string>>(store::IndexStore&, llm::Provider&,
                                                 const std::vector<WorkUnit>& units, int64_t budget,
                                                 Progress&)>
      rehearse;
  /// Stages of the follow-up passes the worker runs for triggers that found
  /// the pass lock held by it (pass.again; triggers/pass_runner.h
  /// run_requested_passes), after each commit's units, with its provider and
  /// share: agent::rehearsal_stage, passed in by the caller.
  std::vector<PassStage> follow_up_stages;
};

struct WorkerReport {
  int64_t claimed = 0;
  int64_t done = 0;
  int64_t released = 0;  // claimed but given back (a failed call)
  int64_t llm_calls = 0;
  int64_t tokens = 0;
  int64_t follow_up_passes = 0;  // passes run for triggers that coalesced into the worker
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
