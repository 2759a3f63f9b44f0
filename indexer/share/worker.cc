#include "indexer/share/worker.h"

#include <unistd.h>

#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <thread>

#include "indexer/file_lock.h"
#include "indexer/sleep/artifacts.h"
#include "indexer/sleep/llm_stage.h"
#include "indexer/sleep/sleep_pass.h"
#include "indexer/triggers/pass_runner.h"
#include "llm/provider.h"

namespace stc::indexer::share {
namespace {

std::string default_worker_id() {
  char host[256] = {0};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = 0;
  return std::string(host) + ":" + std::to_string(getpid());
}

class Worker {
 public:
  Worker(Workspace& ws, store::IndexStore& store, llm::Provider& provider, TeamShare& share,
         const WorkerOptions& options, Progress& progress)
      : ws_(ws),
        store_(store),
        provider_(provider),
        share_(share),
        options_(options),
        progress_(progress),
        id_(options.id.empty() ? default_worker_id() : options.id) {}

  Result<WorkerReport> run();

 private:
  Status do_commit(const std::string& commit, const std::vector<QueueUnit>& units);
  ShareStore* session();
  // The pass lock until the result is dropped (waits for a running pass).
  Result<std::shared_ptr<void>> lock();
  // The passes triggers asked for while the worker held the lock.
  void follow_up();

