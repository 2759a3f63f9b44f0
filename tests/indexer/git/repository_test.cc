#include "indexer/git/repository.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/support/temp_repo.h"

namespace stc::indexer::git {
namespace {

using stc::testing::TempDir;
using stc::testing::TempRepo;

TEST(RepositoryTest, DiscoversFromSubdirectory) {
  TempRepo repo;
  repo.write("src/deep/a.py", "x = 1\n");
  repo.commit("init");
  auto r = Repository::discover(repo.path() + "/src/deep");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(std::filesystem::canonical(r->workdir()), std::filesystem::canonical(repo.path()));
  EXPECT_EQ(r->common_dir(), r->git_dir());
}

TEST(RepositoryTest, RejectsNonRepositoryAndBareRepository) {
  TempDir dir;
  auto none = Repository::discover(dir.path());
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::kBadInput);
  EXPECT_NE(none.error().message.find("not a git repository"), std::string::npos);

  TempRepo bare(false);
  bare.git("init -q --bare");
  auto b = Repository::discover(bare.path());
  ASSERT_FALSE(b);
  EXPECT_NE(b.error().message.find("bare"), std::string::npos);
}

TEST(RepositoryTest, UnbornHeadAndUnknownRevisionAreBadInput) {
  TempRepo repo;
  auto r = Repository::discover(repo.path());
  ASSERT_TRUE(r);
  auto head = r->resolve_commit("HEAD");
  ASSERT_FALSE(head);
  EXPECT_EQ(head.error().code, ErrorCode::kBadInput);
  EXPECT_NE(head.error().message.find("no commits"), std::string::npos);
  repo.write("a.txt", "a");
  repo.commit("one");
  auto unknown = r->resolve_commit("no-such-branch");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kBadInput);
}

TEST(RepositoryTest, ListsTreeWithKinds) {
  TempRepo repo;
  repo.write("b/x.py", "x = 1\n");
  repo.write("a.sh", "echo\n");
  std::filesystem::create_symlink("b/x.py", repo.path() + "/link.py");
  repo.git("add -A");
  repo.git("update-index --chmod=+x a.sh");
  repo.git("update-index --add --cacheinfo 160000,1111111111111111111111111111111111111111,sub");
  repo.git("commit -q -m tree");
  std::string id = repo.git("rev-parse HEAD");
  id.pop_back();
  auto r = Repository::discover(repo.path());
  ASSERT_TRUE(r);
  auto commit = r->resolve_commit("HEAD");
  ASSERT_TRUE(commit);
  EXPECT_EQ(commit->id.hex(), id);
  auto entries = r->list_tree(commit->id);
  ASSERT_TRUE(entries) << entries.error().message;
  ASSERT_EQ(entries->size(), 4u);
  EXPECT_EQ((*entries)[0].path, "a.sh");
  EXPECT_EQ((*entries)[0].kind, EntryKind::kExecutable);
  EXPECT_EQ((*entries)[1].path, "b/x.py");
  EXPECT_EQ((*entries)[1].kind, EntryKind::kFile);
  EXPECT_EQ((*entries)[2].kind, EntryKind::kSymlink);
  EXPECT_EQ((*entries)[3].path, "sub");
  EXPECT_EQ((*entries)[3].kind, EntryKind::kSubmodule);
}

TEST(RepositoryTest, DiffsCommitsAndReadsBlobs) {
  TempRepo repo;
  repo.write("keep.py", "a = 1\n");
  repo.write("edit.py", "b = 1\n");
  repo.write("gone.py", "c = 1\n");
  const std::string c1 = repo.commit("one");
  repo.write("edit.py", "b = 2\n");
  repo.remove("gone.py");
  repo.write("new.py", "d = 1\n");
  const std::string c2 = repo.commit("two");
  auto r = Repository::discover(repo.path());
  ASSERT_TRUE(r);
  auto changes = r->diff_commits(*Oid::from_hex(c1), *Oid::from_hex(c2));
  ASSERT_TRUE(changes);
  ASSERT_EQ(changes->size(), 3u);
  std::map<std::string, Change::Kind> kinds;
  for (const auto& c : *changes) kinds[c.path] = c.kind;
  EXPECT_EQ(kinds["edit.py"], Change::Kind::kModified);
  EXPECT_EQ(kinds["gone.py"], Change::Kind::kDeleted);
  EXPECT_EQ(kinds["new.py"], Change::Kind::kAdded);
  auto content = r->read_path(*Oid::from_hex(c2), "edit.py");
  ASSERT_TRUE(content);
  EXPECT_EQ(*content, "b = 2\n");
  EXPECT_EQ(r->read_path(*Oid::from_hex(c2), "gone.py").error().code, ErrorCode::kNotFound);
}

TEST(RepositoryTest, MissingBlobIsUnavailable) {
  TempRepo repo;
  repo.write("a.py", "value = 42\n");
  repo.commit("one");
  std::string oid = repo.git("rev-parse HEAD:a.py");
  oid.pop_back();
  std::filesystem::remove(repo.path() + "/.git/objects/" + oid.substr(0, 2) + "/" + oid.substr(2));
  auto r = Repository::discover(repo.path());
  ASSERT_TRUE(r);
  auto blob = r->read_blob(*Oid::from_hex(oid));
  ASSERT_FALSE(blob);
  EXPECT_EQ(blob.error().code, ErrorCode::kUnavailable);
}

TEST(RepositoryTest, ReadsGitConfigSyntaxFiles) {
  TempRepo repo;
  repo.write(".stc.conf", "[index]\n  maxFileSize = 10\n  exclude = a/\n  exclude = b/\n");
  auto pairs = read_config_file(repo.path() + "/.stc.conf");
  ASSERT_TRUE(pairs);
  ASSERT_EQ(pairs->size(), 3u);
  EXPECT_EQ((*pairs)[0].first, "index.maxfilesize");
  EXPECT_EQ((*pairs)[2].second, "b/");
  EXPECT_TRUE(read_config_file(repo.path() + "/missing")->empty());
  repo.write("bad.conf", "[index\nfoo");
  EXPECT_FALSE(read_config_file(repo.path() + "/bad.conf"));
}

}  // namespace
}  // namespace stc::indexer::git
