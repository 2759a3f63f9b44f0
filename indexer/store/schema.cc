#include "indexer/store/schema.h"

#include <iterator>
#include <set>
#include <utility>
#include <vector>

#include "indexer/store/symbol_pack.h"
#include "indexer/syntax/facts.h"

namespace stc::indexer::store::schema {
namespace {

// Forward migrations: kMigrations[i] upgrades a store from version i to i + 1.
const char* const kMigrations[] = {
    R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE blobs(
  id INTEGER PRIMARY KEY,
  oid TEXT NOT NULL,
  lang TEXT NOT NULL,
  extractor INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  lines INTEGER NOT NULL,
  has_errors INTEGER NOT NULL,
  skeleton TEXT NOT NULL,
  module_doc TEXT NOT NULL,
  names TEXT NOT NULL,
  doc TEXT NOT NULL,
  refs TEXT NOT NULL,
  UNIQUE(oid, lang));
CREATE TABLE symbols(
  blob INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  parent INTEGER NOT NULL,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  start_line INTEGER NOT NULL,
  end_line INTEGER NOT NULL,
  signature TEXT NOT NULL,
  doc TEXT NOT NULL);
CREATE TABLE imports(
  blob INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  source TEXT NOT NULL,
  names TEXT NOT NULL,
  line INTEGER NOT NULL,
  kind TEXT NOT NULL);
CREATE TABLE files(
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  oid TEXT NOT NULL,
  lang TEXT NOT NULL,
  status TEXT NOT NULL,
  blob INTEGER NOT NULL);
CREATE TABLE deps(src TEXT NOT NULL, dst TEXT NOT NULL, PRIMARY KEY(src, dst)) WITHOUT ROWID;
CREATE VIRTUAL TABLE search USING fts5(
  path UNINDEXED, path_tokens, names, doc, refs, tokenize = 'porter unicode61');
)sql",
    // v2: history mining, sleep-time artifacts, LLM call accounting, passes.
    R"sql(
CREATE TABLE commits(
  oid TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,            -- order along the mined first-parent chain, oldest = 1
  time INTEGER NOT NULL,           -- committer time
  author TEXT NOT NULL,
  summary TEXT NOT NULL,
  message TEXT NOT NULL,
  parents INTEGER NOT NULL,
  files INTEGER NOT NULL,          -- paths changed against the first parent
  skipped INTEGER NOT NULL         -- 1 when over the mass-change threshold (no co-change counted)
) WITHOUT ROWID;
CREATE TABLE commit_files(
  commit_oid TEXT NOT NULL,
  path TEXT NOT NULL,              -- path after the commit (the old path for deletions)
  change TEXT NOT NULL,            -- A, M, D or R
  old_path TEXT NOT NULL,          -- for R, the path before
  PRIMARY KEY(commit_oid, path)) WITHOUT ROWID;
CREATE TABLE file_history(
  path TEXT PRIMARY KEY,           -- current path (renames re-key the row)
  commits INTEGER NOT NULL,
  first_time INTEGER NOT NULL,
  last_time INTEGER NOT NULL,
  decayed REAL NOT NULL            -- sum of exp((t - 2000-01-01) / tau) over its commits
) WITHOUT ROWID;
CREATE TABLE cochange(
  a TEXT NOT NULL,                 -- a < b
  b TEXT NOT NULL,
  count INTEGER NOT NULL,
  decayed REAL NOT NULL,
  last_time INTEGER NOT NULL,
  PRIMARY KEY(a, b)) WITHOUT ROWID;
CREATE VIRTUAL TABLE commit_search USING fts5(
  oid UNINDEXED, message, paths, tokenize = 'porter unicode61');
CREATE TABLE artifacts(
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,              -- summary, notes, dir_summary, overview, anticipation
  subject TEXT NOT NULL,           -- file path, directory, or '' for the repository
  input_key TEXT NOT NULL,         -- content key of the inputs (blob oid, hash of inputs)
  prompt_version INTEGER NOT NULL,
  provider TEXT NOT NULL,          -- offline, openai, anthropic
  model TEXT NOT NULL,
  content TEXT NOT NULL,           -- JSON
  tokens INTEGER NOT NULL,         -- LLM tokens spent producing it (0 offline)
  created_at INTEGER NOT NULL,
  UNIQUE(kind, subject, input_key, prompt_version, provider));
CREATE TABLE llm_calls(
  id INTEGER PRIMARY KEY,
  time INTEGER NOT NULL,
  phase TEXT NOT NULL,             -- sleep or test
  provider TEXT NOT NULL,
  model TEXT NOT NULL,
  purpose TEXT NOT NULL,
  prompt_tokens INTEGER NOT NULL,
  completion_tokens INTEGER NOT NULL,
  ms INTEGER NOT NULL,
  ok INTEGER NOT NULL,
  error TEXT NOT NULL);
CREATE TABLE passes(
  id INTEGER PRIMARY KEY,
  started INTEGER NOT NULL,
  finished INTEGER,
  trigger TEXT NOT NULL,
  commit_oid TEXT NOT NULL,
  outcome TEXT NOT NULL,           -- running, ok, failed, partial
  files_parsed INTEGER NOT NULL,
  commits_mined INTEGER NOT NULL,
  llm_calls INTEGER NOT NULL,
  sleep_tokens INTEGER NOT NULL,
  pending INTEGER NOT NULL,
  message TEXT NOT NULL);
)sql",
    // 2 -> 3: rehearsal's practice tasks (feature vectors as of each past commit).
    R"sql(
CREATE TABLE IF NOT EXISTS rehearsal_tasks(
  commit_oid TEXT PRIMARY KEY,     -- the practice commit
  seq INTEGER NOT NULL,            -- its position in the mined history when computed
  version INTEGER NOT NULL,        -- feature version (stale rows are recomputed)
  tokens INTEGER NOT NULL,         -- estimated tokens of the context it assembled
  data TEXT NOT NULL               -- JSON: request, gold files, candidates with features
) WITHOUT ROWID;
)sql",
    // 3 -> 4: the per-commit memo of the change-pattern window (history/pattern_memo.h).
    R"sql(
