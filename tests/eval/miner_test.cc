// The task miner against real temporary git repositories.

#include "eval/miner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

#include "tests/support/temp_repo.h"

namespace stc::eval {
namespace {

using stc::testing::TempRepo;

indexer::git::Repository open_repo(const std::string& path) {
  auto r = indexer::git::Repository::discover(path);
  if (!r) std::abort();
  return std::move(*r);
}

// A repository with a base commit and a numbered edit counter.
struct MinerFixture {
  TempRepo repo;
  int edits = 0;

  MinerFixture() {
    touch({"app/client.py", "app/config.py", "app/cache.py", "tests/test_client.py",
           "docs/usage.md"});
    repo.commit("Initial import of the weather client");
  }
  void touch(const std::vector<std::string>& paths) {
    for (const auto& p : paths) repo.write(p, "# " + p + " " + std::to_string(++edits) + "\n");
  }
  std::string commit(const std::vector<std::string>& paths, const std::string& message) {
    touch(paths);
    return repo.commit(message);
  }
  MineResult mine(MineOptions options = {}) {
    const auto git_repo = open_repo(repo.path());
    NullProgress progress;
    auto r = mine_tasks(git_repo, options, progress);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : MineResult{};
  }
};

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST(MinerTest, FeatureCommitBecomesATaskWithBothGoldSets) {
  MinerFixture f;
  const std::string base = f.repo.git("rev-parse HEAD").substr(0, 40);
  const std::string c = f.commit({"app/client.py", "app/proxy.py", "tests/test_client.py",
                                  "docs/usage.md", "package-lock.json"},
                                 "Add proxy support to the HTTP client (#42)");
  const MineResult r = f.mine();
  ASSERT_EQ(r.tasks.size(), 1u);
  const Task& t = r.tasks[0];
  EXPECT_EQ(t.base, base);
  EXPECT_EQ(t.commit, c);
  EXPECT_EQ(t.description, "Add proxy support to the HTTP client");
  EXPECT_EQ(t.seq, 2);
  EXPECT_EQ(sorted(t.gold_all),
            (std::vector<std::string>{"app/client.py", "app/proxy.py", "docs/usage.md",
                                      "tests/test_client.py"}));
  EXPECT_EQ(sorted(t.gold_src), (std::vector<std::string>{"app/client.py", "app/proxy.py"}));
  EXPECT_EQ(t.added, (std::vector<std::string>{"app/proxy.py"}));
  EXPECT_EQ(t.tree_files, 5);
  EXPECT_EQ(t.id.substr(t.id.size() - 11), "-" + c.substr(0, 10));
  EXPECT_EQ(r.skipped.at("root"), 1);
}

TEST(MinerTest, SkipsChoresSmallAndLargeChangesAndPureRenames) {
  MinerFixture f;
  f.commit({"app/client.py", "app/config.py", "app/cache.py"}, "Fix typos in the client modules");
  f.commit({"app/client.py", "app/config.py", "app/cache.py"}, "Bump version to 1.2.0");
  f.commit({"app/client.py", "docs/usage.md", "README.md"}, "Document the cache settings better");
  f.commit({"app/a.py", "app/b.py", "app/c.py", "app/d.py"}, "Add four new modules at once");
  f.repo.git("mv app/a.py app/a2.py");
  f.repo.git("mv app/b.py app/b2.py");
  f.repo.git("mv app/c.py app/c2.py");
  f.repo.commit("Move the new modules to better names");
  MineOptions options;
  options.max_files = 3;
  const MineResult r = f.mine(options);
  EXPECT_TRUE(r.tasks.empty());
  EXPECT_EQ(r.skipped.at("typo"), 1);
  EXPECT_EQ(r.skipped.at("version"), 1);
  EXPECT_EQ(r.skipped.at("too_few_files"), 1);
  EXPECT_EQ(r.skipped.at("too_many_files"), 1);
  EXPECT_EQ(r.skipped.at("rename"), 1);
}

TEST(MinerTest, TestOnlyChangesHaveNoSourceGold) {
  MinerFixture f;
  f.commit({"tests/test_a.py", "tests/test_b.py", "tests/test_c.py"},
           "Cover the cache with more unit tests");
  const MineResult r = f.mine();
  EXPECT_TRUE(r.tasks.empty());
  EXPECT_EQ(r.skipped.at("no_src_files"), 1);
}

TEST(MinerTest, PullRequestMergeIsScoredOnItsCombinedDiff) {
  MinerFixture f;
  const std::string base = f.repo.git("rev-parse HEAD").substr(0, 40);
  f.repo.git("checkout -q -b csv");
  f.commit({"app/export.py", "app/client.py"}, "wip export");
  f.commit({"tests/test_export.py"}, "tests");
  f.repo.git("checkout -q main");
  f.commit({"docs/usage.md"}, "Describe the configuration file in the docs");
  const std::string main_tip = f.repo.git("rev-parse HEAD").substr(0, 40);
  f.repo.git(
      "merge -q --no-ff csv -m 'Merge pull request #12 from bob/csv' -m 'Add CSV export "
      "for reports'");
  const MineResult r = f.mine();
  ASSERT_EQ(r.tasks.size(), 1u);
  const Task& t = r.tasks[0];
  EXPECT_TRUE(t.merge);
  EXPECT_EQ(t.base, main_tip);
  EXPECT_NE(t.base, base);
  EXPECT_EQ(t.description, "Add CSV export for reports");
  EXPECT_EQ(sorted(t.gold_all),
            (std::vector<std::string>{"app/client.py", "app/export.py", "tests/test_export.py"}));
}

TEST(MinerTest, SamplingIsDeterministicAndKeepsHistoryOrder) {
  MinerFixture f;
  for (int i = 0; i < 6; ++i) {
    f.commit({"app/client.py", "app/config.py", "app/m" + std::to_string(i) + ".py"},
             "Add feature number " + std::to_string(i) + " to the client");
  }
  MineOptions options;
  options.limit = 3;
  const MineResult a = f.mine(options);
  const MineResult b = f.mine(options);
  ASSERT_EQ(a.tasks.size(), 3u);
  EXPECT_EQ(a.candidates, 6);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(a.tasks[i].commit, b.tasks[i].commit);
  EXPECT_LT(a.tasks[0].seq, a.tasks[1].seq);
  EXPECT_LT(a.tasks[1].seq, a.tasks[2].seq);
}

TEST(MinerTest, SinceDropsOlderCommits) {
  MinerFixture f;
  f.commit({"app/client.py", "app/config.py", "app/cache.py"}, "Add a disk cache to the client");
  MineOptions options;
  ASSERT_TRUE(parse_date("2030-01-01"));
  options.since = *parse_date("2030-01-01");
  EXPECT_TRUE(f.mine(options).tasks.empty());
  options.since = *parse_date("2023-12-31");
  EXPECT_EQ(f.mine(options).tasks.size(), 1u);
  EXPECT_FALSE(parse_date("yesterday"));
}

TEST(MinerTest, UnknownRevisionIsBadInput) {
  MinerFixture f;
  const auto git_repo = open_repo(f.repo.path());
  MineOptions options;
  options.rev = "no-such-branch";
  NullProgress progress;
  const auto r = mine_tasks(git_repo, options, progress);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
}

}  // namespace
}  // namespace stc::eval
