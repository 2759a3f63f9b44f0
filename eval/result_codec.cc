// JSON Lines codec of results.jsonl rows.

#include <fstream>
#include <limits>
#include <stdexcept>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "eval/result_row.h"

namespace stc::eval {
namespace {

using nlohmann::json;

// j.value(key, fallback) as an integer. nlohmann casts a float to an integer
// unchecked (undefined behaviour out of range): such a float is malformed.
template <typename Int>
Int int_value(const json& j, const char* key, Int fallback) {
  const json v = j.value(key, json(fallback));
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (!(d > static_cast<double>(std::numeric_limits<Int>::min()) - 1 &&
          d < static_cast<double>(std::numeric_limits<Int>::max()))) {
      throw std::out_of_range(std::string("\"") + key + "\" is out of range");
    }
  }
  return v.get<Int>();
}

json prf_json(const Prf& p) {
  return {{"precision", p.precision}, {"recall", p.recall},       {"f1", p.f1},
          {"hits", p.hits},           {"predicted", p.predicted}, {"gold", p.gold}};
}

Prf prf_from(const json& j) {
  Prf p;
  p.precision = j.value("precision", 0.0);
  p.recall = j.value("recall", 0.0);
  p.f1 = j.value("f1", 0.0);
  p.hits = int_value(j, "hits", 0);
  p.predicted = int_value(j, "predicted", 0);
  p.gold = int_value(j, "gold", 0);
  return p;
}

json pass_json(const PassCost& c) {
  return {{"sleep_tokens", c.sleep_tokens},   {"seconds", c.seconds},
          {"index_seconds", c.index_seconds}, {"files_parsed", c.files_parsed},
          {"commits_mined", c.commits_mined}, {"artifacts_written", c.artifacts_written}};
}

PassCost pass_from(const json& j) {
  PassCost c;
  c.sleep_tokens = int_value(j, "sleep_tokens", int64_t{0});
  c.seconds = j.value("seconds", 0.0);
  c.index_seconds = j.value("index_seconds", 0.0);
  c.files_parsed = int_value(j, "files_parsed", int64_t{0});
  c.commits_mined = int_value(j, "commits_mined", int64_t{0});
  c.artifacts_written = int_value(j, "artifacts_written", int64_t{0});
  return c;
}

}  // namespace

std::string row_to_json_line(const ResultRow& r) {
  json j = {{"task", r.task},
            {"repo", r.repo},
            {"mode", r.mode},
            {"budget", r.budget},
            {"files", r.files},
            {"tokens", {{"prompt", r.prompt_tokens}, {"completion", r.completion_tokens}}},
            {"all", prf_json(r.scores.all)},
            {"src", prf_json(r.scores.src)},
            {"existing", prf_json(r.scores.existing)},
            {"plan_seconds", r.plan_seconds},
            {"pass", pass_json(r.pass)},
            {"tree_files", r.tree_files}};
  if (!r.reasons.empty()) j["reasons"] = r.reasons;
  if (!r.description.empty()) j["description"] = r.description;
  if (!r.gold.empty()) j["gold"] = r.gold;
  if (!r.error.empty()) j["error"] = r.error;
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<ResultRow> row_from_json_line(const std::string& line, const std::string& where) {
  const json j = json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("task") || !j.contains("mode") ||
      !j.contains("budget")) {
    return fail(ErrorCode::kBadInput, where + ": not a result row");
  }
  try {
    ResultRow r;
    r.task = j.at("task").get<std::string>();
    r.repo = j.value("repo", "");
    r.mode = j.at("mode").get<std::string>();
    r.budget = int_value(j, "budget", int64_t{0});
    r.files = j.value("files", std::vector<std::string>{});
    const json tokens = j.value("tokens", json::object());
    r.prompt_tokens = int_value(tokens, "prompt", int64_t{0});
    r.completion_tokens = int_value(tokens, "completion", int64_t{0});
    r.scores.all = prf_from(j.value("all", json::object()));
    r.scores.src = prf_from(j.value("src", json::object()));
    r.scores.existing = prf_from(j.value("existing", json::object()));
    r.plan_seconds = j.value("plan_seconds", 0.0);
    r.pass = pass_from(j.value("pass", json::object()));
    r.tree_files = int_value(j, "tree_files", int64_t{0});
    r.reasons = j.value("reasons", std::vector<std::string>{});
    r.description = j.value("description", "");
    r.gold = j.value("gold", std::vector<std::string>{});
    r.error = j.value("error", "");
    return r;
  } catch (const json::exception& e) {
    return fail(ErrorCode::kBadInput, where + ": " + e.what());
  } catch (const std::out_of_range& e) {
    return fail(ErrorCode::kBadInput, where + ": " + e.what());
  }
}

Result<std::vector<ResultRow>> read_results(const std::string& path) {
  std::ifstream in(path);
  std::vector<ResultRow> rows;
  if (!in) return rows;
  std::unordered_map<std::string, size_t> at;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    auto row = row_from_json_line(line, path + ":" + std::to_string(n));
    if (!row) continue;  // a line cut by a kill
    auto [it, fresh] = at.emplace(row->key(), rows.size());
    if (fresh) {
      rows.push_back(std::move(*row));
    } else {
      rows[it->second] = std::move(*row);
    }
  }
  return rows;
}

}  // namespace stc::eval
