#include "indexer/store/index_store.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <atomic>
#include <fstream>
#include <optional>
#include <thread>

#include "indexer/history/history_queries.h"
#include "indexer/store/deflate.h"
#include "indexer/store/schema.h"
#include "indexer/store/symbol_pack.h"
#include "indexer/syntax/skeleton.h"
#include "tests/indexer/store/older_schema.h"
#include "tests/support/temp_repo.h"

namespace stc::indexer::store {
namespace {

using stc::testing::TempDir;

BlobRecord sample_blob(const std::string& oid) {
  BlobRecord b;
  b.oid = oid;
  b.language = "python";
  b.bytes = 100;
  b.skeleton = "class RetryPolicy\n";
  b.facts.lines = 10;
  syntax::Definition d;
  d.kind = "class";
  d.name = "RetryPolicy";
  d.start_line = 1;
  d.end_line = 9;
  d.doc = "Exponential backoff between attempts.";
  b.facts.definitions.push_back(d);
  b.facts.imports.push_back(syntax::Import{"weather.config", "Config", 1, "import"});
  b.facts.references = {"sleep", "attempts"};
  return b;
}

TEST(IndexStoreTest, CreatesSchemaAndRoundTripsBlobs) {
  TempDir dir;
  auto s = IndexStore::open(dir.path() + "/index.db", OpenMode::kReadWriteCreate);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(*store::connection(*s).query_int("PRAGMA user_version"), kSchemaVersion);
  auto id = s->put_blob(sample_blob(std::string(40, 'a')));
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(**s->find_blob(std::string(40, 'a'), "python"), *id);
  EXPECT_FALSE(s->find_blob(std::string(40, 'a'), "ruby")->has_value());
  auto syms = s->symbols(*id);
  ASSERT_TRUE(syms);
  ASSERT_EQ(syms->size(), 1u);
  EXPECT_EQ((*syms)[0].def.name, "RetryPolicy");
  auto imports = s->imports(*id);
  ASSERT_EQ(imports->size(), 1u);
  EXPECT_EQ((*imports)[0].names, "Config");
  // Replacing the same blob does not duplicate its symbols.
  auto again = s->put_blob(sample_blob(std::string(40, 'a')));
  ASSERT_TRUE(again);
  EXPECT_EQ(s->symbols(*again)->size(), 1u);
  EXPECT_TRUE(s->symbols(*id)->empty() || *again == *id);
  // The skeleton is rendered from the stored symbols, as the parser renders
  // it from the facts (the record's own skeleton text is not stored).
  BlobRecord b = sample_blob(std::string(40, 'a'));
  b.facts.definitions.push_back({"method", "delay", 3, 5, 0, "def delay(self, n)", ""});
  b.skeleton = syntax::render_skeleton(b.facts);
  auto with_method = s->put_blob(b);
  ASSERT_TRUE(with_method);
  auto info = s->blob_info(*with_method);
  ASSERT_TRUE(info && *info);
  EXPECT_EQ((*info)->skeleton, b.skeleton);
  EXPECT_EQ((*info)->skeleton,
            "class RetryPolicy  [L1-9]  # Exponential backoff between attempts.\n"
            "  def delay(self, n)  [L3-5]\n");
  auto record = s->blob_record(std::string(40, 'a'), "python");
  ASSERT_TRUE(record && *record);
  EXPECT_EQ((*record)->skeleton, b.skeleton);
}

// A new store with weather/transport.py (the sample blob, whose id goes to
// `blob_id`) and docs/retry_guide.md (path only).
IndexStore store_with_two_files(const TempDir& dir, int64_t& blob_id) {
  IndexStore s = IndexStore::open(dir.path() + "/index.db", OpenMode::kReadWriteCreate).value();
  blob_id = s.put_blob(sample_blob(std::string(40, 'b'))).value();
  EXPECT_TRUE(s.put_file(FileRecord{"weather/transport.py", std::string(40, 'b'), "python",
                                    FileStatus::kIndexed, blob_id}));
  EXPECT_TRUE(s.put_file(
      FileRecord{"docs/retry_guide.md", std::string(40, 'c'), "", FileStatus::kText, 0}));
  return s;
}

TEST(IndexStoreTest, SearchRanksFilesAndListsMatchingSymbols) {
  TempDir dir;
  int64_t id = 0;
  IndexStore s = store_with_two_files(dir, id);
  ASSERT_TRUE(s.put_file(FileRecord{"README.md", std::string(40, 'd'), "", FileStatus::kText, 0}));
  auto hits = s.search("retry backoff", 10);
  ASSERT_TRUE(hits) << hits.error().message;
  ASSERT_EQ(hits->size(), 2u);
  bool found_symbol = false;
  for (const auto& h : *hits) {
    if (h.path == "weather/transport.py") {
      found_symbol = !h.symbols.empty() && h.symbols[0] == "RetryPolicy";
    }
  }
  EXPECT_TRUE(found_symbol);
  EXPECT_TRUE(s.search("the and of", 10)->empty());
  // Deleting a file removes it from search.
  ASSERT_TRUE(s.delete_file("docs/retry_guide.md"));
  EXPECT_EQ(s.search("guide", 10)->size(), 0u);
}

// `search` reads its text from the view search_rows; FTS5 checks its index
// against that view with the rank argument of 'integrity-check'.
bool search_index_sound(IndexStore& s) {
  return static_cast<bool>(
      store::connection(s).exec("INSERT INTO search(search, rank) VALUES('integrity-check', 1)"));
}

TEST(IndexStoreTest, SearchStaysInStepWithItsViewThroughDeletesAndReplacements) {
  TempDir dir;
  int64_t blob = 0;
  IndexStore s = store_with_two_files(dir, blob);
  ASSERT_TRUE(s.put_file(
      FileRecord{"weather/retry.py", std::string(40, 'b'), "python", FileStatus::kIndexed, blob}));
  EXPECT_TRUE(search_index_sound(s));
  EXPECT_EQ(s.search("backoff", 10)->size(), 2u);
  // Re-putting a file replaces its row; deleting one removes it.
  ASSERT_TRUE(s.put_file(FileRecord{"weather/transport.py", std::string(40, 'b'), "python",
                                    FileStatus::kIndexed, blob}));
  ASSERT_TRUE(s.delete_file("weather/retry.py"));
  EXPECT_TRUE(search_index_sound(s));
  EXPECT_EQ(s.search("backoff", 10)->size(), 1u);

  // A blob row a file still points at is replaced (another extractor's row
  // of the same blob): the file's indexed text no longer matches the view,
  // and the next delete rebuilds the index from the view before deleting.
  BlobRecord other = sample_blob(std::string(40, 'b'));
  other.facts.definitions[0].name = "CircuitBreaker";
  other.facts.definitions[0].doc = "Opens after failures.";
  other.facts.references = {"trip"};
  ASSERT_TRUE(store::connection(s).exec("UPDATE blobs SET extractor = extractor - 1"));
  auto replaced = s.put_blob(other);
  ASSERT_TRUE(replaced);
  EXPECT_TRUE(s.meta(schema::kSearchDriftKey)->has_value());
  ASSERT_TRUE(s.delete_file("docs/retry_guide.md"));
  EXPECT_FALSE(s.meta(schema::kSearchDriftKey)->has_value());
  EXPECT_TRUE(search_index_sound(s));
  ASSERT_TRUE(s.put_file(FileRecord{"weather/transport.py", std::string(40, 'b'), "python",
                                    FileStatus::kIndexed, *replaced}));
  EXPECT_TRUE(search_index_sound(s));
  EXPECT_TRUE(s.search("backoff", 10)->empty());
  ASSERT_EQ(s.search("circuit breaker", 10)->size(), 1u);

  // Replacing a blob no file points at marks nothing.
  ASSERT_TRUE(s.put_blob(sample_blob(std::string(40, 'e'))));
  ASSERT_TRUE(s.put_blob(sample_blob(std::string(40, 'e'))));
  EXPECT_FALSE(s.meta(schema::kSearchDriftKey)->has_value());

  // Re-indexing the whole structure recreates the index in step.
  ASSERT_TRUE(s.clear_files());
  ASSERT_TRUE(
      s.put_files_bulk({FileRecord{"weather/transport.py", std::string(40, 'b'), "python",
                                   FileStatus::kIndexed, *replaced},
                        FileRecord{"README.md", std::string(40, 'd'), "", FileStatus::kText, 0}}));
  EXPECT_TRUE(search_index_sound(s));
  EXPECT_EQ(s.search("circuit", 10)->size(), 1u);
  EXPECT_EQ(s.search("readme", 10)->size(), 1u);
}

// A full index keeps the search text of the blobs it parses and writes the
// search rows from it: the index must hold exactly what the view computes
// (FTS5's integrity check compares them), for new blobs, a blob stored
// before, and a file without one.
TEST(IndexStoreTest, SearchTextKeptFromTheParseMatchesTheView) {
  TempDir dir;
  auto s = IndexStore::open(dir.path() + "/index.db", OpenMode::kReadWriteCreate);
  ASSERT_TRUE(s);
  auto older = s->put_blob(sample_blob(std::string(40, 'a')));  // before: from the view
  ASSERT_TRUE(older);
  s->keep_search_text(true);
  BlobRecord first = sample_blob(std::string(40, 'b'));
  first.facts.module_doc = "Circuit breakers for flaky transports.";
  first.facts.definitions[0].name = "CircuitBreaker";
  first.facts.definitions[0].doc = "Opens after repeated failures.";
  first.facts.references = {"trip", "reset"};
  BlobRecord second = sample_blob(std::string(40, 'c'));
  second.facts.definitions.clear();
  second.facts.module_doc.clear();
  second.facts.references.clear();
  auto b1 = s->put_blob(first);
  auto b2 = s->put_blob(second);
  ASSERT_TRUE(b1 && b2);
  ASSERT_TRUE(s->clear_files());
  ASSERT_TRUE(s->put_files_bulk(
      {FileRecord{"net/breaker.py", std::string(40, 'b'), "python", FileStatus::kIndexed, *b1},
       FileRecord{"net/empty.py", std::string(40, 'c'), "python", FileStatus::kIndexed, *b2},
       FileRecord{"net/retry.py", std::string(40, 'a'), "python", FileStatus::kIndexed, *older},
       FileRecord{"README.md", std::string(40, 'd'), "", FileStatus::kText, 0}}));
  s->keep_search_text(false);
  EXPECT_TRUE(search_index_sound(*s));
  auto hits = s->search("circuit breaker repeated failures", 10);
  ASSERT_TRUE(hits);
  ASSERT_FALSE(hits->empty());
  EXPECT_EQ((*hits)[0].path, "net/breaker.py");
  EXPECT_EQ(s->search("backoff", 10)->size(), 1u);  // the older blob's text, via the view
  EXPECT_EQ(s->search("readme", 10)->size(), 1u);
  // The kept text is gone after the bulk write: a second one uses the view.
  ASSERT_TRUE(s->clear_files());
  ASSERT_TRUE(s->put_files_bulk(
      {FileRecord{"net/breaker.py", std::string(40, 'b'), "python", FileStatus::kIndexed, *b1}}));
  EXPECT_TRUE(search_index_sound(*s));
  EXPECT_EQ(s->search("circuit", 10)->size(), 1u);
}

// put_files is put_file on each file in order, with two FTS5 statements:
// the same file ids, the same search results, an index in step with the view.
TEST(IndexStoreTest, PuttingFilesTogetherMatchesPuttingThemOneByOne) {
  TempDir one_dir, batch_dir;
  int64_t blob = 0;
  IndexStore one = store_with_two_files(one_dir, blob);
  IndexStore batch = store_with_two_files(batch_dir, blob);
  BlobRecord other = sample_blob(std::string(40, 'e'));
  other.facts.definitions[0].name = "CircuitBreaker";
  other.facts.definitions[0].doc = "Opens after failures.";
  auto other_one = one.put_blob(other);
  auto other_batch = batch.put_blob(other);
  ASSERT_TRUE(other_one && other_batch);
  ASSERT_EQ(*other_one, *other_batch);
  const std::vector<FileRecord> files = {
      // replaces a row (new blob), adds one, replaces the text file
      FileRecord{"weather/transport.py", std::string(40, 'e'), "python", FileStatus::kIndexed,
                 *other_one},
      FileRecord{"weather/retry.py", std::string(40, 'b'), "python", FileStatus::kIndexed, blob},
      FileRecord{"docs/retry_guide.md", std::string(40, 'f'), "", FileStatus::kText, 0}};
  for (const auto& f : files) ASSERT_TRUE(one.put_file(f));
  ASSERT_TRUE(batch.put_files(files));
  auto rows = [](IndexStore& s) {
    return store::connection(s).query_int(
        "SELECT SUM(id * length(path) + blob) FROM files");  // ids, paths and blobs together
  };
  EXPECT_EQ(*rows(one), *rows(batch));
  auto listing = [](IndexStore& s) {
    std::vector<std::string> out;
    const auto listed = s.files();
    for (const auto& f : *listed) {
      out.push_back(f.path + " " + f.oid + " " + std::to_string(f.blob_id));
    }
    return out;
  };
  EXPECT_EQ(listing(one), listing(batch));
  EXPECT_TRUE(search_index_sound(one));
  EXPECT_TRUE(search_index_sound(batch));
  for (const char* q : {"circuit breaker", "retry backoff", "guide", "transport"}) {
    auto a = one.search(q, 10);
    auto b = batch.search(q, 10);
    ASSERT_TRUE(a && b);
    ASSERT_EQ(a->size(), b->size()) << q;
    for (size_t i = 0; i < a->size(); ++i) EXPECT_EQ((*a)[i].path, (*b)[i].path) << q;
  }
  EXPECT_EQ(batch.search("circuit breaker", 10)->size(), 1u);
  // A path twice: one at a time, as put_file would.
  ASSERT_TRUE(batch.put_files({files[1], files[1]}));
  EXPECT_TRUE(search_index_sound(batch));
  EXPECT_EQ(batch.search("backoff", 10)->size(), 1u);
}

TEST(IndexStoreTest, DependencyEdgesBothWays) {
  TempDir dir;
  auto s = IndexStore::open(dir.path() + "/index.db", OpenMode::kReadWriteCreate);
  ASSERT_TRUE(s);
  EXPECT_EQ(*s->set_deps("a.py", {"b.py", "c.py", "a.py", "b.py"}), 2);
  EXPECT_EQ(*s->set_deps("d.py", {"b.py"}), 1);
  EXPECT_EQ(*s->deps_of("a.py"), (std::vector<std::string>{"b.py", "c.py"}));
  EXPECT_EQ(*s->importers_of("b.py"), (std::vector<std::string>{"a.py", "d.py"}));
  EXPECT_EQ(*s->set_deps("a.py", {"c.py", "e.py"}), 0);
  EXPECT_EQ(*s->set_deps("a.py", {}), -2);
  EXPECT_EQ(*s->importers_of("b.py"), (std::vector<std::string>{"d.py"}));
  EXPECT_EQ(*s->dep_count(), 1);
  // Each end is a path id (schema 13); paths no edge names are dropped.
  EXPECT_EQ(*store::connection(*s).query_int("SELECT COUNT(*) FROM dep_paths"), 2)
      << "only d.py and b.py";
}

TEST(IndexStoreTest, ReplacingEdgesNamesTheDestinationsWhoseImportersMoved) {
  TempDir dir;
  auto s = IndexStore::open(dir.path() + "/index.db", OpenMode::kReadWriteCreate);
  ASSERT_TRUE(s);
  std::vector<std::string> moved;
  ASSERT_TRUE(s->set_deps("a.py", {"b.py", "c.py"}, &moved));
  EXPECT_EQ(moved, (std::vector<std::string>{"b.py", "c.py"}));
  ASSERT_TRUE(s->set_deps("d.py", {"b.py"}));
  moved.clear();
  ASSERT_TRUE(s->set_deps("a.py", {"e.py", "c.py", "a.py"}, &moved));
  EXPECT_EQ(moved, (std::vector<std::string>{"b.py", "e.py"})) << "c.py kept its edge";
  EXPECT_EQ(*s->importer_count("b.py"), 1);
  EXPECT_EQ(*s->importer_count("c.py"), 1);
  EXPECT_EQ(*s->importer_count("a.py"), 0) << "no edge to itself";
  EXPECT_EQ(*s->importer_count("zzz.py"), 0);
}

TEST(IndexStoreTest, FilesInADirectorySkipItsSubdirectories) {
  TempDir dir;
  auto s = IndexStore::open(dir.path() + "/index.db", OpenMode::kReadWriteCreate);
  ASSERT_TRUE(s);
  // '-' and '.' sort before '/', '0' right after it.
  std::vector<FileRecord> files;
  for (const char* p : {"README.md", "a-b.py", "a.py", "a/x.py", "a/deep/y.py", "a/deep/z/w.py",
                        "a/z.py", "a0.py", "b/c/d.py", "b/e.py", "setup.py"}) {
    files.push_back(FileRecord{p, std::string(40, 'f'), "python", FileStatus::kIndexed, 0});
  }
  ASSERT_TRUE(s->put_files_bulk(files));
  auto paths = [&](const std::string& d) {
    std::vector<std::string> out;
    const auto listed = s->files_in(d);
    EXPECT_TRUE(listed) << d;
    if (listed) {
      for (const auto& f : *listed) out.push_back(f.path);
    }
    return out;
  };
  EXPECT_EQ(paths(""),
            (std::vector<std::string>{"README.md", "a-b.py", "a.py", "a0.py", "setup.py"}));
  EXPECT_EQ(paths("a"), (std::vector<std::string>{"a/x.py", "a/z.py"}));
  EXPECT_EQ(paths("a/deep"), std::vector<std::string>{"a/deep/y.py"});
  EXPECT_EQ(paths("b"), std::vector<std::string>{"b/e.py"});
  EXPECT_TRUE(paths("b/c/d.py").empty());
  EXPECT_TRUE(paths("nowhere").empty());
}

TEST(IndexStoreTest, LooksUpPathsAndFindsThemByTheirText) {
  TempDir dir;
  auto s = IndexStore::open(dir.path() + "/index.db", OpenMode::kReadWriteCreate);
  ASSERT_TRUE(s);
  std::vector<FileRecord> files;
  for (const char* p : {"README.md", "a_b.py", "axb.py", "src/Cache/lru.go", "100%.txt"}) {
    files.push_back(FileRecord{p, std::string(40, 'f'), "python", FileStatus::kIndexed, 0});
  }
  ASSERT_TRUE(s->put_files_bulk(files));
  EXPECT_TRUE(*s->has_file("a_b.py"));
  EXPECT_FALSE(*s->has_file("src/Cache"));
  // LIKE's wildcards in the text are literal; ASCII case does not matter.
  EXPECT_EQ(*s->paths_containing("a_b"), std::vector<std::string>{"a_b.py"});
  EXPECT_EQ(*s->paths_containing("0%"), std::vector<std::string>{"100%.txt"});
  EXPECT_EQ(*s->paths_containing("cache"), std::vector<std::string>{"src/Cache/lru.go"});
  auto facts = s->dir_facts();
  for (const char* d : {"", "src", "src/Cache", "lib_x", "libyx"}) {
    ASSERT_TRUE(facts.put(d, "", 0, "{}"));
  }
  EXPECT_EQ(*facts.dirs_containing({"CAC", "b_"}),
            (std::vector<std::string>{"lib_x", "src/Cache"}));
  EXPECT_TRUE(facts.dirs_containing({})->empty());
}

TEST(IndexStoreTest, RejectsNewerSchemaAndNonDatabases) {
  TempDir dir;
  const std::string path = dir.path() + "/index.db";
  {
    auto s = IndexStore::open(path, OpenMode::kReadWriteCreate);
    ASSERT_TRUE(s);
    ASSERT_TRUE(store::connection(*s).exec("PRAGMA user_version = 99"));
  }
  auto newer = IndexStore::open(path, OpenMode::kReadWrite);
  ASSERT_FALSE(newer);
  EXPECT_EQ(newer.error().code, ErrorCode::kBadInput);
  EXPECT_NE(newer.error().message.find("newer stc"), std::string::npos);

  const std::string junk = dir.path() + "/junk.db";
  std::ofstream(junk) << std::string(4096, 'x');
  auto bad = IndexStore::open(junk, OpenMode::kReadWrite);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kBadInput);
}

TEST(IndexStoreTest, MetaValuesPersist) {
  TempDir dir;
  const std::string path = dir.path() + "/index.db";
  {
    auto s = IndexStore::open(path, OpenMode::kReadWriteCreate);
    ASSERT_TRUE(s->set_meta("indexed_commit", "abc"));
  }
  auto s = IndexStore::open(path, OpenMode::kReadOnly);
  ASSERT_TRUE(s);
  EXPECT_EQ(**s->meta("indexed_commit"), "abc");
  EXPECT_FALSE(s->meta("missing")->has_value());
}

}  // namespace
}  // namespace stc::indexer::store

