#include "mcp/tools.h"

#include <vector>

#include "core/text.h"
#include "indexer/history/history_queries.h"
#include "indexer/views/module_context.h"
#include "indexer/views/view_json.h"
#include "mcp/arguments.h"
#include "mcp/budget.h"
#include "mcp/repo_session.h"
#include "mcp/tool_schemas.h"

namespace stc::mcp {
namespace {

using nlohmann::json;
using Handler = Result<json> (*)(RepoSession&, const json&);

struct ToolDef {
  const char* name;
  const char* title;
  const char* description;
  json input;
  json output;
  Handler handler;
  std::vector<Trim> trims;  // least useful first
};

// Room for the `output_budget` member itself when fitting a document.
constexpr int64_t kBudgetReserve = 24;

Result<json> run_status(RepoSession& s, const json&) {
  TRY_ASSIGN(auto status, indexer::compute_index_status(s.ws, s.store, 3));
  return indexer::status_json(status);
}

Result<json> run_module(RepoSession& s, const json& args) {
  const std::string root = s.ws.repo.workdir();
  const std::string given = args["path"].get<std::string>();
  const size_t partners = args["max_partners"].get<size_t>();
  auto module =
      indexer::load_module_context(s.store, indexer::repo_relative(root, given, root), partners);
  // A path as the JSON results print it (stc::escape_path: "\xNN" for a byte
  // that is not UTF-8) names the same file.
  if (const std::string raw = stc::unescape_path(given);
      !module && module.error().code == ErrorCode::kNotFound && raw != given) {
    auto unescaped =
        indexer::load_module_context(s.store, indexer::repo_relative(root, raw, root), partners);
    if (unescaped) module = std::move(unescaped);
  }
  if (!module) return tl::unexpected(module.error());
  return indexer::module_json(*module);
}

Result<json> run_search(RepoSession& s, const json& args) {
  const std::string query = args["query"].get<std::string>();
  TRY_ASSIGN(auto hits, s.store.search(query, args["limit"].get<size_t>()));
  auto commits = indexer::search_commits(s.store, query, 3);
  json out = indexer::search_json(query, hits);
  out["commits"] = json::array();
  for (const auto& c : commits ? *commits : std::vector<indexer::CommitHit>{}) {
    out["commits"].push_back(
        {{"oid", c.oid}, {"summary", c.summary}, {"time", c.time}, {"paths", c.paths}});
  }
  return out;
}

json plan_json(const agent::Plan& plan) {
  json files = json::array();
  for (const auto& f : plan.files) {
    files.push_back(
        {{"path", f.path}, {"action", f.action}, {"reason", f.reason}, {"steps", f.steps}});
  }
  return {{"mode", agent::mode_name(plan.mode)},
          {"budget", plan.budget},
          {"files", files},
          {"tokens", {{"prompt", plan.prompt_tokens}, {"completion", plan.completion_tokens}}},
          {"commit", plan.commit},
          {"provider", plan.provider},
          {"model", plan.model},
          {"warnings", plan.warnings}};
}

Result<json> run_plan(RepoSession& s, const json& args) {
  auto choice = llm::provider_or_offline(s.ws.config.llm);
  if (!choice.provider) {
    return fail(ErrorCode::kInternal, "no LLM provider could be made, not even the offline one");
  }
  TRY_ASSIGN(auto env, index_env(s, *choice.provider));
  agent::PlanOptions options{agent::Mode::kIndex, args["budget"].get<int64_t>()};
  TRY_ASSIGN(auto plan, agent::make_plan(env, args["feature"].get<std::string>(), options));
  if (!choice.warning.empty()) {
    plan.warnings.push_back(choice.warning + "; planning with the offline provider instead");
  }
  // Test-time usage is recorded for `stc status` (amortization); best effort.
  if (auto writable = indexer::open_store(s.ws, indexer::StoreAccess::kExisting)) {
    (void)agent::record_usage(*writable, plan);
  }
  return plan_json(plan);
}

const std::vector<ToolDef>& tool_table() {
  static const std::vector<ToolDef> table = {
      {"plan_feature",
       "Plan a feature from the index",
       "Plan a multi-file change before editing: give the feature or fix in plain words; returns "
       "the repository files to modify or create, best first, each with a one-line reason from "
       "the sleep-time index (summaries, likely-change notes, co-change history, anticipated "
       "requests). Call it first for any task that may touch several files, then read only the "
       "files it names.",
       plan_feature_input(),
       plan_feature_output(),
       run_plan,
       {{"files", "steps"}, {"files"}}},
      {"module_context",
       "What the index knows about a file",
       "One file's summary, outline (definitions with signatures and line ranges), likely-change "
       "notes (what else usually changes with it and why), co-change partners, imports and "
       "importers. Cheaper than reading the file: use it to decide whether to open the file and "
       "which related files a change also needs.",
       module_context_input(),
       module_context_output(),
       run_module,
       {{"symbols"},
        {"imports"},
        {"entry_points"},
        {"module_doc", "", TrimUnit::kLines},
        {"usage", "", TrimUnit::kLines},
        {"co_change"},
        {"notes"},
        {"importers"},
        {"depends_on"},
        {"skeleton", "", TrimUnit::kLines},
        {"summary", "", TrimUnit::kLines}}},
      {"search_index",
       "Search the index",
       "Ranked full-text search (BM25) over file paths, symbol names, doc comments and "
       "references of the indexed commit, plus the commits whose messages match. Use it for "
       "\"where is X handled\" questions instead of grep; returns paths with the symbols that "
       "matched.",
       search_index_input(),
       search_index_output(),
       run_search,
       {{"commits", "paths"}, {"commits"}, {"results", "symbols"}, {"results"}}},
      {"index_status",
       "Index freshness",
       "How fresh the index is (indexed commit against HEAD, files changed since), what it holds "
       "and the tokens spent. Other tools already flag a stale index; call this to check it up "
       "front.",
       index_status_input(),
       index_status_output(),
       run_status,
       {{"passes"}}},
  };
  return table;
}

const ToolDef* find_tool(const std::string& name) {
  for (const auto& t : tool_table()) {
    if (name == t.name) return &t;
  }
  return nullptr;
}

json error_result(const std::string& message, const std::string& warning = "") {
  json content = json::array({{{"type", "text"}, {"text", message}}});
  if (!warning.empty()) content.push_back({{"type", "text"}, {"text", warning}});
  return {{"content", content}, {"isError", true}};
}

// `doc` cut to `max_tokens` (estimated, the `output_budget` member included).
json fit_result(const json& doc, int64_t max_tokens, const std::vector<Trim>& trims) {
  int64_t target = max_tokens - kBudgetReserve;
  json out;
  for (int attempt = 0; attempt < 6; ++attempt) {
    out = doc;
    const auto omitted = fit_to_budget(out, target, trims);
    out["output_budget"] = budget_json(max_tokens, 0, omitted);
    for (int settle = 0; settle < 2; ++settle) out["output_budget"]["tokens"] = json_tokens(out);
    const int64_t used = out["output_budget"]["tokens"].get<int64_t>();
    if (used <= max_tokens) break;
    target -= used - max_tokens;
  }
  return out;
}

}  // namespace

json Tools::list() {
  json tools = json::array();
  for (const auto& t : tool_table()) {
    tools.push_back({{"name", t.name},
                     {"title", t.title},
                     {"description", t.description},
                     {"inputSchema", t.input},
                     {"outputSchema", t.output},
                     {"annotations", {{"readOnlyHint", true}, {"openWorldHint", false}}}});
  }
  return tools;
}

bool Tools::has(const std::string& name) { return find_tool(name) != nullptr; }

json Tools::call(const std::string& name, json args) {
  const ToolDef* tool = find_tool(name);
  if (!tool) return error_result("Unknown tool " + name + ".");
  const std::string problem = check_arguments(tool->input, args);
  if (!problem.empty()) {
    return error_result("Invalid arguments for " + name + ": " + problem + ". " + name + " takes " +
                        describe_arguments(tool->input) + ".");
  }
  auto session = open_repo_session(directory_);
  if (!session) return error_result(session.error().message);
  const auto& fresh = (*session)->freshness;
  const std::string warning = fresh.fresh ? "" : "WARNING: " + indexer::staleness_warning(fresh);
  auto doc = tool->handler(**session, args);
  if (!doc) return error_result(doc.error().message, warning);
  (*doc)["index"] = indexer::freshness_json(fresh);
  json structured = fit_result(*doc, args["max_tokens"].get<int64_t>(), tool->trims);
  json content = json::array({{{"type", "text"}, {"text", compact_json(structured)}}});
  if (!warning.empty()) content.push_back({{"type", "text"}, {"text", warning}});
  return {{"content", content}, {"structuredContent", structured}, {"isError", false}};
}

}  // namespace stc::mcp
