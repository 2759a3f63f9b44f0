#include "indexer/store/rehearsal_store.h"

#include <sstream>

#include "indexer/store/schema.h"
#include "indexer/store/symbol_pack.h"

namespace stc::indexer::store {

Status RehearsalStore::prune(int version) {
  const std::string same = schema::oid_equals("oid", "commit_oid");
  TRY_ASSIGN(auto del, db_.prepare("DELETE FROM rehearsal_tasks WHERE version <> ?1 OR NOT EXISTS "
                                   "(SELECT 1 FROM commits WHERE " +
                                   same + ")"));
  del.bind(1, static_cast<int64_t>(version));
  TRY(del.run());
  const std::string seq = "(" + schema::commit_seq_by_oid("commit_oid") + ")";
  return db_.exec("UPDATE rehearsal_tasks SET seq = " + seq + " WHERE seq <> " + seq);
}

Result<std::vector<std::string>> RehearsalStore::known(int version) {
  TRY_ASSIGN(
      auto s,
      db_.prepare("SELECT commit_oid FROM rehearsal_tasks WHERE version = ? ORDER BY commit_oid"));
  s.bind(1, static_cast<int64_t>(version));
  return s.first_column_texts();
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
  s.bind(4, row.tokens).bind_blob(5, pack_text(row.data));
  return s.run();
}

Status RehearsalStore::keep_newest(int version, size_t n) {
  TRY_ASSIGN(auto s, db_.prepare("DELETE FROM rehearsal_tasks WHERE version = ?1 AND commit_oid "
                                 "NOT IN (SELECT commit_oid FROM rehearsal_tasks WHERE version = "
                                 "?1 ORDER BY seq DESC LIMIT ?2)"));
  s.bind(1, static_cast<int64_t>(version)).bind(2, static_cast<int64_t>(n));
  return s.run();
}

// Stored in meta as "<version> <hi_seq> <hi_oid> <lo_seq>".
Result<std::optional<RehearsalCursor>> RehearsalStore::cursor(int version) {
  TRY_ASSIGN(auto s, db_.prepare("SELECT value FROM meta WHERE key = 'rehearsal_cursor'"));
  TRY_ASSIGN(bool row, s.step());
  if (!row) return std::optional<RehearsalCursor>();
  std::istringstream in(s.column_text(0));
  int v = 0;
  RehearsalCursor c;
  if (!(in >> v >> c.hi_seq >> c.hi_oid >> c.lo_seq) || v != version)
    return std::optional<RehearsalCursor>();
  if (c.hi_oid == "-") c.hi_oid.clear();
  return std::optional<RehearsalCursor>(c);
}

Status RehearsalStore::set_cursor(int version, const RehearsalCursor& c) {
  TRY_ASSIGN(auto s, db_.prepare("INSERT OR REPLACE INTO meta(key, value) "
                                 "VALUES('rehearsal_cursor', ?)"));
  s.bind(1, std::to_string(version) + " " + std::to_string(c.hi_seq) + " " +
                (c.hi_oid.empty() ? std::string("-") : c.hi_oid) + " " + std::to_string(c.lo_seq));
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
    auto data = column_packed_text(s, 3);
    if (!data) {
      return fail(ErrorCode::kBadInput,
                  damaged_store_message(db_.path(), "the data of practice task " +
                                                        s.column_text(0) + " does not unpack"));
    }
    out.push_back({s.column_text(0), s.column_int(1), s.column_int(2), std::move(*data)});
  }
  return out;
}

Status RehearsalStore::clear() {
  TRY(db_.exec("DELETE FROM meta WHERE key = 'rehearsal_cursor'"));
  return db_.exec("DELETE FROM rehearsal_tasks");
}

Status RehearsalStore::begin_overlay() { return db_.exec("SAVEPOINT rehearsal_as_of"); }

Status RehearsalStore::end_overlay() {
  auto st = db_.exec("ROLLBACK TO rehearsal_as_of");
  auto released = db_.exec("RELEASE rehearsal_as_of");
  return st ? released : st;
}

}  // namespace stc::indexer::store
