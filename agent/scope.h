#pragma once
// Subtree scope at test time (`--scope DIR`): the one filter that search,
// plans and context apply to candidate paths. The index stays whole; only
// results outside the scope are dropped.

#include <string>
#include <vector>

#include "core/path_scope.h"
#include "core/result.h"
#include "indexer/store/index_store.h"

namespace stc::agent {

/// Most hits a scoped search ranks before filtering: enough that a narrow
/// subtree of a large repository still fills `limit`.
inline constexpr size_t kScopedSearchPool = 500;

/// `store.search(query, limit)` restricted to `scope`: the best `limit` hits
/// inside it, in BM25 order. Errors: kStore.
Result<std::vector<indexer::store::SearchHit>> scoped_search(indexer::store::IndexStore& store,
                                                             const std::string& query, size_t limit,
                                                             const PathScope& scope);

}  // namespace stc::agent
