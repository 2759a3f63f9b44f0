#include "mcp/tools.h"

#include <vector>

#include "indexer/history/history_miner.h"
#include "indexer/module_context.h"
#include "mcp/repo_session.h"
#include "mcp/tool_text.h"
#include "mcp/view_json.h"

namespace stc::mcp {
namespace {

using nlohmann::json;
using Handler = ToolOutcome (*)(RepoSession&, const json&);

struct ToolDef {
  const char* name;
  const char* title;
  const char* description;
  json schema;
  Handler handler;
};

ToolOutcome failure(const std::string& message) { return {message + "\n", json::object(), true}; }

ToolOutcome run_status(RepoSession& s, const json&) {
  auto status = indexer::compute_index_status(s.ws, s.store, 3);
  if (!status) return failure(status.error().message);
  return {status_text(*status), status_json(*status)};
}

ToolOutcome run_module(RepoSession& s, const json& args) {
  const std::string typed = args["path"].get<std::string>();
  const std::string root = s.ws.repo.workdir();
  const std::string path = indexer::repo_relative(root, typed, root);
  const size_t partners = args["max_partners"].get<size_t>();
  auto module = indexer::load_module_context(s.store, path, partners);
  if (!module) return failure(module.error().message);
  return {module_text(*module), module_json(*module)};
}

ToolOutcome run_search(RepoSession& s, const json& args) {
  const std::string query = args["query"].get<std::string>();
  auto hits = s.store.search(query, args["limit"].get<size_t>());
  if (!hits) return failure(hits.error().message);
  auto commits = indexer::search_commits(s.store, query, 3);
  std::vector<indexer::CommitHit> found = commits ? *commits : std::vector<indexer::CommitHit>{};
  json out = search_json(query, *hits);
  out["commits"] = json::array();
  for (const auto& c : found) {
    out["commits"].push_back(
        {{"oid", c.oid}, {"summary", c.summary}, {"time", c.time}, {"paths", c.paths}});
  }
  return {search_text(query, *hits, found), out};
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

ToolOutcome run_plan(RepoSession& s, const json& args) {
  auto choice = configured_or_offline(s.ws.config);
  if (!choice.provider) return failure("no LLM provider could be made, not even the offline one");
  auto env = index_env(s, *choice.provider);
  if (!env) return failure(env.error().message);
  agent::PlanOptions options{agent::Mode::kIndex, args["budget"].get<int64_t>()};
  auto plan = agent::make_plan(*env, args["feature"].get<std::string>(), options);
  if (!plan) return failure(plan.error().message);
  if (!choice.warning.empty()) plan->warnings.push_back(choice.warning);
  // Test-time usage is recorded for `stc status` (amortization); best effort.
  if (auto writable = indexer::open_store(s.ws, indexer::StoreAccess::kExisting)) {
    (void)agent::record_usage(*writable, *plan);
  }
  return {plan_text(*plan), plan_json(*plan)};
}

json object_schema(json properties, json required) {
  return {{"type", "object"},
          {"properties", std::move(properties)},
          {"required", std::move(required)},
          {"additionalProperties", false}};
}

const std::vector<ToolDef>& tool_table() {
  static const std::vector<ToolDef> table = {
      {"plan_feature", "Plan a feature from the index",
       "Plan a multi-file change before editing: give the feature or fix in plain words; returns "
       "the "
       "repository files to modify or create, best first, each with a one-line reason from the "
       "sleep-time index (summaries, likely-change notes, co-change history, anticipated "
       "requests). "
       "Call it first for any task that may touch several files, then read only the files it "
       "names.",
       object_schema(
           {{"feature",
             {{"type", "string"},
              {"minLength", 1},
              {"description", "The request, e.g. \"Add proxy support to the HTTP client\""}}},
            {"budget",
             {{"type", "integer"},
              {"minimum", 100},
              {"maximum", 200000},
              {"default", agent::kDefaultBudget},
              {"description", "Most tokens of index context the planner may read"}}}},
           {"feature"}),
       run_plan},
      {"module_context", "What the index knows about a file",
       "One file's summary, outline (definitions with signatures and line ranges), likely-change "
       "notes "
       "(what else usually changes with it and why), co-change partners, imports and importers. "
       "Cheaper than reading the file: use it to decide whether to open the file and which related "
       "files a change also needs.",
       object_schema({{"path",
                       {{"type", "string"},
                        {"minLength", 1},
                        {"description", "Repository-relative path, e.g. src/net/client.py"}}},
                      {"max_partners",
                       {{"type", "integer"},
                        {"minimum", 0},
                        {"maximum", 50},
                        {"default", 8},
                        {"description", "Most co-change partners to list"}}}},
                     {"path"}),
       run_module},
      {"search_index", "Search the index",
       "Ranked full-text search (BM25) over file paths, symbol names, doc comments and references "
       "of "
       "the indexed commit, plus the commits whose messages match. Use it for \"where is X "
       "handled\" "
       "questions instead of grep; returns paths with the symbols that matched.",
       object_schema({{"query",
                       {{"type", "string"},
                        {"minLength", 1},
                        {"description", "Words to look for, e.g. \"retry backoff\""}}},
                      {"limit",
                       {{"type", "integer"},
                        {"minimum", 1},
                        {"maximum", 100},
                        {"default", 10},
                        {"description", "Most files to return"}}}},
                     {"query"}),
       run_search},
      {"index_status", "Index freshness",
       "How fresh the index is (indexed commit against HEAD, files changed since), what it holds "
       "and "
       "the tokens spent. Other tools already flag a stale index; call this to check it up front.",
       object_schema(json::object(), json::array()), run_status},
  };
  return table;
}

const ToolDef* find_tool(const std::string& name) {
  for (const auto& t : tool_table()) {
    if (name == t.name) return &t;
  }
  return nullptr;
}

}  // namespace

json Tools::list() {
  json tools = json::array();
  for (const auto& t : tool_table()) {
    tools.push_back({{"name", t.name},
                     {"title", t.title},
                     {"description", t.description},
                     {"inputSchema", t.schema},
                     {"annotations", {{"readOnlyHint", true}, {"openWorldHint", false}}}});
  }
  return tools;
}

const json* Tools::input_schema(const std::string& name) {
  const ToolDef* t = find_tool(name);
  return t ? &t->schema : nullptr;
}

ToolOutcome Tools::call(const std::string& name, const json& args) {
  const ToolDef* tool = find_tool(name);
  if (!tool) return failure("unknown tool " + name);
  auto session = open_repo_session(directory_);
  if (!session) return failure(session.error().message);
  ToolOutcome out = tool->handler(**session, args);
  const auto& fresh = (*session)->freshness;
  if (!out.structured.is_object()) out.structured = {{"result", out.structured}};
  out.structured["index"] = freshness_json(fresh);
  if (!fresh.fresh) out.text = "WARNING: " + indexer::staleness_warning(fresh) + "\n\n" + out.text;
  return out;
}

}  // namespace stc::mcp