namespace stc::indexer::store {
namespace {

// Turns a current store back into the version-11 layout: a row per
// definition in `symbols`, the search text as columns of `blobs`, nothing
// packed, commit_files naming paths as text. The older-version tests below
// start from it, since their migrations run through 11 -> 12.
void unpack_to_version_11(IndexStore& s) {
  unpack_to_version_12(s);
  auto& db = store::connection(s);
  ASSERT_TRUE(
      db.exec("CREATE TABLE symbols(blob INTEGER NOT NULL, seq INTEGER NOT NULL, "
              "parent INTEGER NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL, "
              "start_line INTEGER NOT NULL, end_line INTEGER NOT NULL, signature TEXT NOT NULL, "
              "doc TEXT NOT NULL); CREATE INDEX symbols_blob ON symbols(blob);"));
  auto ids = db.prepare("SELECT id FROM blobs ORDER BY id");
  ASSERT_TRUE(ids);
  std::vector<int64_t> blob_ids;
  while (*ids->step()) blob_ids.push_back(ids->column_int(0));
  for (const int64_t id : blob_ids) {
    auto rows = s.symbols(id);
    ASSERT_TRUE(rows) << rows.error().message;
    for (const auto& r : *rows) {
      auto ins = db.prepare("INSERT INTO symbols VALUES(?,?,?,?,?,?,?,?,?)");
      ASSERT_TRUE(ins);
      ins->bind(1, id).bind(2, int64_t{r.seq}).bind(3, int64_t{r.def.parent});
      ins->bind(4, r.def.kind).bind(5, r.def.name).bind(6, int64_t{r.def.start_line});
      ins->bind(7, int64_t{r.def.end_line}).bind(8, r.def.signature).bind(9, r.def.doc);
      ASSERT_TRUE(ins->run());
    }
  }
  ASSERT_TRUE(
      db.exec("ALTER TABLE blobs ADD COLUMN names TEXT NOT NULL DEFAULT '';"
              "ALTER TABLE blobs ADD COLUMN doc TEXT NOT NULL DEFAULT '';"
              "UPDATE blobs SET names = stc_definition_names(definitions), "
              "doc = module_doc || char(10) || stc_definition_docs(definitions), "
              "refs = stc_unpack_references(refs, definitions);"
              "DROP VIEW search_rows;"
              "CREATE VIEW search_rows AS SELECT f.id AS id, f.path AS path, "
              "stc_path_tokens(f.path) AS path_tokens, COALESCE(b.names, '') AS names, "
              "COALESCE(b.doc, '') AS doc, COALESCE(b.refs, '') AS refs "
              "FROM files f LEFT JOIN blobs b ON f.blob != 0 AND b.id = f.blob;"
              "ALTER TABLE blobs DROP COLUMN symbols; ALTER TABLE blobs DROP COLUMN definitions;"
              "CREATE TABLE commit_files_v11(seq INTEGER NOT NULL, path TEXT NOT NULL, "
              "change TEXT NOT NULL, old_path TEXT NOT NULL, PRIMARY KEY(seq, path)) "
              "WITHOUT ROWID;"
              "INSERT INTO commit_files_v11 SELECT cf.seq, p.path, cf.change, "
              "COALESCE(o.path, '') FROM commit_files cf JOIN history_paths p ON "
              "p.id = cf.path_id LEFT JOIN history_paths o ON o.id = cf.old_path_id;"
              "DROP TABLE commit_files; DROP TABLE history_paths;"
              "ALTER TABLE commit_files_v11 RENAME TO commit_files;"
              "CREATE INDEX commit_files_path ON commit_files(path);"
              "PRAGMA user_version = 11;"));
}

// Every commit_files row as "seq path change old_path", by seq and path.
std::string commit_file_rows(store::Database& db) {
  auto rows = db.prepare(
      "SELECT group_concat(seq || ' ' || path || ' ' || change || ' ' || old_path, ', ') FROM "
      "(SELECT cf.seq, p.path, cf.change, COALESCE(o.path, '') AS old_path FROM commit_files cf "
      "JOIN history_paths p ON p.id = cf.path_id LEFT JOIN history_paths o ON "
      "o.id = cf.old_path_id ORDER BY cf.seq, p.path)");
  if (!rows || !*rows->step()) return "(no rows)";
  return rows->column_text(0);
}

// Opens a store an older schema left behind: it is migrated in place to
// the current version.
std::optional<IndexStore> open_migrated(const std::string& path) {
  auto s = IndexStore::open(path, OpenMode::kReadWrite);
  EXPECT_TRUE(s) << s.error().message;
  if (!s) return std::nullopt;
  EXPECT_EQ(*store::connection(*s).query_int("PRAGMA user_version"), kSchemaVersion);
  return std::move(*s);
}

TEST(IndexStoreTest, MigratesAnOlderSchemaForward) {
  stc::testing::TempDir dir;
  const std::string path = dir.path() + "/index.db";
  {
    auto s = IndexStore::open(path, OpenMode::kReadWriteCreate);
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->set_meta("indexed_commit", "kept"));
    unpack_to_version_11(*s);
    // Turn it back into a version-1 store.
    ASSERT_TRUE(store::connection(*s).exec(
        "DROP TABLE commits; DROP TABLE commit_files; DROP TABLE file_history; "
        "DROP TABLE cochange; DROP TABLE commit_search; DROP TABLE artifacts; "
        "DROP TABLE llm_calls; DROP TABLE passes; DROP TABLE rehearsal_tasks; "
        "DROP TABLE pattern_commits; DROP TABLE share_backlog; "
        "DROP TABLE search; DROP VIEW search_rows; "
        "CREATE VIRTUAL TABLE search USING fts5(path UNINDEXED, path_tokens, names, doc, refs, "
        "tokenize = 'porter unicode61'); "
        "ALTER TABLE blobs ADD COLUMN skeleton TEXT NOT NULL DEFAULT ''; "
        "PRAGMA user_version = 1;"));
  }
  auto s = open_migrated(path);
  ASSERT_TRUE(s);
  EXPECT_EQ(**s->meta("indexed_commit"), "kept");
  EXPECT_EQ(*store::connection(*s).query_int("SELECT COUNT(*) FROM artifacts"), 0);
}

// A version-5 store kept a copy of the search text in both FTS5 tables and
// keyed commit_files by commit id; version 6 reads `search` from its view
// and keeps `commit_search` contentless, keyed by commits.seq, and version 7
// keys commit_files by seq. The rows move over, results unchanged.
TEST(IndexStoreTest, MigratesVersion5SearchAndHistoryTablesInPlace) {
  stc::testing::TempDir dir;
  const std::string path = dir.path() + "/index.db";
  {
    auto s = IndexStore::open(path, OpenMode::kReadWriteCreate);
    ASSERT_TRUE(s);
    auto id = s->put_blob(sample_blob(std::string(40, 'b')));
    ASSERT_TRUE(id);
    ASSERT_TRUE(s->put_file(FileRecord{"weather/transport.py", std::string(40, 'b'), "python",
                                       FileStatus::kIndexed, *id}));
    ASSERT_TRUE(s->put_file(
        FileRecord{"docs/retry_guide.md", std::string(40, 'c'), "", FileStatus::kText, 0}));
    unpack_to_version_11(*s);
    // Back to version 5: both FTS5 tables with their own content, as that
    // schema wrote them.
    ASSERT_TRUE(store::connection(*s).exec(
        "DROP TABLE search; DROP VIEW search_rows; DROP TABLE commit_search;"
        "CREATE VIRTUAL TABLE search USING fts5(path UNINDEXED, path_tokens, names, doc, refs, "
        "tokenize = 'porter unicode61');"
        "INSERT INTO search(rowid, path, path_tokens, names, doc, refs) SELECT f.id, f.path, "
        "stc_path_tokens(f.path), COALESCE(b.names, ''), COALESCE(b.doc, ''), "
        "COALESCE(b.refs, '') FROM files f LEFT JOIN blobs b ON f.blob != 0 AND b.id = f.blob;"
        "CREATE VIRTUAL TABLE commit_search USING fts5(oid UNINDEXED, message, paths, "
        "tokenize = 'porter unicode61');"
        "INSERT INTO commits VALUES('c1', 1, 100, 'a', 'Add retry', 'Add retry backoff', 1, 1, 0);"
        "INSERT INTO commits VALUES('c2', 2, 200, 'a', 'Docs', 'Document the guide', 1, 1, 0);"
        "INSERT INTO commit_search VALUES('c2', 'Document the guide', 'docs guide');"
        "INSERT INTO commit_search VALUES('c1', 'Add retry backoff', 'weather transport');"
        "DROP TABLE commit_files;"
        "CREATE TABLE commit_files(commit_oid TEXT NOT NULL, path TEXT NOT NULL, "
        "change TEXT NOT NULL, old_path TEXT NOT NULL, PRIMARY KEY(commit_oid, path)) "
        "WITHOUT ROWID;"
        "CREATE INDEX commit_files_path ON commit_files(path);"
        "INSERT INTO commit_files VALUES('c2', 'docs/retry_guide.md', 'A', ''),"
        "('c1', 'weather/transport.py', 'M', ''), ('c2', 'docs/b.md', 'R', 'docs/a.md');"
        "ALTER TABLE blobs ADD COLUMN skeleton TEXT NOT NULL DEFAULT 'stored';"
        "PRAGMA user_version = 5;"));
  }
  auto s = open_migrated(path);
  ASSERT_TRUE(s);
  auto& db = store::connection(*s);
  EXPECT_TRUE(search_index_sound(*s));
  auto hits = s->search("retry guide", 10);
  ASSERT_TRUE(hits);
  EXPECT_EQ(hits->size(), 2u);
  EXPECT_EQ(*db.query_int("SELECT COUNT(*) FROM commit_search WHERE commit_search MATCH "
                          "'transport' AND rowid = 1"),
            1);
  EXPECT_EQ(*db.query_int("SELECT COUNT(*) FROM commit_search WHERE commit_search MATCH "
                          "'guide' AND rowid = 2"),
            1);
  EXPECT_TRUE(db.exec("INSERT INTO commit_search(commit_search) VALUES('integrity-check')"));
  EXPECT_EQ(commit_file_rows(db),
            "1 weather/transport.py M , 2 docs/b.md R docs/a.md, 2 docs/retry_guide.md A ");
  EXPECT_EQ(*db.query_int("SELECT COUNT(*) FROM sqlite_master WHERE name = 'commit_files_path'"),
            1);
  // The skeleton column is gone; the skeleton is rendered from the symbols.
  EXPECT_EQ(*db.query_int("SELECT COUNT(*) FROM pragma_table_info('blobs') WHERE name = "
                          "'skeleton'"),
            0);
  auto bid = s->find_blob(std::string(40, 'b'), "python");
  ASSERT_TRUE(bid && *bid);
  auto info = s->blob_info(**bid);
  ASSERT_TRUE(info && *info);
  EXPECT_EQ((*info)->skeleton,
            "class RetryPolicy  [L1-9]  # Exponential backoff between attempts.\n");
  auto found = search_commits(*s, "guide", 10);
  ASSERT_TRUE(found) << found.error().message;
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].oid, "c2");
  EXPECT_EQ((*found)[0].paths, (std::vector<std::string>{"docs/b.md", "docs/retry_guide.md"}));
  // And it keeps working: a delete goes through the view.
  ASSERT_TRUE(s->delete_file("docs/retry_guide.md"));
  EXPECT_TRUE(search_index_sound(*s));
  EXPECT_EQ(s->search("guide", 10)->size(), 0u);
}

