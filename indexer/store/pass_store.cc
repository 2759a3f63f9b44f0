#include "indexer/store/pass_store.h"

namespace stc::indexer::store {

Result<int64_t> PassStore::begin(const std::string& trigger, int64_t now) {
  TRY_ASSIGN(auto st, db_.prepare("INSERT INTO passes(started, trigger, commit_oid, outcome, "
                                  "files_parsed, commits_mined, llm_calls, sleep_tokens, pending, "
                                  "message) VALUES(?, ?, '', 'running', 0, 0, 0, 0, 0, '')"));
  st.bind(1, now).bind(2, trigger);
  TRY(st.run());
  return db_.last_insert_rowid();
}

Status PassStore::finish(int64_t id, const PassRow& r, int64_t now) {
  TRY_ASSIGN(auto st, db_.prepare("UPDATE passes SET finished = ?, commit_oid = ?, outcome = ?, "
                                  "files_parsed = ?, commits_mined = ?, llm_calls = ?, "
                                  "sleep_tokens = ?, pending = ?, message = ?, share_lookups = ?, "
                                  "share_hits = ? WHERE id = ?"));
  st.bind(1, now).bind(2, r.commit).bind(3, r.outcome);
  st.bind(4, r.files_parsed).bind(5, r.commits_mined).bind(6, r.llm_calls);
  st.bind(7, r.sleep_tokens).bind(8, r.pending).bind(9, r.message);
  st.bind(10, r.share_lookups).bind(11, r.share_hits).bind(12, id);
  return st.run();
}

Status PassStore::mark_interrupted(int64_t now) {
  TRY_ASSIGN(auto st, db_.prepare("UPDATE passes SET outcome = 'interrupted', finished = ? WHERE "
                                  "outcome = 'running'"));
  st.bind(1, now);
  return st.run();
}

Result<std::vector<PassRow>> PassStore::last(int n) {
  TRY_ASSIGN(auto st, db_.prepare("SELECT started, COALESCE(finished, 0), trigger, commit_oid, "
                                  "outcome, message, files_parsed, commits_mined, llm_calls, "
                                  "sleep_tokens, pending, share_lookups, share_hits FROM passes "
                                  "ORDER BY id DESC LIMIT ?"));
  st.bind(1, int64_t{n});
  std::vector<PassRow> out;
  while (true) {
    TRY_ASSIGN(bool row, st.step());
    if (!row) break;
    out.push_back(PassRow{st.column_int(0), st.column_int(1), st.column_text(2), st.column_text(3),
                          st.column_text(4), st.column_text(5), st.column_int(6), st.column_int(7),
                          st.column_int(8), st.column_int(9), st.column_int(10), st.column_int(11),
                          st.column_int(12)});
  }
  return out;
}

}  // namespace stc::indexer::store
