// The sleep pass end to end in temporary repositories: offline artifacts of
// every kind, LLM refinement against the loopback server within a budget,
// token accounting, failures leaving units pending, and the deny list.

#include "indexer/sleep/sleep_pass.h"

#include <gtest/gtest.h>

#include "indexer/sleep/artifact_codec.h"
#include "indexer/sleep/artifact_reader.h"
#include "indexer/store/artifact_store.h"
#include "llm/provider.h"
#include "tests/fakes/fake_clock.h"
#include "tests/fakes/llm_server.h"
#include "tests/fakes/loopback_provider.h"
#include "tests/indexer/sleep/tiny_app.h"
#include "tests/support/temp_repo.h"

namespace stc::indexer {
namespace {

using stc::testing::TempRepo;

class SleepPassTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("STC_TEST_SLEEP_KEY", "sk-sleep-test", 1);
    stc::testing::write_tiny_app(repo);
    repo.write("app/secret_keys.py", "TOKEN = 'SUPERSECRET-123'\n");
    repo.write("README.md", "# App\n\nA tiny app for tests.\n");
    repo.commit("Add app");
    repo.write("app/cli.py",
               "\"\"\"Command line.\"\"\"\nfrom app import core\n\ndef main():\n    core.run(2)\n");
    repo.write("app/core.py", "\"\"\"Core logic.\"\"\"\n\ndef run(n=1):\n    return n\n");
    repo.commit("Pass a count through the CLI");
  }
  void TearDown() override { unsetenv("STC_TEST_SLEEP_KEY"); }

  Result<PassReport> pass(llm::Provider* provider, int64_t budget = 1'000'000,
                          bool worktree = false, const std::string& rev = "HEAD") {
    auto ws = open_workspace(repo.path());
    EXPECT_TRUE(ws) << ws.error().message;
    ws->config.sleep.deny = {"secret_*.py"};
    auto store = open_store(*ws, StoreAccess::kCreate);
    EXPECT_TRUE(store) << store.error().message;
    NullProgress progress;
    PassOptions options;
    options.sleep_budget = budget;
    options.worktree = worktree;
    options.rev = rev;
    return run_pass(*ws, *store, provider, options, progress);
  }

  std::unique_ptr<llm::Provider> provider(int retries = 0) {
    return fakes::loopback_provider(
        server, {.key_env = "STC_TEST_SLEEP_KEY", .max_retries = retries}, clock);
  }

  store::IndexStore open() {
    auto ws = open_workspace(repo.path());
    return std::move(*open_store(*ws, StoreAccess::kReadOnly));
  }

  int64_t count(const std::string& sql) {
    auto s = open();
    return *store::connection(s).query_int(sql);
  }

  TempRepo repo;
  fakes::FakeLlmServer server;
  std::shared_ptr<fakes::FakeClock> clock = std::make_shared<fakes::FakeClock>();
};

TEST_F(SleepPassTest, OfflinePassWritesEveryArtifactKind) {
  auto r = pass(nullptr);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->commits_mined, 2);
  EXPECT_EQ(r->llm_calls, 0);
  EXPECT_GT(r->artifacts_written, 0);
  // Each stage's wall time, for `stc pass --json` (stage_seconds).
  for (const char* stage : {"history", "artifacts", "pending", "store"}) {
    ASSERT_TRUE(r->stage_seconds.count(stage)) << stage;
    EXPECT_GE(r->stage_seconds.at(stage), 0.0) << stage;
    EXPECT_LE(r->stage_seconds.at(stage), r->seconds) << stage;
  }
  EXPECT_FALSE(r->stage_seconds.count("llm")) << "no provider, no LLM stage";
  // 4 source modules and README.md (documentation is indexed as "doc")
  EXPECT_EQ(count("SELECT COUNT(*) FROM artifacts WHERE kind = 'summary'"), 5);
  EXPECT_EQ(count("SELECT COUNT(*) FROM artifacts WHERE kind = 'overview'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM artifacts WHERE kind = 'anticipation'"), 1);
  EXPECT_GE(count("SELECT COUNT(*) FROM artifacts WHERE kind = 'dir_summary'"), 2);
  auto s = open();
  auto file = *s.file("app/cli.py");
  auto view = sleep::read_module_view(s, *file);
  ASSERT_TRUE(view);
  ASSERT_TRUE(view->summary);
  EXPECT_EQ(view->summary_provider, "offline");
  EXPECT_EQ(view->summary->summary, "Command line. Defines `main`.");
  ASSERT_FALSE(view->notes.empty());
  EXPECT_EQ(view->notes[0].text,
            "When `app/cli.py` changes, `app/core.py` changes with it in 2 of 2 commits.");
  // A second pass with nothing new writes nothing.
  auto again = pass(nullptr);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->artifacts_written, 0);
}

