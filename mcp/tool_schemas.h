#pragma once
// The JSON Schemas of the MCP tools: what each accepts (inputSchema) and
// what its structuredContent holds (outputSchema). Output schemas list
// every member a result always has as required, so a client validating
// results (the TypeScript SDK does) catches a drift between the documents
// and their schemas. Draft-07 keywords only, which 2020-12 also reads.

#include <cstdint>

#include <nlohmann/json.hpp>

namespace stc::mcp {

/// The `max_tokens` argument every tool takes: the most tokens (estimated)
/// its result may take; what does not fit is left out and listed. A few
/// members are never cut (paths, counts, freshness), so a result can exceed
/// a budget near the minimum; output_budget.tokens then says by how much.
inline constexpr int64_t kDefaultMaxTokens = 2000;
inline constexpr int64_t kMinMaxTokens = 500;
inline constexpr int64_t kMaxMaxTokens = 100000;

/// Input schemas.
nlohmann::json plan_feature_input();
nlohmann::json module_context_input();
nlohmann::json search_index_input();
nlohmann::json index_status_input();

/// Output schemas: the document of view_json.h (or the plan's) plus the
/// members every tool adds, `index` (freshness) and `output_budget`.
nlohmann::json plan_feature_output();
nlohmann::json module_context_output();
nlohmann::json search_index_output();
nlohmann::json index_status_output();

}  // namespace stc::mcp
