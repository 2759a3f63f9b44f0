#pragma once
// The text half of each MCP tool result: compact, plain text a model can use
// directly (the same facts as the JSON half, cut to what fits a prompt).

#include <string>
#include <vector>

#include "agent/agent.h"
#include "indexer/history/history_miner.h"
#include "indexer/index_status.h"
#include "indexer/module_context.h"
#include "indexer/store/index_store.h"

namespace stc::mcp {

/// Most skeleton lines a module_context text shows.
inline constexpr size_t kMaxSkeletonLines = 150;

std::string status_text(const indexer::IndexStatus& s);
std::string module_text(const indexer::ModuleContext& m);
std::string search_text(const std::string& query, const std::vector<store::SearchHit>& hits,
                        const std::vector<indexer::CommitHit>& commits);
std::string plan_text(const agent::Plan& plan);

}  // namespace stc::mcp
