#include "indexer/store/index_store.h"

#include <gtest/gtest.h>

#include <fstream>

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
}

TEST(IndexStoreTest, SearchRanksFilesAndListsMatchingSymbols) {
  TempDir dir;
  auto s = IndexStore::open(dir.path() + "/index.db", OpenMode::kReadWriteCreate);
  ASSERT_TRUE(s);
  auto id = s->put_blob(sample_blob(std::string(40, 'b')));
  ASSERT_TRUE(id);
  ASSERT_TRUE(s->put_file(FileRecord{"weather/transport.py", std::string(40, 'b'), "python",
                                     FileStatus::kIndexed, *id}));
  ASSERT_TRUE(s->put_file(
      FileRecord{"docs/retry_guide.md", std::string(40, 'c'), "", FileStatus::kText, 0}));
  ASSERT_TRUE(s->put_file(FileRecord{"README.md", std::string(40, 'd'), "", FileStatus::kText, 0}));
  auto hits = s->search("retry backoff", 10);
  ASSERT_TRUE(hits) << hits.error().message;
  ASSERT_EQ(hits->size(), 2u);
  bool found_symbol = false;
  for (const auto& h : *hits) {
    if (h.path == "weather/transport.py") {
      found_symbol = !h.symbols.empty() && h.symbols[0] == "RetryPolicy";
    }
  }
  EXPECT_TRUE(found_symbol);
  EXPECT_TRUE(s->search("the and of", 10)->empty());
  // Deleting a file removes it from search.
  ASSERT_TRUE(s->delete_file("docs/retry_guide.md"));
  EXPECT_EQ(s->search("guide", 10)->size(), 0u);
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

TEST(IndexStoreTest, MigratesAnOlderSchemaForward) {
  stc::testing::TempDir dir;
  const std::string path = dir.path() + "/index.db";
  {
    auto s = IndexStore::open(path, OpenMode::kReadWriteCreate);
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->set_meta("indexed_commit", "kept"));
    // Turn it back into a version-1 store.
    ASSERT_TRUE(store::connection(*s).exec(
        "DROP TABLE commits; DROP TABLE commit_files; DROP TABLE file_history; "
        "DROP TABLE cochange; DROP TABLE commit_search; DROP TABLE artifacts; "
        "DROP TABLE llm_calls; DROP TABLE passes; DROP TABLE rehearsal_tasks; "
        "PRAGMA user_version = 1;"));
  }
  auto s = IndexStore::open(path, OpenMode::kReadWrite);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(*store::connection(*s).query_int("PRAGMA user_version"), kSchemaVersion);
  EXPECT_EQ(**s->meta("indexed_commit"), "kept");
  EXPECT_EQ(*store::connection(*s).query_int("SELECT COUNT(*) FROM artifacts"), 0);
}

}  // namespace
}  // namespace stc::indexer::store
