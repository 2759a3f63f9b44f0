// `stc pass`: run one sleep-time pass by hand (the hooks run it too).

#include <CLI/CLI.hpp>

#include "agent/rehearsal.h"

#include "cli/common/number_option.h"
#include "cli/stc/cli_support.h"
#include "cli/stc/trigger_output.h"
#include "indexer/share/team_share.h"
#include "indexer/triggers/pass_runner.h"
#include "indexer/workspace.h"

namespace stc::cli {
namespace {

struct PassFlags {
  std::string at = "HEAD";
  int64_t sleep_budget = -1;
  std::string trigger = "manual";
  bool full = false;
  bool worktree = false;
  bool enqueue = false;
  bool wait = false;
  bool json = false;
  unsigned jobs = 0;
};

Status run(const GlobalOptions& g, const PassFlags& f) {
  TRY_ASSIGN(auto ws, indexer::open_workspace(g.directory));
  indexer::triggers::RunnerOptions options;
  options.pass.rev = f.at;
  options.pass.trigger = f.trigger;
  options.pass.sleep_budget = f.sleep_budget;
  options.pass.mode = f.full ? indexer::IndexMode::kFull : indexer::IndexMode::kIncremental;
  options.pass.jobs = f.jobs;
  options.pass.worktree = f.worktree;
  options.pass.extra_stages.push_back(agent::rehearsal_stage(ws, options.pass.trigger));
  options.access = indexer::StoreAccess::kExisting;
  options.wait =
      f.wait ? indexer::triggers::LockWait::kWait : indexer::triggers::LockWait::kCoalesce;
  auto progress = make_progress(g.quiet || f.json);
  const auto provider = provider_or_offline(ws.config, g.quiet || f.json, "stc");
  const auto share = indexer::share::make_team_share(ws.config, ws.repo);
  options.pass.share = share.get();
  options.pass.enqueue = f.enqueue || ws.config.share.enqueue;
  TRY_ASSIGN(auto report,
             indexer::triggers::run_pass_exclusive(ws, provider.get(), options, *progress));
  if (!g.quiet) print_share_warning(share.get());
  if (f.json) {
    print_json(pass_json(report));
  } else if (!g.quiet) {
    print_pass(report);
  }
  return {};
}

}  // namespace

void register_pass(CLI::App& app, const GlobalOptions& g, Command& out) {
  auto flags = std::make_shared<PassFlags>();
  auto* cmd = app.add_subcommand(
      "pass",
      "Run one sleep-time pass now (one at a time; a pass already running runs again instead)");
  cmd->add_option("--at", flags->at, "Bring the index to this revision instead of HEAD");
  cmd->add_option("--sleep-budget", flags->sleep_budget,
                  "LLM tokens this pass may spend (default: config)")
      ->check(cli::common::whole_number(0, cli::common::kMaxSleepBudget));
  cmd->add_option("--trigger", flags->trigger,
                  "What started the pass, for the log (manual, hook, watch, ...)");
  cmd->add_flag("--full", flags->full, "Rebuild the file table from the whole tree");
  cmd->add_flag("--worktree", flags->worktree, "Also pre-parse uncommitted work-tree changes");
  cmd->add_flag("--enqueue", flags->enqueue,
                "Publish the LLM units (modules, overview, anticipation) and the practice tasks "
                "beyond the sleep budget to the team share's queue for `stc worker`s instead of "
                "doing them here");
  cmd->add_flag("--wait", flags->wait, "Wait for a running pass instead of asking it to run again");
  cmd->add_option("-j,--jobs", flags->jobs, "Parser threads (default: one per core)")
      ->check(cli::common::whole_number(0, cli::common::kMaxJobs, "0 means one per core"));
  cmd->add_flag("--json", flags->json, "Print the report as JSON on stdout");
  cmd->callback([&g, &out, flags] { out = [&g, flags] { return run(g, *flags); }; });
}

}  // namespace stc::cli
