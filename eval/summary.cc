// Aggregation of result rows (summary.h). Every mean is a macro mean over
// tasks; a failed plan counts as F1 0. The headline compares mean F1 on
// gold_all: baseline's best over its budgets, and the smallest index budget
// whose mean F1 is at least that; the token ratio compares the mean test
// tokens actually spent at those two budgets.

#include "eval/summary.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace stc::eval {
namespace {

CellStats cell_of(const std::vector<const ResultRow*>& rows) {
  CellStats c;
  c.mode = rows.front()->mode;
  c.budget = rows.front()->budget;
  c.tasks = static_cast<int64_t>(rows.size());
  for (const ResultRow* r : rows) {
    c.failures += r->error.empty() ? 0 : 1;
    c.f1_all += r->scores.all.f1;
    c.precision_all += r->scores.all.precision;
    c.recall_all += r->scores.all.recall;
    c.f1_src += r->scores.src.f1;
    c.f1_existing += r->scores.existing.f1;
    c.files += static_cast<double>(r->files.size());
    c.test_tokens += static_cast<double>(r->test_tokens());
    c.plan_seconds += r->plan_seconds;
  }
  const double n = static_cast<double>(rows.size());
  for (double* v : {&c.f1_all, &c.precision_all, &c.recall_all, &c.f1_src, &c.f1_existing, &c.files,
                    &c.test_tokens, &c.plan_seconds}) {
    *v /= n;
  }
  if (rows.size() > 1) {
    double ss = 0;
    for (const ResultRow* r : rows)
      ss += (r->scores.all.f1 - c.f1_all) * (r->scores.all.f1 - c.f1_all);
    c.f1_se = std::sqrt(ss / (n - 1)) / std::sqrt(n);
  }
  return c;
}

std::vector<CellStats> cells_of(const std::vector<const ResultRow*>& rows) {
  std::map<std::pair<int, int64_t>, std::vector<const ResultRow*>> by;
  for (const ResultRow* r : rows) by[{r->mode == "index" ? 0 : 1, r->budget}].push_back(r);
  std::vector<CellStats> out;
  for (const auto& [key, list] : by) out.push_back(cell_of(list));
  return out;
}

Headline headline_of(const std::vector<CellStats>& cells) {
  Headline h;
  std::vector<const CellStats*> index, base;
  for (const CellStats& c : cells) (c.mode == "index" ? index : base).push_back(&c);
  if (index.empty() || base.empty()) return h;
  h.comparable = true;
  for (const CellStats* c : base) {
    if (c->f1_all > h.baseline_best_f1 + 1e-12 || h.baseline_budget == 0) {
      h.baseline_best_f1 = c->f1_all;
      h.baseline_budget = c->budget;
      h.baseline_tokens = c->test_tokens;
    }
  }
  for (const CellStats* c : index) {
    if (c->f1_all > h.index_best_f1 + 1e-12 || h.index_best_budget == 0) {
      h.index_best_f1 = c->f1_all;
      h.index_best_budget = c->budget;
    }
    if (!h.matched && c->f1_all + 1e-9 >= h.baseline_best_f1) {
      h.matched = true;
      h.index_budget = c->budget;
      h.index_f1 = c->f1_all;
      h.index_tokens = c->test_tokens;
      h.token_ratio = c->test_tokens > 0 ? h.baseline_tokens / c->test_tokens : 0;
    }
  }
  for (const CellStats* c : index) {
    for (const CellStats* b : base) {
      if (b->budget == c->budget && (h.smallest_budget == 0 || c->budget < h.smallest_budget)) {
        h.smallest_budget = c->budget;
      }
    }
  }
  for (const CellStats* c : index) {
    if (c->budget == h.smallest_budget) h.index_f1_smallest = c->f1_all;
  }
  for (const CellStats* c : base) {
    if (c->budget == h.smallest_budget) h.baseline_f1_smallest = c->f1_all;
  }
  return h;
}

Costs costs_of(const std::vector<const ResultRow*>& rows) {
  Costs c;
  std::set<std::string> seen;
  for (const ResultRow* r : rows) {
    if (seen.insert(r->task).second) {
      c.sleep_tokens += r->pass.sleep_tokens;
      c.pass_seconds += r->pass.seconds;
      c.index_seconds += r->pass.index_seconds;
      c.first_pass_seconds = std::max(c.first_pass_seconds, r->pass.seconds);
    }
    const bool index = r->mode == "index";
    (index ? c.index_queries : c.baseline_queries) += 1;
    (index ? c.index_test_tokens : c.baseline_test_tokens) += r->test_tokens();
    (index ? c.plan_seconds_index : c.plan_seconds_baseline) += r->plan_seconds;
  }
  if (c.index_queries) {
    c.amortized_index = static_cast<double>(c.sleep_tokens + c.index_test_tokens) /
                        static_cast<double>(c.index_queries);
  }
  if (c.baseline_queries) {
    c.per_query_baseline =
        static_cast<double>(c.baseline_test_tokens) / static_cast<double>(c.baseline_queries);
  }
  return c;
}

GroupSummary group_of(const std::string& name, const std::vector<const ResultRow*>& rows) {
  GroupSummary g;
  g.name = name;
  std::map<std::string, const ResultRow*> tasks;
  for (const ResultRow* r : rows) tasks.emplace(r->task, r);
  g.tasks = static_cast<int64_t>(tasks.size());
  for (const auto& [id, r] : tasks) {
    g.mean_gold_all += r->scores.all.gold;
    g.mean_gold_src += r->scores.src.gold;
    g.mean_tree_files += static_cast<double>(r->tree_files);
  }
  if (g.tasks) {
    for (double* v : {&g.mean_gold_all, &g.mean_gold_src, &g.mean_tree_files}) {
      *v /= static_cast<double>(g.tasks);
    }
  }
  g.cells = cells_of(rows);
  g.headline = headline_of(g.cells);
  g.costs = costs_of(rows);
  return g;
}

}  // namespace

Summary summarize(const std::vector<ResultRow>& rows) {
  std::map<std::string, std::vector<const ResultRow*>> by_repo;
  std::vector<const ResultRow*> all;
  for (const ResultRow& r : rows) {
    by_repo[r.repo].push_back(&r);
    all.push_back(&r);
  }
  Summary s;
  for (const auto& [name, list] : by_repo) s.repos.push_back(group_of(name, list));
  s.overall = group_of("overall", all);
  return s;
}

}  // namespace stc::eval
