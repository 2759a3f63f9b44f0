// The write side of the history tables on its own (history_miner_test
// reaches it through mining real commits): counts add up, renames move and
// merge rows, removals forget a path, commits become searchable, clear
// empties everything.

#include "indexer/history/history_tables.h"

#include <gtest/gtest.h>

#include <map>

#include <string>
#include <vector>

#include "indexer/history/history_queries.h"
#include "tests/support/temp_repo.h"

namespace stc::indexer::history {
namespace {

using stc::testing::TempDir;

constexpr int64_t kT = 1704067200;  // 2024-01-01

class HistoryTablesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::IndexStore::open(dir.path() + "/index.db", store::OpenMode::kReadWriteCreate);
    ASSERT_TRUE(s) << s.error().message;
    store.emplace(std::move(*s));
    auto t = HistoryTables::prepare(store::connection(*store));
    ASSERT_TRUE(t) << t.error().message;
    tables.emplace(std::move(*t));
  }

  std::optional<FileHistory> history(const std::string& path) {
    auto h = file_history(*store, path, kT);
    EXPECT_TRUE(h) << h.error().message;
    return h ? *h : std::nullopt;
  }

  std::vector<std::string> pairs() {
    auto p = strongest_pairs(*store, 10, 1);
    EXPECT_TRUE(p) << p.error().message;
    std::vector<std::string> out;
    for (const auto& pair : *p)
      out.push_back(pair.a + "+" + pair.b + ":" + std::to_string(pair.together));
    return out;
  }

  TempDir dir;
  std::optional<store::IndexStore> store;
  std::optional<HistoryTables> tables;
};

TEST_F(HistoryTablesTest, FileCountsAddUp) {
  auto first = tables->add_file("a.py", FileCounts{1, kT + 10, kT + 10, 0.5});
  auto again = tables->add_file("a.py", FileCounts{2, kT, kT + 20, 1.0});
  ASSERT_TRUE(first && again);
  EXPECT_EQ(*first, *again) << "one row per path";
  auto h = history("a.py");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->commits, 3);
  EXPECT_EQ(h->first_time, kT);
  EXPECT_EQ(h->last_time, kT + 20);
  EXPECT_FALSE(history("b.py")) << "no row: no history";
}

TEST_F(HistoryTablesTest, RenameMovesTheFileRowAndMergesPairs) {
  std::map<std::string, int64_t> id;  // file_history row ids
  for (const char* p : {"a.py", "b.py", "c.py"}) {
    auto added = tables->add_file(p, FileCounts{2, kT, kT, 1.0});
    ASSERT_TRUE(added);
    id[p] = *added;
  }
  ASSERT_TRUE(tables->add_pair(id["a.py"], id["b.py"], PairCounts{2, 1.0, kT}));
  ASSERT_TRUE(tables->add_pair(id["c.py"], id["b.py"], PairCounts{1, 0.5, kT})) << "either order";
  ASSERT_TRUE(tables->add_pair(id["a.py"], id["c.py"], PairCounts{1, 0.5, kT}));
  ASSERT_TRUE(tables->rename("a.py", "c.py"));
  EXPECT_FALSE(history("a.py"));
  auto c = history("c.py");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->commits, 4) << "the renamed file's commits join the target's";
  EXPECT_EQ(pairs(), (std::vector<std::string>{"b.py+c.py:3"}))
      << "a+b merges into b+c; the pair of a with c itself disappears";
}

TEST_F(HistoryTablesTest, RemoveForgetsThePathAndItsPairs) {
  auto a = tables->add_file("a.py", FileCounts{1, kT, kT, 1.0});
  auto b = tables->add_file("b.py", FileCounts{1, kT, kT, 1.0});
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
  ASSERT_TRUE(tables->add_pair(*a, *b, PairCounts{1, 1.0, kT}));
  ASSERT_TRUE(tables->remove("b.py"));
  EXPECT_FALSE(history("b.py"));
  EXPECT_TRUE(history("a.py"));
  EXPECT_TRUE(pairs().empty());
  EXPECT_TRUE(tables->remove("never-seen.py")) << "removing an unknown path is a no-op";
}

TEST_F(HistoryTablesTest, PutCommitIsSearchableAndClearEmptiesEverything) {
  git::CommitChanges c;
  c.id = *git::Oid::from_hex(std::string(40, 'a'));
  c.time = kT;
  c.author = "Ada";
  c.summary = "Add retry backoff";
  c.message = "Add retry backoff\n\nTransient errors are retried.";
  c.parents = 1;
  c.files = {git::FileChange{'M', "src/http/client.py", "", {}, {}}};
  ASSERT_TRUE(tables->put_commit(c, 1, false));
  EXPECT_EQ(*mined_commit_count(*store), 1);
  EXPECT_EQ(*last_mined_seq(*store), 1);
  auto hits = search_commits(*store, "backoff", 5);
  ASSERT_TRUE(hits && hits->size() == 1u);
  EXPECT_EQ((*hits)[0].oid, std::string(40, 'a'));
  EXPECT_EQ((*hits)[0].paths, std::vector<std::string>{"src/http/client.py"});
  EXPECT_EQ(*paths_mined_after(*store, 0), std::vector<std::string>{"src/http/client.py"});
  EXPECT_TRUE(paths_mined_after(*store, 1)->empty());

  ASSERT_TRUE(tables->add_file("src/http/client.py", FileCounts{1, kT, kT, 1.0}));
  ASSERT_TRUE(tables->clear());
  EXPECT_EQ(*mined_commit_count(*store), 0);
  EXPECT_FALSE(history("src/http/client.py"));
  EXPECT_TRUE(search_commits(*store, "backoff", 5)->empty());
}

}  // namespace
}  // namespace stc::indexer::history