CREATE TABLE IF NOT EXISTS pattern_commits(
  seq INTEGER PRIMARY KEY,         -- commits.seq
  oid TEXT NOT NULL,
  time INTEGER NOT NULL,
  summary TEXT NOT NULL,
  files TEXT NOT NULL              -- "<change><length> <path>" per changed path, in path order
);
)sql",
    // 4 -> 5: the team share (indexer/share/): keys computed here whose push
    // to the server failed, pushed by the next pass; the share's lookups and
    // hits per pass.
    R"sql(
CREATE TABLE IF NOT EXISTS share_backlog(
  kind TEXT NOT NULL,              -- blob ("oid:lang") or artifact (its key, unit-separated)
  key TEXT NOT NULL,
  PRIMARY KEY(kind, key)) WITHOUT ROWID;
ALTER TABLE passes ADD COLUMN share_lookups INTEGER NOT NULL DEFAULT 0;
ALTER TABLE passes ADD COLUMN share_hits INTEGER NOT NULL DEFAULT 0;
)sql",
    // 5 -> 6: no second copy of the search text. `search` becomes an
    // external-content FTS5 table over the view search_rows (files joined to
    // their blobs' names, doc and refs; the path tokens computed), so its
    // rows must be deleted with the values they were inserted with (the
    // 'delete' command, IndexStore::delete_file). `commit_search` becomes
    // contentless (the text stays in commits and commit_files), keyed by
    // commits.seq; the old rows move over as they are (one per commit).
    R"sql(
DROP TABLE search;
CREATE VIEW search_rows AS SELECT f.id AS id, f.path AS path,
  stc_path_tokens(f.path) AS path_tokens, COALESCE(b.names, '') AS names,
  COALESCE(b.doc, '') AS doc, COALESCE(b.refs, '') AS refs
  FROM files f LEFT JOIN blobs b ON f.blob != 0 AND b.id = f.blob;
