// report.md: the Summary for a person — the headline first, then per group
// (overall, then each repository) the mode x budget table, costs and times.

#include <cstdio>
#include <string>

#include "eval/summary.h"

namespace stc::eval {
namespace {

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::string f3(double v) { return fmt("%.3f", v); }
std::string n0(double v) { return fmt("%.0f", v); }

std::string headline_line(const GroupSummary& g) {
  const Headline& h = g.headline;
  if (!h.comparable) return "only one mode was run; no comparison";
  std::string s = "baseline's best mean F1 is " + f3(h.baseline_best_f1) + " at budget " +
                  std::to_string(h.baseline_budget) + " (" + n0(h.baseline_tokens) +
                  " test tokens); ";
  if (h.matched) {
    s += "index mode reaches it at budget " + std::to_string(h.index_budget) + " (F1 " +
         f3(h.index_f1) + ", " + n0(h.index_tokens) + " test tokens)";
    if (h.token_ratio > 0) {
      s += h.token_ratio >= 0.95 && h.token_ratio <= 1.05 ? ": about the same test-time tokens"
           : h.token_ratio > 1
               ? ": **" + fmt("%.1f", h.token_ratio) + "x fewer test-time tokens**"
               : ": **" + fmt("%.1f", 1 / h.token_ratio) + "x more test-time tokens**";
    }
  } else {
    s += "index mode does **not** reach it (its best is " + f3(h.index_best_f1) + " at budget " +
         std::to_string(h.index_best_budget) + ")";
  }
  return s;
}

std::string headline_row(const GroupSummary& g) {
  const Headline& h = g.headline;
  const bool ratio = h.matched && h.token_ratio > 0;
  return "| " + g.name + " | " + std::to_string(g.tasks) + " | " + f3(h.baseline_best_f1) + " @ " +
         std::to_string(h.baseline_budget) + " | " +
         (h.matched ? f3(h.index_f1) + " @ " + std::to_string(h.index_budget) : "not reached") +
         " | " + (ratio ? fmt("%.1fx", h.token_ratio) : "–") + " | " +
         (h.smallest_budget > 0 ? f3(h.index_f1_smallest) + " / " + f3(h.baseline_f1_smallest) +
                                      " @ " + std::to_string(h.smallest_budget)
                                : std::string("–")) +
         " |\n";
}

std::string cell_table(const GroupSummary& g) {
  std::string s =
      "| mode | budget | F1 | ± se | precision | recall | F1 src | F1 existing | files | test "
      "tokens | "
      "plan s | failed |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const CellStats& c : g.cells) {
    s += "| " + c.mode + " | " + std::to_string(c.budget) + " | " + f3(c.f1_all) + " | " +
         f3(c.f1_se) + " | " + f3(c.precision_all) + " | " + f3(c.recall_all) + " | " +
         f3(c.f1_src) + " | " + f3(c.f1_existing) + " | " + fmt("%.1f", c.files) + " | " +
         n0(c.test_tokens) + " | " + fmt("%.3f", c.plan_seconds) + " | " +
         std::to_string(c.failures) + " |\n";
  }
  return s;
}

std::string costs_block(const GroupSummary& g) {
  const Costs& c = g.costs;
  std::string s;
  s += "- sleep-time tokens (all index passes): " + std::to_string(c.sleep_tokens) + "\n";
  s += "- test-time tokens: index " + std::to_string(c.index_test_tokens) + " over " +
       std::to_string(c.index_queries) + " plans, baseline " +
       std::to_string(c.baseline_test_tokens) + " over " + std::to_string(c.baseline_queries) +
       " plans\n";
  s += "- amortized tokens per query: index " + n0(c.amortized_index) +
       " (sleep + test, shared index), baseline " + n0(c.per_query_baseline) + "\n";
  s += "- wall time: passes " + fmt("%.1f", c.pass_seconds) + " s (structure " +
       fmt("%.1f", c.index_seconds) + " s; longest pass " + fmt("%.1f", c.first_pass_seconds) +
       " s), index plans " + fmt("%.1f", c.plan_seconds_index) + " s, baseline plans " +
       fmt("%.1f", c.plan_seconds_baseline) + " s\n";
  return s;
}

std::string group_section(const GroupSummary& g) {
  std::string s = "## " + g.name + "\n\n";
  s += std::to_string(g.tasks) + " tasks; mean gold files " + fmt("%.1f", g.mean_gold_all) +
       " (source only " + fmt("%.1f", g.mean_gold_src) + "); mean tree " + n0(g.mean_tree_files) +
       " files.\n\n";
  s += "Headline: " + headline_line(g) + ".\n\n";
  s += cell_table(g) + "\n" + costs_block(g) + "\n";
  return s;
}

}  // namespace

std::string render_report_md(const Summary& summary) {
  std::string s = "# stc evaluation: F1 against test-time tokens\n\n";
  s += "F1 is the macro mean over tasks of the F1 between the files a plan names and the files "
       "the real commit added or modified (`gold_all`); *F1 src* scores against source files "
       "only (no tests, docs, build files); *F1 existing* ignores files that did not exist at "
       "the base commit. Test tokens are the plan's prompt + completion tokens (offline: the "
       "packed context); *± se* is the standard error of the mean F1 over tasks. See "
       "eval/README.md.\n\n";
  s += "| repository | tasks | baseline best F1 @ budget | index F1 @ first budget reaching it "
       "| token ratio | F1 at the smallest shared budget (index / baseline) |\n"
       "|---|---:|---:|---:|---:|---:|\n";
  for (const GroupSummary& g : summary.repos) s += headline_row(g);
  if (summary.repos.size() > 1) s += headline_row(summary.overall);
  s += "\n";
  if (summary.repos.size() > 1) s += group_section(summary.overall);
  for (const GroupSummary& g : summary.repos) s += group_section(g);
  return s;
}

}  // namespace stc::eval
