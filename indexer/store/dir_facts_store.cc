#include "indexer/store/dir_facts_store.h"

#include "indexer/store/symbol_pack.h"

namespace stc::indexer::store {

Result<std::string> DirFactsStore::facts_of(const Statement& s, int column,
                                            const std::string& dir) {
  auto facts = column_packed_text(s, column);
  if (!facts) {
    return fail(
        ErrorCode::kBadInput,
        damaged_store_message(db_.path(), "the facts of directory '" + dir + "' do not unpack"));
  }
  return std::move(*facts);
}

Result<std::vector<DirFactsRow>> DirFactsStore::children(const std::string& dir) {
  TRY_ASSIGN(auto s, stmts_.get(db_,
                                "SELECT dir, facts FROM dir_facts WHERE parent = ?1 AND dir != ?1 "
                                "ORDER BY dir"));
  s->bind(1, dir);
  std::vector<DirFactsRow> out;
  while (true) {
    TRY_ASSIGN(bool row, s->step());
    if (!row) break;
    TRY_ASSIGN(std::string facts, facts_of(*s, 1, s->column_text(0)));
    out.push_back(DirFactsRow{s->column_text(0), std::move(facts)});
  }
  return out;
}

Result<std::vector<std::string>> DirFactsStore::dirs_containing(
    const std::vector<std::string>& parts) {
  if (parts.empty()) return std::vector<std::string>{};
  std::string sql = "SELECT dir FROM dir_facts WHERE ";
  for (size_t i = 0; i < parts.size(); ++i) {
    sql += (i ? " OR " : "") + std::string("dir LIKE ?") + std::to_string(i + 1) + " ESCAPE '\\'";
  }
  sql += " ORDER BY dir";
  TRY_ASSIGN(auto s, db_.prepare(sql));
  for (size_t i = 0; i < parts.size(); ++i)
    s.bind(static_cast<int>(i + 1), like_contains(parts[i]));
  return s.first_column_texts();
}

Result<std::optional<std::string>> DirFactsStore::get(const std::string& dir) {
  TRY_ASSIGN(auto s, stmts_.get(db_, "SELECT facts FROM dir_facts WHERE dir = ?"));
  s->bind(1, dir);
  TRY_ASSIGN(bool row, s->step());
  if (!row) return std::optional<std::string>();
  TRY_ASSIGN(std::string facts, facts_of(*s, 0, dir));
  return std::optional<std::string>(std::move(facts));
}

Status DirFactsStore::put(const std::string& dir, const std::string& parent, int64_t importers,
                          const std::string& facts) {
  TRY_ASSIGN(auto s, stmts_.get(db_,
                                "INSERT OR REPLACE INTO dir_facts(dir, parent, importers, facts) "
                                "VALUES(?, ?, ?, ?)"));
  s->bind(1, dir).bind(2, parent).bind(3, importers).bind_blob(4, pack_text(facts));
  return s->run();
}

Result<std::unordered_map<std::string, int64_t>> DirFactsStore::importer_marks() {
  TRY_ASSIGN(auto s, stmts_.get(db_, "SELECT dir, importers FROM dir_facts"));
  return s->text_int_map();
}

Status DirFactsStore::remove(const std::string& dir) {
  TRY_ASSIGN(auto s, stmts_.get(db_, "DELETE FROM dir_facts WHERE dir = ?"));
  s->bind(1, dir);
  return s->run();
}

Status DirFactsStore::clear() { return db_.exec("DELETE FROM dir_facts"); }

Result<int64_t> DirFactsStore::count() { return db_.query_int("SELECT COUNT(*) FROM dir_facts"); }

}  // namespace stc::indexer::store