CREATE VIRTUAL TABLE search USING fts5(path UNINDEXED, path_tokens, names, doc, refs,
  content = 'search_rows', content_rowid = 'id', tokenize = 'porter unicode61');
INSERT INTO search(search) VALUES('rebuild');
CREATE VIRTUAL TABLE commit_search_v6 USING fts5(message, paths, content = '',
  tokenize = 'porter unicode61');
INSERT INTO commit_search_v6(rowid, message, paths)
  SELECT c.seq, s.message, s.paths
  FROM (SELECT oid, message, paths, MIN(rowid) FROM commit_search GROUP BY oid) s
  JOIN commits c ON c.oid = s.oid ORDER BY c.seq;
DROP TABLE commit_search;
ALTER TABLE commit_search_v6 RENAME TO commit_search;
)sql",
    // 6 -> 7: commit_files keyed by commits.seq instead of the 40-character
    // commit id (in the table and again in its path index); a commit's rows
    // stay together, in path order.
    R"sql(
CREATE TABLE commit_files_v7(
  seq INTEGER NOT NULL,            -- commits.seq
  path TEXT NOT NULL,              -- path after the commit (the old path for deletions)
  change TEXT NOT NULL,            -- A, M, D or R
  old_path TEXT NOT NULL,          -- for R, the path before
  PRIMARY KEY(seq, path)) WITHOUT ROWID;
INSERT INTO commit_files_v7(seq, path, change, old_path)
  SELECT c.seq, cf.path, cf.change, cf.old_path FROM commit_files cf
  JOIN commits c ON c.oid = cf.commit_oid ORDER BY c.seq, cf.path;
DROP TABLE commit_files;
ALTER TABLE commit_files_v7 RENAME TO commit_files;
)sql",
    // 7 -> 8: a blob's skeleton is rendered from its symbols when read
    // (syntax::render_skeleton is a function of the definitions alone), not
    // stored beside them.
    R"sql(
ALTER TABLE blobs DROP COLUMN skeleton;
)sql",
    // 8 -> 9: per-directory facts of the offline roll-ups (dir_facts_store.h).
    R"sql(
CREATE TABLE IF NOT EXISTS dir_facts(
  dir TEXT PRIMARY KEY,            -- '' for the root
  parent TEXT NOT NULL,            -- its parent directory ('' for the root itself)
  importers INTEGER NOT NULL,      -- fingerprint of its files' importer counts
  facts TEXT NOT NULL              -- JSON (sleep/dir_facts.h)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS dir_facts_parent ON dir_facts(parent);
-- Covers the importer fingerprints, read for every directory after a commit.
CREATE INDEX IF NOT EXISTS dir_facts_importers ON dir_facts(dir, importers);
)sql",
    // 9 -> 10: the commits' seq index also holds their file counts: counting
    // the commits that changed files (frequent_files, every plan) read the
    // whole table, messages and all.
    R"sql(
DROP INDEX IF EXISTS commits_seq;
CREATE INDEX commits_seq ON commits(seq, files);
)sql",
    // 10 -> 11: a co-change pair names its two files by their file_history
    // row id instead of two path strings (in the table and again in its
    // reverse index). file_history gains the id; every pair's paths have a
    // file row, so none is lost.
    R"sql(
CREATE TABLE file_history_v11(
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,       -- current path (a rename moves the counts to a new row)
  commits INTEGER NOT NULL,
  first_time INTEGER NOT NULL,
  last_time INTEGER NOT NULL,
  decayed REAL NOT NULL            -- sum of exp((t - 2000-01-01) / tau) over its commits
);
INSERT INTO file_history_v11(path, commits, first_time, last_time, decayed)
  SELECT path, commits, first_time, last_time, decayed FROM file_history ORDER BY path;
CREATE TABLE cochange_v11(
  a INTEGER NOT NULL,              -- file_history.id, a < b
  b INTEGER NOT NULL,
  count INTEGER NOT NULL,
  decayed REAL NOT NULL,
  last_time INTEGER NOT NULL,
  PRIMARY KEY(a, b)) WITHOUT ROWID;