TEST_F(SleepPassTest, LlmRefinesRecordsUsageAndNeverSendsDenyListedFiles) {
  server.set_default(fakes::ok_with_usage(stc::testing::kAppReply, 100, 50));
  auto p = provider();
  auto r = pass(p.get());
  ASSERT_TRUE(r) << r.error().message;
  // overview + 3 modules and README.md (secret_keys.py is denied) + anticipation
  EXPECT_EQ(r->llm_calls, 6);
  EXPECT_EQ(r->sleep_tokens, 6 * 150);
  EXPECT_EQ(r->pending, 0);
  EXPECT_TRUE(r->stage_seconds.count("llm"));
  EXPECT_EQ(count("SELECT SUM(prompt_tokens) FROM llm_calls WHERE phase = 'sleep'"), 600);
  for (const auto& req : server.requests()) {
    EXPECT_EQ(req.body.find("SUPERSECRET"), std::string::npos);
  }
  auto s = open();
  auto view = sleep::read_module_view(s, **s.file("app/core.py"));
  ASSERT_TRUE(view && view->summary);
  EXPECT_EQ(view->summary_provider, "openai");
  EXPECT_EQ(view->summary->summary, "LLM summary.");
  EXPECT_EQ(view->notes.front().kind, "llm");
  auto ant = sleep::read_anticipation(s);
  ASSERT_TRUE(ant && *ant);
  EXPECT_EQ((*ant)->requests.front().title, "Add export");
  // Nothing left: the next pass makes no calls.
  const size_t before = server.request_count();
  auto again = pass(p.get());
  ASSERT_TRUE(again);
  EXPECT_EQ(server.request_count(), before);
}

TEST_F(SleepPassTest, SmallBudgetLeavesTheRestPending) {
  server.set_default(fakes::ok_with_usage(stc::testing::kAppReply, 100, 50));
  auto p = provider();
  auto r = pass(p.get(), 2500);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_LE(r->sleep_tokens, 2500);
  EXPECT_GT(r->llm_calls, 0);
  EXPECT_GT(r->pending, 0);
  auto rest = pass(p.get());
  ASSERT_TRUE(rest);
  EXPECT_EQ(rest->pending, 0);
}

TEST_F(SleepPassTest, FailedCallsLeaveUnitsPendingAndOfflineArtifactsStand) {
  server.set_default(fakes::status(500));
  auto p = provider(0);
  auto r = pass(p.get());
  ASSERT_TRUE(r) << r.error().message;  // the pass itself succeeds
  EXPECT_EQ(r->llm_calls, 3);           // three failures in a row end the stage
  EXPECT_GT(r->pending, 0);
  EXPECT_FALSE(r->errors.empty());
  EXPECT_EQ(count("SELECT COUNT(*) FROM llm_calls WHERE ok = 0"), 3);
  auto s = open();
  auto view = sleep::read_module_view(s, **s.file("app/core.py"));
  ASSERT_TRUE(view && view->summary);
  EXPECT_EQ(view->summary_provider, "offline");
}

