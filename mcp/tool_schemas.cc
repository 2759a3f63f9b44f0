#include "mcp/tool_schemas.h"

#include <string>
#include <utility>

#include "agent/agent.h"

namespace stc::mcp {
namespace {

using nlohmann::json;

json type(const char* name) { return {{"type", name}}; }
json str() { return type("string"); }
json integer() { return type("integer"); }
json number() { return type("number"); }
json boolean() { return type("boolean"); }
json nullable_str() { return {{"type", {"string", "null"}}}; }
json array_of(json items) { return {{"type", "array"}, {"items", std::move(items)}}; }
json map_of(json values) {
  return {{"type", "object"}, {"additionalProperties", std::move(values)}};
}

// An object whose listed members are all required, plus `optional` ones.
json object_of(json properties, json optional = json::object()) {
  json required = json::array();
  for (const auto& [name, _] : properties.items()) required.push_back(name);
  for (const auto& [name, schema] : optional.items()) properties[name] = schema;
  return {{"type", "object"}, {"properties", std::move(properties)}, {"required", required}};
}

json max_tokens_argument() {
  return {{"type", "integer"},
          {"minimum", kMinMaxTokens},
          {"maximum", kMaxMaxTokens},
          {"default", kDefaultMaxTokens},
          {"description",
           "Most tokens this result may take; what does not fit is left out and listed in "
           "output_budget.omitted"}};
}

// A tool's inputSchema: `properties` plus max_tokens, nothing else allowed.
json input_schema(json properties, json required) {
  properties["max_tokens"] = max_tokens_argument();
  return {{"type", "object"},
          {"properties", std::move(properties)},
          {"required", std::move(required)},
          {"additionalProperties", false}};
}

json freshness_schema() {
  return object_of({{"indexed_commit", nullable_str()},
                    {"head", nullable_str()},
                    {"fresh", boolean()},
                    {"pending", integer()}},
                   {{"warning", str()}});
}

json budget_schema() {
  json omission = object_of({{"field", str()},
                             {"kept", integer()},
                             {"total", integer()},
                             {"unit", {{"type", "string"}, {"enum", {"items", "lines"}}}}});
  return object_of(
      {{"max_tokens", integer()}, {"tokens", integer()}, {"omitted", array_of(omission)}},
      {{"note", str()}});
}

// `document` (an object_of schema) with the members every tool adds.
json tool_output(json document) {
  document["properties"]["index"] = freshness_schema();
  document["properties"]["output_budget"] = budget_schema();
  document["required"].push_back("index");
  document["required"].push_back("output_budget");
  return document;
}

}  // namespace

json plan_feature_input() {
  return input_schema(
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
      {"feature"});
}

json module_context_input() {
  return input_schema({{"path",
                        {{"type", "string"},
                         {"minLength", 1},
                         {"description", "Repository-relative path, e.g. src/net/client.py"}}},
                       {"max_partners",
                        {{"type", "integer"},
                         {"minimum", 0},
                         {"maximum", 50},
                         {"default", 8},
                         {"description", "Most co-change partners to list"}}}},
                      {"path"});
}

json search_index_input() {
  return input_schema({{"query",
                        {{"type", "string"},
                         {"minLength", 1},
                         {"description", "Words to look for, e.g. \"retry backoff\""}}},
                       {"limit",
                        {{"type", "integer"},
                         {"minimum", 1},
                         {"maximum", 100},
                         {"default", 10},
                         {"description", "Most files to return"}}}},
                      {"query"});
}

json index_status_input() { return input_schema(json::object(), json::array()); }

json plan_feature_output() {
  json file = object_of(
      {{"path", str()}, {"action", str()}, {"reason", str()}, {"steps", array_of(str())}});
  return tool_output(
      object_of({{"mode", str()},
                 {"budget", integer()},
                 {"files", array_of(file)},
                 {"tokens", object_of({{"prompt", integer()}, {"completion", integer()}})},
                 {"commit", str()},
                 {"provider", str()},
                 {"model", str()},
                 {"warnings", array_of(str())}}));
}

json module_context_output() {
  json note = object_of({{"kind", str()},
                         {"text", str()},
                         {"files", array_of(str())},
                         {"evidence", str()},
                         {"confidence", number()}});
  json symbol = object_of({{"name", str()},
                           {"kind", str()},
                           {"start_line", integer()},
                           {"end_line", integer()},
                           {"parent", integer()},
                           {"signature", str()},
                           {"doc", str()}});
  json import =
      object_of({{"source", str()}, {"names", str()}, {"line", integer()}, {"kind", str()}});
  json partner = object_of({{"path", str()}, {"together", integer()}, {"confidence", number()}});
  return tool_output(
      object_of({{"path", str()},
                 {"blob", str()},
                 {"language", str()},
                 {"status", str()},
                 {"lines", integer()},
                 {"has_syntax_errors", boolean()},
                 {"summary", str()},
                 {"summary_provider", str()},
                 {"summary_stale", boolean()},
                 {"entry_points", array_of(str())},
                 {"usage", str()},
                 {"module_doc", str()},
                 {"notes", array_of(note)},
                 {"history", object_of({{"commits", integer()}, {"last_time", integer()}})},
                 {"co_change", array_of(partner)},
                 {"skeleton", str()},
                 {"symbols", array_of(symbol)},
                 {"imports", array_of(import)},
                 {"depends_on", array_of(str())},
                 {"importers", array_of(str())}}));
}

json search_index_output() {
  json hit = object_of({{"path", str()}, {"score", number()}, {"symbols", array_of(str())}});
  json commit = object_of(
      {{"oid", str()}, {"summary", str()}, {"time", integer()}, {"paths", array_of(str())}});
  return tool_output(
      object_of({{"query", str()}, {"results", array_of(hit)}, {"commits", array_of(commit)}}));
}

json index_status_output() {
  json pass = object_of({{"started", integer()},
                         {"finished", integer()},
                         {"trigger", str()},
                         {"commit", str()},
                         {"outcome", str()},
                         {"message", str()},
                         {"files_parsed", integer()},
                         {"commits_mined", integer()},
                         {"llm_calls", integer()},
                         {"sleep_tokens", integer()},
                         {"pending", integer()}});
  json tokens = object_of({{"sleep", integer()},
                           {"test", integer()},
                           {"sleep_calls", integer()},
                           {"test_calls", integer()},
                           {"amortized_per_query", number()}});
  return tool_output(object_of({{"indexed_commit", nullable_str()},
                                {"head", nullable_str()},
                                {"fresh", boolean()},
                                {"pending", integer()},
                                {"indexed_at", {{"type", {"integer", "null"}}}},
                                {"files_total", integer()},
                                {"files_by_status", map_of(integer())},
                                {"skipped", map_of(integer())},
                                {"symbols", integer()},
                                {"deps", integer()},
                                {"store", str()},
                                {"store_bytes", integer()},
                                {"pending_units", integer()},
                                {"commits_mined", integer()},
                                {"artifacts", integer()},
                                {"provider", str()},
                                {"tokens", tokens},
                                {"passes", array_of(pass)}}));
}

}  // namespace stc::mcp
