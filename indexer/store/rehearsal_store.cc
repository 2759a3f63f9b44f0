#include "indexer/store/rehearsal_store.h"

namespace stc::indexer::store {

Status RehearsalStore::prune(int version) {
  TRY_ASSIGN(auto del, db_.prepare("DELETE FROM rehearsal_tasks WHERE version <> ?1 OR commit_oid "
                                   "NOT IN (SELECT oid FROM commits)"));
  del.bind(1, static_cast<int64_t>(version));
  TRY(del.run());
  return db_.exec(
      "UPDATE rehearsal_tasks SET seq = (SELECT seq FROM commits WHERE oid = commit_oid) "
      "WHERE seq <> (SELECT seq FROM commits WHERE oid = commit_oid)");
}

Result<std::vector<std::string>> RehearsalStore::known(int version) {
  TRY_ASSIGN(auto s, db_.prepare("SELECT commit_oid FROM rehearsal_tasks WHERE version = ?"));
  s.bind(1, static_cast<int64_t>(version));
  std::vector<std::string> out;
  while (true) {
    TRY_ASSIGN(bool row, s.step());
    if (!row) break;
    out.push_back(s.column_text(0));
  }
  return out;
}

Result<int64_t> RehearsalStore::newest_seq(int version) {
  TRY_ASSIGN(auto s,
             db_.prepare("SELECT COALESCE(MAX(seq), -1) FROM rehearsal_tasks WHERE version = ?"));
  s.bind(1, static_cast<int64_t>(version));
  TRY_ASSIGN(bool row, s.step());
  return row ? s.column_int(0) : int64_t{-1};
}

Status RehearsalStore::put(const RehearsalTaskRow& row, int version) {
  TRY_ASSIGN(auto s, db_.prepare("INSERT OR REPLACE INTO rehearsal_tasks(commit_oid, seq, version, "
                                 "tokens, data) VALUES(?, ?, ?, ?, ?)"));
  s.bind(1, row.commit_oid).bind(2, row.seq).bind(3, static_cast<int64_t>(version));
  s.bind(4, row.tokens).bind(5, row.data);
  return s.run();
}

Result<std::vector<RehearsalTaskRow>> RehearsalStore::all(int version) {
  TRY_ASSIGN(auto s, db_.prepare("SELECT commit_oid, seq, tokens, data FROM rehearsal_tasks "
                                 "WHERE version = ? ORDER BY seq"));
  s.bind(1, static_cast<int64_t>(version));
  std::vector<RehearsalTaskRow> out;
  while (true) {
    TRY_ASSIGN(bool row, s.step());
    if (!row) break;
    out.push_back({s.column_text(0), s.column_int(1), s.column_int(2), s.column_text(3)});
  }
  return out;
}

Status RehearsalStore::clear() { return db_.exec("DELETE FROM rehearsal_tasks"); }

Status RehearsalStore::begin_overlay() { return db_.exec("SAVEPOINT rehearsal_as_of"); }

Status RehearsalStore::end_overlay() {
  auto st = db_.exec("ROLLBACK TO rehearsal_as_of");
  auto released = db_.exec("RELEASE rehearsal_as_of");
  return st ? released : st;
}

}  // namespace stc::indexer::store
