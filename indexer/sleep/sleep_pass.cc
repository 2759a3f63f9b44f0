#include "indexer/sleep/sleep_pass.h"

#include <algorithm>
#include <chrono>
#include <ctime>

#include "core/secrets.h"
#include "indexer/history/history_miner.h"
#include "indexer/history/history_queries.h"
#include "indexer/sleep/llm_stage.h"
#include "indexer/sleep/offline_stage.h"
#include "indexer/store/store_check.h"
#include "llm/provider.h"

namespace stc::indexer {
namespace {

int64_t now() { return static_cast<int64_t>(std::time(nullptr)); }

Result<int64_t> begin_pass_record(store::IndexStore& store, const PassOptions& options) {
  return store.passes().begin(options.trigger, now());
}

Status finish_pass_record(store::IndexStore& store, int64_t id, const PassReport& r,
                          const std::string& outcome, const std::string& message) {
  store::PassRow row;
  row.commit = r.index.commit;
  row.outcome = outcome;
  row.message = message;
  row.files_parsed = r.index.files_parsed;
  row.commits_mined = r.commits_mined;
  row.llm_calls = r.llm_calls;
  row.sleep_tokens = r.sleep_tokens;
  row.pending = r.pending;
  row.share_lookups = r.share.lookups;
  row.share_hits = r.share.hits;
  return store.passes().finish(id, row, now());
}

// A stage error for an outside reason (disk full, I/O, a store that fails
// or is damaged) ends the pass: carrying on would only hide it. Other stage
// errors are reported in PassReport::errors and the pass goes on.
bool outside_failure(const Error& e) {
  return e.code == ErrorCode::kIo || e.code == ErrorCode::kStore || store::is_damaged(e);
}

Status stage_error(PassReport& report, const std::string& stage, const Error& e) {
  if (outside_failure(e)) return fail(e.code, stage + ": " + e.message);
  report.errors.push_back(stage + ": " + e.message);
  return {};
}

// Runs `body` and adds its wall seconds to `report.stage_seconds[name]`.
template <typename F>
auto timed(PassReport& report, const std::string& name, F&& body) {
  const auto t0 = std::chrono::steady_clock::now();
  struct Stop {
    PassReport& report;
    const std::string& name;
    std::chrono::steady_clock::time_point t0;
    ~Stop() {
      report.stage_seconds[name] +=
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
  } stop{report, name, t0};
  return body();
}

// Stage 2: history. A failure for an outside reason ends the pass (see
// outside_failure); others are reported and the structure stands.
Status history_stage(Workspace& ws, store::IndexStore& store, const git::Oid& commit,
                     sleep::StageInput& input, PassReport& report, Progress& progress) {
  auto before = last_mined_seq(store);
  input.mined_before = before ? *before : -1;
  HistoryOptions hopts;
  hopts.max_files_per_commit = ws.config.history.max_files_per_commit;
  hopts.half_life_days = ws.config.history.half_life_days;
  auto mined = mine_history(ws.repo, store, commit, hopts, progress);
  if (!mined) return stage_error(report, "history", mined.error());
  report.commits_mined = mined->commits_mined;
  report.history_rebuilt = mined->rebuilt;
  input.history_changed = mined->commits_mined > 0 || mined->rebuilt;
  input.history_rebuilt = mined->rebuilt;
  if (!input.history_changed) return {};
  TRY_ASSIGN(input.history_paths,
             paths_mined_after(store, mined->rebuilt || !before ? 0 : *before));
  return {};
}

// Stages 3-6, offline then (with a provider) refined by the LLM within budget.
Status artifact_stages(Workspace& ws, store::IndexStore& store, llm::Provider* provider,
                       const PassOptions& options, const sleep::StageInput& input,
                       PassReport& report, Progress& progress) {
  auto offline = timed(report, "artifacts", [&] {
    return sleep::write_offline_artifacts(ws.repo, store, input, progress);
  });
  if (!offline) return stage_error(report, "artifacts", offline.error());
  report.artifacts_written +=
      offline->summaries + offline->notes + offline->rollups + (offline->anticipation ? 1 : 0);
  report.rollup_mode = offline->rollup_mode;
  report.rollup_dirs = offline->rollup_dirs;
  report.errors.insert(report.errors.end(), offline->errors.begin(), offline->errors.end());
  if (!provider || provider->offline()) return {};
  const sleep::LlmStageOptions lopts = sleep::llm_stage_options(
      ws.config, options.sleep_budget >= 0 ? options.sleep_budget : ws.config.sleep.budget,
      input.now_time);
  if (options.share) {
    TRY_ASSIGN(auto keys,
               sleep::llm_unit_keys(store, provider->name(), provider->model(), lopts.deny));
    if (!keys.empty()) {
      TRY(options.share->pull_missing_artifacts(store, keys, input.changed_paths,
                                                report.index.previous_commit, report.index.commit));
    }
    // Publishing the modules' units for `stc worker`s instead of doing them here.
    if (options.enqueue && !keys.empty()) {
      TRY_ASSIGN(report.enqueued, options.share->enqueue(store, keys, report.index.commit));
      if (report.enqueued >= 0) return {};
    }
  }
  auto refined = timed(report, "llm", [&] {
    return sleep::refine_with_llm(ws.repo, store, *provider, lopts, progress);
  });
  if (!refined) return stage_error(report, "llm", refined.error());
  if (options.share && !refined->written.empty()) {
    TRY(options.share->push_artifacts(store, refined->written));
  }
  report.llm_calls = refined->calls;
  report.sleep_tokens = refined->tokens;
  report.artifacts_written += refined->artifacts;
  report.errors.insert(report.errors.end(), refined->errors.begin(), refined->errors.end());
  return {};
}

// Stages owned by callers (rehearsal), within what is left of the sleep budget.
Status extra_stages(Workspace& ws, const PassOptions& options, store::IndexStore& store,
                    llm::Provider* provider, PassReport& report, Progress& progress) {
  const int64_t budget = options.sleep_budget >= 0 ? options.sleep_budget : ws.config.sleep.budget;
  for (const auto& stage : options.extra_stages) {
    const int64_t left =
        std::max<int64_t>(0, budget - report.sleep_tokens - report.rehearsal_tokens);
    if (left <= 0 || !stage.run) continue;
    auto r = timed(report, stage.name,
                   [&] { return stage.run(store, provider, left, options, progress); });
    if (!r) {
      TRY(stage_error(report, stage.name, r.error()));
      continue;
    }
    report.rehearsal_tokens += r->tokens;
    if (r->enqueued > 0) report.enqueued = std::max<int64_t>(report.enqueued, 0) + r->enqueued;
    for (const auto& e : r->errors) report.errors.push_back(stage.name + ": " + e);
    if (!r->summary.empty()) report.stage_summaries.push_back(r->summary);
  }
  return {};
}

// Work tree (stc watch, triggers/): pre-parse uncommitted files by blob id.
// Its problems (a file changing under it) are reported, never fatal.
void worktree_stage(Workspace& ws, store::IndexStore& store, int64_t now_time, PassReport& report,
                    Progress& progress) {
  auto warmed = prewarm_worktree(ws, store, progress);
  if (!warmed) {
    report.errors.push_back("work tree: " + warmed.error().message);
    return;
  }
  report.worktree = std::move(*warmed);
  report.errors.insert(report.errors.end(), report.worktree.errors.begin(),
                       report.worktree.errors.end());
  auto written = sleep::write_worktree_summaries(store, report.worktree.files, now_time);
  if (!written) {
    report.errors.push_back("work tree summaries: " + written.error().message);
    return;
  }
  report.artifacts_written += *written;
}

// Stages after the structure: history, artifacts, extra stages, work tree.
// Pending units are counted as `stc status` counts them.
Status later_stages(Workspace& ws, store::IndexStore& store, llm::Provider* provider,
                    const PassOptions& options, PassReport& report, Progress& progress) {
  sleep::StageInput input;
  input.changed_paths = report.index.changed_paths;
  input.importers_moved = report.index.importers_moved;
  input.deps_rebuilt = report.index.deps_rebuilt;
  input.commit = report.index.commit;
  input.previous_commit = report.index.previous_commit;
  auto commit = ws.repo.resolve_commit(report.index.commit);
  if (commit) {
    input.now_time = commit->time;
    TRY(timed(report, "history",
              [&] { return history_stage(ws, store, commit->id, input, report, progress); }));
  }
  TRY(artifact_stages(ws, store, provider, options, input, report, progress));
  TRY(extra_stages(ws, options, store, provider, report, progress));
  if (options.worktree) {
    timed(report, "worktree", [&] { worktree_stage(ws, store, input.now_time, report, progress); });
  }
  // The configured provider's name, as `stc status` has it (also when its
  // key is missing and the pass fell back to offline).
  const std::string name =
      provider && !provider->offline() ? provider->name() : resolved_llm(ws.config.llm).provider;
  TRY_ASSIGN(report.pending, timed(report, "pending", [&] {
               return sleep::count_llm_pending(store, name, secret_deny_list(ws.config.sleep.deny));
             }));
  return {};
}

}  // namespace

Result<PassReport> run_pass(Workspace& ws, store::IndexStore& store, llm::Provider* provider,
                            const PassOptions& options, Progress& progress) {
  const auto t0 = std::chrono::steady_clock::now();
  TRY_ASSIGN(const int64_t pass_id, begin_pass_record(store, options));
  PassReport report;
  IndexOptions index_options;
  index_options.rev = options.rev;
  index_options.mode = options.mode;
  index_options.jobs = options.jobs;
  index_options.share = options.share;
  if (options.share) {
    if (auto pushed = options.share->push_backlog(store); !pushed) {
      (void)finish_pass_record(store, pass_id, report, "failed", pushed.error().message);
      return tl::unexpected(pushed.error());
    }
  }
  auto indexed = run_index(ws.repo, store, ws.config, index_options, progress);
  if (!indexed) {
    (void)finish_pass_record(store, pass_id, report, "failed", indexed.error().message);
    return tl::unexpected(indexed.error());
  }
  report.index = std::move(*indexed);
  report.errors = report.index.errors;

  auto later = later_stages(ws, store, provider, options, report, progress);
  if (!later) {
    (void)finish_pass_record(store, pass_id, report, "failed", later.error().message);
    return tl::unexpected(later.error());
  }
  // Our own checkpoint keeps the file stamped; when someone else changed it
  // since it was checked, sleep time pays for the damage check, not the next
  // interactive command (store_check.h).
  auto checked = timed(report, "store", [&] {
    store.checkpoint_if_larger(4 << 20);
    return store::check_store_if_changed(store, ws.store_path);
  });
  if (!checked) {
    (void)finish_pass_record(store, pass_id, report, "failed", checked.error().message);
    return tl::unexpected(checked.error());
  }
  if (options.share) {
    report.share = options.share->stats();
    TRY_ASSIGN(report.share.backlog, store.share_backlog().count());
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::string message;
  if (!report.errors.empty()) {
    message = report.errors.front();
    if (report.errors.size() > 1)
      message += " (and " + std::to_string(report.errors.size() - 1) + " more)";
  }
  TRY(finish_pass_record(store, pass_id, report, report.errors.empty() ? "ok" : "partial",
                         message));
  return report;
}

}  // namespace stc::indexer
