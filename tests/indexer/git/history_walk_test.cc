#include "indexer/git/history_walk.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/temp_repo.h"

namespace stc::indexer::git {
namespace {

using stc::testing::TempRepo;

// "A:path", "R:old->new" per file, for compact expectations.
std::vector<std::string> describe(const CommitChanges& c) {
  std::vector<std::string> out;
  for (const auto& f : c.files) {
    std::string s(1, f.kind);
    s += ":" + (f.kind == 'R' ? f.old_path + "->" : "") + f.path;
    out.push_back(s);
  }
  return out;
}

struct Walked {
  std::vector<CommitChanges> commits;
};

Walked walk(const TempRepo& repo, std::optional<std::string> from, const std::string& to) {
  auto r = Repository::discover(repo.path());
  EXPECT_TRUE(r) << r.error().message;
  Walked w;
  auto st = walk_first_parent(*r, from ? std::optional<Oid>(*Oid::from_hex(*from)) : std::nullopt,
                              *Oid::from_hex(to), [&](const CommitChanges& c) -> Status {
                                w.commits.push_back(c);
                                return {};
                              });
  EXPECT_TRUE(st) << st.error().message;
  return w;
}

using Files = std::vector<std::string>;

TEST(HistoryWalkTest, VisitsOldestFirstWithAddsModifiesDeletesAndNestedDirs) {
  TempRepo repo;
  repo.write("a.txt", "a\n");
  repo.write("src/x/y.py", "y = 1\n");
  repo.write("src/z.py", "z = 1\n");
  const std::string c1 = repo.commit("root commit");
  repo.write("src/x/y.py", "y = 2\n");
  repo.remove("src/z.py");
  repo.write("docs/deep/new.md", "# new\n");
  const std::string c2 = repo.commit("second\n\nwith a body");

  const Walked w = walk(repo, std::nullopt, c2);
  ASSERT_EQ(w.commits.size(), 2u);
  EXPECT_EQ(w.commits[0].id.hex(), c1);
  EXPECT_EQ(w.commits[0].parents, 0);
  EXPECT_EQ(describe(w.commits[0]), (Files{"A:a.txt", "A:src/x/y.py", "A:src/z.py"}));
  EXPECT_EQ(w.commits[1].id.hex(), c2);
  EXPECT_EQ(w.commits[1].summary, "second");
  EXPECT_EQ(w.commits[1].message, "second\n\nwith a body\n");
  EXPECT_EQ(w.commits[1].author, "Test");
  EXPECT_EQ(w.commits[1].parents, 1);
  EXPECT_EQ(w.commits[1].position, 2u);
  EXPECT_EQ(w.commits[1].total, 2u);
  EXPECT_EQ(describe(w.commits[1]), (Files{"A:docs/deep/new.md", "M:src/x/y.py", "D:src/z.py"}));
  EXPECT_GT(w.commits[1].time, w.commits[0].time);
  EXPECT_FALSE(w.commits[1].files[1].old_oid.is_zero());
  EXPECT_FALSE(w.commits[1].files[1].old_oid == w.commits[1].files[1].new_oid);
}

TEST(HistoryWalkTest, DetectsExactRenamesAndMovedFilesWithTheSameName) {
  TempRepo repo;
  repo.write("a.txt", "alpha\n");
  repo.write("src/util.py", "def f(): pass\n");
  repo.write("keep.txt", "k\n");
  repo.commit("init");
  repo.remove("a.txt");
  repo.write("docs/b.txt", "alpha\n");
  const std::string exact = repo.commit("exact rename");
  repo.remove("src/util.py");
  repo.write("lib/util.py", "def f(): return 1\n");
  const std::string moved = repo.commit("move and edit");

  const Walked w = walk(repo, std::nullopt, moved);
  ASSERT_EQ(w.commits.size(), 3u);
  EXPECT_EQ(w.commits[1].id.hex(), exact);
  EXPECT_EQ(describe(w.commits[1]), (Files{"R:a.txt->docs/b.txt"}));
  EXPECT_EQ(w.commits[1].files[0].old_oid, w.commits[1].files[0].new_oid);
  EXPECT_EQ(describe(w.commits[2]), (Files{"R:src/util.py->lib/util.py"}));
}

TEST(HistoryWalkTest, LeavesAmbiguousNamesAsDeleteAndAdd) {
  TempRepo repo;
  repo.write("a/mod.py", "a\n");
  repo.write("b/mod.py", "b\n");
  repo.commit("init");
  repo.remove("a/mod.py");
  repo.remove("b/mod.py");
  repo.write("c/mod.py", "c\n");
  repo.write("d/mod.py", "d\n");
  const std::string head = repo.commit("shuffle");
  const Walked w = walk(repo, std::nullopt, head);
  ASSERT_EQ(w.commits.size(), 2u);
  EXPECT_EQ(describe(w.commits[1]),
            (Files{"D:a/mod.py", "D:b/mod.py", "A:c/mod.py", "A:d/mod.py"}));
}

TEST(HistoryWalkTest, FollowsFirstParentsAndShowsMergesAsTheirCombinedChange) {
  TempRepo repo;
  repo.write("a.txt", "a\n");
  const std::string c1 = repo.commit("one");
  repo.git("checkout -q -b feature");
  repo.write("f.txt", "f\n");
  const std::string f1 = repo.commit("feature one");
  repo.write("a.txt", "a changed\n");
  repo.commit("feature two");
  repo.git("checkout -q main");
  repo.write("m.txt", "m\n");
  const std::string c2 = repo.commit("main two");
  repo.git("merge -q --no-ff -m 'Merge feature' feature");
  std::string merge = repo.git("rev-parse HEAD");
  merge.pop_back();

  const Walked w = walk(repo, std::nullopt, merge);
  ASSERT_EQ(w.commits.size(), 3u);
  EXPECT_EQ(w.commits[0].id.hex(), c1);
  EXPECT_EQ(w.commits[1].id.hex(), c2);
  EXPECT_EQ(w.commits[2].id.hex(), merge);
  EXPECT_EQ(w.commits[2].parents, 2);
  EXPECT_EQ(describe(w.commits[2]), (Files{"M:a.txt", "A:f.txt"}));

  auto r = Repository::discover(repo.path());
  ASSERT_TRUE(r);
  EXPECT_TRUE(*is_first_parent_ancestor(*r, *Oid::from_hex(c2), *Oid::from_hex(merge)));
  EXPECT_TRUE(*is_first_parent_ancestor(*r, *Oid::from_hex(merge), *Oid::from_hex(merge)));
  EXPECT_FALSE(*is_first_parent_ancestor(*r, *Oid::from_hex(f1), *Oid::from_hex(merge)));
  EXPECT_FALSE(*is_first_parent_ancestor(*r, *Oid::from_hex(merge), *Oid::from_hex(c1)));
}

TEST(HistoryWalkTest, StartsAfterFromAndRejectsCommitsOffTheChain) {
  TempRepo repo;
  repo.write("a.txt", "1\n");
  repo.commit("one");
  repo.write("a.txt", "2\n");
  const std::string c2 = repo.commit("two");
  repo.write("b.txt", "3\n");
  const std::string c3 = repo.commit("three");
  repo.write("a.txt", "4\n");
  const std::string c4 = repo.commit("four");

  const Walked w = walk(repo, c2, c4);
  ASSERT_EQ(w.commits.size(), 2u);
  EXPECT_EQ(w.commits[0].id.hex(), c3);
  EXPECT_EQ(describe(w.commits[0]), (Files{"A:b.txt"}));
  EXPECT_EQ(describe(w.commits[1]), (Files{"M:a.txt"}));
  EXPECT_TRUE(walk(repo, c4, c4).commits.empty());

  auto r = Repository::discover(repo.path());
  ASSERT_TRUE(r);
  auto bad = walk_first_parent(*r, *Oid::from_hex(c4), *Oid::from_hex(c2),
                               [](const CommitChanges&) -> Status { return {}; });
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kBadInput);
}

TEST(HistoryWalkTest, TreatsTheBoundaryOfAShallowCloneAsARoot) {
  TempRepo repo;
  for (int i = 0; i < 4; ++i) {
    repo.write("f" + std::to_string(i) + ".txt", "x\n");
    repo.commit("c" + std::to_string(i));
  }
  TempRepo shallow(false);
  shallow.git("clone -q --depth 2 file://" + repo.path() + " .");
  std::string head = shallow.git("rev-parse HEAD");
  head.pop_back();
  const Walked w = walk(shallow, std::nullopt, head);
  ASSERT_EQ(w.commits.size(), 2u);
  EXPECT_EQ(w.commits[0].parents, 1);
  EXPECT_EQ(describe(w.commits[0]), (Files{"A:f0.txt", "A:f1.txt", "A:f2.txt"}));
  EXPECT_EQ(describe(w.commits[1]), (Files{"A:f3.txt"}));
}

TEST(HistoryWalkTest, StopsAtTheFirstVisitorError) {
  TempRepo repo;
  for (int i = 0; i < 3; ++i) {
    repo.write("a.txt", std::to_string(i));
    repo.commit("c" + std::to_string(i));
  }
  auto r = Repository::discover(repo.path());
  ASSERT_TRUE(r);
  auto head = r->resolve_commit("HEAD");
  ASSERT_TRUE(head);
  int visits = 0;
  auto st = walk_first_parent(*r, std::nullopt, head->id, [&](const CommitChanges&) -> Status {
    if (++visits == 2) return fail(ErrorCode::kIo, "disk full");
    return {};
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().message, "disk full");
  EXPECT_EQ(visits, 2);
}

TEST(HistoryWalkTest, ReportsTypeChangesAndDirectoryFileSwaps) {
  TempRepo repo;
  repo.write("x", "file\n");
  repo.write("run.sh", "echo\n");
  repo.commit("init");
  repo.remove("x");
  repo.write("x/inner.txt", "now a directory\n");
  std::filesystem::permissions(repo.path() + "/run.sh", std::filesystem::perms::owner_exec,
                               std::filesystem::perm_options::add);
  const std::string head = repo.commit("swap");
  const Walked w = walk(repo, std::nullopt, head);
  ASSERT_EQ(w.commits.size(), 2u);
  EXPECT_EQ(describe(w.commits[1]), (Files{"M:run.sh", "D:x", "A:x/inner.txt"}));
}

}  // namespace
}  // namespace stc::indexer::git