TEST(DeflateTest, RoundTripsTextAndRejectsWhatItDidNotPack) {
  std::string json = "{\"summary\": \"";
  for (int i = 0; i < 40; ++i) json += "Retries with backoff, \u00e9t\u00e9 \xc3\xa9t\xc3\xa9 ";
  json += "\"}";
  const auto packed = deflate_text(json);
  ASSERT_TRUE(packed);
  EXPECT_LT(packed->size(), json.size() / 2);
  EXPECT_EQ(inflate_text(*packed), json);
  // Nothing to gain: not packed.
  EXPECT_FALSE(deflate_text(""));
  EXPECT_FALSE(deflate_text("{\"a\": 1}"));
  // Damaged, truncated or mislabelled values do not inflate.
  std::string damaged = *packed;
  damaged[damaged.size() / 2] = static_cast<char>(damaged[damaged.size() / 2] ^ 0x5a);
  EXPECT_FALSE(inflate_text(damaged));
  EXPECT_FALSE(inflate_text(packed->substr(0, packed->size() - 3)));
  std::string wrong_length = *packed;
  wrong_length[0] = static_cast<char>(wrong_length[0] + 1);
  EXPECT_FALSE(inflate_text(wrong_length));
  EXPECT_FALSE(inflate_text("abc"));
}

