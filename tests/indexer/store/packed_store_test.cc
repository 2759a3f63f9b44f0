// Schema 13: imports packed per blob, deps by path id, artifacts keyed by
// their key, commit summaries derived from the messages, packed texts; and
// the migration of a version-12 store, which must read back the same.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "indexer/history/history_queries.h"
#include "indexer/store/index_store.h"
#include "indexer/store/schema.h"
#include "indexer/store/symbol_pack.h"
#include "tests/indexer/store/older_schema.h"
#include "tests/support/temp_repo.h"

namespace stc::indexer::store {
namespace {

using stc::testing::TempDir;

std::vector<syntax::Import> sample_imports() {
  return {syntax::Import{"weather.config", "Config, Retry", 1, "import"},
          syntax::Import{"net", "", 3, "mod"},
          syntax::Import{"..pkg.\xc3\xa9t\xc3\xa9", "x", 250000, "use"},
          syntax::Import{"", "", 0, ""}};
}

bool same_imports(const std::vector<syntax::Import>& a, const std::vector<syntax::Import>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) {
    return x.source == y.source && x.names == y.names && x.line == y.line && x.kind == y.kind;
  });
}

BlobRecord blob_with(const std::string& oid, std::vector<syntax::Import> imports) {
  BlobRecord b;
  b.oid = oid;
  b.language = "python";
  b.bytes = 10;
  b.facts.lines = 3;
  b.facts.imports = std::move(imports);
  return b;
}

TEST(SymbolPackTest, RoundTripsImportsAndRejectsDamagedValues) {
  EXPECT_TRUE(pack_imports({}).empty());
  EXPECT_TRUE(unpack_imports("")->empty());
  const std::string packed = pack_imports(sample_imports());
  ASSERT_FALSE(packed.empty());
  EXPECT_EQ(packed.front(), 'R');
  EXPECT_NE(packed.find("weather.config"), std::string::npos) << "never deflated";
  auto back = unpack_imports(packed);
  ASSERT_TRUE(back);
  EXPECT_TRUE(same_imports(*back, sample_imports()));
  // Truncated, mislabelled or damaged values do not unpack.
  for (size_t n = 1; n < packed.size(); ++n) {
    auto cut = unpack_imports(packed.substr(0, n));
    EXPECT_TRUE(!cut || cut->size() < sample_imports().size()) << n;
  }
  EXPECT_FALSE(unpack_imports(packed.substr(0, packed.size() - 1)));
  EXPECT_FALSE(unpack_imports("Z" + packed.substr(1)));
  std::string bad_kind = pack_imports({syntax::Import{"a", "b", 1, "import"}});
  bad_kind[2] = 7;  // after 'R' and the line: the kind code
  EXPECT_FALSE(unpack_imports(bad_kind));
  EXPECT_FALSE(unpack_imports(std::string("R\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", 11)));
}

TEST(SymbolPackTest, PacksReferencesAgainstTheDefinitions) {
  std::vector<syntax::Definition> defs;
  std::string refs;
  for (int i = 0; i < 20; ++i) {
    syntax::Definition d;
    d.kind = "function";
    d.name = "fetch_forecast_" + std::to_string(i);
    d.signature = "def " + d.name + "(client: WeatherClient, retries: RetryPolicy) -> Forecast:";
    defs.push_back(d);
    refs += "WeatherClient RetryPolicy Forecast fetch_forecast_" + std::to_string(19 - i) + " ";
  }
  const std::string encoded = encode_definitions(defs);
  EXPECT_EQ(pack_text(encoded), pack_definitions(defs));
  const std::string packed = pack_references(refs, encoded);
  ASSERT_FALSE(packed.empty());
  EXPECT_EQ(packed.front(), 'D');
  EXPECT_LT(packed.size(), pack_text(refs).size()) << "the definitions name what it references";
  const std::string definitions = pack_definitions(defs);
  EXPECT_EQ(unpack_references(packed, definitions), refs);
  // Older values (pack_text) and blobs without definitions read as before.
  EXPECT_EQ(unpack_references(pack_text(refs), definitions), refs);
  EXPECT_EQ(pack_references(refs, ""), pack_text(refs));
  EXPECT_EQ(unpack_references("", ""), "");
  // Damaged, or read against other definitions: no text.
  EXPECT_FALSE(unpack_references(packed, pack_definitions({defs[0]})));
  EXPECT_FALSE(unpack_references(packed, ""));
  EXPECT_FALSE(unpack_references(packed.substr(0, packed.size() - 2), definitions));
  std::string damaged = packed;
  damaged[damaged.size() / 2] = static_cast<char>(damaged[damaged.size() / 2] ^ 0x5a);
  EXPECT_FALSE(unpack_references(damaged, definitions));
}

