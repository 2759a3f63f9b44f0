// Integration: the generated sample repositories index completely, every
// language yields definitions, imports resolve into a dependency graph, and a
// follow-up commit is indexed incrementally.

#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "indexer/indexer.h"
#include "indexer/workspace.h"
#include "tests/support/temp_repo.h"

namespace stc::indexer {
namespace {

using stc::testing::TempDir;

class SampleReposTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    const std::string cmd = "bash '" + stc::testing::sample_repos_dir() + "/make_all.sh' '" +
                            dir_->path() + "' >/dev/null 2>&1";
    ASSERT_EQ(stc::testing::run_command(cmd), 0) << cmd;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  static IndexReport index(const std::string& repo) {
    auto ws = open_workspace(repo);
    EXPECT_TRUE(ws) << ws.error().message;
    auto store = open_store(*ws, StoreAccess::kCreate);
    EXPECT_TRUE(store) << store.error().message;
    NullProgress progress;
    auto r = run_index(ws->repo, *store, ws->config, IndexOptions{}, progress);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : IndexReport{};
  }

  static TempDir* dir_;
};

TempDir* SampleReposTest::dir_ = nullptr;

TEST_F(SampleReposTest, EveryRepositoryIndexesWithSymbolsAndDependencies) {
  for (const char* name : {"pyweather", "goqueue", "polyglot"}) {
    SCOPED_TRACE(name);
    const IndexReport r = index(dir_->path() + "/" + name);
    EXPECT_GT(r.files_total, 10);
    EXPECT_GT(r.files_parsed, 5);
    EXPECT_GT(r.symbols, 30);
    EXPECT_GT(r.deps, 3);
    EXPECT_TRUE(r.errors.empty()) << r.errors.front();
  }
}

TEST_F(SampleReposTest, PolyglotEveryLanguageYieldsDefinitions) {
  const std::string repo = dir_->path() + "/polyglot";
  index(repo);
  auto ws = open_workspace(repo);
  auto store = open_store(*ws, StoreAccess::kReadOnly);
  ASSERT_TRUE(store);
  std::set<std::string> languages_with_defs;
  const auto files = store->files();
  ASSERT_TRUE(files);
  int indexed = 0, with_defs = 0;
  for (const auto& f : *files) {
    if (f.status != store::FileStatus::kIndexed) continue;
    const auto syms = *store->symbols(f.blob_id);
    ++indexed;
    // Package markers, re-export modules and gemspecs legitimately define nothing.
    if (!syms.empty()) {
      ++with_defs;
      languages_with_defs.insert(f.language);
    }
  }
  EXPECT_GE(with_defs * 10, indexed * 8) << with_defs << " of " << indexed;
  for (const char* lang :
       {"python", "typescript", "tsx", "javascript", "c", "rust", "java", "ruby"}) {
    EXPECT_TRUE(languages_with_defs.count(lang)) << lang;
  }
}

TEST_F(SampleReposTest, FollowUpCommitIsIncremental) {
  const std::string src = dir_->path() + "/goqueue";
  TempDir copy;
  ASSERT_EQ(stc::testing::run_command("git clone -q '" + src + "' '" + copy.path() + "/r'"), 0);
  const std::string repo = copy.path() + "/r";
  const IndexReport full = index(repo);
  std::string out;
  ASSERT_EQ(stc::testing::run_command("cd '" + repo + "' && git ls-files '*.go' | head -3", &out),
            0);
  int touched = 0;
  size_t start = 0;
  while (start < out.size()) {
    const size_t nl = out.find('\n', start);
    const std::string path = out.substr(start, nl - start);
    start = nl == std::string::npos ? out.size() : nl + 1;
    if (path.empty()) continue;
    std::ofstream(repo + "/" + path, std::ios::app) << "\n// touched\n";
    ++touched;
  }
  ASSERT_EQ(stc::testing::run_command(
                "cd '" + repo + "' && git -c user.name=t -c user.email=t@x commit -qam touch"),
            0);
  const IndexReport inc = index(repo);
  EXPECT_TRUE(inc.incremental);
  EXPECT_EQ(inc.files_parsed, touched);
  EXPECT_EQ(inc.files_total, full.files_total);
  EXPECT_EQ(inc.symbols, full.symbols);
}

}  // namespace
}  // namespace stc::indexer
