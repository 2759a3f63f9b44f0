#include "agent/edit/edit_apply.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/temp_repo.h"

namespace stc::agent::edit {
namespace {

namespace fs = std::filesystem;

class EditApplyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    repo.write("a.txt", "alpha\n");
    repo.write("b.txt", "beta\n");
    auto t = SafeTree::open(repo.path(), repo.path() + "/.git");
    ASSERT_TRUE(t);
    tree.emplace(std::move(*t));
  }

  std::string read(const std::string& rel) const {
    std::ifstream in(fs::path(repo.path()) / rel);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  FileChange modify(const std::string& rel, SearchReplace block) {
    auto target = tree->resolve(rel);
    EXPECT_TRUE(target) << target.error().message;
    auto current = read_current(*target);
    auto change = compute_change(*target, *current, FileEdit{rel, Action::kModify, {block}, ""});
    EXPECT_TRUE(change) << change.error().message;
    return *change;
  }

  FileChange create(const std::string& rel, const std::string& content) {
    auto target = tree->resolve(rel);
    EXPECT_TRUE(target) << target.error().message;
    return *compute_change(*target, std::nullopt, FileEdit{rel, Action::kCreate, {}, content});
  }

  // Names in the work tree (recursively) other than .git.
  std::vector<std::string> listing() const {
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(repo.path())) {
      const std::string rel = fs::relative(e.path(), repo.path()).string();
      if (rel.rfind(".git", 0) != 0) out.push_back(rel);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  testing::TempRepo repo;
  std::optional<SafeTree> tree;
};

TEST_F(EditApplyTest, WritesEveryChangeAndCreatesParents) {
  std::vector<FileChange> changes{modify("a.txt", {"alpha\n", "ALPHA\n"}),
                                  create("new/deep/c.txt", "gamma\n")};
  ASSERT_TRUE(apply_all(changes));
  EXPECT_EQ(read("a.txt"), "ALPHA\n");
  EXPECT_EQ(read("new/deep/c.txt"), "gamma\n");
  EXPECT_EQ(listing(),
            (std::vector<std::string>{"a.txt", "b.txt", "new", "new/deep", "new/deep/c.txt"}));
}

TEST_F(EditApplyTest, NulByteInAnEditIsRefused) {
  auto target = tree->resolve("a.txt");
  ASSERT_TRUE(target);
  const std::string nul("x\0y\n", 4);
  auto modify = compute_change(*target, std::string("alpha\n"),
                               FileEdit{"a.txt", Action::kModify, {{"alpha\n", nul}}, ""});
  ASSERT_FALSE(modify);
  EXPECT_EQ(modify.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(modify.error().message.find("NUL byte"), std::string::npos) << modify.error().message;
  auto fresh = tree->resolve("c.txt");
  ASSERT_TRUE(fresh);
  auto create = compute_change(*fresh, std::nullopt, FileEdit{"c.txt", Action::kCreate, {}, nul});
  ASSERT_FALSE(create);
  EXPECT_NE(create.error().message.find("c.txt"), std::string::npos);
  EXPECT_EQ(read("a.txt"), "alpha\n");
}

TEST_F(EditApplyTest, KeepsFilePermissions) {
  fs::permissions(fs::path(repo.path()) / "a.txt", fs::perms(0755));
  ASSERT_TRUE(apply_all({modify("a.txt", {"alpha\n", "x\n"})}));
  struct stat st {};
  ASSERT_EQ(::stat((repo.path() + "/a.txt").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0755u);
}

TEST_F(EditApplyTest, FailingBlockIsReportedBeforeAnythingIsWritten) {
  auto target = tree->resolve("b.txt");
  auto change = compute_change(*target, *read_current(*target),
                               FileEdit{"b.txt", Action::kModify, {{"nope\n", "x\n"}}, ""});
  ASSERT_FALSE(change);
  EXPECT_NE(change.error().message.find("b.txt"), std::string::npos);
}

TEST_F(EditApplyTest, StagingFailureLeavesTreeUntouched) {
  // The second change needs a directory where a file is: staging fails.
  std::vector<FileChange> changes{modify("a.txt", {"alpha\n", "ALPHA\n"}),
                                  create("fresh/x.txt", "x\n"), create("b.txt/c.txt", "c\n")};
  const auto before = listing();
  auto st = apply_all(changes);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("nothing was changed"), std::string::npos);
  EXPECT_EQ(read("a.txt"), "alpha\n");
  EXPECT_EQ(listing(), before);
}

TEST_F(EditApplyTest, CommitFailureRestoresEarlierFiles) {
  std::vector<FileChange> changes{modify("a.txt", {"alpha\n", "ALPHA\n"}),
                                  create("made/new.txt", "n\n"), create("late/d.txt", "d\n")};
  // After the changes were computed, a non-empty directory appears where the
  // last file goes: its rename fails after the first two were committed.
  fs::create_directories(fs::path(repo.path()) / "late/d.txt/inner");
  auto st = apply_all(changes);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("nothing was changed"), std::string::npos)
      << st.error().message;
  EXPECT_EQ(read("a.txt"), "alpha\n");
  EXPECT_FALSE(fs::exists(fs::path(repo.path()) / "made"));
  EXPECT_EQ(listing(),
            (std::vector<std::string>{"a.txt", "b.txt", "late", "late/d.txt", "late/d.txt/inner"}));
}

TEST_F(EditApplyTest, UnchangedFilesAreNotRewritten) {
  auto target = tree->resolve("a.txt");
  auto change =
      compute_change(*target, *read_current(*target), FileEdit{"a.txt", Action::kModify, {}, ""});
  ASSERT_TRUE(change);
  EXPECT_FALSE(change->changes_anything());
  const auto mtime = fs::last_write_time(fs::path(repo.path()) / "a.txt");
  ASSERT_TRUE(apply_all({*change}));
  EXPECT_EQ(fs::last_write_time(fs::path(repo.path()) / "a.txt"), mtime);
}

}  // namespace
}  // namespace stc::agent::edit
