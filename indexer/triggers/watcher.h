#pragma once
// `stc watch`: runs a sleep-time pass over uncommitted work once the work
// tree has been idle for a while.
//
// The watcher wires the inotify event source (inotify_source.h) and the
// steady clock into the debounce loop (watch_loop.h); each time a pass is
// due it runs run_pass_exclusive with PassOptions{worktree = true,
// trigger = "watch"}, so the pass brings the index to HEAD and pre-parses
// changed work-tree files by content hash (reused when they are committed).
// It starts with a pass due, to catch up with changes made while nobody
// watched, and stops cleanly on SIGINT/SIGTERM.

#include <chrono>
#include <functional>

#include "core/result.h"
#include "indexer/triggers/pass_runner.h"
#include "indexer/workspace.h"

namespace stc::indexer::triggers {

struct WatchOptions {
  std::chrono::milliseconds idle{30000};  // quiet time before a pass
  int64_t sleep_budget = -1;              // LLM tokens per pass; -1: from config
  std::vector<PassStage> extra_stages;    // e.g. rehearsal (PassOptions::extra_stages)
  share::SharedCache* share = nullptr;    // the team share (PassOptions::share)
};

/// Told about the watch as it runs (the CLI prints these).
struct WatchObserver {
  std::function<void(size_t watched_dirs)> started;
  std::function<void(const Result<RunnerReport>&)> pass_done;
};

/// Watches until SIGINT or SIGTERM, then returns success. Errors: kBadInput
/// when the repository has no index yet (run `stc init`) or no work tree;
/// kIo when inotify fails or its watch limit is reached. A failing pass does
/// not end the watch: it is reported to `observer.pass_done` (and written to
/// the pass log) and the next idle period tries again.
Status run_watch(Workspace& ws, llm::Provider* provider, const WatchOptions& options,
                 const WatchObserver& observer);

}  // namespace stc::indexer::triggers
