#include "indexer/history/history_tables.h"

#include <unordered_set>

#include "core/commit_message.h"
#include "core/text.h"
#include "indexer/history/decay.h"
#include "indexer/store/schema.h"

namespace stc::indexer::history {
namespace {

// Column values go through CAST(? AS REAL) because the store binds only
// integers and text; real_text() round-trips exactly.
// A plain INSERT after deleting what it would replace: INSERT OR REPLACE on
// a table with two unique keys (seq, the rowid, and oid) runs under a
// statement savepoint, and every savepoint makes FTS5 flush commit_search's
// pending rows (a segment per commit, then merges: the first pass over 50k
// commits took 20 % longer).
// Commits are found by id through the index on its first 8 digits
// (store::schema::commit_seq_by_oid). The row with the id is looked up
// first and deleted by seq, like the row at the new seq: a DELETE that
// finds its rows through that index runs under a statement savepoint too.
const char* const kDeleteCommit = "DELETE FROM commits WHERE seq = ?";
const char* const kInsertCommit =
    "INSERT INTO commits(oid, seq, time, author, summary, message, parents, files, "
    "skipped) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)";
// Paths are stored once, in history_paths, and named by id (schema 12).
const char* const kInsertCommitFile =
    "INSERT OR REPLACE INTO commit_files(seq, path_id, change, old_path_id) VALUES(?, ?, ?, ?)";
const char* const kFindPath = "SELECT id FROM history_paths WHERE path = ?";
const char* const kAddPath = "INSERT INTO history_paths(path) VALUES(?)";
// commit_search is contentless (the text is in commits and commit_files) and
// keyed by commits.seq; its rows only ever go all at once ('delete-all').
const char* const kInsertSearch =
    "INSERT INTO commit_search(rowid, message, paths) VALUES(?, ?, ?)";

const char* const kFileMerge =
    " ON CONFLICT(path) DO UPDATE SET commits = commits + excluded.commits, "
    "first_time = min(first_time, excluded.first_time), "
    "last_time = max(last_time, excluded.last_time), decayed = decayed + excluded.decayed";
// Pairs name their files by file_history.id (schema 11), smaller id first.
const char* const kPairMerge =
    " ON CONFLICT(a, b) DO UPDATE SET count = count + excluded.count, "
    "decayed = decayed + excluded.decayed, last_time = max(last_time, excluded.last_time)";

const std::string kAddFile =
    std::string(
        "INSERT INTO file_history(path, commits, first_time, last_time, decayed) "
        "VALUES(?, ?, ?, ?, CAST(? AS REAL))") +
    kFileMerge + " RETURNING id";
// ?1 < ?2: the two files' ids.
const std::string kAddPair = std::string(
                                 "INSERT INTO cochange(a, b, count, decayed, last_time) "
                                 "VALUES(?, ?, ?, CAST(? AS REAL), ?)") +
                             kPairMerge;
// ?1 = the old path's id, ?2 = the new path's id.
const std::string kRenamePairs =
    std::string(
        "INSERT INTO cochange(a, b, count, decayed, last_time) "
        "SELECT min(?2, other), max(?2, other), count, decayed, last_time FROM ("
        "SELECT b AS other, count, decayed, last_time FROM cochange WHERE a = ?1 "
        "UNION ALL SELECT a, count, decayed, last_time FROM cochange WHERE b = ?1) "
        "WHERE other != ?2") +
    kPairMerge;
// A path has pair rows only if it has a file row, so this tells whether
// there is anything more to move or delete.
const char* const kReadFile =
    "SELECT id, commits, first_time, last_time, decayed FROM file_history WHERE path = ?";
const char* const kDeleteFile = "DELETE FROM file_history WHERE id = ?";
const char* const kDeletePairsA = "DELETE FROM cochange WHERE a = ?";
const char* const kDeletePairsB = "DELETE FROM cochange WHERE b = ?";

const char* const kClear =
    "DELETE FROM commits; DELETE FROM commit_files; DELETE FROM history_paths; "
    "INSERT INTO commit_search(commit_search) VALUES('delete-all'); "
    "DELETE FROM file_history; DELETE FROM cochange; DELETE FROM rehearsal_tasks; "
    "DELETE FROM pattern_commits; DELETE FROM meta WHERE key LIKE 'history\\_%' "
    "ESCAPE '\\';";

// Distinct path words of the changed files (old paths of renames included).
std::string search_paths(const std::vector<git::FileChange>& files) {
  std::unordered_set<std::string> seen;
  std::string out;
  auto add = [&](const std::string& path) {
    for (auto& w : stc::split_words(path)) {
      if (!seen.insert(w).second) continue;
      if (!out.empty()) out += ' ';
      out += w;
    }
  };
  for (const auto& f : files) {
    add(f.path);
    if (!f.old_path.empty()) add(f.old_path);
  }
  return out;
}

}  // namespace

struct HistoryTables::Statements {
  store::Statement find_commit, delete_commit, commit, commit_file, find_path, add_path, search,
      add_file, add_pair;
  store::Statement rename_pairs, read_file, delete_file, delete_pairs_a, delete_pairs_b;
};

HistoryTables::HistoryTables(store::Database& db, std::unique_ptr<Statements> s)
    : db_(&db), s_(std::move(s)) {}
HistoryTables::HistoryTables(HistoryTables&&) noexcept = default;
HistoryTables& HistoryTables::operator=(HistoryTables&&) noexcept = default;
HistoryTables::~HistoryTables() = default;

Result<HistoryTables> HistoryTables::prepare(store::Database& db) {
  TRY_ASSIGN(auto find_commit, db.prepare(store::schema::commit_seq_by_oid("?1")));
  TRY_ASSIGN(auto delete_commit, db.prepare(kDeleteCommit));
  TRY_ASSIGN(auto commit, db.prepare(kInsertCommit));
  TRY_ASSIGN(auto commit_file, db.prepare(kInsertCommitFile));
  TRY_ASSIGN(auto find_path, db.prepare(kFindPath));
  TRY_ASSIGN(auto add_path, db.prepare(kAddPath));
  TRY_ASSIGN(auto search, db.prepare(kInsertSearch));
  TRY_ASSIGN(auto add_file, db.prepare(kAddFile));
  TRY_ASSIGN(auto add_pair, db.prepare(kAddPair));
  TRY_ASSIGN(auto rename_pairs, db.prepare(kRenamePairs));
  TRY_ASSIGN(auto read_file, db.prepare(kReadFile));
  TRY_ASSIGN(auto delete_file, db.prepare(kDeleteFile));
  TRY_ASSIGN(auto delete_pairs_a, db.prepare(kDeletePairsA));
  TRY_ASSIGN(auto delete_pairs_b, db.prepare(kDeletePairsB));
  auto s = std::unique_ptr<Statements>(new Statements{
      std::move(find_commit), std::move(delete_commit), std::move(commit), std::move(commit_file),
      std::move(find_path), std::move(add_path), std::move(search), std::move(add_file),
      std::move(add_pair), std::move(rename_pairs), std::move(read_file), std::move(delete_file),
      std::move(delete_pairs_a), std::move(delete_pairs_b)});
  return HistoryTables(db, std::move(s));
}

Status HistoryTables::clear() { return db_->exec(kClear); }

Status HistoryTables::put_commit(const git::CommitChanges& c, int64_t seq, bool skipped) {
  const std::string oid = c.id.hex();
  const std::string message = stc::sanitize_utf8(c.message);
  s_->find_commit.bind(1, oid);
  TRY_ASSIGN(const bool found, s_->find_commit.step());
  const int64_t old_seq = found ? s_->find_commit.column_int(0) : seq;
  s_->find_commit.reset();
  if (old_seq != seq) TRY(s_->delete_commit.bind(1, old_seq).run());
  TRY(s_->delete_commit.bind(1, seq).run());
  s_->commit.bind(1, oid).bind(2, seq).bind(3, c.time).bind(4, stc::sanitize_utf8(c.author));
  // The summary is stored only when the message does not give it back
  // (commit_summary; schema 13): otherwise '' (history_queries.h).
  const std::string summary = stc::sanitize_utf8(c.summary);
  s_->commit.bind(5, commit_summary(message) == summary ? std::string() : summary);
  s_->commit.bind(6, message);
  s_->commit.bind(7, int64_t{c.parents}).bind(8, static_cast<int64_t>(c.files.size()));
  TRY(s_->commit.bind(9, int64_t{skipped}).run());
  for (const auto& f : c.files) {
    const char kind[2] = {f.kind, '\0'};
    TRY_ASSIGN(const int64_t path, path_id(f.path));
    int64_t old_path = 0;  // none
    if (!f.old_path.empty()) {
      TRY_ASSIGN(const int64_t id, path_id(f.old_path));
      old_path = id;
    }
    s_->commit_file.bind(1, seq).bind(2, path).bind(3, std::string_view(kind, 1));
    TRY(s_->commit_file.bind(4, old_path).run());
  }
  return s_->search.bind(1, seq).bind(2, message).bind(3, search_paths(c.files)).run();
}

Result<int64_t> HistoryTables::path_id(const std::string& path) {
  s_->find_path.bind(1, path);
  TRY_ASSIGN(const bool row, s_->find_path.step());
  if (row) {
    const int64_t id = s_->find_path.column_int(0);
    s_->find_path.reset();
    return id;
  }
  s_->find_path.reset();
  TRY(s_->add_path.bind(1, path).run());
  return db_->last_insert_rowid();
}

Result<int64_t> HistoryTables::add_file(const std::string& path, const FileCounts& counts) {
  store::Statement& s = s_->add_file;
  s.bind(1, path).bind(2, counts.commits).bind(3, counts.first_time);
  s.bind(4, counts.last_time).bind(5, real_text(counts.decayed));
  TRY_ASSIGN(bool row, s.step());
  const int64_t id = row ? s.column_int(0) : 0;
  TRY(s.run());
  if (!row) return fail(ErrorCode::kInternal, "history: no file row for " + path);
  return id;
}

Status HistoryTables::add_pair(int64_t a, int64_t b, const PairCounts& counts) {
  if (b < a) std::swap(a, b);
  s_->add_pair.bind(1, a).bind(2, b).bind(3, counts.count);
  return s_->add_pair.bind(4, real_text(counts.decayed)).bind(5, counts.last_time).run();
}

Result<std::optional<HistoryTables::FileRow>> HistoryTables::read_file(const std::string& path) {
  store::Statement& s = s_->read_file;
  s.bind(1, path);
  TRY_ASSIGN(bool row, s.step());
  std::optional<FileRow> out;
  if (row) {
    out = FileRow{s.column_int(0),
                  {s.column_int(1), s.column_int(2), s.column_int(3), s.column_double(4)}};
  }
  s.reset();
  return out;
}

// The new path's row is made before the old one goes, so it never takes
// the old row's id (SQLite reuses the largest rowid once it is deleted).
Status HistoryTables::rename(const std::string& from, const std::string& to) {
  if (from == to) return {};
  TRY_ASSIGN(auto old, read_file(from));
  if (!old) return {};
  TRY_ASSIGN(const int64_t to_id, add_file(to, old->counts));
  TRY(s_->rename_pairs.bind(1, old->id).bind(2, to_id).run());
  return forget(old->id);
}

Status HistoryTables::remove(const std::string& path) {
  TRY_ASSIGN(auto old, read_file(path));
  return old ? forget(old->id) : Status{};
}

Status HistoryTables::forget(int64_t id) {
  TRY(s_->delete_pairs_a.bind(1, id).run());
  TRY(s_->delete_pairs_b.bind(1, id).run());
  return s_->delete_file.bind(1, id).run();
}

}  // namespace stc::indexer::history
