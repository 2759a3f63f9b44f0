// `stc-eval run`: plans every task in each mode and budget, scores them and
// writes results.jsonl, summary.json, report.md and pareto.svg into OUTDIR.

#include <CLI/CLI.hpp>

#include <cstdio>

#include "cli/common/number_option.h"
#include "cli/stc-eval/cli_common.h"
#include "eval/report.h"
#include "eval/runner.h"
#include "eval/task.h"

namespace stc::cli {
namespace {

struct RunFlags {
  std::string tasks;
  std::string budgets = "500,1000,2000,4000,8000";
  std::string modes = "index,baseline";
  eval::RunOptions options;
  bool json = false;
};

void print_headlines(const eval::Summary& s) {
  for (const auto& g : s.repos) {
    const auto& h = g.headline;
    if (!h.comparable) continue;
    std::fprintf(stderr, "%s: %lld tasks; baseline best F1 %.3f @ %lld", g.name.c_str(),
                 static_cast<long long>(g.tasks), h.baseline_best_f1,
                 static_cast<long long>(h.baseline_budget));
    if (h.matched) {
      std::fprintf(stderr, "; index F1 %.3f @ %lld: token ratio %.2f (baseline / index)\n",
                   h.index_f1, static_cast<long long>(h.index_budget), h.token_ratio);
    } else {
      std::fprintf(stderr, "; index best %.3f @ %lld (not reached)\n", h.index_best_f1,
                   static_cast<long long>(h.index_best_budget));
    }
  }
}

Status run(const GlobalOptions& g, RunFlags f) {
  TRY_ASSIGN(f.options.modes, eval::parse_modes(f.modes));
  TRY_ASSIGN(f.options.budgets, eval::parse_budgets(f.budgets));
  TRY_ASSIGN(const auto tasks, eval::read_tasks(f.tasks));
  if (f.options.jobs == 0) f.options.jobs = 1;
  auto progress = cli::common::make_phase_progress(g.quiet);
  TRY_ASSIGN(const auto stats, eval::run_eval(tasks, f.options, *progress));
  TRY_ASSIGN(const auto summary, eval::write_reports(f.options.out_dir));
  if (!g.quiet) {
    std::fprintf(
        stderr,
        "%lld tasks: %lld rows written, %lld resumed, %lld failed plans, %lld sleep "
        "tokens in %.1fs\nreport: %s/report.md\n",
        static_cast<long long>(stats.tasks), static_cast<long long>(stats.rows_written),
        static_cast<long long>(stats.rows_resumed), static_cast<long long>(stats.rows_failed),
        static_cast<long long>(stats.sleep_tokens), stats.seconds, f.options.out_dir.c_str());
    print_headlines(summary);
  }
  if (f.json) print_json(nlohmann::json::parse(eval::summary_to_json(summary)));
  return {};
}

}  // namespace

void register_run(CLI::App& app, const GlobalOptions& g, Command& out) {
  auto f = std::make_shared<RunFlags>();
  auto* cmd = app.add_subcommand("run", "Score the agent's plans on a task file");
  cmd->add_option("TASKS", f->tasks, "Task file from `stc-eval mine` (JSON lines)")->required();
  cmd->add_option("--repo", f->options.repo_override,
                  "Work tree holding the tasks' commits (default: each task's repo_path)");
  cmd->add_option("--budgets", f->budgets, "Test-time token budgets, comma separated")
      ->capture_default_str()
      ->check(cli::common::whole_number_list(100, cli::common::kMaxBudget));
  cmd->add_option("--modes", f->modes, "index, baseline or both")->capture_default_str();
  cmd->add_option("--provider", f->options.provider,
                  "LLM provider (default: the configuration; offline unless configured)")
      ->check(CLI::IsMember({"offline", "openai", "anthropic"}));
  cmd->add_option("--sleep-budget", f->options.sleep_budget,
                  "LLM tokens each index pass may spend (default: config)")
      ->check(cli::common::whole_number(0, cli::common::kMaxSleepBudget));
  cmd->add_option("-j,--jobs", f->options.jobs, "Plans run in parallel per task")
      ->capture_default_str()
      ->check(cli::common::whole_number(0, cli::common::kMaxJobs, "0 means 1"));
  cmd->add_option("-o,--output", f->options.out_dir,
                  "Output directory (results.jsonl, summary.json, report.md, pareto.svg)")
      ->required();
  cmd->add_flag("--json", f->json, "Print summary.json on stdout");
  cmd->callback([&g, &out, f] { out = [&g, f] { return run(g, *f); }; });
}

}  // namespace stc::cli
