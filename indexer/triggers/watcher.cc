#include "indexer/triggers/watcher.h"

#include "indexer/triggers/inotify_source.h"

namespace stc::indexer::triggers {

Status run_watch(Workspace& ws, llm::Provider* provider, const WatchOptions& options,
                 const WatchObserver& observer) {
  {
    // Fail early (exit 2 with a hint) when there is no index to keep fresh.
    TRY_ASSIGN(auto store, open_store(ws, StoreAccess::kExisting));
  }
  const WatchScope scope{ws.repo.workdir(), ws.repo.git_dir(), store_dir(ws)};
  TRY_ASSIGN(auto source, InotifySource::open(scope));
  if (observer.started) observer.started(source->watched_dirs());

  RunnerOptions runner;
  runner.pass.trigger = "watch";
  runner.pass.worktree = true;
  runner.pass.sleep_budget = options.sleep_budget;
  runner.pass.extra_stages = options.extra_stages;
  runner.pass.share = options.share;
  runner.access = StoreAccess::kExisting;
  runner.wait = LockWait::kCoalesce;
  NullProgress progress;
  auto on_idle = [&] {
    auto report = run_pass_exclusive(ws, provider, runner, progress);
    if (observer.pass_done) observer.pass_done(report);
  };
  SteadyClock clock;
  return run_watch_loop(*source, clock, options.idle, StartWith::kPendingChange, on_idle);
}

}  // namespace stc::indexer::triggers
