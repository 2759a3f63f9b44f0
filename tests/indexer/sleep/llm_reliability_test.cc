// The sleep pass against misbehaving LLM servers (the loopback fake): replies
// of the wrong shape, with NUL characters or cut at the output limit store
// nothing and leave their units pending; a hanging server is cut at
// sleep.maxSeconds; prompts fit llm.contextTokens.

#include <gtest/gtest.h>

#include <chrono>
#include <functional>

#include <nlohmann/json.hpp>

#include "core/tokens.h"
#include "indexer/sleep/artifact_reader.h"
#include "indexer/sleep/sleep_pass.h"
#include "llm/provider.h"
#include "tests/fakes/fake_clock.h"
#include "tests/fakes/llm_server.h"
#include "tests/fakes/loopback_provider.h"
#include "tests/indexer/sleep/tiny_app.h"
#include "tests/support/temp_repo.h"

namespace stc::indexer {
namespace {

using stc::testing::TempRepo;

// overview + app/__init__.py, app/cli.py, app/core.py, README.md + anticipation
constexpr int64_t kUnits = 6;

class LlmReliabilityTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    setenv("STC_TEST_RELIABILITY_KEY", "sk-reliability-test", 1);
    stc::testing::write_tiny_app(repo);
    repo.write("README.md", "# App\n\nA tiny app for tests.\n");
    repo.commit("Add app");
  }
  void TearDown() override { unsetenv("STC_TEST_RELIABILITY_KEY"); }

  LlmConfig llm_config() const {
    return fakes::loopback_config(
        server,
        {.provider = GetParam(), .key_env = "STC_TEST_RELIABILITY_KEY", .timeout_ms = 3000});
  }

  Result<PassReport> pass(const std::function<void(Config&)>& tweak = nullptr) {
    auto ws = open_workspace(repo.path());
    EXPECT_TRUE(ws) << ws.error().message;
    ws->config.llm = llm_config();
    if (tweak) tweak(ws->config);
    auto provider = fakes::loopback_provider(ws->config.llm, clock);
    EXPECT_TRUE(provider);
    auto store = open_store(*ws, StoreAccess::kCreate);
    EXPECT_TRUE(store) << store.error().message;
    NullProgress progress;
    PassOptions options;
    options.sleep_budget = 1'000'000;
    return run_pass(*ws, *store, provider.get(), options, progress);
  }

  int64_t count(const std::string& sql) {
    auto ws = open_workspace(repo.path());
    auto store = open_store(*ws, StoreAccess::kReadOnly);
    return *store::connection(*store).query_int(sql);
  }
  int64_t llm_artifacts() {
    return count("SELECT COUNT(*) FROM artifacts WHERE provider <> 'offline'");
  }

  static std::string errors_of(const PassReport& r) {
    std::string all;
    for (const auto& e : r.errors) all += e + "\n";
    return all;
  }

  TempRepo repo;
  fakes::FakeLlmServer server;
  std::shared_ptr<fakes::FakeClock> clock = std::make_shared<fakes::FakeClock>();
};

TEST_P(LlmReliabilityTest, WrongShapeReplyStoresNothingAndLeavesUnitsPending) {
  server.set_default(fakes::ok(R"({"summary": 12, "notes": "nope", "requests": "none"})"));
  auto r = pass();
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->llm_calls, kUnits);
  EXPECT_EQ(r->pending, kUnits);
  EXPECT_EQ(llm_artifacts(), 0);
  EXPECT_NE(errors_of(*r).find("wrong reply shape: summary is a number, not a string"),
            std::string::npos)
      << errors_of(*r);
  // Wrong types deeper in a reply count too.
  server.set_default(
      fakes::ok(R"({"summary":"S.","likely_changes":[{"request":"x","files":"a.py"}]})"));
  auto again = pass();
  ASSERT_TRUE(again);
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM artifacts WHERE kind = 'summary' AND provider <> 'offline'"), 0);
}