// Every statement that finds a commit or blob by id goes through the index on
// the id's first 8 digits, and finds exactly the row with the whole id.
TEST(IndexStoreTest, FindsCommitsAndBlobsByIdThroughThePrefixIndex) {
  TempDir dir;
  auto s = IndexStore::open(dir.path() + "/index.db", OpenMode::kReadWriteCreate);
  ASSERT_TRUE(s) << s.error().message;
  auto& db = store::connection(*s);
  auto plan = [&](const std::string& sql) {
    auto st = db.prepare("EXPLAIN QUERY PLAN " + sql);
    EXPECT_TRUE(st) << sql;
    std::string out;
    while (st && *st->step()) out += st->column_text(3) + "\n";
    return out;
  };
  EXPECT_NE(plan(schema::commit_seq_by_oid("?1")).find("USING INDEX commits_oid"),
            std::string::npos)
      << plan(schema::commit_seq_by_oid("?1"));
  const std::string blob =
      "SELECT id FROM blobs WHERE " + schema::oid_equals("oid", "?1") + " AND lang = ?2";
  EXPECT_NE(plan(blob).find("USING INDEX blobs_oid"), std::string::npos) << plan(blob);
  // Two ids that share their first 8 digits are told apart.
  const std::string a = "0123456789" + std::string(30, 'a');
  const std::string b = "0123456789" + std::string(30, 'b');
  ASSERT_TRUE(
      db.exec("INSERT INTO commits(oid, seq, time, author, summary, message, parents, files, "
              "skipped) VALUES('" +
              a + "', 7, 0, '', '', 'one', 1, 0, 0), ('" + b + "', 9, 0, '', '', 'two', 1, 0, 0)"));
  for (const auto& [oid, seq] : {std::pair{a, 7}, std::pair{b, 9}}) {
    auto st = db.prepare(schema::commit_seq_by_oid("?1"));
    ASSERT_TRUE(st);
    st->bind(1, oid);
    ASSERT_TRUE(*st->step());
    EXPECT_EQ(st->column_int(0), seq);
  }
  ASSERT_TRUE(s->put_blob(blob_with(a, {})));
  EXPECT_TRUE(*s->find_blob(a, "python"));
  EXPECT_FALSE(*s->find_blob(b, "python"));
}

// Imports read back as written; the text search finds a source or names,
// not a kind; a damaged value is reported as a damaged store.
TEST(IndexStoreTest, ImportsArePackedPerBlobAndSearchedExactly) {
  TempDir dir;
  auto s = IndexStore::open(dir.path() + "/index.db", OpenMode::kReadWriteCreate);
  ASSERT_TRUE(s) << s.error().message;
  auto a = s->put_blob(blob_with(std::string(40, 'a'), sample_imports()));
  auto b = s->put_blob(blob_with(std::string(40, 'b'), {}));
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(
      s->put_file(FileRecord{"a.py", std::string(40, 'a'), "python", FileStatus::kIndexed, *a}));
  ASSERT_TRUE(
      s->put_file(FileRecord{"b.py", std::string(40, 'b'), "python", FileStatus::kIndexed, *b}));
  EXPECT_TRUE(same_imports(*s->imports(*a), sample_imports()));
  EXPECT_TRUE(s->imports(*b)->empty());
  EXPECT_EQ(*store::connection(*s).query_int("SELECT COUNT(*) FROM blob_imports"), 1)
      << "no row for a blob without imports";
  auto paths = [&](const std::string& text) {
    std::vector<std::string> out;
    const auto files = s->files_importing_text(text);
    for (const auto& f : *files) out.push_back(f.path);
    return out;
  };
  EXPECT_EQ(paths("config"), (std::vector<std::string>{"a.py"}));
  EXPECT_EQ(paths("Retry"), (std::vector<std::string>{"a.py"}));
  EXPECT_EQ(paths("\xc3\xa9t\xc3\xa9"), (std::vector<std::string>{"a.py"}));
  EXPECT_TRUE(paths("mod").empty()) << "a kind is not a source";
  EXPECT_TRUE(paths("use").empty()) << "even one stored as text";
  // Replacing the blob replaces its imports.
  ASSERT_TRUE(s->put_blob(blob_with(std::string(40, 'a'), {sample_imports()[1]})));
  auto id = s->find_blob(std::string(40, 'a'), "python");
  ASSERT_TRUE(id && *id);
  EXPECT_EQ(s->imports(**id)->size(), 1u);
  // Damaged.
  auto& db = store::connection(*s);
  ASSERT_TRUE(db.exec("UPDATE blob_imports SET imports = X'5201'"));
  auto damaged = s->imports(**id);
  ASSERT_FALSE(damaged);
  EXPECT_TRUE(is_damaged(damaged.error())) << damaged.error().message;
}

