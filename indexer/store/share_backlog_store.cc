#include "indexer/store/share_backlog_store.h"

namespace stc::indexer::store {

namespace {

// Runs `sql` once per key, binding (kind, key), all or nothing (a savepoint).
Status for_each_key(Database& db, const char* sql, const std::string& kind,
                    const std::vector<std::string>& keys) {
  if (keys.empty()) return {};
  TRY_ASSIGN(auto st, db.prepare(sql));
  TRY(db.exec("SAVEPOINT share_backlog"));
  for (const auto& key : keys) {
    st.bind(1, kind).bind(2, key);
    if (auto r = st.run(); !r) {
      (void)db.exec("ROLLBACK TO share_backlog; RELEASE share_backlog");
      return r;
    }
  }
  return db.exec("RELEASE share_backlog");
}

}  // namespace

Status ShareBacklogStore::add(const std::string& kind, const std::vector<std::string>& keys) {
  return for_each_key(db_, "INSERT OR IGNORE INTO share_backlog(kind, key) VALUES(?, ?)", kind,
                      keys);
}

Result<std::vector<std::string>> ShareBacklogStore::list(const std::string& kind, size_t limit) {
  TRY_ASSIGN(auto st,
             db_.prepare("SELECT key FROM share_backlog WHERE kind = ? ORDER BY key LIMIT ?"));
  st.bind(1, kind).bind(2, static_cast<int64_t>(limit));
  return st.first_column_texts();
}

Status ShareBacklogStore::remove(const std::string& kind, const std::vector<std::string>& keys) {
  return for_each_key(db_, "DELETE FROM share_backlog WHERE kind = ? AND key = ?", kind, keys);
}

Result<int64_t> ShareBacklogStore::count() {
  return db_.query_int("SELECT COUNT(*) FROM share_backlog");
}

}  // namespace stc::indexer::store
