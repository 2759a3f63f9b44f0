// TreeGuard on a real directory with a real .git folder and real symlinks.

#include "core/tree_path.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace stc {
namespace {

namespace fs = std::filesystem;

fs::path make_temp_dir() {
  std::string tmpl = (fs::temp_directory_path() / "stc-tree-path-XXXXXX").string();
  const char* made = ::mkdtemp(tmpl.data());
  EXPECT_NE(made, nullptr);
  return made ? fs::path(made) : fs::path();
}

class TreeGuardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base = make_temp_dir();
    root = base / "repo";
    fs::create_directories(root / ".git");
    fs::create_directories(root / "docs");
    fs::create_directories(base / "outside");
    std::ofstream(root / "AGENTS.md") << "# agents\n";
    fs::create_symlink("AGENTS.md", root / "CLAUDE.md");
    fs::create_directory_symlink(base / "outside", root / "out");
    fs::create_directory_symlink(root / ".git", root / "gitlink");
    fs::create_symlink(base / "missing", root / "dangling");
    auto g = TreeGuard::open(root.string(), (root / ".git").string());
    ASSERT_TRUE(g) << g.error().message;
    guard.emplace(std::move(*g));
  }
  void TearDown() override { fs::remove_all(base); }

  void expect_refused(const std::string& path, const std::string& why,
                      AbsolutePaths absolute = AbsolutePaths::kRefuse) {
    auto r = guard->resolve(path, absolute);
    ASSERT_FALSE(r) << path << " was accepted as " << r->resolved;
    EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
    EXPECT_NE(r.error().message.find(why), std::string::npos) << path << ": " << r.error().message;
  }

  fs::path base, root;
  std::optional<TreeGuard> guard;
};

TEST_F(TreeGuardTest, AcceptsPathsInsideTheTree) {
  auto existing = guard->resolve("AGENTS.md");
  ASSERT_TRUE(existing) << existing.error().message;
  EXPECT_TRUE(existing->exists && existing->regular);
  auto fresh = guard->resolve("docs/new/x.md");
  ASSERT_TRUE(fresh) << fresh.error().message;
  EXPECT_FALSE(fresh->exists);
  EXPECT_EQ(fresh->resolved, "docs/new/x.md");
  auto link = guard->resolve("CLAUDE.md");  // a symlink staying inside the tree
  ASSERT_TRUE(link) << link.error().message;
  EXPECT_EQ(link->resolved, "AGENTS.md");
  auto dir = guard->resolve("docs");
  ASSERT_TRUE(dir);
  EXPECT_TRUE(dir->exists && !dir->regular);
}

TEST_F(TreeGuardTest, RefusesEscapesAndTheGitDirectory) {
  expect_refused("../outside.txt", "'..'");
  expect_refused("docs/../../x", "'..'");
  expect_refused("/etc/passwd", "absolute");
  expect_refused(".git/config", ".git");
  expect_refused(".GIT/config", ".git");
  expect_refused("docs/.Git/x", ".git");
  expect_refused("out/x.txt", "outside the work tree");
  expect_refused("gitlink/config", "into .git");
  expect_refused("dangling/x", "dangling symlink");
  expect_refused("dangling", "dangling symlink");  // the file itself, pointing outside
  expect_refused("", "empty");
  expect_refused(std::string("a\0b", 3), "NUL");
  EXPECT_TRUE(fs::is_empty(base / "outside"));
}

TEST_F(TreeGuardTest, DanglingLinkToAFileInsideIsFollowed) {
  fs::create_symlink("docs/NOTES.md", root / "NOTES.md");  // target not written yet
  auto r = guard->resolve("NOTES.md");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->resolved, "docs/NOTES.md");
  EXPECT_FALSE(r->exists);
  fs::create_symlink(".git/hooks/x", root / "hook");
  expect_refused("hook", ".git");
}

TEST_F(TreeGuardTest, AbsolutePathsOnlyInsideWhenAllowed) {
  const std::string inside = (root / "docs" / "AGENTS.md").string();
  expect_refused(inside, "absolute");
  auto ok = guard->resolve(inside, AbsolutePaths::kAllowInside);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->resolved, "docs/AGENTS.md");
  expect_refused("/etc/x", "outside the work tree", AbsolutePaths::kAllowInside);
  expect_refused((root / "out" / "x.md").string(), "outside the work tree",
                 AbsolutePaths::kAllowInside);
  expect_refused((root / ".git" / "x").string(), ".git", AbsolutePaths::kAllowInside);
  expect_refused(root.string(), "outside the work tree", AbsolutePaths::kAllowInside);
}

}  // namespace
}  // namespace stc