INSERT INTO cochange_v11(a, b, count, decayed, last_time)
  SELECT min(fa.id, fb.id), max(fa.id, fb.id), c.count, c.decayed, c.last_time
  FROM cochange c JOIN file_history_v11 fa ON fa.path = c.a
  JOIN file_history_v11 fb ON fb.path = c.b ORDER BY 1, 2;
DROP TABLE cochange;
DROP TABLE file_history;
ALTER TABLE file_history_v11 RENAME TO file_history;
ALTER TABLE cochange_v11 RENAME TO cochange;
)sql",
    // 11 -> 12: a blob's definitions are one packed value of its row
    // (symbol_pack.h) with their count beside it, instead of a `symbols` row
    // each and two indexes over those rows; its references are packed too.
    // The search view computes the names and doc text from the definitions
    // instead of reading copies. pack_blobs() moves the rows over, then
    // kVersion12Rest replaces the view. The index on artifacts(kind, subject)
    // goes: their unique key starts with those columns.
    // commit_files names its paths by their id in history_paths (every path
    // the mined history mentions, once) instead of path strings in the table
    // and again in its path index. `commits` is keyed by seq (its rowid), so
    // the miner appends rows instead of inserting them at random by commit
    // id; the id keeps a unique index, and `commits_files` (files, seq)
    // replaces `commits_seq` (seq, files) for counting without messages.
    R"sql(
ALTER TABLE blobs ADD COLUMN symbols INTEGER NOT NULL DEFAULT 0;
ALTER TABLE blobs ADD COLUMN definitions BLOB NOT NULL DEFAULT x'';
CREATE TABLE history_paths(id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE);
INSERT INTO history_paths(path) SELECT path FROM commit_files
  UNION SELECT old_path FROM commit_files WHERE old_path != '' ORDER BY 1;
CREATE TABLE commit_files_v12(
  seq INTEGER NOT NULL,            -- commits.seq
  path_id INTEGER NOT NULL,        -- history_paths.id of the path after the commit
                                   -- (the old path for deletions)
  change TEXT NOT NULL,            -- A, M, D or R
  old_path_id INTEGER NOT NULL,    -- for R, the path before; else 0
  PRIMARY KEY(seq, path_id)) WITHOUT ROWID;
INSERT INTO commit_files_v12(seq, path_id, change, old_path_id)
  SELECT cf.seq, p.id, cf.change, COALESCE(o.id, 0) FROM commit_files cf
  JOIN history_paths p ON p.path = cf.path
  LEFT JOIN history_paths o ON cf.old_path != '' AND o.path = cf.old_path ORDER BY cf.seq, p.id;
DROP TABLE commit_files;
ALTER TABLE commit_files_v12 RENAME TO commit_files;
CREATE TABLE commits_v12(
  oid TEXT NOT NULL UNIQUE,
  seq INTEGER PRIMARY KEY,         -- order along the mined first-parent chain, oldest = 1
  time INTEGER NOT NULL,           -- committer time
  author TEXT NOT NULL,
  summary TEXT NOT NULL,
  message TEXT NOT NULL,
  parents INTEGER NOT NULL,
  files INTEGER NOT NULL,          -- paths changed against the first parent
  skipped INTEGER NOT NULL         -- 1 when over the mass-change threshold (no co-change counted)
);
INSERT OR REPLACE INTO commits_v12(oid, seq, time, author, summary, message, parents, files,
  skipped) SELECT oid, seq, time, author, summary, message, parents, files, skipped
  FROM commits ORDER BY seq;
DROP TABLE commits;
ALTER TABLE commits_v12 RENAME TO commits;
)sql",
    // 12 -> 13: within twice the source (bench/README.md, seventh session).
    // `artifacts` is keyed by its key (no rowid, no unique index holding the
    // key again); `id` keeps numbering the writes, from meta artifact_id.
    // Directory facts and practice tasks' data are stored packed (pack_text,
    // a BLOB) as they are written; older text rows read as they are.
    R"sql(
