#pragma once
// JSON codec of the index's read views, shared by the `stc` CLI (`--json`
// output) and the MCP tools (`structuredContent`), so both print the same
// documents. Every file path goes through stc::escape_path (core/text.h):
// valid UTF-8 as is, "\\" for a backslash, "\xNN" for each byte of an
// invalid UTF-8 sequence, so a path can be passed back to `stc show`.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "indexer/store/index_store.h"
#include "indexer/views/index_status.h"
#include "indexer/views/module_context.h"

namespace stc::indexer {

/// {"indexed_commit", "head", "fresh", "pending"} (+ "warning" when stale).
nlohmann::json freshness_json(const Freshness& f);

/// `stc status --json`.
nlohmann::json status_json(const IndexStatus& s);

/// `stc show PATH --json`.
nlohmann::json module_json(const ModuleContext& m);

/// `stc search --json`: {"query", "results": [{"path", "score", "symbols"}]}.
nlohmann::json search_json(const std::string& query, const std::vector<store::SearchHit>& hits);

}  // namespace stc::indexer
