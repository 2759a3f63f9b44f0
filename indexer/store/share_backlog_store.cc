#include "indexer/store/share_backlog_store.h"

namespace stc::indexer::store {

Status ShareBacklogStore::add(const std::string& kind, const std::vector<std::string>& keys) {
  if (keys.empty()) return {};
  TRY_ASSIGN(auto st, db_.prepare("INSERT OR IGNORE INTO share_backlog(kind, key) VALUES(?, ?)"));
  TRY(db_.exec("SAVEPOINT share_backlog_add"));
  for (const auto& key : keys) {
    st.bind(1, kind).bind(2, key);
    if (auto r = st.run(); !r) {
      (void)db_.exec("ROLLBACK TO share_backlog_add; RELEASE share_backlog_add");
      return r;
    }
  }
  return db_.exec("RELEASE share_backlog_add");
}

Result<std::vector<std::string>> ShareBacklogStore::list(const std::string& kind, size_t limit) {
  TRY_ASSIGN(auto st,
             db_.prepare("SELECT key FROM share_backlog WHERE kind = ? ORDER BY key LIMIT ?"));
  st.bind(1, kind).bind(2, static_cast<int64_t>(limit));
  std::vector<std::string> out;
  while (true) {
    TRY_ASSIGN(bool row, st.step());
    if (!row) break;
    out.push_back(st.column_text(0));
  }
  return out;
}

Status ShareBacklogStore::remove(const std::string& kind, const std::vector<std::string>& keys) {
  if (keys.empty()) return {};
  TRY_ASSIGN(auto st, db_.prepare("DELETE FROM share_backlog WHERE kind = ? AND key = ?"));
  TRY(db_.exec("SAVEPOINT share_backlog_remove"));
  for (const auto& key : keys) {
    st.bind(1, kind).bind(2, key);
    if (auto r = st.run(); !r) {
      (void)db_.exec("ROLLBACK TO share_backlog_remove; RELEASE share_backlog_remove");
      return r;
    }
  }
  return db_.exec("RELEASE share_backlog_remove");
}

Result<int64_t> ShareBacklogStore::count() {
  return db_.query_int("SELECT COUNT(*) FROM share_backlog");
}

}  // namespace stc::indexer::store
