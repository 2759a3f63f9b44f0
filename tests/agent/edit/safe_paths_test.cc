#include "agent/edit/safe_paths.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/support/temp_repo.h"

namespace stc::agent::edit {
namespace {

namespace fs = std::filesystem;

class SafePathsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    repo.write("src/app.py", "x = 1\n");
    repo.write("README.md", "hi\n");
    repo.commit("init");
    auto t = SafeTree::open(repo.path(), repo.path() + "/.git");
    ASSERT_TRUE(t) << t.error().message;
    tree.emplace(std::move(*t));
  }

  void expect_refused(const std::string& rel, const std::string& why) {
    auto r = tree->resolve(rel);
    ASSERT_FALSE(r) << rel << " was accepted";
    EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
    EXPECT_NE(r.error().message.find(why), std::string::npos) << r.error().message;
  }

  testing::TempRepo repo;
  testing::TempDir outside;
  std::optional<SafeTree> tree;
};

TEST_F(SafePathsTest, AcceptsFilesInsideTheTree) {
  auto existing = tree->resolve("src/app.py");
  ASSERT_TRUE(existing) << existing.error().message;
  EXPECT_TRUE(existing->exists);
  EXPECT_EQ(existing->resolved, "src/app.py");
  auto fresh = tree->resolve("src/new/deep/mod.py");
  ASSERT_TRUE(fresh);
  EXPECT_FALSE(fresh->exists);
  EXPECT_EQ(fresh->resolved, "src/new/deep/mod.py");
  EXPECT_TRUE(tree->resolve("./src/app.py"));
}

TEST_F(SafePathsTest, RefusesEscapes) {
  expect_refused("../x", "'..'");
  expect_refused("src/../../x", "'..'");
  expect_refused("/etc/passwd", "absolute");
  expect_refused(repo.path() + "/src/app.py", "absolute");
  expect_refused("", "empty");
}

TEST_F(SafePathsTest, RefusesGitDirectory) {
  expect_refused(".git/config", ".git");
  expect_refused(".GIT/hooks/post-commit", ".git");
  expect_refused("sub/.git/config", ".git");
}

TEST_F(SafePathsTest, RefusesSymlinkedDirectoryLeavingTheTree) {
  fs::create_directory_symlink(outside.path(), fs::path(repo.path()) / "out");
  expect_refused("out/evil.py", "outside the work tree");
  fs::create_directory_symlink(fs::path(repo.path()) / ".git", fs::path(repo.path()) / "g");
  expect_refused("g/config", ".git");
}

TEST_F(SafePathsTest, FollowsSymlinksThatStayInside) {
  fs::create_directory_symlink(fs::path(repo.path()) / "src", fs::path(repo.path()) / "alias");
  auto r = tree->resolve("alias/app.py");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->resolved, "src/app.py");
}

TEST_F(SafePathsTest, RefusesDanglingSymlinksAndDirectories) {
  fs::create_directory_symlink(fs::path(outside.path()) / "missing", fs::path(repo.path()) / "dl");
  expect_refused("dl/x.py", "dangling");
  expect_refused("src", "not a regular file");
}

TEST_F(SafePathsTest, FindsUncommittedChanges) {
  repo.write("src/app.py", "x = 2\n");
  repo.write("untracked.txt", "u\n");
  auto dirty = uncommitted_paths(repo.path() + "/.git");
  ASSERT_TRUE(dirty) << dirty.error().message;
  EXPECT_TRUE(dirty->contains("src/app.py"));
  EXPECT_TRUE(dirty->contains("untracked.txt"));
  EXPECT_FALSE(dirty->contains("README.md"));
  auto st = check_committed({*tree->resolve("README.md"), *tree->resolve("src/app.py")}, *dirty);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("src/app.py has uncommitted changes"), std::string::npos);
  EXPECT_NE(st.error().message.find("--force"), std::string::npos);
  EXPECT_TRUE(check_committed({*tree->resolve("README.md")}, *dirty));
}

}  // namespace
}  // namespace stc::agent::edit
