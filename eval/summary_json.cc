// summary.json: the Summary as JSON (the only nlohmann-json user for it).

#include <nlohmann/json.hpp>

#include "eval/summary.h"

namespace stc::eval {
namespace {

using nlohmann::json;

json cell_json(const CellStats& c) {
  return {{"mode", c.mode},
          {"budget", c.budget},
          {"tasks", c.tasks},
          {"failures", c.failures},
          {"f1", c.f1_all},
          {"f1_se", c.f1_se},
          {"precision", c.precision_all},
          {"recall", c.recall_all},
          {"f1_src", c.f1_src},
          {"f1_existing", c.f1_existing},
          {"files", c.files},
          {"test_tokens", c.test_tokens},
          {"plan_seconds", c.plan_seconds}};
}

json headline_json(const Headline& h) {
  json j = {{"comparable", h.comparable},
            {"baseline_best_f1", h.baseline_best_f1},
            {"baseline_budget", h.baseline_budget},
            {"baseline_tokens", h.baseline_tokens},
            {"matched", h.matched},
            {"index_best_f1", h.index_best_f1},
            {"index_best_budget", h.index_best_budget},
            {"smallest_budget", h.smallest_budget},
            {"index_f1_smallest", h.index_f1_smallest},
            {"baseline_f1_smallest", h.baseline_f1_smallest}};
  if (h.matched) {
    j["index_budget"] = h.index_budget;
    j["index_f1"] = h.index_f1;
    j["index_tokens"] = h.index_tokens;
    j["token_ratio"] = h.token_ratio;
  }
  return j;
}

json costs_json(const Costs& c) {
  return {{"sleep_tokens", c.sleep_tokens},
          {"index_queries", c.index_queries},
          {"index_test_tokens", c.index_test_tokens},
          {"baseline_queries", c.baseline_queries},
          {"baseline_test_tokens", c.baseline_test_tokens},
          {"amortized_tokens_per_query_index", c.amortized_index},
          {"tokens_per_query_baseline", c.per_query_baseline},
          {"seconds",
           {{"passes", c.pass_seconds},
            {"structure", c.index_seconds},
            {"first_pass", c.first_pass_seconds},
            {"plans_index", c.plan_seconds_index},
            {"plans_baseline", c.plan_seconds_baseline}}}};
}

json group_json(const GroupSummary& g) {
  json cells = json::array();
  for (const CellStats& c : g.cells) cells.push_back(cell_json(c));
  return {{"name", g.name},
          {"tasks", g.tasks},
          {"mean_gold_all", g.mean_gold_all},
          {"mean_gold_src", g.mean_gold_src},
          {"mean_tree_files", g.mean_tree_files},
          {"cells", cells},
          {"headline", headline_json(g.headline)},
          {"costs", costs_json(g.costs)}};
}

}  // namespace

std::string summary_to_json(const Summary& s) {
  json repos = json::array();
  for (const GroupSummary& g : s.repos) repos.push_back(group_json(g));
  const json j = {{"repos", repos}, {"overall", group_json(s.overall)}};
  return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace stc::eval
