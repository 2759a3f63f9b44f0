// report.html: the evaluation as one self-contained page — the headline
// table, then per group (overall, then each repository) its plot as inline
// SVG, the mode x budget table and the costs, then per repository one row per
// task: the request, the gold files, and each mode's predicted files at its
// headline budget with hits marked and the reason the agent gave for each.

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "core/html.h"
#include "eval/summary.h"

namespace stc::eval {
namespace {

using stc::escape;
using stc::fixed;

std::string td(const std::string& s, bool numeric = false) {
  return numeric ? "<td class=\"n\">" + s + "</td>" : "<td>" + s + "</td>";
}

std::string headline_text(const Headline& h) {
  if (!h.comparable) return "Only one mode was run; no comparison.";
  std::string s = "Baseline's best mean F1 is " + fixed(h.baseline_best_f1, 3) + " at budget " +
                  std::to_string(h.baseline_budget) + " (" + fixed(h.baseline_tokens, 0) +
                  " test tokens); ";
  if (!h.matched) {
    return s + "index mode does <b>not</b> reach it (its best is " + fixed(h.index_best_f1, 3) +
           " at budget " + std::to_string(h.index_best_budget) + ").";
  }
  s += "index mode reaches it at budget " + std::to_string(h.index_budget) + " (F1 " +
       fixed(h.index_f1, 3) + ", " + fixed(h.index_tokens, 0) + " test tokens)";
  if (h.token_ratio > 1.05) s += ": <b>" + fixed(h.token_ratio, 1) + "x fewer test-time tokens</b>";
  if (h.token_ratio > 0 && h.token_ratio < 0.95)
    s += ": <b>" + fixed(1 / h.token_ratio, 1) + "x more test-time tokens</b>";
  return s + ".";
}

std::string headline_table(const Summary& summary) {
  std::string s =
      "<table><tr><th>repository</th><th>tasks</th><th>baseline best F1 @ budget</th>"
      "<th>index F1 @ first budget reaching it</th><th>token ratio</th>"
      "<th>F1 at the smallest shared budget (index / baseline)</th></tr>\n";
  std::vector<const GroupSummary*> groups;
  for (const GroupSummary& g : summary.repos) groups.push_back(&g);
  if (summary.repos.size() > 1) groups.push_back(&summary.overall);
  for (const GroupSummary* g : groups) {
    const Headline& h = g->headline;
    s += "<tr>" + td(escape(g->name)) + td(std::to_string(g->tasks), true) +
         td(fixed(h.baseline_best_f1, 3) + " @ " + std::to_string(h.baseline_budget), true) +
         td(h.matched ? fixed(h.index_f1, 3) + " @ " + std::to_string(h.index_budget)
                      : "not reached",
            true) +
         td(h.matched && h.token_ratio > 0 ? fixed(h.token_ratio, 1) + "x" : "–", true) +
         td(h.smallest_budget > 0
                ? fixed(h.index_f1_smallest, 3) + " / " + fixed(h.baseline_f1_smallest, 3) + " @ " +
                      std::to_string(h.smallest_budget)
                : "–",
            true) +
         "</tr>\n";
  }
  return s + "</table>\n";
}

std::string html_cell_table(const GroupSummary& g) {
  std::string s =
      "<table><tr><th>mode</th><th>budget</th><th>F1</th><th>± se</th><th>precision</th>"
      "<th>recall</th><th>F1 src</th><th>F1 existing</th><th>files</th><th>test tokens</th>"
      "<th>failed</th></tr>\n";
  for (const CellStats& c : g.cells) {
    s += "<tr>" + td(escape(c.mode)) + td(std::to_string(c.budget), true) +
         td(fixed(c.f1_all, 3), true) + td(fixed(c.f1_se, 3), true) +
         td(fixed(c.precision_all, 3), true) + td(fixed(c.recall_all, 3), true) +
         td(fixed(c.f1_src, 3), true) + td(fixed(c.f1_existing, 3), true) +
         td(fixed(c.files, 1), true) + td(fixed(c.test_tokens, 0), true) +
         td(std::to_string(c.failures), true) + "</tr>\n";
  }
  return s + "</table>\n";
}

std::string costs_list(const GroupSummary& g) {
  const Costs& c = g.costs;
  return "<ul><li>sleep-time tokens (all index passes): " + std::to_string(c.sleep_tokens) +
         "</li><li>test-time tokens: index " + std::to_string(c.index_test_tokens) + " over " +
         std::to_string(c.index_queries) + " plans, baseline " +
         std::to_string(c.baseline_test_tokens) + " over " + std::to_string(c.baseline_queries) +
         " plans</li><li>amortized tokens per query: index " + fixed(c.amortized_index, 0) +
         " (sleep + test), baseline " + fixed(c.per_query_baseline, 0) +
         "</li><li>wall time: passes " + fixed(c.pass_seconds, 1) + " s, index plans " +
         fixed(c.plan_seconds_index, 1) + " s, baseline plans " +
         fixed(c.plan_seconds_baseline, 1) + " s</li></ul>\n";
}

std::string group_section(const Summary& summary, const GroupSummary& g) {
  std::string s = "<h2 id=\"group-" + escape(g.name) + "\">" + escape(g.name) + "</h2>\n";
  s += "<p class=\"muted\">" + std::to_string(g.tasks) + " tasks; mean gold files " +
       fixed(g.mean_gold_all, 1) + " (source only " + fixed(g.mean_gold_src, 1) + "); mean tree " +
       fixed(g.mean_tree_files, 0) + " files.</p>\n";
  s += "<p>" + headline_text(g.headline) + "</p>\n";
  s += "<figure>" + render_pareto_svg(summary, &g) + "</figure>\n";
  return s + html_cell_table(g) + costs_list(g);
}

/// The budget whose rows the task table shows for `mode`: the headline's.
int64_t shown_budget(const GroupSummary& g, const std::string& mode) {
  const Headline& h = g.headline;
  if (mode == "baseline" && h.baseline_budget) return h.baseline_budget;
  if (mode == "index" && h.matched) return h.index_budget;
  if (mode == "index" && h.index_best_budget) return h.index_best_budget;
  for (const CellStats& c : g.cells) {
    if (c.mode == mode) return c.budget;
  }
  return 0;
}

std::string predictions(const ResultRow* r) {
  if (!r) return "<td class=\"muted\">not run</td>";
  if (!r->error.empty()) return "<td class=\"miss\">failed: " + escape(r->error) + "</td>";
  const std::set<std::string> gold(r->gold.begin(), r->gold.end());
  std::string s = "<td><b>F1 " + fixed(r->scores.all.f1, 2) + "</b> <span class=\"muted\">(" +
                  std::to_string(r->test_tokens()) + " tokens)</span><ul class=\"files\">";
  for (size_t i = 0; i < r->files.size(); ++i) {
    const bool hit = gold.count(r->files[i]) > 0;
    s += std::string("<li class=\"") + (hit ? "hit\">✓ " : "miss\">✗ ") + "<code>" +
         escape(r->files[i]) + "</code>";
    if (i < r->reasons.size() && !r->reasons[i].empty())
      s += "<br><span class=\"why\">" + escape(r->reasons[i]) + "</span>";
    s += "</li>";
  }
  if (r->files.empty()) s += "<li class=\"muted\">no files</li>";
  return s + "</ul></td>";
}

std::string gold_cell(const ResultRow& any) {
  if (any.gold.empty()) return "<td class=\"muted\">(not in these results)</td>";
  std::string s = "<td><ul class=\"files\">";
  for (const std::string& f : any.gold) s += "<li><code>" + escape(f) + "</code></li>";
  return s + "</ul></td>";
}

std::string task_table(const GroupSummary& g, const std::vector<ResultRow>& rows) {
  const int64_t bi = shown_budget(g, "index"), bb = shown_budget(g, "baseline");
  std::map<std::string, std::pair<const ResultRow*, const ResultRow*>> by_task;
  std::vector<std::string> order;
  for (const ResultRow& r : rows) {
    if (r.repo != g.name) continue;
    auto [it, fresh] = by_task.try_emplace(r.task, nullptr, nullptr);
    if (fresh) order.push_back(r.task);
    if (r.mode == "index" && r.budget == bi) it->second.first = &r;
    if (r.mode == "baseline" && r.budget == bb) it->second.second = &r;
  }
  std::string s = "<h3>" + escape(g.name) +
                  ": tasks</h3>\n<p class=\"muted\">Index mode at budget " + std::to_string(bi) +
                  ", baseline at budget " + std::to_string(bb) +
                  " (the headline's budgets). ✓ a gold file, ✗ not.</p>\n";
  s += "<table><tr><th>task</th><th>gold files</th><th>index</th><th>baseline</th></tr>\n";
  for (const std::string& id : order) {
    const auto [ix, bl] = by_task[id];
    const ResultRow& any = ix   ? *ix
                           : bl ? *bl
                                : *std::find_if(rows.begin(), rows.end(),
                                                [&](const ResultRow& r) { return r.task == id; });
    s += "<tr><td><code>" + escape(id) + "</code><br>" + escape(any.description) + "</td>" +
         gold_cell(any) + predictions(ix) + predictions(bl) + "</tr>\n";
  }
  return s + "</table>\n";
}

}  // namespace

std::string render_report_html(const Summary& summary, const std::vector<ResultRow>& rows) {
  std::string body = "<h1>stc evaluation: F1 against test-time tokens</h1>\n";
  body +=
      "<p class=\"muted\">F1 is the macro mean over tasks of the F1 between the files a plan "
      "names and the files the real commit added or modified (<code>gold_all</code>); ± se is "
      "its standard error over tasks. Test tokens are the plan's prompt + completion tokens "
      "(offline: the packed context). See eval/README.md.</p>\n";
  body += headline_table(summary);
  if (summary.repos.size() > 1) body += group_section(summary, summary.overall);
  for (const GroupSummary& g : summary.repos) body += group_section(summary, g);
  body += "<h2 id=\"tasks\">Tasks</h2>\n";
  for (const GroupSummary& g : summary.repos) body += task_table(g, rows);
  return stc::page("stc evaluation report", body);
}

}  // namespace stc::eval
