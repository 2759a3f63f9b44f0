#include "indexer/git/repository.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include <git2.h>

#include "core/text.h"
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

// diff_commits reads only the subtrees whose ids differ; what it reports
// must be what git reports (git diff-tree -r --no-renames), with a change of
// basic type as a deletion and an addition, as libgit2 gives it.
TEST(RepositoryTest, DiffCommitsMatchesGitDiffTree) {
  TempRepo repo;
  repo.write("same/deep/a.py", "a = 1\n");
  repo.write("edit/deep/b.py", "b = 1\n");
  repo.write("gone/x.py", "x = 1\n");
  repo.write("gone/sub/y.py", "y = 1\n");
  repo.write("becomes_dir", "file\n");
  repo.write("was_dir/z.py", "z = 1\n");
  repo.write("run.sh", "echo\n");
  repo.write("link_me", "target\n");
  repo.write("b.py", "top\n");
  repo.write("b-c/d.py", "d = 1\n");
  const std::string c1 = repo.commit("one");
  repo.write("edit/deep/b.py", "b = 2\n");
  repo.remove("gone/x.py");
  repo.remove("gone/sub/y.py");
  repo.remove("becomes_dir");
  repo.write("becomes_dir/inside.py", "i = 1\n");
  repo.remove("was_dir/z.py");
  std::filesystem::remove(repo.path() + "/was_dir");  // the emptied directory
  repo.write("was_dir", "now a file\n");
  std::filesystem::permissions(repo.path() + "/run.sh", std::filesystem::perms::owner_exec,
                               std::filesystem::perm_options::add);
  repo.remove("link_me");
  std::filesystem::create_symlink("b.py", repo.path() + "/link_me");
  repo.write("b-c/d.py", "d = 2\n");
  repo.write("new/dir/n.py", "n = 1\n");
  repo.git("add -A");
  repo.git("update-index --add --cacheinfo 160000," + c1 + ",vendored");  // a submodule
  repo.git("commit -q -m two");  // not commit(): its `add -A` would drop the submodule
  const std::string c2(stc::trim(repo.git("rev-parse HEAD")));

  auto r = Repository::discover(repo.path());
  ASSERT_TRUE(r);
  auto changes = r->diff_commits(*Oid::from_hex(c1), *Oid::from_hex(c2));
  ASSERT_TRUE(changes) << changes.error().message;
  std::vector<std::string> ours;
  for (const auto& c : *changes) {
    const char* k = c.kind == Change::Kind::kAdded     ? "A"
                    : c.kind == Change::Kind::kDeleted ? "D"
                                                       : "M";
    ours.push_back(std::string(k) + " " + c.path + " " + c.old_oid.hex() + " " + c.new_oid.hex());
  }
  std::vector<std::string> git;
  const std::string zero(40, '0');
  const std::string raw = repo.git("diff-tree -r --no-renames --raw --abbrev=40 " + c1 + " " + c2);
  for (auto line : stc::split(raw, '\n')) {
    if (line.empty()) continue;
    // ":<old mode> <new mode> <old id> <new id> <status>\t<path>"
    const auto tab = line.find('\t');
    const auto fields = stc::split(line.substr(0, tab), ' ');
    ASSERT_EQ(fields.size(), 5u) << line;
    const std::string path(line.substr(tab + 1));
    const std::string old_id(fields[2]), new_id(fields[3]), status(fields[4]);
    if (status == "T") {  // a type change: libgit2 and diff_commits split it
      git.push_back("D " + path + " " + old_id + " " + zero);
      git.push_back("A " + path + " " + zero + " " + new_id);
    } else {
      git.push_back(status + " " + path + " " + old_id + " " + new_id);
    }
  }
  std::sort(ours.begin(), ours.end());
  std::sort(git.begin(), git.end());
  EXPECT_EQ(ours, git);
  EXPECT_EQ(ours.size(), 13u) << ::testing::PrintToString(ours);  // every case above
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

namespace stc::indexer::git {
namespace {

// stc opens local repositories only: libgit2's TLS is never set up (its
// initialisation parsed the system's CA bundle in every process), and a TLS
// connection is refused with a clear error instead of reaching it.
TEST(RepositoryTest, TlsConnectionsAreRefusedNotAttempted) {
  stc::testing::TempRepo repo;
  repo.write("a.txt", "a\n");
  repo.commit("One");
  ASSERT_TRUE(Repository::discover(repo.path()));  // initialises libgit2
  git_remote* remote = nullptr;
  ASSERT_EQ(git_remote_create_anonymous(&remote, nullptr, "https://127.0.0.1:9/x.git"), 0);
  const int rc = git_remote_connect(remote, GIT_DIRECTION_FETCH, nullptr, nullptr, nullptr);
  EXPECT_NE(rc, 0);
  const git_error* e = git_error_last();
  ASSERT_NE(e, nullptr);
  EXPECT_NE(std::string(e->message).find("stc opens no network connection"), std::string::npos)
      << e->message;
  git_remote_free(remote);
}

}  // namespace
}  // namespace stc::indexer::git
