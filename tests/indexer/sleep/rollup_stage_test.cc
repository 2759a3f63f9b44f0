// The incremental roll-ups (sleep/rollup_stage.h): after each of a sequence
// of commits, the directory roll-ups and the overview a pass keeps current
// from the per-directory facts equal those of a fresh clone's first pass at
// the same commit — also when a directory's weights move through another
// directory's commit (an import removed elsewhere), a directory appears or
// disappears, or the facts' mark is lost.

#include "indexer/sleep/rollup_stage.h"

#include <gtest/gtest.h>

#include <map>

#include "indexer/history/history_queries.h"
#include "indexer/indexer.h"
#include "indexer/sleep/artifacts.h"
#include "indexer/sleep/sleep_pass.h"
#include "indexer/store/index_store.h"
#include "indexer/workspace.h"
#include "tests/support/temp_repo.h"

namespace stc::indexer::sleep {
namespace {

using stc::testing::TempRepo;

// kind + subject -> (input key, content) of the artifact readers get.
using Current = std::map<std::string, std::pair<std::string, std::string>>;

class RollupStageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    repo.write("README.md", "# Demo\n\nA demo repository for roll-ups.\n");
    repo.write("main.py", "\"\"\"Entry.\"\"\"\nfrom pkg import a\n\ndef main():\n    a.go()\n");
    repo.write("pkg/__init__.py", "");
    repo.write("pkg/a.py", "\"\"\"Module a.\"\"\"\n\ndef go():\n    return 1\n");
    repo.write("pkg/b.py", "\"\"\"Module b.\"\"\"\n\ndef b0():\n    return 0\n");
    repo.write("pkg/sub/c.py", "\"\"\"Module c.\"\"\"\n\ndef c():\n    return 3\n");
    repo.write("lib/util.py",
               "\"\"\"Utilities.\"\"\"\nfrom pkg import a\n\ndef u():\n    a.go()\n");
    repo.write("docs/guide.md", "# Guide\n\nHow to use it.\n");
    repo.commit("Add demo");
    for (int i = 1; i <= 3; ++i) {  // pkg/b.py: 4 commits, lighter than pkg/a.py's 2 importers
      repo.write("pkg/b.py", "\"\"\"Module b.\"\"\"\n\ndef b" + std::to_string(i) +
                                 "():\n    return " + std::to_string(i) + "\n");
      repo.commit("Tune b " + std::to_string(i));
    }
    pass(repo);
  }

  // A separate `stc index`: the structural stage alone, no roll-ups.
  static void index_only(const TempRepo& r) {
    auto ws = open_workspace(r.path());
    ASSERT_TRUE(ws) << ws.error().message;
    auto store = open_store(*ws, StoreAccess::kExisting);
    ASSERT_TRUE(store) << store.error().message;
    NullProgress progress;
    auto report = run_index(ws->repo, *store, ws->config, IndexOptions{}, progress);
    ASSERT_TRUE(report) << report.error().message;
  }

  static PassReport pass(const TempRepo& r) {
    PassReport out;
    run(r, out);
    return out;
  }
  static void run(const TempRepo& r, PassReport& out) {
    auto ws = open_workspace(r.path());
    ASSERT_TRUE(ws) << ws.error().message;
    auto store = open_store(*ws, StoreAccess::kCreate);
    ASSERT_TRUE(store) << store.error().message;
    NullProgress progress;
    PassOptions options;
    options.sleep_budget = 0;
    auto report = run_pass(*ws, *store, nullptr, options, progress);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_TRUE(report->errors.empty()) << report->errors.front();
    out = *report;
  }

  static Current current(const TempRepo& r) {
    auto ws = open_workspace(r.path());
    auto store = open_store(*ws, StoreAccess::kExisting);
    EXPECT_TRUE(store) << store.error().message;
    Current out;
    auto arts = store->artifacts();
    auto dirs = arts.subjects(kDirSummary, "/");
    EXPECT_TRUE(dirs);
    for (const auto& d : *dirs) {
      auto a = arts.best(kDirSummary, d, "", kRollupVersion);
      EXPECT_TRUE(a && *a);
      out[std::string(kDirSummary) + " " + d] = {(*a)->input_key, (*a)->content};
    }
    auto o = arts.best(kOverview, "", "", kRollupVersion);
    EXPECT_TRUE(o && *o);
    out[kOverview] = {(*o)->input_key, (*o)->content};
    return out;
  }

  // A clone of `repo` at its HEAD whose first pass computes everything.
  Current fresh() const {
    TempRepo clone(false);
    clone.git("clone -q " + repo.path() + " .");
    pass(clone);
    return current(clone);
  }