CREATE TABLE artifacts_v13(
  kind TEXT NOT NULL,              -- summary, notes, dir_summary, overview, anticipation
  subject TEXT NOT NULL,           -- file path, directory, or '' for the repository
  input_key TEXT NOT NULL,         -- content key of the inputs (blob oid, hash of inputs)
  prompt_version INTEGER NOT NULL,
  provider TEXT NOT NULL,          -- offline, openai, anthropic
  model TEXT NOT NULL,
  content TEXT NOT NULL,           -- JSON, deflated from 128 bytes (a BLOB)
  tokens INTEGER NOT NULL,         -- LLM tokens spent producing it (0 offline)
  created_at INTEGER NOT NULL,
  id INTEGER NOT NULL,             -- order of the writes (ties of created_at: the later)
  PRIMARY KEY(kind, subject, input_key, prompt_version, provider)) WITHOUT ROWID;
INSERT INTO artifacts_v13(kind, subject, input_key, prompt_version, provider, model, content,
  tokens, created_at, id) SELECT kind, subject, input_key, prompt_version, provider, model,
  content, tokens, created_at, id FROM artifacts ORDER BY kind, subject, input_key,
  prompt_version, provider;
INSERT OR REPLACE INTO meta(key, value) SELECT 'artifact_id', COALESCE(MAX(id), 0) FROM artifacts;
DROP TABLE artifacts;
ALTER TABLE artifacts_v13 RENAME TO artifacts;
-- `commits` without its unique index on the 40-digit id: an index on the
-- first 8 digits finds a commit (queries compare both), and the miner
-- deletes a commit's old row before writing it. A commit's summary is
-- stored only where its message does not give it back (core/commit_message.h
-- commit_summary; readers: history::row_summary).
CREATE TABLE commits_v13(
  oid TEXT NOT NULL,
  seq INTEGER PRIMARY KEY,         -- order along the mined first-parent chain, oldest = 1
  time INTEGER NOT NULL,           -- committer time
  author TEXT NOT NULL,
  summary TEXT NOT NULL,           -- '' when commit_summary(message) gives it
  message TEXT NOT NULL,
  parents INTEGER NOT NULL,
  files INTEGER NOT NULL,          -- paths changed against the first parent
  skipped INTEGER NOT NULL         -- 1 when over the mass-change threshold (no co-change counted)
);
INSERT INTO commits_v13(oid, seq, time, author, summary, message, parents, files, skipped)
  SELECT oid, seq, time, author,
  CASE WHEN summary = stc_commit_summary(message) THEN '' ELSE summary END,
  message, parents, files, skipped FROM commits ORDER BY seq;
DROP TABLE commits;
ALTER TABLE commits_v13 RENAME TO commits;
CREATE INDEX commits_oid ON commits(substr(oid, 1, 8));
-- Dependency edges name their two files by id in dep_paths (each path once).
CREATE TABLE dep_paths(id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE);
INSERT INTO dep_paths(path) SELECT src FROM deps UNION SELECT dst FROM deps ORDER BY 1;
CREATE TABLE deps_v13(
  src INTEGER NOT NULL,            -- dep_paths.id of the importing file
  dst INTEGER NOT NULL,            -- dep_paths.id of the imported file
  PRIMARY KEY(src, dst)) WITHOUT ROWID;
INSERT INTO deps_v13(src, dst) SELECT s.id, d.id FROM deps
  JOIN dep_paths s ON s.path = deps.src JOIN dep_paths d ON d.path = deps.dst ORDER BY 1, 2;
DROP TABLE deps;
ALTER TABLE deps_v13 RENAME TO deps;
-- A blob's imports are one packed value (symbol_pack.h pack_imports) keyed
-- by the blob's id, instead of a row each and an index over those rows;
-- pack_imports() moves them over and drops `imports`.
CREATE TABLE blob_imports(
  blob INTEGER PRIMARY KEY,        -- blobs.id (only blobs with imports have a row)
  imports BLOB NOT NULL);
