#include "agent/scope.h"

#include <algorithm>

namespace stc::agent {

Result<std::vector<indexer::store::SearchHit>> scoped_search(indexer::store::IndexStore& store,
                                                             const std::string& query, size_t limit,
                                                             const PathScope& scope) {
  if (scope.whole()) return store.search(query, limit);
  TRY_ASSIGN(auto hits, store.search(query, std::max(limit, kScopedSearchPool)));
  std::erase_if(hits, [&](const indexer::store::SearchHit& h) { return !scope.contains(h.path); });
  if (hits.size() > limit) hits.resize(limit);
  return hits;
}

}  // namespace stc::agent