  // The roll-ups after `message`'s commit and a pass equal a fresh clone's;
  // the pass's report.
  PassReport commit_and_expect_fresh(const std::string& message) {
    repo.commit(message);
    const PassReport report = pass(repo);
    const Current incremental = current(repo);
    const Current expected = fresh();
    // A directory gone from the tree keeps its last roll-up; the fresh clone has none.
    for (const auto& [k, v] : expected) {
      auto it = incremental.find(k);
      EXPECT_NE(it, incremental.end()) << message << ": no " << k;
      if (it != incremental.end()) {
        EXPECT_EQ(it->second, v) << message << ": " << k;
      }
    }
    return report;
  }

  TempRepo repo;
};

TEST_F(RollupStageTest, IncrementalRollupsEqualAFreshPassAfterEveryCommit) {
  const Current before = current(repo);
  repo.write("pkg/b.py", "\"\"\"Module b, tuned.\"\"\"\n\ndef b4():\n    return 4\n");
  commit_and_expect_fresh("Change a file");
  repo.write("pkg/sub/deep/d.py", "\"\"\"Module d.\"\"\"\nfrom lib import util\n");
  commit_and_expect_fresh("Add a directory whose file imports another");
  // pkg/a.py loses an importer through a commit outside pkg/: pkg/'s roll-up
  // changes though no path under it did.
  repo.write("main.py", "\"\"\"Entry.\"\"\"\n\ndef main():\n    return 0\n");
  commit_and_expect_fresh("Drop an import in the root");
  EXPECT_NE(current(repo).at("dir_summary pkg/"), before.at("dir_summary pkg/"));
  repo.remove("pkg/sub/deep/d.py");
  repo.remove("pkg/sub/c.py");
  commit_and_expect_fresh("Remove a directory");
}

// `stc index` moved the index on without a pass: the next pass finds what
// changed since the roll-ups' mark (tree diff, commits mined since, importer
// fingerprints) instead of recomputing every directory.
TEST_F(RollupStageTest, APassAfterASeparateIndexRecomputesOnlyWhatMovedSinceTheMark) {
  repo.write("docs/guide.md", "# Guide\n\nHow to use it, again.\n");
  EXPECT_EQ(commit_and_expect_fresh("Change a document").rollup_mode, "incremental");
  repo.write("pkg/sub/c.py", "\"\"\"Module c, moved on.\"\"\"\n\ndef c():\n    return 4\n");
  repo.commit("Change c without a pass");
  index_only(repo);
  // pkg/a.py loses an importer (lib/util.py) between the mark and this pass.
  repo.write("lib/util.py", "\"\"\"Utilities.\"\"\"\n\ndef u():\n    return 0\n");
  const PassReport r = commit_and_expect_fresh("Drop an import after the separate index");
  EXPECT_EQ(r.rollup_mode, "bridge");
  // pkg/sub, pkg (c's parent; a's importers), lib and the root: not docs/.
  EXPECT_EQ(r.rollup_dirs, 4);
}

// A mark whose position in the mined history no longer holds its commit (a
// history mined again since, renumbered) cannot be bridged: everything is
// recomputed.
TEST_F(RollupStageTest, AMarkTheHistoryNoLongerHoldsRecomputesEverything) {
  {
    auto ws = open_workspace(repo.path());
    auto store = open_store(*ws, StoreAccess::kExisting);
    ASSERT_TRUE(store);
    auto seq = last_mined_seq(*store);
    ASSERT_TRUE(seq);
    std::string older = repo.git("rev-parse HEAD~1");
    older.erase(older.find_last_not_of(" \n") + 1);
    auto mark = dir_facts_mark(*store, older, *seq);  // HEAD~1 is not at HEAD's position
    ASSERT_TRUE(mark);
    ASSERT_TRUE(store->set_meta("dir_facts_mark", *mark));
  }
  repo.write("lib/again.py", "\"\"\"Again.\"\"\"\n");
  EXPECT_EQ(commit_and_expect_fresh("Add a file after the history moved").rollup_mode, "full");
}

TEST_F(RollupStageTest, ALostMarkRecomputesEveryDirectoryAlike) {
  {
    auto ws = open_workspace(repo.path());
    auto store = open_store(*ws, StoreAccess::kExisting);
    ASSERT_TRUE(store);
    ASSERT_TRUE(store::connection(*store).exec("DELETE FROM meta WHERE key = 'dir_facts_mark'"));
  }
  repo.write("lib/more.py", "\"\"\"More.\"\"\"\n");
  commit_and_expect_fresh("Add a file after the mark was lost");
}

}  // namespace
}  // namespace stc::indexer::sleep