-- Practice tasks in a rowid table: their packed data (about 1 KB) no longer
-- spills into overflow pages of a WITHOUT ROWID table's index b-tree.
CREATE TABLE rehearsal_tasks_v13(
  commit_oid TEXT NOT NULL UNIQUE, -- the practice commit
  seq INTEGER NOT NULL,            -- its position in the mined history when computed
  version INTEGER NOT NULL,        -- feature version (stale rows are recomputed)
  tokens INTEGER NOT NULL,         -- estimated tokens of the context it assembled
  data TEXT NOT NULL               -- JSON (request, gold files, candidates with features),
                                   -- packed (a BLOB) since schema 13
);
INSERT INTO rehearsal_tasks_v13(commit_oid, seq, version, tokens, data)
  SELECT commit_oid, seq, version, tokens, data FROM rehearsal_tasks ORDER BY seq;
DROP TABLE rehearsal_tasks;
ALTER TABLE rehearsal_tasks_v13 RENAME TO rehearsal_tasks;
-- The pattern memo names each changed path by what it shares with the one
-- before it (history/pattern_memo.cc); the next pass writes it again.
DELETE FROM pattern_commits;
DELETE FROM meta WHERE key = 'history_patterns_seq';
-- `blobs` without its unique index on (oid, lang): an index on the first 8
-- digits of the id and the language finds a blob (put_blob replaces a row
-- by deleting the old one first). A blob's references may be deflated
-- against its definitions (symbol_pack.h pack_references): the view reads
-- them with stc_unpack_references.
DROP VIEW search_rows;
CREATE TABLE blobs_v13(
  id INTEGER PRIMARY KEY,
  oid TEXT NOT NULL,
  lang TEXT NOT NULL,
  extractor INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  lines INTEGER NOT NULL,
  has_errors INTEGER NOT NULL,
  module_doc TEXT NOT NULL,
  refs TEXT NOT NULL,              -- packed (symbol_pack.h pack_references)
  symbols INTEGER NOT NULL,        -- number of definitions
  definitions BLOB NOT NULL);      -- packed (symbol_pack.h pack_definitions)
INSERT INTO blobs_v13(id, oid, lang, extractor, bytes, lines, has_errors, module_doc, refs,
  symbols, definitions) SELECT id, oid, lang, extractor, bytes, lines, has_errors, module_doc,
  refs, symbols, definitions FROM blobs ORDER BY id;
DROP TABLE blobs;
ALTER TABLE blobs_v13 RENAME TO blobs;
CREATE INDEX blobs_oid ON blobs(substr(oid, 1, 8), lang);
CREATE VIEW search_rows AS SELECT f.id AS id, f.path AS path,
  stc_path_tokens(f.path) AS path_tokens,
  COALESCE(stc_definition_names(b.definitions), '') AS names,
  COALESCE(b.module_doc || char(10) || stc_definition_docs(b.definitions), '') AS doc,
  COALESCE(stc_unpack_references(b.refs, b.definitions), '') AS refs
  FROM files f LEFT JOIN blobs b ON f.blob != 0 AND b.id = f.blob;
)sql",
};

// The view gives the search table the same text as version 11's did.
const char* const kVersion12Rest = R"sql(
DROP INDEX IF EXISTS artifacts_subject;
DROP TABLE symbols;
DROP VIEW search_rows;
ALTER TABLE blobs DROP COLUMN names;
ALTER TABLE blobs DROP COLUMN doc;
CREATE VIEW search_rows AS SELECT f.id AS id, f.path AS path,
  stc_path_tokens(f.path) AS path_tokens,
  COALESCE(stc_definition_names(b.definitions), '') AS names,
  COALESCE(b.module_doc || char(10) || stc_definition_docs(b.definitions), '') AS doc,
  COALESCE(stc_unpack_text(b.refs), '') AS refs
  FROM files f LEFT JOIN blobs b ON f.blob != 0 AND b.id = f.blob;
)sql";
static_assert(std::size(kMigrations) == kSchemaVersion, "one migration per schema version");

