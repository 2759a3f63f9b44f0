#include "indexer/history/history_miner.h"
#include "indexer/history/history_queries.h"
#include "indexer/history/pattern_memo.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "tests/support/temp_repo.h"

namespace stc::indexer {
namespace {

using stc::testing::TempDir;
using stc::testing::TempRepo;

constexpr int64_t kJan2024 = 1704067200;  // TempRepo's clock: 2024-01-01T00:00:0N

git::Repository open_repo(const std::string& path) {
  auto r = git::Repository::discover(path);
  if (!r) std::abort();
  return std::move(*r);
}

// A temporary repository with a store beside it.
struct Fixture {
  TempRepo repo;
  TempDir dir;
  git::Repository git_repo = open_repo(repo.path());
  Result<store::IndexStore> opened =
      store::IndexStore::open(dir.path() + "/index.db", store::OpenMode::kReadWriteCreate);
  store::IndexStore& store = *opened;

  HistoryReport mine(const std::string& rev = "HEAD", HistoryOptions options = {}) {
    auto commit = git_repo.resolve_commit(rev);
    EXPECT_TRUE(commit) << commit.error().message;
    NullProgress progress;
    auto report = mine_history(git_repo, store, commit->id, options, progress);
    EXPECT_TRUE(report) << report.error().message;
    return report ? *report : HistoryReport{};
  }

  // Writes each file with fresh content (so it changes) and commits.
  std::string touch(const std::vector<std::string>& paths, const std::string& message) {
    for (const auto& p : paths) repo.write(p, p + " " + std::to_string(++edits) + "\n");
    return repo.commit(message);
  }

  int64_t commits_of(const std::string& path) {
    auto h = file_history(store, path, kJan2024);
    EXPECT_TRUE(h) << h.error().message;
    return h && *h ? (*h)->commits : 0;
  }

  std::vector<CoChange> partners(const std::string& path, int64_t min_together = 1) {
    auto p = cochange_partners(store, path, 10, min_together);
    EXPECT_TRUE(p) << p.error().message;
    return p ? *p : std::vector<CoChange>{};
  }

