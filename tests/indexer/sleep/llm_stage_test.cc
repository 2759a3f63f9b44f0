// The LLM stage on its own, against the loopback server (sleep_pass_test
// drives it inside a whole pass): what count_llm_pending counts, the deny
// list, a zero budget, and a refinement that leaves nothing pending.

#include "indexer/sleep/llm_stage.h"

#include <gtest/gtest.h>

#include "indexer/indexer.h"
#include "indexer/sleep/offline_stage.h"
#include "indexer/workspace.h"
#include "llm/provider.h"
#include "tests/fakes/fake_clock.h"
#include "tests/fakes/llm_server.h"
#include "tests/support/temp_repo.h"

namespace stc::indexer::sleep {
namespace {

using stc::testing::TempRepo;

const char* const kReply =
    R"({"summary":"LLM summary.","entry_points":["run"],"usage":"CLI",)"
    R"("likely_changes":[{"request":"Add a flag","files":["app/cli.py"],"why":"users ask"}],)"
    R"("key_files":["app/cli.py"],"requests":[{"title":"Add export","plan":[{"path":"app/cli.py","action":"modify","reason":"entry"}]}]})";

class LlmStageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("STC_TEST_LLM_STAGE_KEY", "sk-llm-stage-test", 1);
    repo.write("app/__init__.py", "");
    repo.write("app/cli.py",
               "\"\"\"Command line.\"\"\"\nfrom app import core\n\ndef main():\n    core.run()\n");
    repo.write("app/core.py", "\"\"\"Core logic.\"\"\"\n\ndef run():\n    return 1\n");
    repo.commit("Add app");
    auto w = indexer::open_workspace(repo.path());
    ASSERT_TRUE(w) << w.error().message;
    ws.emplace(std::move(*w));
    auto s = indexer::open_store(*ws, indexer::StoreAccess::kCreate);
    ASSERT_TRUE(s) << s.error().message;
    store.emplace(std::move(*s));
    NullProgress progress;
    auto indexed = indexer::run_index(ws->repo, *store, ws->config, {}, progress);
    ASSERT_TRUE(indexed) << indexed.error().message;
    StageInput input;
    input.changed_paths = indexed->changed_paths;
    ASSERT_TRUE(write_offline_artifacts(ws->repo, *store, input, progress));
  }
  void TearDown() override { unsetenv("STC_TEST_LLM_STAGE_KEY"); }

  std::unique_ptr<llm::Provider> provider() {
    LlmConfig c;
    c.provider = "openai";
    c.base_url = server.base_url() + "/v1";
    c.model = "test-model";
    c.api_key_env = "STC_TEST_LLM_STAGE_KEY";
    c.timeout_ms = 2000;
    c.max_retries = 0;
    auto p = llm::make_provider(c, llm::ProviderDeps{nullptr, clock, 7});
    EXPECT_TRUE(p) << p.error().message;
    return std::move(*p);
  }

  int64_t pending(const GlobSet& deny = GlobSet()) {
    auto n = count_llm_pending(*store, "openai", deny);
    EXPECT_TRUE(n) << n.error().message;
    return n ? *n : -1;
  }

  Result<LlmStageReport> refine(llm::Provider& p, int64_t budget) {
    LlmStageOptions o;
    o.budget = budget;
    o.parallel = 1;
    NullProgress progress;
    return refine_with_llm(ws->repo, *store, p, o, progress);
  }

  TempRepo repo;
  fakes::FakeLlmServer server;
  std::shared_ptr<fakes::FakeClock> clock = std::make_shared<fakes::FakeClock>();
  std::optional<indexer::Workspace> ws;
  std::optional<store::IndexStore> store;
};

TEST_F(LlmStageTest, EveryModuleAndTheRepositoryWideUnitsArePendingAtFirst) {
  const int64_t all = pending();
  EXPECT_GE(all, 3) << "three modules without an openai summary";
  EXPECT_EQ(*count_llm_pending(*store, "offline", GlobSet()), 0)
      << "the offline provider's own summaries are all there";
  GlobSet deny;
  deny.add("app/core.py");
  EXPECT_EQ(pending(deny), all - 1) << "a denied module is never pending";
}

TEST_F(LlmStageTest, ZeroBudgetMakesNoCall) {
  const int64_t before = pending();
  auto p = provider();
  auto r = refine(*p, 0);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->calls, 0);
  EXPECT_EQ(server.request_count(), 0u);
  EXPECT_EQ(pending(), before);
}

TEST_F(LlmStageTest, AnAmpleBudgetLeavesNothingPending) {
  server.set_default(fakes::ok_with_usage(kReply, 100, 50));
  auto p = provider();
  auto r = refine(*p, 1'000'000);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->errors.empty()) << r->errors.front();
  EXPECT_GT(r->calls, 0);
  EXPECT_EQ(r->tokens, r->calls * 150);
  EXPECT_EQ(r->pending, 0);
  EXPECT_EQ(pending(), 0);
}

}  // namespace
}  // namespace stc::indexer::sleep
