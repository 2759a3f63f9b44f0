// `stc watch`: passes over uncommitted edits once the work tree is idle.

#include <CLI/CLI.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "agent/rehearsal.h"
#include "cli/common/number_option.h"
#include "cli/stc/cli_support.h"
#include "cli/stc/trigger_output.h"
#include "indexer/share/team_share.h"
#include "indexer/triggers/watcher.h"
#include "indexer/workspace.h"

namespace stc::cli {
namespace {

struct WatchFlags {
  double idle_seconds = -1;  // -1: watch.idleSeconds from the configuration
  int64_t sleep_budget = -1;
  bool json = false;
};

// Prints a pass as it happens: a JSON line on stdout, or a line on stderr.
void report_pass(const GlobalOptions& g, const WatchFlags& f,
                 const Result<indexer::triggers::RunnerReport>& r) {
  if (!r) {
    std::fprintf(stderr, "stc watch: pass failed: %s\n", r.error().message.c_str());
    return;
  }
  if (f.json) {
    std::cout << pass_json(*r).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
              << std::endl;
  } else if (!g.quiet) {
    print_pass(*r);
  }
}

Status run(const GlobalOptions& g, const WatchFlags& f) {
  TRY_ASSIGN(auto ws, indexer::open_workspace(g.directory));
  const double idle = f.idle_seconds > 0 ? f.idle_seconds : ws.config.watch.idle_seconds;
  indexer::triggers::WatchOptions options;
  options.idle = std::chrono::milliseconds(std::llround(idle * 1000));
  options.sleep_budget = f.sleep_budget;
  options.extra_stages.push_back(agent::rehearsal_stage(ws, "watch"));
  indexer::triggers::WatchObserver observer;
  observer.started = [&](size_t dirs) {
    if (g.quiet) return;
    std::fprintf(stderr,
                 "watching %s (%zu directories); a pass runs after %gs of quiet; "
                 "Ctrl-C stops\n",
                 ws.repo.workdir().c_str(), dirs, idle);
  };
  observer.pass_done = [&](const Result<indexer::triggers::RunnerReport>& r) {
    report_pass(g, f, r);
  };
  const auto provider = provider_or_offline(ws.config, g.quiet, "stc");
  const auto share = indexer::share::make_team_share(ws.config, ws.repo);
  options.share = share.get();
  auto watched = indexer::triggers::run_watch(ws, provider.get(), options, observer);
  if (!g.quiet) print_share_warning(share.get());
  return watched;
}

}  // namespace

void register_watch(CLI::App& app, const GlobalOptions& g, Command& out) {
  auto flags = std::make_shared<WatchFlags>();
  auto* cmd = app.add_subcommand(
      "watch", "Watch the work tree and run a pass over uncommitted changes once it is idle");
  cmd->add_option("--idle", flags->idle_seconds,
                  "Seconds of quiet before a pass (default: watch.idleSeconds, 30)")
      ->check(cli::common::decimal_number(0.1, cli::common::kMaxIdleSeconds, "seconds"));
  cmd->add_option("--sleep-budget", flags->sleep_budget, "LLM tokens per pass (default: config)")
      ->check(cli::common::whole_number(0, cli::common::kMaxSleepBudget));
  cmd->add_flag("--json", flags->json, "Print one JSON line per pass on stdout");
  cmd->callback([&g, &out, flags] { out = [&g, flags] { return run(g, *flags); }; });
}

}  // namespace stc::cli
