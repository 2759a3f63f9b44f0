#pragma once
// One sleep-time pass: everything stc does while nobody waits, in stages,
// each incremental and committed unit by unit:
//   1. structure  (run_index: parse changed blobs, dependency graph, search)
//   2. history    (mine commits new since the last mined one)
//   3. summaries, 4. likely-change notes, 5. roll-ups, 6. anticipation
//      (artifacts written by the offline provider, then refined by an LLM
//      within the sleep budget, most valuable units first)
// A unit that fails (an LLM timeout) stays pending; the pass goes on and the
// offline artifact stands meanwhile. Locking and coalescing of concurrent
// triggers are the caller's job (see triggers/pass_runner.h).

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/progress.h"
#include "core/result.h"
#include "indexer/indexer.h"
#include "indexer/share/shared_cache.h"
#include "indexer/workspace.h"
#include "indexer/worktree.h"

namespace stc::llm {
class Provider;
}

namespace stc::indexer {

/// What a stage the indexer does not own reports (sleep-time rehearsal
/// lives in agent/, which depends on the indexer, so it is passed in).
struct StageReport {
  int64_t tokens = 0;               // sleep tokens spent (estimated when offline)
  int64_t units = 0;                // units of work done (practice tasks)
  int64_t pulled = 0;               // units taken from the team share instead
  int64_t enqueued = -1;            // units published to the share's queue; -1: none
  std::string summary;              // one line for the pass report, "" when nothing was done
  std::vector<std::string> errors;  // problems that did not stop the stage (an LLM timeout)
};
struct PassOptions;
/// A stage run after the artifact stages with the sleep budget the pass has
/// left and the pass's options (its team share, enqueue). Its errors are
/// reported in PassReport::errors.
struct PassStage {
  std::string name;
  std::function<Result<StageReport>(store::IndexStore&, llm::Provider* provider, int64_t budget,
                                    const PassOptions& pass, Progress&)>
      run;
};

struct PassOptions {
  std::string rev = "HEAD";
  std::string trigger = "manual";  // manual, init, hook, watch
  int64_t sleep_budget = -1;       // LLM tokens for this pass; -1: from config
  IndexMode mode = IndexMode::kIncremental;
  unsigned jobs = 0;
  /// Also pre-process uncommitted work-tree changes (stc watch): their blobs
  /// are hashed, parsed and summarized so the work is reused when they land.
  bool worktree = false;
  /// Stages after the artifact stages (agent::rehearsal_stage).
  std::vector<PassStage> extra_stages;
  /// The team share (indexer/share/): blob facts and LLM artifacts are
  /// pulled from it before they are computed and pushed after. Null: none.
  share::SharedCache* share = nullptr;
  /// With a share: publish the modules' LLM units to its queue for `stc
  /// worker`s instead of calling the LLM for them (share.enqueue, --enqueue).
  bool enqueue = false;
};

struct PassReport {
  IndexReport index;
  int64_t commits_mined = 0;
  bool history_rebuilt = false;
  int64_t artifacts_written = 0;  // offline and LLM artifacts stored by this pass
  std::string rollup_mode;        // current, incremental, bridge or full ("" when not reached)
  int64_t rollup_dirs = 0;        // directories whose roll-up was recomputed
  int64_t llm_calls = 0;
  int64_t sleep_tokens = 0;      // prompt + completion tokens of this pass
  int64_t pending = 0;           // LLM units left for a later pass, counted as `stc status` does
  int64_t rehearsal_tokens = 0;  // estimated tokens of the extra stages (rehearsal)
  std::vector<std::string> stage_summaries;  // one line per extra stage that did work
  std::vector<std::string> errors;
  WorktreeReport worktree;  // uncommitted files pre-parsed (PassOptions::worktree)
  share::ShareStats share;  // what the team share did (all zero without one)
  int64_t enqueued = -1;    // units newly published to the share's queue; -1: none published
  double seconds = 0;
  // Wall seconds of each stage after the structure: history, artifacts, llm,
  // each extra stage by name (rehearsal), worktree, pending, store.
  std::map<std::string, double> stage_seconds;
};

/// Runs one pass to `options.rev` and records it in the passes table.
/// Errors: those of the structural stage (bad revision, store failure), and
/// a later stage's failure for an outside reason (kIo: disk full or I/O
/// error; kStore; a damaged store), which ends the pass as `failed` with
/// the stage named. Other problems of later stages (an LLM timeout, one
/// unit that cannot be built) are reported in `errors` (outcome `partial`,
/// the first error as the pass row's message) and never fail the pass.
Result<PassReport> run_pass(Workspace& ws, store::IndexStore& store, llm::Provider* provider,
                            const PassOptions& options, Progress& progress);

}  // namespace stc::indexer