// Texts stored packed since schema 13 (practice tasks, directory facts)
// read back as written; older text rows as they are; damage is reported.
TEST(IndexStoreTest, PackedTextsReadBackAndDamageIsReported) {
  TempDir dir;
  auto s = IndexStore::open(dir.path() + "/index.db", OpenMode::kReadWriteCreate);
  ASSERT_TRUE(s);
  std::string json = "{\"candidates\": [";
  for (int i = 0; i < 50; ++i) json += "{\"path\": \"weather/client.py\", \"score\": 0.5},";
  json += "{}]}";
  auto rows = s->rehearsals();
  ASSERT_TRUE(rows.put(RehearsalTaskRow{"c1", 1, 10, json}, 3));
  ASSERT_TRUE(rows.put(RehearsalTaskRow{"c2", 2, 10, ""}, 3));
  auto facts = s->dir_facts();
  ASSERT_TRUE(facts.put("weather", "", 7, json));
  auto& db = store::connection(*s);
  EXPECT_EQ(*db.query_int("SELECT length(data) < 1000 FROM rehearsal_tasks WHERE commit_oid = "
                          "'c1'"),
            1);
  auto all = rows.all(3);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].data, json);
  EXPECT_EQ((*all)[1].data, "");
  EXPECT_EQ(**facts.get("weather"), json);
  ASSERT_TRUE(db.exec("UPDATE dir_facts SET facts = '{\"old\": 1}'"));
  EXPECT_EQ(**facts.get("weather"), "{\"old\": 1}");
  ASSERT_TRUE(db.exec("UPDATE dir_facts SET facts = X'5A0400000078DEADBEEF'"));
  auto damaged = facts.get("weather");
  ASSERT_FALSE(damaged);
  EXPECT_TRUE(is_damaged(damaged.error())) << damaged.error().message;
  ASSERT_TRUE(db.exec("UPDATE rehearsal_tasks SET data = X'5A01'"));
  auto bad = rows.all(3);
  ASSERT_FALSE(bad);
  EXPECT_TRUE(is_damaged(bad.error())) << bad.error().message;
}

// Artifacts written in the same second: the later write wins every tie, as
// the rowid of schema 12 made it, also across a replacement.
TEST(IndexStoreTest, ArtifactIdsFollowTheOrderOfTheWrites) {
  TempDir dir;
  auto s = IndexStore::open(dir.path() + "/index.db", OpenMode::kReadWriteCreate);
  ASSERT_TRUE(s);
  auto arts = s->artifacts();
  const Artifact first{"summary", "a.py", "k1", 3, "offline", "", "{\"n\": 1}", 0, 100};
  const Artifact second{"summary", "a.py", "k2", 3, "offline", "", "{\"n\": 2}", 0, 100};
  ASSERT_TRUE(arts.put(first));
  ASSERT_TRUE(arts.put(second));
  EXPECT_EQ((*arts.best("summary", "a.py", "", 3))->content, "{\"n\": 2}");
  ASSERT_TRUE(arts.put(first));  // replaced: now the later write
  EXPECT_EQ((*arts.best("summary", "a.py", "", 3))->content, "{\"n\": 1}");
  EXPECT_EQ((*arts.newest_of("summary", "a.py", 3, "offline"))->input_key, "k1");
  EXPECT_EQ((*arts.newest(1))[0].input_key, "k1");
  ASSERT_TRUE(store::connection(*s).exec("BEGIN"));
  ASSERT_TRUE(arts.put(second));  // inside a caller's transaction
  ASSERT_TRUE(store::connection(*s).exec("COMMIT"));
  EXPECT_EQ((*arts.newest(1))[0].input_key, "k2");
  EXPECT_EQ(*arts.count(), 2);
  // Without its mark (a meta row gone), ids continue after the largest.
  ASSERT_TRUE(store::connection(*s).exec("DELETE FROM meta WHERE key = 'artifact_id'"));
  ASSERT_TRUE(arts.put(first));
  EXPECT_EQ((*arts.newest(1))[0].input_key, "k1");
}