// Stores written before libdeflate hold zlib's own streams: they read back.
TEST(DeflateTest, ReadsValuesThatZlibWrote) {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "def handler_" + std::to_string(i) + "(self, request):\n";
  uLongf bound = compressBound(static_cast<uLong>(text.size()));
  std::string packed(4 + bound, '\0');
  const auto n = static_cast<uint32_t>(text.size());
  for (size_t i = 0; i < 4; ++i) packed[i] = static_cast<char>((n >> (8 * i)) & 0xff);
  ASSERT_EQ(compress2(reinterpret_cast<Bytef*>(packed.data() + 4), &bound,
                      reinterpret_cast<const Bytef*>(text.data()), static_cast<uLong>(text.size()),
                      Z_BEST_SPEED),
            Z_OK);
  packed.resize(4 + bound);
  EXPECT_EQ(inflate_text(packed), text);
  // And zlib reads what deflate_text() writes (an older binary on the same store).
  const auto ours = deflate_text(text);
  ASSERT_TRUE(ours);
  std::string back(text.size(), '\0');
  uLongf size = back.size();
  ASSERT_EQ(uncompress(reinterpret_cast<Bytef*>(back.data()), &size,
                       reinterpret_cast<const Bytef*>(ours->data() + 4),
                       static_cast<uLong>(ours->size() - 4)),
            Z_OK);
  EXPECT_EQ(back, text);
}

