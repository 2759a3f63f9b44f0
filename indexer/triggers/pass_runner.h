#pragma once
// Runs sleep-time passes one at a time per repository, however many triggers
// (hooks, the watcher, `stc pass`) fire.
//
// How it works: the runner takes an flock on `<store dir>/pass.lock`. A
// trigger that finds the lock held appends its target commit (its --at
// revision, resolved) to `<store dir>/pass.again` and returns at once
// ("coalesced"). The holder discards older requests (its own target is
// newer), runs a pass, then takes the requests that arrived meanwhile
// (renaming the file away) and runs again to the newest one, up to
// `max_loops` passes. After releasing the lock it checks pass.again once
// more (a trigger may have arrived between its last check and the release)
// and takes the lock again if so. Every trigger is therefore followed by a
// pass that starts after it, and a burst of commits during a pass costs one
// follow-up pass, not one pass each.
//
// The lock is released by the kernel when a pass dies (even by SIGKILL); the
// store stays consistent because the indexer commits in batches and switches
// the files table in one transaction. Pass rows a killed pass left in the
// `running` state are marked `interrupted` by the next holder of the lock.
// Each pass (and each coalesced trigger) is logged to `<store dir>/pass.log`
// (see pass_log.h).
//
// Test-only fault injection: when the environment variable
// STC_TEST_SLOW_PASS_MS is set to N > 0, every progress step of the pass
// (one per parsed file) sleeps N ms, so tests can kill a pass mid-way.

#include <string>

#include "core/progress.h"
#include "core/result.h"
#include "indexer/file_lock.h"
#include "indexer/sleep/sleep_pass.h"
#include "indexer/workspace.h"

namespace stc::indexer::triggers {

enum class PassOutcome {
  kRan,        // this process ran one or more passes
  kCoalesced,  // another process holds the lock and will run again
};
const char* to_string(PassOutcome outcome);

/// What to do when another pass holds the lock.
enum class LockWait {
  kCoalesce,  // ask the holder for a follow-up pass and return at once
  kWait,      // block until the lock is free, then run (stc init)
};

struct RunnerOptions {
  PassOptions pass;
  StoreAccess access = StoreAccess::kExisting;
  LockWait wait = LockWait::kCoalesce;
  int max_loops = 10;  // passes per call, follow-ups included
};

struct RunnerReport {
  PassOutcome outcome = PassOutcome::kRan;
  int passes = 0;  // run_pass calls made by this process
  /// The last pass's report with counters (files parsed, commits mined,
  /// artifacts, LLM calls, tokens, errors, seconds) summed over all passes.
  PassReport report;
};

/// The directory holding the store, the lock, the flag and the log.
std::string store_dir(const Workspace& ws);

/// Takes the pass lock, waiting for a pass that holds it (creating the store
/// directory when needed), for writers that are not passes (`stc index`).
/// kIo when the lock file cannot be created.
Result<FileLock> wait_for_pass_lock(const Workspace& ws);

/// Resolves `options.pass.rev` first (a bad revision or an empty repository
/// fails with kBadInput and creates nothing), opens the store (creating it
/// when `options.access` is kCreate), takes the pass lock and runs passes as
/// described above. Errors: those of
/// open_store (kBadInput: no index yet, newer schema), kIo when the lock
/// file cannot be created, and those of run_pass (bad revision, store
/// failure; a stage's outside failure such as a full disk, with what to do),
/// which are also written to the pass log.
Result<RunnerReport> run_pass_exclusive(Workspace& ws, llm::Provider* provider,
                                        const RunnerOptions& options, Progress& progress);

/// For writers that hold the pass lock without running passes (`stc
/// worker`): once they released it, runs the follow-up passes that triggers
/// which found the lock held asked for (pass.again), as the holder of a pass
/// would have, with `options` (their revision replaces options.pass.rev).
/// Nothing when no trigger asked, or when another process holds the lock
/// again (it runs them); outcome kRan when passes ran. Errors: as
/// run_pass_exclusive's.
Result<RunnerReport> run_requested_passes(Workspace& ws, llm::Provider* provider,
                                          const RunnerOptions& options, Progress& progress);

}  // namespace stc::indexer::triggers
