#include "indexer/store/artifact_store.h"

#include <ctime>

#include "indexer/store/deflate.h"

namespace stc::indexer::store {
namespace {

// Contents of at least this many bytes are stored deflated (a BLOB; shorter
// ones, and those written before schema 11, are TEXT): the JSON of summaries
// and notes packs to about a third.
constexpr size_t kDeflateFrom = 128;

Result<Artifact> read_artifact(const Statement& s, const std::string& store_path) {
  Artifact a;
  a.kind = s.column_text(0);
  a.subject = s.column_text(1);
  a.input_key = s.column_text(2);
  a.prompt_version = static_cast<int>(s.column_int(3));
  a.provider = s.column_text(4);
  a.model = s.column_text(5);
  if (s.column_is_blob(6)) {
    auto text = inflate_text(s.column_blob(6));
    if (!text) {
      return fail(ErrorCode::kBadInput,
                  damaged_store_message(store_path, "the content of the " + a.kind + " of '" +
                                                        a.subject + "' does not inflate"));
    }
    a.content = std::move(*text);
  } else {
    a.content = s.column_text(6);
  }
  a.tokens = s.column_int(7);
  a.created_at = s.column_int(8);
  return a;
}

constexpr const char* kColumns =
    "kind, subject, input_key, prompt_version, provider, model, content, tokens, created_at";

}  // namespace

Status ArtifactStore::put(const Artifact& a) {
  // The id and the row in one transaction, so ids follow the order of the
  // writes even when two processes write at once.
  if (db_.in_transaction()) return put_row(a);
  TRY(db_.exec("BEGIN IMMEDIATE"));
  auto st = put_row(a);
  if (st) st = db_.exec("COMMIT");
  if (!st) (void)db_.exec("ROLLBACK");
  return st;
}

Result<int64_t> ArtifactStore::next_id() {
  TRY_ASSIGN(auto bump,
             stmts_.get(db_, std::string("UPDATE meta SET value = CAST(value AS INTEGER) "
                                         "+ 1 WHERE key = '") +
                                 kLastIdKey + "' RETURNING value"));
  TRY_ASSIGN(bool row, bump->step());
  if (row) return bump->column_int(0);
  // No mark (a store whose meta row went): the next id after the largest.
  TRY_ASSIGN(auto first,
             stmts_.get(db_, std::string("INSERT INTO meta(key, value) SELECT '") + kLastIdKey +
                                 "', COALESCE(MAX(id), 0) + 1 FROM artifacts "
                                 "RETURNING value"));
  TRY_ASSIGN(row, first->step());
  if (!row) return fail(ErrorCode::kInternal, "artifacts: no id");
  return first->column_int(0);
}

Status ArtifactStore::put_row(const Artifact& a) {
  TRY_ASSIGN(const int64_t id, next_id());
  static const std::string kSql = std::string("INSERT OR REPLACE INTO artifacts(") + kColumns +
                                  ", id) VALUES(?,?,?,?,?,?,?,?,?,?)";
  TRY_ASSIGN(auto s, stmts_.get(db_, kSql));
  s->bind(1, a.kind).bind(2, a.subject).bind(3, a.input_key).bind(4, int64_t{a.prompt_version});
  s->bind(5, a.provider).bind(6, a.model).bind(8, a.tokens);
  std::optional<std::string> packed;
  if (a.content.size() >= kDeflateFrom) packed = deflate_text(a.content);
  if (packed) {
    s->bind_blob(7, *packed);
  } else {
    s->bind(7, a.content);
  }
  s->bind(9, a.created_at ? a.created_at : static_cast<int64_t>(std::time(nullptr)));
  return s->bind(10, id).run();
}

Result<bool> ArtifactStore::has(const std::string& kind, const std::string& subject,
                                const std::string& input_key, int prompt_version,
                                const std::string& provider) {
  TRY_ASSIGN(auto s, stmts_.get(db_,
                                "SELECT 1 FROM artifacts WHERE kind = ? AND subject = ? AND "
                                "input_key = ? AND prompt_version = ? AND provider = ?"));
  s->bind(1, kind).bind(2, subject).bind(3, input_key).bind(4, int64_t{prompt_version});
  s->bind(5, provider);
  return s->step();
}

Result<std::optional<Artifact>> ArtifactStore::exact(const std::string& kind,
                                                     const std::string& subject,
                                                     const std::string& input_key,
                                                     int prompt_version,
                                                     const std::string& provider) {
  static const std::string kSql = std::string("SELECT ") + kColumns +
                                  " FROM artifacts WHERE kind = ? AND subject = ? AND "
                                  "input_key = ? AND prompt_version = ? AND provider = ?";
  TRY_ASSIGN(auto s, stmts_.get(db_, kSql));
  s->bind(1, kind).bind(2, subject).bind(3, input_key).bind(4, int64_t{prompt_version});
  s->bind(5, provider);
  TRY_ASSIGN(bool row, s->step());
  if (!row) return std::optional<Artifact>();
  TRY_ASSIGN(auto a, read_artifact(*s, db_.path()));
  return std::optional<Artifact>(std::move(a));
}

Result<std::optional<Artifact>> ArtifactStore::best(const std::string& kind,
                                                    const std::string& subject,
                                                    const std::string& input_key,
                                                    int prompt_version) {
  static const std::string kSql =
      std::string("SELECT ") + kColumns +
      " FROM artifacts WHERE kind = ?1 AND subject = ?2 AND (?3 = '' OR input_key = ?3) ORDER BY "
      "(prompt_version = ?4) DESC, (provider != 'offline') DESC, prompt_version DESC, created_at "
      "DESC, id DESC LIMIT 1";
  TRY_ASSIGN(auto s, stmts_.get(db_, kSql));
  s->bind(1, kind).bind(2, subject).bind(3, input_key).bind(4, int64_t{prompt_version});
  TRY_ASSIGN(bool row, s->step());
  if (!row) return std::optional<Artifact>();
  TRY_ASSIGN(auto a, read_artifact(*s, db_.path()));
  return std::optional<Artifact>(std::move(a));
}

Result<std::optional<Artifact>> ArtifactStore::newest_of(const std::string& kind,
                                                         const std::string& subject,
                                                         int prompt_version,
                                                         const std::string& provider) {
  static const std::string kSql = std::string("SELECT ") + kColumns +
                                  " FROM artifacts WHERE kind = ? AND subject = ? AND "
                                  "prompt_version = ? AND provider = ? ORDER BY created_at DESC, "
                                  "id DESC LIMIT 1";
  TRY_ASSIGN(auto s, stmts_.get(db_, kSql));
  s->bind(1, kind).bind(2, subject).bind(3, int64_t{prompt_version}).bind(4, provider);
  TRY_ASSIGN(bool row, s->step());
  if (!row) return std::optional<Artifact>();
  TRY_ASSIGN(auto a, read_artifact(*s, db_.path()));
  return std::optional<Artifact>(std::move(a));
}

Result<bool> ArtifactStore::any_of_version(const std::string& kind, int prompt_version) {
  TRY_ASSIGN(auto s, stmts_.get(db_,
                                "SELECT 1 FROM artifacts WHERE kind = ? AND prompt_version = ? "
                                "LIMIT 1"));
  s->bind(1, kind).bind(2, int64_t{prompt_version});
  return s->step();
}

Result<std::vector<std::string>> ArtifactStore::subjects(const std::string& kind,
                                                         const std::string& suffix) {
  TRY_ASSIGN(Statement s, db_.prepare("SELECT DISTINCT subject FROM artifacts WHERE kind = ? AND "
                                      "substr(subject, -length(?2)) = ?2 ORDER BY subject"));
  s.bind(1, kind).bind(2, suffix);
  return s.first_column_texts();
}

Result<std::vector<Artifact>> ArtifactStore::all_of_kind(const std::string& kind) {
  TRY_ASSIGN(Statement s, db_.prepare(std::string("SELECT ") + kColumns +
                                      " FROM artifacts WHERE kind = ? ORDER BY subject, id"));
  s.bind(1, kind);
  std::vector<Artifact> out;
  while (true) {
    TRY_ASSIGN(bool row, s.step());
    if (!row) break;
    TRY_ASSIGN(auto a, read_artifact(s, db_.path()));
    out.push_back(std::move(a));
  }
  return out;
}

Result<std::vector<KindCount>> ArtifactStore::kind_counts() {
  TRY_ASSIGN(Statement s, db_.prepare("SELECT kind, provider, COUNT(*), MAX(created_at) FROM "
                                      "artifacts GROUP BY kind, provider ORDER BY kind, provider"));
  std::vector<KindCount> out;
  while (true) {
    TRY_ASSIGN(bool row, s.step());
    if (!row) break;
    out.push_back({s.column_text(0), s.column_text(1), s.column_int(2), s.column_int(3)});
  }
  return out;
}

Result<std::vector<Artifact>> ArtifactStore::newest(size_t limit) {
  TRY_ASSIGN(Statement s, db_.prepare(std::string("SELECT ") + kColumns +
                                      " FROM artifacts ORDER BY created_at DESC, id DESC LIMIT ?"));
  s.bind(1, static_cast<int64_t>(limit));
  std::vector<Artifact> out;
  while (true) {
    TRY_ASSIGN(bool row, s.step());
    if (!row) break;
    TRY_ASSIGN(auto a, read_artifact(s, db_.path()));
    out.push_back(std::move(a));
  }
  return out;
}

Status ArtifactStore::record_call(const LlmCall& c) {
  TRY_ASSIGN(Statement s,
             db_.prepare("INSERT INTO llm_calls(time, phase, provider, model, purpose, "
                         "prompt_tokens, completion_tokens, ms, ok, error) "
                         "VALUES(?,?,?,?,?,?,?,?,?,?)"));
  s.bind(1, static_cast<int64_t>(std::time(nullptr))).bind(2, c.phase).bind(3, c.provider);
  s.bind(4, c.model).bind(5, c.purpose).bind(6, c.prompt_tokens).bind(7, c.completion_tokens);
  s.bind(8, c.ms).bind(9, int64_t{c.ok}).bind(10, c.error);
  return s.run();
}

Result<int64_t> ArtifactStore::count() { return db_.query_int("SELECT COUNT(*) FROM artifacts"); }

Result<std::vector<std::string>> ArtifactStore::modules_missing_summary(
    int prompt_version, const std::string& provider) {
  TRY_ASSIGN(Statement s, db_.prepare("SELECT f.path FROM files f WHERE f.status = 'indexed' AND "
                                      "NOT EXISTS (SELECT 1 FROM artifacts a WHERE a.kind = "
                                      "'summary' AND a.subject = f.path AND a.input_key = f.oid "
                                      "AND a.prompt_version = ? AND a.provider = ?) ORDER BY "
                                      "f.path"));
  s.bind(1, int64_t{prompt_version}).bind(2, provider);
  return s.first_column_texts();
}

Result<std::vector<std::string>> ArtifactStore::modules_missing(const std::string& kind) {
  TRY_ASSIGN(Statement s, db_.prepare("SELECT f.path FROM files f WHERE f.status = 'indexed' AND "
                                      "NOT EXISTS (SELECT 1 FROM artifacts a WHERE a.kind = ? AND "
                                      "a.subject = f.path) ORDER BY f.path"));
  s.bind(1, kind);
  return s.first_column_texts();
}

Result<TokenTotals> ArtifactStore::token_totals() {
  TRY_ASSIGN(Statement s, db_.prepare("SELECT phase, SUM(prompt_tokens + completion_tokens), "
                                      "COUNT(*) FROM llm_calls GROUP BY phase"));
  TokenTotals t;
  while (true) {
    TRY_ASSIGN(bool row, s.step());
    if (!row) break;
    if (s.column_text(0) == "sleep") {
      t.sleep = s.column_int(1);
      t.sleep_calls = s.column_int(2);
    } else if (s.column_text(0) == "test") {
      t.test = s.column_int(1);
      t.test_calls = s.column_int(2);
    }
  }
  return t;
}

}  // namespace stc::indexer::store