TEST_P(LlmReliabilityTest, RepliesWithNulAreNeverStored) {
  server.set_default(fakes::ok(R"({"summary":"evil\u0000name","likely_changes":[]})"));
  auto r = pass();
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(llm_artifacts(), 0);
  EXPECT_EQ(r->pending, kUnits);
  server.set_default(fakes::ok(std::string("{\"summary\":\"raw\0nul\"}", 21)));
  auto raw = pass();
  ASSERT_TRUE(raw);
  EXPECT_EQ(llm_artifacts(), 0);
  EXPECT_NE(errors_of(*raw).find("NUL"), std::string::npos) << errors_of(*raw);
}

TEST_P(LlmReliabilityTest, TruncatedReplyIsRetriedWithALargerLimitThenStored) {
  server.push(fakes::truncated(std::string(stc::testing::kAppReply).substr(0, 40)));
  server.set_default(fakes::ok(stc::testing::kAppReply));
  auto r = pass();
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->pending, 0) << errors_of(*r);
  EXPECT_EQ(server.request_count(), static_cast<size_t>(kUnits + 1));
  const auto first = nlohmann::json::parse(server.requests().at(0).body);
  const auto retry = nlohmann::json::parse(server.requests().at(1).body);
  EXPECT_EQ(retry["max_tokens"], 2 * first["max_tokens"].get<int>());
}

TEST_P(LlmReliabilityTest, ReplyCutTwiceLeavesTheUnitPending) {
  server.set_default(fakes::truncated(std::string(stc::testing::kAppReply).substr(0, 40)));
  auto r = pass();
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(llm_artifacts(), 0);
  EXPECT_EQ(r->pending, kUnits);
  EXPECT_NE(errors_of(*r).find("cut at the output limit"), std::string::npos) << errors_of(*r);
}

TEST_P(LlmReliabilityTest, HangingServerIsCutAtSleepMaxSeconds) {
  server.set_default(fakes::hang(20000, stc::testing::kAppReply));
  const auto t0 = std::chrono::steady_clock::now();
  auto r = pass([](Config& c) {
    c.llm.timeout_ms = 120000;  // the defaults that once blocked a pass ~10 minutes
    c.llm.max_retries = 4;
    c.sleep.max_seconds = 1;
  });
  const auto took = std::chrono::steady_clock::now() - t0;
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_LT(took, std::chrono::seconds(8));
  EXPECT_EQ(r->llm_calls, 1);
  EXPECT_EQ(r->pending, kUnits);
  EXPECT_NE(errors_of(*r).find("sleep.maxSeconds = 1"), std::string::npos) << errors_of(*r);
}

TEST_P(LlmReliabilityTest, PromptsFitTheConfiguredContext) {
  std::string big = "\"\"\"A big module.\"\"\"\n";
  for (int i = 0; i < 400; ++i) {
    big += "def step_" + std::to_string(i) + "(value, factor=" + std::to_string(i) +
           "):\n    return compute(value) * factor + offset_" + std::to_string(i) + "\n";
  }
  repo.write("app/big.py", big);
  repo.commit("Add a big module");
  server.set_default(fakes::ok(stc::testing::kAppReply));
  constexpr int kContext = 2000, kOutput = 400;
  auto r = pass([](Config& c) {
    c.llm.context_tokens = kContext;
    c.llm.max_output_tokens = kOutput;
  });
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->pending, 0) << errors_of(*r);
  bool saw_big = false;
  for (const auto& req : server.requests()) {
    const auto body = nlohmann::json::parse(req.body);
    int64_t prompt = 0;
    const auto& messages = body.contains("messages") ? body["messages"] : nlohmann::json::array();
    for (const auto& m : messages) prompt += estimate_tokens(m["content"].get<std::string>());
    if (body.contains("system")) prompt += estimate_tokens(body["system"].get<std::string>());
    if (body.contains("response_format")) prompt += estimate_tokens(body["response_format"].dump());
    EXPECT_LE(prompt, kContext - kOutput) << req.body.substr(0, 200);
    if (req.body.find("File: app/big.py") != std::string::npos) {
      saw_big = true;
      EXPECT_NE(req.body.find("step_0"), std::string::npos);  // some source still sent
      EXPECT_NE(req.body.find("Write the module's index entry"), std::string::npos);
    }
  }
  EXPECT_TRUE(saw_big);
}

INSTANTIATE_TEST_SUITE_P(BothProviders, LlmReliabilityTest,
                         ::testing::Values("openai", "anthropic"));

}  // namespace
}  // namespace stc::indexer
