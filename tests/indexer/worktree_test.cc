#include "indexer/worktree.h"

#include <gtest/gtest.h>

#include "indexer/git/worktree_status.h"
#include "indexer/sleep/sleep_pass.h"
#include "indexer/syntax/extractor.h"
#include "tests/support/temp_repo.h"

namespace stc::indexer {
namespace {

using stc::testing::TempRepo;

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

class WorktreeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    repo.write(".gitignore", "build/\n*.log\n");
    repo.write("pkg/a.py", "def a():\n    return 1\n");
    repo.write("pkg/b.py", "def b():\n    return 2\n");
    repo.write("gone.py", "def gone():\n    pass\n");
    repo.commit("first");
  }

  Workspace workspace() {
    auto ws = open_workspace(repo.path());
    EXPECT_TRUE(ws) << ws.error().message;
    return std::move(*ws);
  }

  PassReport pass(bool worktree = false) {
    Workspace ws = workspace();
    auto store = open_store(ws, StoreAccess::kCreate);
    EXPECT_TRUE(store) << store.error().message;
    PassOptions options;
    options.worktree = worktree;
    auto r = run_pass(ws, *store, nullptr, options, progress);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : PassReport{};
  }

  WorktreeReport prewarm(Workspace ws) {
    auto store = open_store(ws, StoreAccess::kCreate);
    EXPECT_TRUE(store) << store.error().message;
    auto r = prewarm_worktree(ws, *store, progress);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : WorktreeReport{};
  }

  bool stored(const std::string& path) {
    const std::string oid = trimmed(repo.git("hash-object " + path));
    Workspace ws = workspace();
    auto store = open_store(ws, StoreAccess::kReadOnly);
    auto found = store->find_blob(oid, std::string(syntax::language_for_path(path)));
    return found && found->has_value();
  }

  // Modified, staged-new and untracked files, an ignored one and a deletion.
  void edit() {
    repo.write("pkg/a.py", "def a():\n    return 10\n");
    repo.write("pkg/new.py", "def new():\n    return 3\n");
    repo.git("add pkg/new.py");
    repo.write("pkg/sub/untracked.py", "class U:\n    pass\n");
    repo.write("build/out.py", "def generated():\n    pass\n");
    repo.write("debug.log", "noise\n");
    repo.remove("gone.py");
  }

  TempRepo repo;
  NullProgress progress;
};

TEST_F(WorktreeTest, StatusListsChangedFilesButNotIgnoredOrDeletedOnes) {
  edit();
  auto status = git::WorktreeStatus::open(workspace().repo.git_dir());
  ASSERT_TRUE(status) << status.error().message;
  auto files = status->changed_files();
  ASSERT_TRUE(files) << files.error().message;
  EXPECT_EQ(*files, (std::vector<std::string>{"pkg/a.py", "pkg/new.py", "pkg/sub/untracked.py"}));
  EXPECT_TRUE(status->is_ignored("build/"));
  EXPECT_TRUE(status->is_ignored("debug.log"));
  EXPECT_FALSE(status->is_ignored("pkg/a.py"));
}

TEST_F(WorktreeTest, BlobHashMatchesGitHashObject) {
  const std::string content = "def a():\n    return 10\n";
  repo.write("x.py", content);
  EXPECT_EQ(git::hash_blob(content).hex(), trimmed(repo.git("hash-object x.py")));
  EXPECT_EQ(git::hash_blob("").hex(), "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
}

TEST_F(WorktreeTest, ReadsGitConfigValues) {
  repo.git("config core.hooksPath '~/hooks'");
  repo.git("config stc.test 'some value'");
  auto status = git::WorktreeStatus::open(workspace().repo.git_dir());
  ASSERT_TRUE(status);
  auto path = status->config_value("core.hooksPath", git::ConfigKind::kPath);
  ASSERT_TRUE(path && *path);
  EXPECT_EQ((**path)[0], '/') << "~ is expanded: " << **path;
  auto plain = status->config_value("stc.test", git::ConfigKind::kString);
  ASSERT_TRUE(plain && *plain);
  EXPECT_EQ(**plain, "some value");
  auto missing = status->config_value("stc.missing", git::ConfigKind::kString);
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
}

TEST_F(WorktreeTest, PrewarmParsesChangedFilesOnce) {
  pass();
  edit();
  const WorktreeReport first = prewarm(workspace());
  EXPECT_EQ(first.files_seen, 3);
  EXPECT_EQ(first.files_parsed, 3);
  EXPECT_TRUE(first.errors.empty());
  EXPECT_TRUE(stored("pkg/a.py"));
  EXPECT_TRUE(stored("pkg/sub/untracked.py"));
  EXPECT_FALSE(stored("build/out.py")) << "ignored files are not pre-parsed";
  const WorktreeReport second = prewarm(workspace());
  EXPECT_EQ(second.files_parsed, 0);
  EXPECT_EQ(second.files_cached, 3);
}

TEST_F(WorktreeTest, PrewarmSkipsBinaryTooLargeExcludedAndUngrammaredFiles) {
  pass();
  repo.write("bin.py", std::string("x = 1\n\0\0", 8));
  repo.write("big.py", std::string(3000, '#') + "\n");
  repo.write("vendor/lib.py", "def v():\n    pass\n");
  repo.write("notes.csv", "hello\n");
  Workspace ws = workspace();
  ws.config.index.max_file_bytes = 2000;
  const WorktreeReport r = prewarm(std::move(ws));
  EXPECT_EQ(r.files_parsed, 0);
  EXPECT_EQ(r.files_skipped, 4);
}

TEST_F(WorktreeTest, CommitAfterPrewarmParsesNothing) {
  pass();
  edit();
  const PassReport warm = pass(/*worktree=*/true);
  EXPECT_EQ(warm.worktree.files_parsed, 3);
  repo.commit("second");
  const PassReport landed = pass();
  EXPECT_EQ(landed.index.files_parsed, 0) << "every committed blob was pre-parsed";
  EXPECT_EQ(landed.index.files_cached, 3);
}

}  // namespace
}  // namespace stc::indexer
