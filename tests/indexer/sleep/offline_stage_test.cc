// The offline artifact stage on its own (sleep_pass_test drives it inside a
// whole pass): every indexed module gets a summary and notes, a second run
// over unchanged inputs writes nothing (the anti-join finds no gap), a
// changed file is rebuilt, and indexed_files lists only parsed files.

#include "indexer/sleep/offline_stage.h"

#include <gtest/gtest.h>

#include "indexer/indexer.h"
#include "indexer/sleep/artifacts.h"
#include "indexer/store/index_store.h"
#include "indexer/workspace.h"
#include "tests/support/temp_repo.h"

namespace stc::indexer::sleep {
namespace {

using stc::testing::TempRepo;

class OfflineStageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    repo.write("app/__init__.py", "");
    repo.write("app/cli.py",
               "\"\"\"Command line.\"\"\"\nfrom app import core\n\ndef main():\n    core.run()\n");
    repo.write("app/core.py", "\"\"\"Core logic.\"\"\"\n\ndef run():\n    return 1\n");
    repo.write("assets/logo.dat", "no grammar for this\n");
    repo.commit("Add app");
  }

  // Indexes HEAD and runs the offline stage over `changed` (all indexed files when empty).
  StageReport index_and_build(bool all_changed) {
    auto ws = indexer::open_workspace(repo.path());
    EXPECT_TRUE(ws) << ws.error().message;
    auto store = indexer::open_store(*ws, indexer::StoreAccess::kCreate);
    EXPECT_TRUE(store) << store.error().message;
    NullProgress progress;
    auto indexed = indexer::run_index(ws->repo, *store, ws->config, {}, progress);
    EXPECT_TRUE(indexed) << indexed.error().message;
    StageInput input;
    if (all_changed) input.changed_paths = indexed->changed_paths;
    auto report = write_offline_artifacts(ws->repo, *store, input, progress);
    EXPECT_TRUE(report) << report.error().message;
    auto missing = store->artifacts().modules_missing_summary(kSummaryVersion, "offline");
    EXPECT_TRUE(missing && missing->empty()) << "every indexed module has its summary";
    auto files = indexed_files(*store);
    EXPECT_TRUE(files);
    paths.clear();
    for (const auto& f : *files) paths.push_back(f.path);
    return report ? *report : StageReport{};
  }

  // Artifacts of `kind` in the store, through the tests' escape hatch.
  int64_t count_of(const char* kind) {
    auto ws = indexer::open_workspace(repo.path());
    auto store = indexer::open_store(*ws, indexer::StoreAccess::kExisting);
    EXPECT_TRUE(store) << store.error().message;
    auto n = store::connection(*store).query_int(
        std::string("SELECT COUNT(*) FROM artifacts WHERE kind = '") + kind + "'");
    return n ? *n : -1;
  }

  TempRepo repo;
  std::vector<std::string> paths;
};

TEST_F(OfflineStageTest, FirstRunSummarizesEveryIndexedModule) {
  const StageReport r = index_and_build(true);
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.summaries, 3);  // app/__init__.py, app/cli.py, app/core.py
  EXPECT_GT(r.notes, 0);
  EXPECT_GT(r.rollups, 0);
  EXPECT_EQ(paths, (std::vector<std::string>{"app/__init__.py", "app/cli.py", "app/core.py"}))
      << "assets/logo.dat has no grammar: not an indexed module";
}

TEST_F(OfflineStageTest, UnchangedInputsWriteNothingTheSecondTime) {
  index_and_build(true);
  const StageReport again = index_and_build(false);
  EXPECT_EQ(again.summaries, 0);
  EXPECT_EQ(again.rollups, 0);
  EXPECT_FALSE(again.anticipation);
}

TEST_F(OfflineStageTest, AChangedModuleIsSummarizedAgain) {
  index_and_build(true);
  repo.write("app/core.py", "\"\"\"Core logic.\"\"\"\n\ndef run(n=1):\n    return n\n");
  repo.commit("Count");
  const StageReport r = index_and_build(false);
  EXPECT_EQ(r.summaries, 1) << "the new blob of app/core.py has no summary yet";
}

// A pass killed after the roll-ups were stored but before the overview (older
// stc wrote them in two transactions) left roll-ups that look current: the
// next run must still write the overview.
TEST_F(OfflineStageTest, AMissingOverviewIsWrittenEvenWhenRollupsAreCurrent) {
  index_and_build(true);
  ASSERT_EQ(count_of(kOverview), 1);
  {
    auto ws = indexer::open_workspace(repo.path());
    auto store = indexer::open_store(*ws, indexer::StoreAccess::kExisting);
    ASSERT_TRUE(store);
    ASSERT_TRUE(store::connection(*store).exec("DELETE FROM artifacts WHERE kind = 'overview'"));
  }
  ASSERT_EQ(count_of(kOverview), 0);
  const StageReport again = index_and_build(false);
  EXPECT_EQ(count_of(kOverview), 1);
  EXPECT_EQ(again.rollups, 1) << "only the overview: the directory roll-ups were current";
}

}  // namespace
}  // namespace stc::indexer::sleep