// The parse workers and the writer pack values at the same time.
TEST(DeflateTest, PacksOnSeveralThreadsAtOnce) {
  std::vector<std::thread> threads;
  std::atomic<int> bad{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &bad] {
      for (int i = 0; i < 200; ++i) {
        std::string text(300 + i, static_cast<char>('a' + t));
        text += std::to_string(i * t);
        const auto packed = deflate_text(text);
        if (!packed || inflate_text(*packed) != text) ++bad;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(bad.load(), 0);
}

TEST(SymbolPackTest, RoundTripsDefinitionsAndRejectsDamagedValues) {
  EXPECT_TRUE(pack_definitions({}).empty());
  EXPECT_TRUE(unpack_definitions("")->empty());
  std::vector<syntax::Definition> defs;
  for (int i = 0; i < 30; ++i) {
    syntax::Definition d;
    d.kind = i % 3 ? "method" : "class";
    d.name = "name_\xc3\xa9" + std::to_string(i);
    d.parent = i % 3 ? (i / 3) * 3 : -1;
    d.start_line = 200000u + static_cast<uint32_t>(i);
    d.end_line = d.start_line + 7;
    d.signature = "def " + d.name + "(self, value: int) -> None:";
    d.doc = i % 2 ? "" : std::string("line one\nline\0two", 17);
    defs.push_back(d);
  }
  const std::string packed = pack_definitions(defs);
  ASSERT_FALSE(packed.empty());
  EXPECT_EQ(packed.front(), 'Z') << "repetitive signatures deflate";
  auto back = unpack_definitions(packed);
  ASSERT_TRUE(back);
  EXPECT_TRUE(*back == defs);
  // One short definition is stored as it is.
  const std::string one = pack_definitions({defs[1]});
  EXPECT_EQ(one.front(), 'R');
  EXPECT_EQ(unpack_definitions(one)->at(0).name, defs[1].name);
  // Truncated, mislabelled or damaged values do not unpack.
  EXPECT_FALSE(unpack_definitions(one.substr(0, one.size() - 1)));
  EXPECT_FALSE(unpack_definitions("X" + one.substr(1)));
  EXPECT_FALSE(unpack_definitions(packed.substr(0, packed.size() / 2)));
  std::string damaged = packed;
  damaged[damaged.size() / 2] = static_cast<char>(damaged[damaged.size() / 2] ^ 0x5a);
  EXPECT_FALSE(unpack_definitions(damaged));
}

// Long artifact contents are stored deflated, short ones (and those an
// older stc wrote as text) as text; every read gives back what was written,
// and a damaged value is reported as a damaged store, not returned.
TEST(IndexStoreTest, ArtifactContentsAreStoredDeflatedAndReadBackAsWritten) {
  TempDir dir;
  auto s = IndexStore::open(dir.path() + "/index.db", OpenMode::kReadWriteCreate);
  ASSERT_TRUE(s) << s.error().message;
  std::string long_json = "{\"summary\": \"";
  for (int i = 0; i < 30; ++i) long_json += "Fetches weather data with retries. ";
  long_json += "\"}";
  const Artifact big{"summary", "weather/client.py", "k1", 3, "offline", "", long_json, 0, 0};
  const Artifact small{"summary", "weather/tiny.py", "k2", 3, "offline", "", "{\"s\": 1}", 0, 0};
  auto arts = s->artifacts();
  ASSERT_TRUE(arts.put(big));
  ASSERT_TRUE(arts.put(small));
  auto& db = store::connection(*s);
  auto type_of = [&](const std::string& subject) {
    auto st =
        db.prepare("SELECT typeof(content), length(content) FROM artifacts WHERE subject = ?");
    EXPECT_TRUE(st);
    st->bind(1, subject);
    EXPECT_TRUE(*st->step());
    return st->column_text(0) + " " + std::to_string(st->column_int(1));
  };
  EXPECT_EQ(type_of("weather/tiny.py"), "text 8");
  const std::string big_type = type_of("weather/client.py");
  EXPECT_EQ(big_type.substr(0, 5), "blob ");
  EXPECT_LT(std::stoul(big_type.substr(5)), long_json.size() / 3);

  auto exact = arts.exact("summary", "weather/client.py", "k1", 3, "offline");
  ASSERT_TRUE(exact && *exact);
  EXPECT_EQ((*exact)->content, long_json);
  auto best = arts.best("summary", "weather/tiny.py", "", 3);
  ASSERT_TRUE(best && *best);
  EXPECT_EQ((*best)->content, small.content);
  auto all = arts.all_of_kind("summary");
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  for (const auto& a : *all)
    EXPECT_EQ(a.content, a.subject == big.subject ? long_json : small.content);

  // A value an older stc wrote as text reads as it is.
  ASSERT_TRUE(db.exec(
      "UPDATE artifacts SET content = '{\"old\": true}' WHERE subject = 'weather/tiny.py'"));
  best = arts.best("summary", "weather/tiny.py", "", 3);
  ASSERT_TRUE(best && *best);
  EXPECT_EQ((*best)->content, "{\"old\": true}");

  // A damaged one is an error that names the store as damaged.
  ASSERT_TRUE(db.exec(
      "UPDATE artifacts SET content = X'0400000078DEADBEEF' WHERE subject = 'weather/client.py'"));
  exact = arts.exact("summary", "weather/client.py", "k1", 3, "offline");
  ASSERT_FALSE(exact);
  EXPECT_TRUE(is_damaged(exact.error())) << exact.error().message;
}

// Version 11 names a co-change pair's files by their file_history row id;
// a version-10 store's pairs (two paths, a < b by path) move over unchanged.
TEST(IndexStoreTest, MigratesVersion10CoChangePairsToFileIds) {
  stc::testing::TempDir dir;
  const std::string path = dir.path() + "/index.db";
  {
    auto s = IndexStore::open(path, OpenMode::kReadWriteCreate);
    ASSERT_TRUE(s);
    unpack_to_version_11(*s);
    ASSERT_TRUE(store::connection(*s).exec(
        "DROP TABLE cochange; DROP TABLE file_history;"
        "CREATE TABLE file_history(path TEXT PRIMARY KEY, commits INTEGER NOT NULL, "
        "first_time INTEGER NOT NULL, last_time INTEGER NOT NULL, decayed REAL NOT NULL) "
        "WITHOUT ROWID;"
        "CREATE TABLE cochange(a TEXT NOT NULL, b TEXT NOT NULL, count INTEGER NOT NULL, "
        "decayed REAL NOT NULL, last_time INTEGER NOT NULL, PRIMARY KEY(a, b)) WITHOUT ROWID;"
        "CREATE INDEX cochange_b ON cochange(b);"
        "INSERT INTO file_history VALUES('z/last.py', 4, 10, 40, 4.0), ('a/first.py', 3, 10, 30, "
        "3.0), ('m/mid.py', 2, 20, 30, 2.0);"
        "INSERT INTO cochange VALUES('a/first.py', 'z/last.py', 3, 3.0, 30),"
        "('m/mid.py', 'z/last.py', 2, 2.0, 30), ('a/first.py', 'm/mid.py', 1, 1.0, 20);"
        "PRAGMA user_version = 10;"));
  }
  auto s = open_migrated(path);
  ASSERT_TRUE(s);
  auto& db = store::connection(*s);
  EXPECT_EQ(*db.query_int("SELECT COUNT(*) FROM cochange WHERE a >= b"), 0);
  EXPECT_EQ(*db.query_int("SELECT COUNT(*) FROM sqlite_master WHERE name = 'cochange_b'"), 1);
  auto partners = cochange_partners(*s, "z/last.py", 10, 1);
  ASSERT_TRUE(partners) << partners.error().message;
  ASSERT_EQ(partners->size(), 2u);
  EXPECT_EQ((*partners)[0].path, "a/first.py");
  EXPECT_EQ((*partners)[0].together, 3);
  EXPECT_EQ((*partners)[0].base, 4);
  EXPECT_EQ((*partners)[1].path, "m/mid.py");
  auto pairs = strongest_pairs(*s, 10, 1);
  ASSERT_TRUE(pairs);
  ASSERT_EQ(pairs->size(), 3u);
  EXPECT_EQ((*pairs)[0].a, "a/first.py");
  EXPECT_EQ((*pairs)[0].b, "z/last.py");
  EXPECT_EQ((*pairs)[2].a, "a/first.py");
  EXPECT_EQ((*pairs)[2].b, "m/mid.py");
}

// Version 12 keeps a blob's definitions as one packed value of its row and
// names commit_files' paths by id; a version-11 store's rows move over and
// read back the same.
TEST(IndexStoreTest, MigratesVersion11SymbolRowsIntoPackedDefinitions) {
  stc::testing::TempDir dir;
  const std::string path = dir.path() + "/index.db";
  std::vector<SymbolRow> before;
  int64_t blob = 0;
  {
    auto s = IndexStore::open(path, OpenMode::kReadWriteCreate);
    ASSERT_TRUE(s);
    BlobRecord b = sample_blob(std::string(40, 'b'));
    syntax::Definition m;
    m.kind = "method";
    m.name = "delay";
    m.parent = 0;
    m.start_line = 3;
    m.end_line = 5;
    m.signature = "def delay(self, attempt: int) -> float:";
    b.facts.definitions.push_back(m);
    auto id = s->put_blob(b);
    ASSERT_TRUE(id);
    blob = *id;
    ASSERT_TRUE(s->put_blob(sample_blob(std::string(40, 'c'))));
    ASSERT_TRUE(s->put_file(FileRecord{"weather/transport.py", std::string(40, 'b'), "python",
                                       FileStatus::kIndexed, blob}));
    before = *s->symbols(blob);
    ASSERT_FALSE(before.empty());
    unpack_to_version_11(*s);
    ASSERT_EQ(*store::connection(*s).query_int("SELECT COUNT(*) FROM symbols"),
              static_cast<int64_t>(before.size() + 1));
    ASSERT_TRUE(store::connection(*s).exec(
        "INSERT INTO commit_files VALUES(1, 'weather/a.py', 'A', ''), "
        "(2, 'weather/b.py', 'R', 'weather/a.py'), (2, 'docs/c.md', 'M', '')"));
  }
  auto s = open_migrated(path);
  ASSERT_TRUE(s);
  auto& db = store::connection(*s);
  EXPECT_EQ(*db.query_int("SELECT COUNT(*) FROM sqlite_master WHERE name = 'symbols'"), 0);
  // commit_files names its paths by id, each path stored once.
  EXPECT_EQ(*db.query_int("SELECT COUNT(*) FROM history_paths"), 3);
  EXPECT_EQ(commit_file_rows(db),
            "1 weather/a.py A , 2 docs/c.md M , 2 weather/b.py R weather/a.py");
  EXPECT_EQ(*db.query_int("SELECT COUNT(*) FROM sqlite_master WHERE name = 'commit_files_path'"),
            1);
  auto after = s->symbols(blob);
  ASSERT_TRUE(after) << after.error().message;
  ASSERT_EQ(after->size(), before.size());
  for (size_t i = 0; i < before.size(); ++i) {
    EXPECT_EQ((*after)[i].seq, before[i].seq);
    EXPECT_TRUE((*after)[i].def == before[i].def) << before[i].def.name;
  }
  EXPECT_EQ(*s->blob_symbol_count(blob), static_cast<int64_t>(before.size()));
  EXPECT_EQ(*s->symbol_count(), static_cast<int64_t>(before.size()));
  // The search text is what version 11 indexed: names (split too), doc
  // comments and references now come from the packed values.
  EXPECT_TRUE(search_index_sound(*s));
  for (const char* query : {"retry policy", "backoff", "attempts", "delay"}) {
    auto hits = s->search(query, 10);
    ASSERT_TRUE(hits) << hits.error().message;
    ASSERT_EQ(hits->size(), 1u) << query;
    EXPECT_EQ((*hits)[0].path, "weather/transport.py");
  }
  EXPECT_EQ(*s->blob_refs(blob), "sleep attempts ");
  ASSERT_TRUE(s->delete_file("weather/transport.py"));
  EXPECT_TRUE(search_index_sound(*s));
  EXPECT_EQ(s->search("backoff", 10)->size(), 0u);
}

// A packed value that does not unpack is a damaged store, said as such.
TEST(IndexStoreTest, DefinitionsThatDoNotUnpackAreReportedDamaged) {
  stc::testing::TempDir dir;
  auto s = IndexStore::open(dir.path() + "/index.db", OpenMode::kReadWriteCreate);
  ASSERT_TRUE(s);
  auto id = s->put_blob(sample_blob(std::string(40, 'b')));
  ASSERT_TRUE(id);
  ASSERT_TRUE(store::connection(*s).exec("UPDATE blobs SET definitions = x'5a0102'"));
  auto rows = s->symbols(*id);
  ASSERT_FALSE(rows);
  EXPECT_TRUE(store::is_damaged(rows.error())) << rows.error().message;
  EXPECT_NE(rows.error().message.find("do not unpack"), std::string::npos);
}

}  // namespace
}  // namespace stc::indexer::store