TEST_F(SleepPassTest, PassAfterOneFileCommitCostsOneModuleCall) {
  server.set_default(fakes::ok_with_usage(stc::testing::kAppReply, 100, 50));
  auto p = provider();
  ASSERT_TRUE(pass(p.get()));
  repo.write("app/core.py", "\"\"\"Core logic.\"\"\"\n\ndef run(n=1):\n    return n * 2\n");
  repo.commit("Double the result");
  const size_t before = server.request_count();
  auto r = pass(p.get());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->index.files_parsed, 1);
  // One module call; the overview and anticipation are redone only if their inputs changed.
  size_t module_calls = 0;
  const auto requests = server.requests();
  for (size_t i = before; i < requests.size(); ++i) {
    if (requests[i].body.find("module_summary") != std::string::npos) ++module_calls;
  }
  EXPECT_EQ(module_calls, 1u);
  EXPECT_LE(server.request_count() - before, 3u);
}

TEST_F(SleepPassTest, ArtifactsOfAnOlderRevisionKnowNothingLater) {
  const std::string before = repo.git("rev-parse HEAD").substr(0, 40);
  for (int i = 1; i <= 2; ++i) {
    const std::string n = std::to_string(i);
    repo.write("app/cli.py", "\"\"\"Command line.\"\"\"\ndef main():\n    return " + n + "\n");
    repo.write("app/core.py", "\"\"\"Core logic.\"\"\"\ndef run():\n    return " + n + "\n");
    repo.write("app/zebra.py", "\"\"\"Zebra.\"\"\"\ndef stripes():\n    return " + n + "\n");
    repo.commit("Add ZEBRAFEATURE step " + n);
  }
  server.set_default(fakes::ok_with_usage(
      R"({"summary":"S.","likely_changes":[],"requests":[{"title":"ZEBRAFEATURE more","plan":[{"path":"app/zebra.py","action":"modify"}]}]})",
      10, 10));
  auto p = provider();
  ASSERT_TRUE(pass(p.get()));
  {
    auto s = open();
    auto ant = sleep::read_anticipation(s);
    ASSERT_TRUE(ant && *ant);
    EXPECT_NE(sleep::encode(**ant).find("ZEBRAFEATURE"), std::string::npos);
  }
  auto old = pass(nullptr, 0, false, before);
  ASSERT_TRUE(old) << old.error().message;
  EXPECT_TRUE(old->history_rebuilt);
  auto s = open();
  auto ant = sleep::read_anticipation(s);
  ASSERT_TRUE(ant);
  if (*ant) {
    EXPECT_EQ(sleep::encode(**ant).find("ZEBRAFEATURE"), std::string::npos);
  }
  auto view = sleep::read_module_view(s, **s.file("app/cli.py"));
  ASSERT_TRUE(view);
  for (const auto& n : view->notes) EXPECT_EQ(n.text.find("zebra"), std::string::npos) << n.text;
  EXPECT_FALSE(s.file("app/zebra.py")->has_value());
}

TEST_F(SleepPassTest, WorktreePassSummarizesUncommittedFilesForReuse) {
  ASSERT_TRUE(pass(nullptr));
  repo.write("app/extra.py", "\"\"\"Extra helpers.\"\"\"\n\ndef helper():\n    return 3\n");
  auto warm = pass(nullptr, 0, true);
  ASSERT_TRUE(warm) << warm.error().message;
  EXPECT_EQ(warm->worktree.files_parsed, 1);
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM artifacts WHERE kind = 'summary' AND subject = 'app/extra.py'"),
      1);
  repo.commit("Add extra helpers");
  auto landed = pass(nullptr);
  ASSERT_TRUE(landed);
  EXPECT_EQ(landed->index.files_parsed, 0);  // parsed while uncommitted
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM artifacts WHERE kind = 'summary' AND subject = 'app/extra.py'"),
      1);
}

}  // namespace
}  // namespace stc::indexer