// A version-12 store moves over: the same imports, edges, artifacts (in
// the same order, later writes still winning ties) and commit summaries.
TEST(IndexStoreTest, MigratesVersion12StoreInPlace) {
  TempDir dir;
  const std::string path = dir.path() + "/index.db";
  std::vector<std::string> before;
  auto snapshot = [](IndexStore& s) {
    std::vector<std::string> out;
    auto id = s.find_blob(std::string(40, 'a'), "python");
    const auto imports = s.imports(**id);
    for (const auto& im : *imports) {
      out.push_back(im.source + "|" + im.names + "|" + std::to_string(im.line) + "|" + im.kind);
    }
    const auto importing = s.files_importing_text("config");
    for (const auto& f : *importing) out.push_back("importing " + f.path);
    const auto deps = s.deps_of("a.py");
    for (const auto& d : *deps) out.push_back("a.py -> " + d);
    const auto importers = s.importers_of("c.py");
    for (const auto& d : *importers) out.push_back(d + " -> c.py");
    out.push_back("importers of c.py " + std::to_string(s.importer_counts()->at("c.py")));
    auto arts = s.artifacts();
    const auto all = arts.all_of_kind("summary");
    for (const auto& a : *all) out.push_back(a.subject + " " + a.content);
    const auto newest = arts.newest(10);
    for (const auto& a : *newest) out.push_back("newest " + a.input_key);
    out.push_back("best " + (*arts.best("summary", "a.py", "", 3))->input_key);
    const auto tasks = s.rehearsals().all(3);
    for (const auto& r : *tasks) out.push_back(r.commit_oid + " " + r.data);
    out.push_back(**s.dir_facts().get("weather"));
    return out;
  };
  {
    auto s = IndexStore::open(path, OpenMode::kReadWriteCreate);
    ASSERT_TRUE(s);
    auto a = s->put_blob(blob_with(std::string(40, 'a'), sample_imports()));
    ASSERT_TRUE(a);
    ASSERT_TRUE(
        s->put_file(FileRecord{"a.py", std::string(40, 'a'), "python", FileStatus::kIndexed, *a}));
    ASSERT_TRUE(s->set_deps("a.py", {"c.py", "b.py"}));
    ASSERT_TRUE(s->set_deps("b.py", {"c.py"}));
    auto arts = s->artifacts();
    for (const char* key : {"k2", "k1", "k3"}) {
      ASSERT_TRUE(arts.put(Artifact{"summary", "a.py", key, 3, "offline", "", key, 0, 100}));
    }
    ASSERT_TRUE(arts.put(Artifact{"summary", "b.py", "k", 3, "offline", "", "b", 0, 100}));
    ASSERT_TRUE(s->rehearsals().put(RehearsalTaskRow{"c1", 1, 10, "{\"task\": 1}"}, 3));
    ASSERT_TRUE(s->dir_facts().put("weather", "", 7, "{\"files\": 2}"));
    before = snapshot(*s);
    unpack_to_version_12(*s);
    // Version 12's history rows: a derivable summary and one that is not.
    ASSERT_TRUE(store::connection(*s).exec(
        "INSERT INTO commits VALUES('c1', 1, 100, 'a', 'Add retry backoff', "
        "'Add retry\nbackoff  \n\nWith a body.', 1, 1, 0);"
        "INSERT INTO commits VALUES('c2', 2, 200, 'a', 'Retry: other', 'Retry twice', 1, 1, 0);"
        "INSERT INTO commit_search(rowid, message, paths) VALUES(1, 'Add retry backoff', 'a'),"
        "(2, 'Retry twice', 'b');"));
  }
  ASSERT_GE(before.size(), 10u);
  auto s = IndexStore::open(path, OpenMode::kReadWrite);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(*store::connection(*s).query_int("PRAGMA user_version"), kSchemaVersion);
  EXPECT_EQ(snapshot(*s), before);
  std::vector<std::string> summaries;
  const auto hits = stc::indexer::search_commits(*s, "retry", 10);
  ASSERT_TRUE(hits) << hits.error().message;
  for (const auto& hit : *hits) {
    summaries.push_back(hit.oid + ": " + hit.summary);
  }
  std::sort(summaries.begin(), summaries.end());
  EXPECT_EQ(summaries, (std::vector<std::string>{"c1: Add retry backoff", "c2: Retry: other"}));
  auto& db = store::connection(*s);
  EXPECT_EQ(*db.query_int("SELECT COUNT(*) FROM sqlite_master WHERE name IN ('imports', "
                          "'imports_blob', 'sqlite_autoindex_artifacts_1')"),
            0);
  EXPECT_EQ(*db.query_int("SELECT COUNT(*) FROM commits WHERE summary = ''"), 1)
      << "only the summary the message gives back";
  // Later writes keep winning ties after the migration.
  auto arts = s->artifacts();
  ASSERT_TRUE(arts.put(Artifact{"summary", "a.py", "k2", 3, "offline", "", "again", 0, 100}));
  EXPECT_EQ((*arts.best("summary", "a.py", "", 3))->content, "again");
}

}  // namespace
}  // namespace stc::indexer::store