  int edits = 0;
};

std::vector<std::string> paths_of(const std::vector<CoChange>& partners) {
  std::vector<std::string> out;
  for (const auto& p : partners) out.push_back(p.path);
  return out;
}

using Paths = std::vector<std::string>;

// The pattern memo stores each commit's paths front-coded; they read back
// whole, and a damaged row reads back short instead of looping or running
// past the value (a length that wraps around, a prefix longer than the path
// before it, a length past the end).
TEST(HistoryMinerTest, PatternMemoReadsBackAndSurvivesDamagedRows) {
  Fixture f;
  f.touch({"README.md"}, "Start");  // a root commit is no pattern evidence
  f.touch({"src/app/a.py", "src/app/b.py", "src/lib/c.py"}, "Add the app");
  f.touch({"src/app/a.py", "src/app/b.py", "tests/test_a.py"}, "Test the app");
  f.mine();
  ASSERT_TRUE(update_pattern_memo(f.store));
  auto window = pattern_window(f.store, 10);
  ASSERT_TRUE(window) << window.error().message;
  ASSERT_EQ(window->size(), 2u);
  std::vector<std::string> paths;
  for (const auto& [change, path] : (*window)[0].files) paths.push_back(path);
  EXPECT_EQ(paths, (Paths{"src/app/a.py", "src/app/b.py", "tests/test_a.py"}));
  auto& db = store::connection(f.store);
  const std::string damaged[] = {
      "M0,18446744073709551592 x",       // 24 + length wraps to 0: the read would restart
      "M0,12 src/app/a.pyM99,1 z",       // keeps 99 bytes of a 12-byte path
      "M0,12 src/app/a.pyM4,1000 rest",  // runs past the value
      "M0,3 abcM",                       // cut short
  };
  for (const auto& files : damaged) {
    ASSERT_TRUE(db.exec("UPDATE pattern_commits SET files = '" + files +
                        "' WHERE seq = (SELECT MAX(seq) FROM pattern_commits)"));
    auto read = pattern_window(f.store, 10);
    ASSERT_TRUE(read) << files;
    ASSERT_EQ(read->size(), 2u) << files;
    EXPECT_LE((*read)[0].files.size(), 1u) << files;
    auto additions = pattern_window(f.store, 10, /*additions_only=*/true);
    ASSERT_TRUE(additions) << files;
  }
}

TEST(HistoryMinerTest, CountsCoChangesAndConfidence) {
  Fixture f;
  f.touch({"a.py", "b.py", "c.py"}, "one");
  f.touch({"a.py", "b.py"}, "two");
  f.touch({"a.py"}, "three");
  f.touch({"a.py", "c.py"}, "four");
  const HistoryReport r = f.mine();
  EXPECT_EQ(r.commits_mined, 4);
  EXPECT_FALSE(r.rebuilt);
  EXPECT_EQ(f.commits_of("a.py"), 4);
  EXPECT_EQ(f.commits_of("b.py"), 2);

  // a: b and c both 2 of 4 commits; c is more recent, so it comes first.
  const auto of_a = f.partners("a.py");
  ASSERT_EQ(paths_of(of_a), (Paths{"c.py", "b.py"}));
  EXPECT_EQ(of_a[0].together, 2);
  EXPECT_EQ(of_a[0].base, 4);
  EXPECT_DOUBLE_EQ(of_a[0].confidence, 0.5);
  EXPECT_EQ(of_a[0].last_time, kJan2024 + 4);
  // b: a in 2 of 2 commits, c in 1 of 2.
  const auto of_b = f.partners("b.py");
  ASSERT_EQ(paths_of(of_b), (Paths{"a.py", "c.py"}));
  EXPECT_DOUBLE_EQ(of_b[0].confidence, 1.0);
  EXPECT_DOUBLE_EQ(of_b[1].confidence, 0.5);
  EXPECT_EQ(paths_of(f.partners("b.py", 2)), (Paths{"a.py"}));
  EXPECT_TRUE(f.partners("missing.py").empty());
}

TEST(HistoryMinerTest, RecentWeightHalvesPerHalfLife) {
  Fixture f;
  f.touch({"a.py"}, "one");
  f.touch({"a.py"}, "two");
  f.mine();
  const int64_t day = 86400;
  auto now = file_history(f.store, "a.py", kJan2024 + 2);
  ASSERT_TRUE(now && *now);
  EXPECT_NEAR((*now)->recent, 2.0, 1e-6);
  EXPECT_EQ((*now)->first_time, kJan2024 + 1);
  EXPECT_EQ((*now)->last_time, kJan2024 + 2);
  auto later = file_history(f.store, "a.py", kJan2024 + 2 + 180 * day);
  EXPECT_NEAR((*later)->recent, 1.0, 1e-6);
  auto hot = hottest_files(f.store, 5, kJan2024 + 2 + 360 * day);
  ASSERT_TRUE(hot);
  ASSERT_EQ(hot->size(), 1u);
  EXPECT_NEAR((*hot)[0].recent, 0.5, 1e-6);
}

TEST(HistoryMinerTest, MassChangesAreRecordedButNotCounted) {
  Fixture f;
  f.touch({"a.py", "b.py"}, "pair");
  f.touch({"a.py", "b.py", "c.py", "d.py"}, "reformat everything");
  HistoryOptions options;
  options.max_files_per_commit = 3;
  const HistoryReport r = f.mine("HEAD", options);
  EXPECT_EQ(r.commits_mined, 2);
  EXPECT_EQ(r.commits_skipped, 1);
  EXPECT_EQ(f.commits_of("a.py"), 1);
  EXPECT_EQ(f.commits_of("c.py"), 0);
  EXPECT_EQ(f.partners("a.py")[0].together, 1);
  EXPECT_EQ(*store::connection(f.store).query_int("SELECT SUM(skipped) FROM commits"), 1);
  EXPECT_EQ(*store::connection(f.store).query_int("SELECT COUNT(*) FROM commit_files"), 6);
}

// Rehearsal asks for the frequent files as of each practice task;
// FrequentFilesAsOf answers from one scan what frequent_files' grouped query
// answers, moving forwards and backwards, past skipped commits and deletions.
TEST(HistoryMinerTest, FrequentFilesAsOfMatchesTheQueryAtEveryPosition) {
  Fixture f;
  for (int i = 0; i < 24; ++i) {
    std::vector<std::string> paths = {"CHANGES.md", "src/m" + std::to_string(i % 5) + ".py"};
    if (i % 3 == 0) paths.push_back("src/core.py");
    if (i % 7 == 6) paths = {"a.py", "b.py", "c.py", "d.py", "CHANGES.md"};  // skipped below
    f.touch(paths, "change " + std::to_string(i));
    if (i == 15) {
      f.repo.remove("src/core.py");
      f.repo.commit("drop core");
    }
  }
  HistoryOptions options;
  options.max_files_per_commit = 4;
  const HistoryReport r = f.mine("HEAD", options);
  ASSERT_GE(r.commits_skipped, 3);
  const int64_t head = *last_mined_seq(f.store);
  FrequentFilesAsOf as_of(f.store);
  std::vector<int64_t> order;
  for (int64_t s = 1; s <= head + 1; ++s) order.push_back(s);
  std::reverse(order.begin(), order.end());                       // newest first, as rehearsal goes
  for (int64_t s = 1; s <= head + 1; s += 3) order.push_back(s);  // then forwards again
  size_t nonempty = 0;
  for (const double share : {0.25, 0.1}) {
    for (const int64_t s : order) {
      auto want = frequent_files(f.store, share, 3, s);
      auto got = as_of.at(share, 3, s);
      ASSERT_TRUE(want && got);
      ASSERT_EQ(got->size(), want->size()) << "seq " << s;
      for (size_t i = 0; i < want->size(); ++i) {
        EXPECT_EQ((*got)[i].path, (*want)[i].path) << "seq " << s;
        EXPECT_DOUBLE_EQ((*got)[i].share, (*want)[i].share) << "seq " << s;
      }
      nonempty += want->empty() ? 0 : 1;
    }
  }
  EXPECT_GT(nonempty, 10u);          // the comparison saw real answers
  auto live = as_of.at(0.25, 3, 0);  // 0: the live history, as frequent_files
  ASSERT_TRUE(live);
  ASSERT_FALSE(live->empty());
  EXPECT_EQ(live->front().path, "CHANGES.md");
}

TEST(HistoryMinerTest, HistoryFollowsRenamesAndForgetsDeletedFiles) {
  Fixture f;
  f.touch({"src/old_name.py", "test.py"}, "one");
  f.touch({"src/old_name.py", "test.py"}, "two");
  f.touch({"src/old_name.py", "gone.py"}, "three");
  f.repo.git("mv src/old_name.py new_name.py");
  f.repo.commit("move it");
  f.touch({"new_name.py", "test.py"}, "four");
  f.repo.remove("gone.py");
  f.repo.commit("delete gone");
  f.mine();
  EXPECT_EQ(f.commits_of("src/old_name.py"), 0);
  EXPECT_EQ(f.commits_of("new_name.py"), 5);  // 3 before the move, the move, 1 after
  EXPECT_EQ(f.commits_of("gone.py"), 0);
  const auto of_test = f.partners("test.py");
  ASSERT_EQ(paths_of(of_test), (Paths{"new_name.py"}));
  EXPECT_EQ(of_test[0].together, 3);
  EXPECT_EQ(*store::connection(f.store).query_int(
                "SELECT COUNT(*) FROM cochange c JOIN file_history fa ON fa.id = c.a "
                "JOIN file_history fb ON fb.id = c.b WHERE fa.path LIKE '%old_name%' OR "
                "fb.path LIKE '%old_name%' OR fa.path = 'gone.py' OR fb.path = 'gone.py'"),
            0);
  // Every pair's files have a row (pairs name them by its id), smaller id first.
  EXPECT_EQ(*store::connection(f.store).query_int(
                "SELECT COUNT(*) FROM cochange WHERE a >= b OR a NOT IN (SELECT id FROM "
                "file_history) OR b NOT IN (SELECT id FROM file_history)"),
            0);
}

TEST(HistoryMinerTest, RenamesAndDeletionsInALaterRunMoveStoredHistory) {
  Fixture f;
  f.touch({"old.py", "test.py", "gone.py"}, "one");
  f.touch({"old.py", "test.py"}, "two");
  f.touch({"new.py"}, "an unrelated file that will be replaced");
  f.repo.remove("new.py");
  f.repo.commit("drop it");
  f.mine();
  f.repo.git("mv old.py new.py");
  f.repo.remove("gone.py");
  f.repo.commit("rename and delete");
  f.touch({"new.py", "test.py"}, "three");
  f.mine();
  EXPECT_EQ(f.commits_of("new.py"), 4);
  EXPECT_EQ(f.commits_of("old.py"), 0);
  EXPECT_EQ(f.commits_of("gone.py"), 0);
  const auto of_test = f.partners("test.py");
  ASSERT_EQ(paths_of(of_test), (Paths{"new.py"}));
  EXPECT_EQ(of_test[0].together, 3);
  EXPECT_EQ(of_test[0].base, 3);
  EXPECT_EQ(*store::connection(f.store).query_int("SELECT COUNT(*) FROM cochange"), 1);
}

TEST(HistoryMinerTest, SecondRunReadsOnlyNewCommits) {
  Fixture f;
  f.touch({"a.py", "b.py"}, "one");
  f.touch({"a.py", "b.py"}, "two");
  f.touch({"a.py"}, "three");
  EXPECT_EQ(f.mine().commits_mined, 3);
  f.touch({"a.py", "b.py"}, "four");
  f.touch({"c.py"}, "five");
  const HistoryReport again = f.mine();
  EXPECT_EQ(again.commits_mined, 2);
  EXPECT_FALSE(again.rebuilt);
  EXPECT_EQ(f.mine().commits_mined, 0);
  EXPECT_EQ(f.commits_of("a.py"), 4);
  EXPECT_EQ(f.partners("a.py")[0].together, 3);
  EXPECT_EQ(*store::connection(f.store).query_int("SELECT MAX(seq) FROM commits"), 5);
  EXPECT_EQ(*store::connection(f.store).query_int("SELECT COUNT(*) FROM commit_search"), 5);
  auto head = f.store.meta("history_head");
  ASSERT_TRUE(head && *head);
  EXPECT_EQ(**head, f.git_repo.resolve_commit("HEAD")->id.hex());
}

TEST(HistoryMinerTest, MiningAnOlderCommitRebuildsWithoutLaterHistory) {
  Fixture f;
  f.touch({"a.py", "b.py"}, "one");
  f.touch({"a.py", "b.py"}, "two");
  const std::string c3 = f.touch({"a.py"}, "three");
  f.touch({"a.py", "later.py"}, "Introduce zebracorn support");
  f.touch({"b.py", "later.py"}, "five");
  f.mine();
  ASSERT_EQ(f.commits_of("later.py"), 2);

  const HistoryReport r = f.mine(c3);
  EXPECT_TRUE(r.rebuilt);
  EXPECT_EQ(r.commits_mined, 3);
  EXPECT_EQ(r.head, c3);
  auto found = search_commits(f.store, "zebracorn", 10);
  ASSERT_TRUE(found);
  EXPECT_TRUE(found->empty());
  EXPECT_TRUE(search_commits(f.store, "later", 10)->empty());
  EXPECT_EQ(f.commits_of("later.py"), 0);
  EXPECT_EQ(f.commits_of("a.py"), 3);
  for (const auto& p : {"a.py", "b.py"}) {
    const auto partners = paths_of(f.partners(p));
    EXPECT_EQ(std::count(partners.begin(), partners.end(), "later.py"), 0) << p;
  }
  const auto hottest = hottest_files(f.store, 10, kJan2024);
  ASSERT_TRUE(hottest);
  for (const auto& h : *hottest) EXPECT_NE(h.path, "later.py");
  EXPECT_EQ(*store::connection(f.store).query_int("SELECT COUNT(*) FROM commits"), 3);
  EXPECT_EQ(*store::connection(f.store).query_int(
                "SELECT COUNT(*) FROM commit_files cf JOIN history_paths p ON p.id = cf.path_id "
                "WHERE p.path = 'later.py'"),
            0);

  // Back at HEAD: incremental again from c3.
  const HistoryReport forward = f.mine();
  EXPECT_FALSE(forward.rebuilt);
  EXPECT_EQ(forward.commits_mined, 2);
  EXPECT_EQ(search_commits(f.store, "zebracorn", 10)->size(), 1u);
  // The contentless commit_search index stays sound through 'delete-all'.
  EXPECT_TRUE(store::connection(f.store).exec(
      "INSERT INTO commit_search(commit_search) VALUES('integrity-check')"));
}

TEST(HistoryMinerTest, ChangedOptionsRebuild) {
  Fixture f;
  f.touch({"a.py", "b.py"}, "one");
  f.mine();
  HistoryOptions options;
  options.half_life_days = 30;
  const HistoryReport r = f.mine("HEAD", options);
  EXPECT_TRUE(r.rebuilt);
  EXPECT_EQ(r.commits_mined, 1);
  EXPECT_EQ(f.commits_of("a.py"), 1);
  auto h = file_history(f.store, "a.py", kJan2024 + 1 + 30 * 86400);
  EXPECT_NEAR((*h)->recent, 0.5, 1e-6);
}

TEST(HistoryMinerTest, SearchFindsCommitsByMessageAndPathWords) {
  Fixture f;
  f.touch({"src/http/client.py", "tests/test_client.py"}, "Add retry backoff to the HTTP client");
  f.touch({"docs/index.md"}, "Document installation");
  f.touch({"src/cache.py"}, "Speed up caching of responses");
  f.mine();
  auto hits = search_commits(f.store, "backoff retries", 10);
  ASSERT_TRUE(hits) << hits.error().message;
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].summary, "Add retry backoff to the HTTP client");
  EXPECT_EQ((*hits)[0].paths, (Paths{"src/http/client.py", "tests/test_client.py"}));
  EXPECT_GT((*hits)[0].score, 0);
  EXPECT_EQ((*hits)[0].time, kJan2024 + 1);

  auto by_path = search_commits(f.store, "cache", 10);
  ASSERT_TRUE(by_path);
  ASSERT_FALSE(by_path->empty());
  EXPECT_EQ((*by_path)[0].summary, "Speed up caching of responses");
  EXPECT_TRUE(search_commits(f.store, "the of", 10)->empty());
}

TEST(HistoryMinerTest, ReadSideWorksOnAReadOnlyStore) {
  Fixture f;
  f.touch({"a.py", "b.py"}, "one pair");
  f.touch({"a.py", "b.py"}, "two pair");
  f.mine();
  auto ro = store::IndexStore::open(f.dir.path() + "/index.db", store::OpenMode::kReadOnly);
  ASSERT_TRUE(ro) << ro.error().message;
  EXPECT_EQ((*file_history(*ro, "a.py", kJan2024))->commits, 2);
  EXPECT_EQ(cochange_partners(*ro, "a.py", 5)->size(), 1u);
  EXPECT_EQ(search_commits(*ro, "pair", 5)->size(), 2u);
  EXPECT_EQ(hottest_files(*ro, 5, kJan2024)->size(), 2u);
}

}  // namespace
}  // namespace stc::indexer