const char* const kIndexes =
    "CREATE INDEX IF NOT EXISTS files_blob ON files(blob);"
    "CREATE INDEX IF NOT EXISTS deps_dst ON deps(dst);"
    "CREATE INDEX IF NOT EXISTS commit_files_path ON commit_files(path_id);"
    "CREATE INDEX IF NOT EXISTS cochange_b ON cochange(b);"
    "CREATE INDEX IF NOT EXISTS commits_files ON commits(files);";

// The search table's definition, also used to recreate it empty (faster than
// deleting every row of an FTS5 table).
const char* const kSearchTable =
    "CREATE VIRTUAL TABLE search USING fts5(path UNINDEXED, path_tokens, names, doc, refs, "
    "content = 'search_rows', content_rowid = 'id', tokenize = 'porter unicode61');";

// The step of 11 -> 12 that SQL cannot do: every blob's `symbols` rows
// become its packed definitions, and its references are packed.
Status pack_blobs(Database& db) {
  TRY_ASSIGN(Statement read, db.prepare("SELECT blob, parent, kind, name, start_line, end_line, "
                                        "signature, doc FROM symbols ORDER BY blob, seq"));
  TRY_ASSIGN(Statement write,
             db.prepare("UPDATE blobs SET symbols = ?, definitions = ? WHERE id = ?"));
  int64_t blob = -1;
  std::vector<syntax::Definition> defs;
  auto flush = [&]() -> Status {
    if (defs.empty()) return {};
    write.bind(1, static_cast<int64_t>(defs.size()));
    const std::string packed = pack_definitions(defs);
    write.bind_blob(2, packed).bind(3, blob);
    defs.clear();
    return write.run();
  };
  while (true) {
    TRY_ASSIGN(bool row, read.step());
    if (!row) break;
    if (read.column_int(0) != blob) {
      TRY(flush());
      blob = read.column_int(0);
    }
    syntax::Definition d;
    d.parent = static_cast<int32_t>(read.column_int(1));
    d.kind = read.column_text(2);
    d.name = read.column_text(3);
    d.start_line = static_cast<uint32_t>(read.column_int(4));
    d.end_line = static_cast<uint32_t>(read.column_int(5));
    d.signature = read.column_text(6);
    d.doc = read.column_text(7);
    defs.push_back(std::move(d));
  }
  TRY(flush());
  // Read first: the rows are rewritten below.
  std::vector<std::pair<int64_t, std::string>> refs;
  {
    TRY_ASSIGN(Statement st, db.prepare("SELECT id, refs FROM blobs"));
    while (true) {
      TRY_ASSIGN(bool row, st.step());
      if (!row) break;
      refs.emplace_back(st.column_int(0), pack_text(st.column_text(1)));
    }
  }
  TRY_ASSIGN(Statement set_refs, db.prepare("UPDATE blobs SET refs = ? WHERE id = ?"));
  for (const auto& [id, packed] : refs) TRY(set_refs.bind_blob(1, packed).bind(2, id).run());
  return db.exec(kVersion12Rest);
}

// The step of 12 -> 13 that SQL cannot do: every blob's `imports` rows
// become its packed value in blob_imports.
Status pack_imports_of_blobs(Database& db) {
  TRY_ASSIGN(Statement read, db.prepare("SELECT blob, source, names, line, kind FROM imports "
                                        "ORDER BY blob, seq"));
  TRY_ASSIGN(Statement write, db.prepare("INSERT INTO blob_imports(blob, imports) VALUES(?, ?)"));
  int64_t blob = -1;
  std::vector<syntax::Import> imports;
  auto flush = [&]() -> Status {
    if (imports.empty()) return {};
    const std::string packed = pack_imports(imports);
    imports.clear();
    return write.bind(1, blob).bind_blob(2, packed).run();
  };
  while (true) {
    TRY_ASSIGN(bool row, read.step());
    if (!row) break;
    if (read.column_int(0) != blob) {
      TRY(flush());
      blob = read.column_int(0);
    }
    syntax::Import im;
    im.source = read.column_text(1);
    im.names = read.column_text(2);
    im.line = static_cast<uint32_t>(read.column_int(3));
    im.kind = read.column_text(4);
    imports.push_back(std::move(im));
  }
  TRY(flush());
  read.reset();
  return db.exec("DROP TABLE imports");
}

