#pragma once
// Turns a current store back into an older schema's layout, for the tests of
// the forward migrations (index_store_test.cc, packed_store_test.cc).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "indexer/store/index_store.h"

namespace stc::indexer::store {

// Turns a version-13 store back into the version-12 layout: a row per
// import (and imports_blob), deps naming paths as text, artifacts as a rowid
// table with a unique key, commits with a unique id, every summary and
// message as text, rehearsal tasks keyed by commit, nothing packed but the
// definitions and references, and those not against the definitions.
inline void unpack_to_version_12(IndexStore& s) {
  auto& db = connection(s);
  ASSERT_TRUE(
      db.exec("CREATE TABLE imports(blob INTEGER NOT NULL, seq INTEGER NOT NULL, "
              "source TEXT NOT NULL, names TEXT NOT NULL, line INTEGER NOT NULL, "
              "kind TEXT NOT NULL);"));
  auto ids = db.prepare("SELECT blob FROM blob_imports ORDER BY blob");
  ASSERT_TRUE(ids);
  std::vector<int64_t> blobs;
  while (*ids->step()) blobs.push_back(ids->column_int(0));
  ids->reset();
  for (const int64_t blob : blobs) {
    auto imports = s.imports(blob);
    ASSERT_TRUE(imports) << imports.error().message;
    for (size_t i = 0; i < imports->size(); ++i) {
      const auto& im = (*imports)[i];
      auto ins = db.prepare("INSERT INTO imports VALUES(?, ?, ?, ?, ?, ?)");
      ASSERT_TRUE(ins);
      ins->bind(1, blob).bind(2, static_cast<int64_t>(i)).bind(3, im.source).bind(4, im.names);
      ASSERT_TRUE(ins->bind(5, int64_t{im.line}).bind(6, im.kind).run());
    }
  }
  ASSERT_TRUE(db.exec(
      "DROP TABLE blob_imports; CREATE INDEX imports_blob ON imports(blob);"
      "CREATE TABLE deps_v12(src TEXT NOT NULL, dst TEXT NOT NULL, PRIMARY KEY(src, dst)) "
      "WITHOUT ROWID;"
      "INSERT INTO deps_v12 SELECT s.path, d.path FROM deps JOIN dep_paths s ON s.id = deps.src "
      "JOIN dep_paths d ON d.id = deps.dst;"
      "DROP TABLE deps; DROP TABLE dep_paths; ALTER TABLE deps_v12 RENAME TO deps;"
      "CREATE INDEX deps_dst ON deps(dst);"
      "CREATE TABLE artifacts_v12(id INTEGER PRIMARY KEY, kind TEXT NOT NULL, "
      "subject TEXT NOT NULL, input_key TEXT NOT NULL, prompt_version INTEGER NOT NULL, "
      "provider TEXT NOT NULL, model TEXT NOT NULL, content TEXT NOT NULL, "
      "tokens INTEGER NOT NULL, created_at INTEGER NOT NULL, "
      "UNIQUE(kind, subject, input_key, prompt_version, provider));"
      "INSERT INTO artifacts_v12(id, kind, subject, input_key, prompt_version, provider, model, "
      "content, tokens, created_at) SELECT id, kind, subject, input_key, prompt_version, "
      "provider, model, content, tokens, created_at FROM artifacts;"
      "DROP TABLE artifacts; ALTER TABLE artifacts_v12 RENAME TO artifacts;"
      "DELETE FROM meta WHERE key = 'artifact_id';"
      "UPDATE commits SET message = stc_unpack_text(message) WHERE typeof(message) = 'blob';"
      "CREATE TABLE commits_v12(oid TEXT NOT NULL UNIQUE, seq INTEGER PRIMARY KEY, "
      "time INTEGER NOT NULL, author TEXT NOT NULL, summary TEXT NOT NULL, "
      "message TEXT NOT NULL, parents INTEGER NOT NULL, files INTEGER NOT NULL, "
      "skipped INTEGER NOT NULL);"
      "INSERT INTO commits_v12 SELECT oid, seq, time, author, CASE WHEN summary = '' THEN "
      "stc_commit_summary(message) ELSE summary END, message, parents, files, skipped "
      "FROM commits;"
      "DROP TABLE commits; ALTER TABLE commits_v12 RENAME TO commits;"
      "CREATE INDEX commits_files ON commits(files);"
      "CREATE TABLE rehearsal_tasks_v12(commit_oid TEXT PRIMARY KEY, seq INTEGER NOT NULL, "
      "version INTEGER NOT NULL, tokens INTEGER NOT NULL, data TEXT NOT NULL) WITHOUT ROWID;"
      "INSERT INTO rehearsal_tasks_v12 SELECT commit_oid, seq, version, tokens, "
      "CASE WHEN typeof(data) = 'blob' THEN stc_unpack_text(data) ELSE data END "
      "FROM rehearsal_tasks;"
      "DROP TABLE rehearsal_tasks; ALTER TABLE rehearsal_tasks_v12 RENAME TO rehearsal_tasks;"
      "UPDATE dir_facts SET facts = stc_unpack_text(facts) WHERE typeof(facts) = 'blob';"
      "DELETE FROM pattern_commits; DELETE FROM meta WHERE key = 'history_patterns_seq';"
      "UPDATE blobs SET refs = CAST('R' || stc_unpack_references(refs, definitions) AS BLOB) "
      "WHERE substr(refs, 1, 1) = CAST('D' AS BLOB);"
      "DROP VIEW search_rows;"
      "CREATE TABLE blobs_v12(id INTEGER PRIMARY KEY, oid TEXT NOT NULL, lang TEXT NOT NULL, "
      "extractor INTEGER NOT NULL, bytes INTEGER NOT NULL, lines INTEGER NOT NULL, "
      "has_errors INTEGER NOT NULL, module_doc TEXT NOT NULL, refs TEXT NOT NULL, "
      "symbols INTEGER NOT NULL DEFAULT 0, definitions BLOB NOT NULL DEFAULT x'', "
      "UNIQUE(oid, lang));"
      "INSERT INTO blobs_v12 SELECT id, oid, lang, extractor, bytes, lines, has_errors, "
      "module_doc, refs, symbols, definitions FROM blobs;"
      "DROP TABLE blobs; ALTER TABLE blobs_v12 RENAME TO blobs;"
      "CREATE VIEW search_rows AS SELECT f.id AS id, f.path AS path, "
      "stc_path_tokens(f.path) AS path_tokens, "
      "COALESCE(stc_definition_names(b.definitions), '') AS names, "
      "COALESCE(b.module_doc || char(10) || stc_definition_docs(b.definitions), '') AS doc, "
      "COALESCE(stc_unpack_text(b.refs), '') AS refs "
      "FROM files f LEFT JOIN blobs b ON f.blob != 0 AND b.id = f.blob;"
      "PRAGMA user_version = 12;"));
}

}  // namespace stc::indexer::store
