#pragma once
// The team share's local backlog (table `share_backlog`): keys of facts and
// artifacts this clone computed whose push to the share failed (server down,
// slow, restarted, disk full). The next pass that reaches the server pushes
// them and removes them here, so a fault loses nothing.
//
// Not thread-safe; shares the IndexStore's connection.

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "indexer/store/sqlite.h"

namespace stc::indexer::store {

class ShareBacklogStore {
 public:
  explicit ShareBacklogStore(Database& db) : db_(db) {}

  /// Remembers `keys` of `kind` ("blob", "artifact" or "record"); known ones stay once.
  [[nodiscard]] Status add(const std::string& kind, const std::vector<std::string>& keys);
  /// Up to `limit` keys of `kind`, in key order.
  [[nodiscard]] Result<std::vector<std::string>> list(const std::string& kind, size_t limit);
  /// Forgets `keys` of `kind` (pushed).
  [[nodiscard]] Status remove(const std::string& kind, const std::vector<std::string>& keys);
  /// Keys waiting, all kinds.
  [[nodiscard]] Result<int64_t> count();

 private:
  Database& db_;
};

}  // namespace stc::indexer::store