// What a migration does after its SQL, where SQL cannot do it: kAfterSql[i]
// runs in the same transaction as kMigrations[i] (null: nothing).
Status (*const kAfterSql[])(Database&) = {nullptr,
                                          nullptr,
                                          nullptr,
                                          nullptr,
                                          nullptr,
                                          nullptr,
                                          nullptr,
                                          nullptr,
                                          nullptr,
                                          nullptr,
                                          nullptr,
                                          pack_blobs,
                                          pack_imports_of_blobs};
static_assert(std::size(kAfterSql) == kSchemaVersion, "one entry per migration");

// Upgrades the store from version `v` to v + 1 in one write transaction.
// The version is read again inside it: a process that migrated meanwhile
// has done the work, and this one must not run the step twice.
Status migrate_one(Database& db, int64_t v) {
  TRY(db.exec("BEGIN IMMEDIATE"));
  auto current = db.query_int("PRAGMA user_version");
  if (!current || *current != v) {
    (void)db.exec("ROLLBACK");
    if (!current) return tl::unexpected(current.error());
    return {};
  }
  const int64_t latest = kSchemaVersion;
  auto st = db.exec(kMigrations[v]);
  if (st && kAfterSql[v]) st = kAfterSql[v](db);
  if (st) st = db.exec("PRAGMA user_version = " + std::to_string(v + 1));
  if (st && v + 1 == latest) st = db.exec(kIndexes);
  if (!st) {
    (void)db.exec("ROLLBACK");
    return tl::unexpected(st.error());
  }
  return db.exec("COMMIT");
}

// Every table the schema defines must be there (a store someone edited, or
// a damaged one, may lack one): otherwise the store is reported damaged.
}  // namespace

Status check_tables(Database& db, const std::string& path) {
  static const char* const kTables[] = {"meta",
                                        "blobs",
                                        "blob_imports",
                                        "files",
                                        "deps",
                                        "dep_paths",
                                        "search",
                                        "commits",
                                        "commit_files",
                                        "file_history",
                                        "cochange",
                                        "commit_search",
                                        "artifacts",
                                        "llm_calls",
                                        "passes",
                                        "rehearsal_tasks",
                                        "pattern_commits",
                                        "share_backlog",
                                        "dir_facts",
                                        "search_rows"};
  TRY_ASSIGN(Statement st,
             db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"));
  std::set<std::string> present;
  while (true) {
    TRY_ASSIGN(bool row, st.step());
    if (!row) break;
    present.insert(st.column_text(0));
  }
  for (const char* table : kTables) {
    if (!present.count(table)) {
      return fail(ErrorCode::kBadInput,
                  damaged_store_message(path, std::string("table ") + table + " is missing"));
    }
  }
  return {};
}

std::string oid_equals(std::string_view column, std::string_view value) {
  std::string c(column), v(value);
  return "substr(" + c + ", 1, 8) = substr(" + v + ", 1, 8) AND substr(" + c + ", 9) = substr(" +
         v + ", 9)";
}

std::string commit_seq_by_oid(std::string_view value) {
  return "SELECT seq FROM commits WHERE " + oid_equals("oid", value);
}

Status upgrade(Database& db, int64_t version) {
  for (int64_t v = version; v < kSchemaVersion; ++v) TRY(migrate_one(db, v));
  return {};
}

Status create_indexes(Database& db) { return db.exec(kIndexes); }

Status drop_bulk_indexes(Database& db) {
  return db.exec("DROP INDEX IF EXISTS files_blob; DROP INDEX IF EXISTS deps_dst;");
}

Status clear_structure(Database& db) {
  return db.exec(std::string("DELETE FROM files; DELETE FROM deps; DELETE FROM dep_paths; "
                             "DROP TABLE search; ") +
                 kSearchTable + "DELETE FROM meta WHERE key = '" + kSearchDriftKey + "';");
}

}  // namespace stc::indexer::store::schema
