#pragma once
// Aggregating results.jsonl rows into the numbers of the report: per
// repository and overall, per mode and budget, macro means over tasks; the
// headline (the smallest budget at which index mode reaches baseline's best
// mean F1, and the ratio of their test-time tokens); costs and wall times.

#include <cstdint>
#include <string>
#include <vector>

#include "eval/result_row.h"

namespace stc::eval {

/// Means over the tasks of one (mode, budget) cell.
struct CellStats {
  std::string mode;
  int64_t budget = 0;
  int64_t tasks = 0;
  int64_t failures = 0;  // plans that returned an error (counted with F1 0)
  double f1_all = 0, precision_all = 0, recall_all = 0;
  double f1_se = 0;  // standard error of the mean F1 (sample sd / sqrt(tasks); 0 for 1 task)
  double f1_src = 0, f1_existing = 0;
  double files = 0;        // mean predicted files
  double test_tokens = 0;  // mean prompt + completion tokens
  double plan_seconds = 0;
};

/// Index mode against baseline on F1 (gold_all) versus test-time tokens.
struct Headline {
  bool comparable = false;      // both modes present
  double baseline_best_f1 = 0;  // best mean F1 over baseline's budgets
  int64_t baseline_budget = 0;  // the (smallest) budget reaching it
  double baseline_tokens = 0;   // mean test tokens there
  bool matched = false;         // index reaches baseline_best_f1 at some budget
  int64_t index_budget = 0;     // the smallest such budget
  double index_f1 = 0;
  double index_tokens = 0;
  double token_ratio = 0;  // baseline_tokens / index_tokens when matched
  double index_best_f1 = 0;
  int64_t index_best_budget = 0;
  // F1 of both modes at the smallest budget both ran (0: they share none;
  // index mode may also run smaller budgets than the baseline).
  int64_t smallest_budget = 0;
  double index_f1_smallest = 0;
  double baseline_f1_smallest = 0;
};

/// Costs: sleep-time (per task pass) against test-time (per plan).
struct Costs {
  int64_t sleep_tokens = 0;       // all passes of the tasks
  int64_t index_queries = 0;      // index-mode plans
  int64_t index_test_tokens = 0;  // their test tokens
  int64_t baseline_queries = 0;
  int64_t baseline_test_tokens = 0;
  double amortized_index = 0;        // (sleep + index test tokens) / index queries
  double per_query_baseline = 0;     // baseline test tokens / baseline queries
  double pass_seconds = 0;           // all passes (structure + history + artifacts)
  double index_seconds = 0;          // the structural stage of those passes
  double first_pass_seconds = 0;     // the first task's pass (a full index)
  double plan_seconds_index = 0;     // all index-mode plans
  double plan_seconds_baseline = 0;  // all baseline plans
};

struct GroupSummary {
  std::string name;  // repository name, or "overall"
  int64_t tasks = 0;
  double mean_gold_all = 0, mean_gold_src = 0, mean_tree_files = 0;
  std::vector<CellStats> cells;  // by mode (index first), then budget
  Headline headline;
  Costs costs;
};

struct Summary {
  std::vector<GroupSummary> repos;  // sorted by name
  GroupSummary overall;
};

/// Summarizes rows (any order; one row per task x mode x budget).
Summary summarize(const std::vector<ResultRow>& rows);

/// Renderers (report_md.cc, pareto_svg.cc, summary_json.cc, report_html.cc).
std::string render_report_md(const Summary& summary);
/// The plot of `group` (summary.overall when null); `title` names it.
std::string render_pareto_svg(const Summary& summary, const GroupSummary* group = nullptr);
std::string summary_to_json(const Summary& summary);
/// One self-contained HTML page: headline, per-group plot (inline SVG) and
/// tables, per-task rows (request, gold files, each mode's predictions with
/// hits marked and the reason for each file). `rows` are the result rows.
std::string render_report_html(const Summary& summary, const std::vector<ResultRow>& rows);

}  // namespace stc::eval