  Workspace& ws_;
  store::IndexStore& store_;
  llm::Provider& provider_;
  TeamShare& share_;
  const WorkerOptions& options_;
  Progress& progress_;
  std::string id_;
  WorkerReport report_;
  bool progressed_ = false;  // the current batch finished a unit
};

ShareStore* Worker::session() { return share_.session(store_); }

// Whether the local store now holds the result of `u` (of provider `provider`).
Result<bool> has_result(store::ArtifactStore& arts, const QueueUnit& u,
                        const std::string& provider) {
  if (u.kind == sleep::kSummary)
    return arts.has(sleep::kSummary, u.subject, u.input_key, sleep::kSummaryVersion, provider);
  if (u.kind == sleep::kOverview)
    return arts.has(sleep::kOverview, "", u.input_key, sleep::kRollupVersion, provider);
  if (u.kind == sleep::kAnticipation)
    return arts.has(sleep::kAnticipation, "", u.input_key, sleep::kAnticipationVersion, provider);
  return false;
}

Result<std::shared_ptr<void>> Worker::lock() {
  TRY_ASSIGN(auto held, triggers::wait_for_pass_lock(ws_));
  return std::static_pointer_cast<void>(std::make_shared<FileLock>(std::move(held)));
}

// The units of one commit: the local index brought to it (structure pulled
// from the share) and what the share already has pulled, under the pass
// lock; the LLM called for exactly their modules and repository-wide units
// (the lock taken only to store each result); practice tasks computed under
// the lock; results pushed, units marked done or released.
Status Worker::do_commit(const std::string& commit, const std::vector<QueueUnit>& units) {
  auto options = sleep::llm_stage_options(
      ws_.config, options_.budget >= 0 ? options_.budget : ws_.config.sleep.budget, 0);
  std::vector<QueueUnit> practice;
  for (const auto& u : units) {
    if (u.kind == sleep::kSummary) options.only_paths.push_back(u.subject);
    if (u.kind == sleep::kOverview || u.kind == sleep::kAnticipation)
      options.only_repo_wide.push_back(u.kind);
    if (u.kind == kRehearsalKind) practice.push_back(u);
  }
  {
    TRY_ASSIGN(auto held, lock());
    PassOptions pass;
    pass.rev = commit;
    pass.trigger = "worker";
    pass.sleep_budget = 0;
    pass.share = &share_;
    auto warmed = run_pass(ws_, store_, nullptr, pass, progress_);
    if (!warmed) {
      report_.errors.push_back(commit.substr(0, 12) + ": " + warmed.error().message);
      if (ShareStore* s = session()) (void)s->release(id_, units);
      report_.released += static_cast<int64_t>(units.size());
      return {};
    }
    // What the share has already (a pass or another worker did it since
    // the units were published) is pulled, not computed; the modules'
    // summaries also feed the anticipation prompt.
    if (!options.only_paths.empty() || !options.only_repo_wide.empty()) {
      TRY_ASSIGN(auto keys,
                 sleep::llm_unit_keys(store_, provider_.name(), provider_.model(), options.deny));
      if (!keys.empty()) TRY(share_.pull_artifacts(store_, keys));
    }
  }
  if (auto c = ws_.repo.resolve_commit(commit)) options.now_time = c->time;
  if (!options.only_paths.empty() || !options.only_repo_wide.empty()) {
    options.write_guard = [this] { return lock(); };
    TRY_ASSIGN(auto refined,
               sleep::refine_with_llm(ws_.repo, store_, provider_, options, progress_));
    report_.llm_calls += refined.calls;
    report_.tokens += refined.tokens;
    for (auto& e : refined.errors) report_.errors.push_back(std::move(e));
    TRY_ASSIGN(auto held, lock());  // a failed push writes the local backlog
    TRY(share_.push_artifacts(store_, refined.written));
  }
  std::set<std::string> practiced;
  if (!practice.empty() && options_.rehearse) {
    TRY_ASSIGN(auto held, lock());
    TRY_ASSIGN(auto oids,
               options_.rehearse(store_, provider_, practice, options.budget, progress_));
    practiced.insert(oids.begin(), oids.end());
  }
  std::vector<QueueUnit> done, failed;
  auto arts = store_.artifacts();
  for (const auto& u : units) {
    bool has = false;
    if (u.kind == kRehearsalKind) {
      has = practiced.count(u.subject) > 0;
    } else {
      TRY_ASSIGN(has, has_result(arts, u, provider_.name()));
    }
    (has ? done : failed).push_back(u);
  }
  ShareStore* s = session();
  if (!s) return fail(ErrorCode::kUnavailable, share_.stats().warning);
  TRY(s->complete(id_, done));
  TRY(s->release(id_, failed));
  report_.done += static_cast<int64_t>(done.size());
  report_.released += static_cast<int64_t>(failed.size());
  progressed_ = progressed_ || !done.empty();
  return {};
}

void Worker::follow_up() {
  triggers::RunnerOptions r;
  r.pass.trigger = "follow-up";
  r.pass.share = &share_;
  r.pass.extra_stages = options_.follow_up_stages;
  r.access = StoreAccess::kExisting;
  auto ran = triggers::run_requested_passes(ws_, &provider_, r, progress_);
  if (!ran) {
    report_.errors.push_back("follow-up pass: " + ran.error().message);
    return;
  }
  report_.follow_up_passes += ran->passes;
}

Result<WorkerReport> Worker::run() {
  while (true) {
    ShareStore* s = session();
    if (!s) return fail(ErrorCode::kUnavailable, share_.stats().warning);
    TRY_ASSIGN(auto units, s->claim(id_, options_.batch, options_.lease_seconds));
    if (units.empty()) {
      if (options_.until_empty) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(options_.poll_ms));
      continue;
    }
    report_.claimed += static_cast<int64_t>(units.size());
    std::map<std::string, std::vector<QueueUnit>> by_commit;
    for (auto& u : units) by_commit[u.commit].push_back(std::move(u));
    progressed_ = false;
    for (const auto& [commit, of_commit] : by_commit) {
      TRY(do_commit(commit, of_commit));
      follow_up();
    }
    // A batch with no unit done (the LLM fails them): stop rather than claim them again.
    if (!progressed_) break;
  }
  return report_;
}

}  // namespace

Result<WorkerReport> run_worker(Workspace& ws, store::IndexStore& store, llm::Provider& provider,
                                TeamShare& share, const WorkerOptions& options,
                                Progress& progress) {
  Worker worker(ws, store, provider, share, options, progress);
  return worker.run();
}

}  // namespace stc::indexer::share
