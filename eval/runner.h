#pragma once
// The evaluation runner: for each task, bring a per-repository index to the
// task's base commit, ask the agent for a plan in each mode and budget, score
// it, and append a row to OUTDIR/results.jsonl.
//
// No leakage: the index of a task is built by indexer::run_pass at the base
// commit, which parses only base's tree and mines only the first-parent
// history reachable from base (re-mined from scratch when base is not a
// descendant of what the store held). Stores live in OUTDIR/stores/<repo>.db,
// never in the user's index, and are reused from task to task: tasks run in
// history order, so each pass is incremental. A store never moves backwards:
// when a task's base is not a first-parent descendant of the store's indexed
// commit, the store is recreated (so not even cached rows of later commits
// remain in it).
//
// Resumable: rows already in results.jsonl (without an error) are skipped; a
// task whose rows are all present costs nothing.
//
// Parallelism: with jobs > 1, the plans of one task (modes x budgets) run on
// up to `jobs` threads, each with its own Repository and IndexStore handle;
// the structural stage of a pass also parses with `jobs` threads.

#include <cstdint>
#include <string>
#include <vector>

#include "agent/agent.h"
#include "core/progress.h"
#include "core/result.h"
#include "eval/task.h"

namespace stc::eval {

struct RunOptions {
  std::vector<int64_t> budgets = {500, 1000, 2000, 4000, 8000};
  std::vector<agent::Mode> modes = {agent::Mode::kIndex, agent::Mode::kBaseline};
  std::string out_dir;        // created when missing
  std::string repo_override;  // --repo: use this work tree for every task
  std::string provider;       // "" = the repository's configuration (offline by default)
  int64_t sleep_budget = -1;  // LLM tokens per pass; -1 = configuration
  unsigned jobs = 1;
};

struct RunStats {
  int64_t tasks = 0;
  int64_t rows_written = 0;
  int64_t rows_resumed = 0;  // already present from an earlier run
  int64_t rows_failed = 0;   // plans that returned an error (scored 0)
  int64_t sleep_tokens = 0;
  double seconds = 0;
};

/// Runs `tasks`. Checks everything before doing any work: kBadInput when a
/// task's repository cannot be opened, a base or task commit is missing from
/// it, or the options are empty/invalid; kIo when OUTDIR cannot be written.
/// Then kStore/kIo/kBadInput from a pass that fails. A plan that fails is
/// recorded as a row with its error, not a run failure.
/// Progress: one phase per task ("flask-1a2b3c4d5e 3/40"), units = rows.
Result<RunStats> run_eval(const std::vector<Task>& tasks, const RunOptions& options,
                          Progress& progress);

/// Parses "index,baseline" into modes; kBadInput for an unknown name or an empty list.
Result<std::vector<agent::Mode>> parse_modes(const std::string& list);
/// Parses "500,1000,2000" into budgets; kBadInput unless every one is >= 100.
Result<std::vector<int64_t>> parse_budgets(const std::string& list);

}  // namespace stc::eval
