// Planning with an LLM, against the loopback server: one planning call on the
// packed context, validation of the paths the model returns, one retry of a
// malformed reply, the bounded skeleton follow-up, the budget, and the
// test-phase accounting.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "agent/agent.h"
#include "agent/llm_planner.h"
#include "core/tokens.h"
#include "indexer/store/artifact_store.h"
#include "tests/agent/sample_tasks.h"
#include "tests/llm/llm_harness.h"
#include "tests/support/temp_repo.h"

namespace stc::agent {
namespace {

class LlmPlannerTest : public llm::LlmHarness {
 protected:
  void SetUp() override {
    LlmHarness::SetUp();
    repo_.write("app/providers/__init__.py",
                "from .alpha import Alpha\nREGISTRY = {'alpha': Alpha}\n");
    repo_.write("app/providers/alpha.py",
                "class Alpha:\n    \"\"\"The alpha provider.\"\"\"\n    def fetch(self):\n        "
                "return 1\n");
    repo_.write("app/client.py",
                "from app.providers import REGISTRY\n\ndef fetch(name):\n    return "
                "REGISTRY[name]().fetch()\n");
    repo_.write("tests/test_providers.py",
                "from app.providers import REGISTRY\n\ndef test_alpha():\n    assert REGISTRY\n");
    repo_.write("docs/providers.md", "# Providers\n\nAlpha.\n");
    repo_.commit("Initial providers");
    auto head = indexer::git::Oid::from_hex(repo_.git("rev-parse HEAD").substr(0, 40));
    ti_ = testing::index_at(repo_.path(), store_dir_.path() + "/index.db", *head);
    provider_ = make(config_for("openai"));
    ti_->env.provider = provider_.get();
  }

  Result<Plan> plan(int64_t budget = 3000) {
    return make_plan(ti_->env, "Add a beta provider to the provider registry",
                     {Mode::kIndex, budget});
  }

  static std::string reply(const nlohmann::json& files,
                           const nlohmann::json& need = nlohmann::json::array()) {
    return nlohmann::json{{"files", files}, {"need_skeletons", need}}.dump();
  }

  stc::testing::TempRepo repo_;
  stc::testing::TempDir store_dir_;
  std::unique_ptr<testing::TaskIndex> ti_;
  std::unique_ptr<llm::Provider> provider_;
};

TEST_F(LlmPlannerTest, OnePlanningCallOnTheContextGivesAValidatedPlan) {
  server.push(fakes::ok_with_usage(reply({{{"path", "app/providers/__init__.py"},
                                           {"action", "modify"},
                                           {"reason", "register beta"},
                                           {"steps", {"add an entry"}}},
                                          {{"path", "app/providers/beta.py"},
                                           {"action", "create"},
                                           {"reason", "the provider"},
                                           {"steps", nlohmann::json::array()}},
                                          {{"path", "tests/test_providers.py"},
                                           {"action", "modify"},
                                           {"reason", "test it"},
                                           {"steps", nlohmann::json::array()}}}),
                                   900, 80));
  auto p = plan();
  ASSERT_TRUE(p) << p.error().message;
  ASSERT_EQ(server.request_count(), 1u);
  ASSERT_EQ(p->files.size(), 3u);
  EXPECT_EQ(p->files[0].path, "app/providers/__init__.py");
  EXPECT_EQ(p->files[0].steps, std::vector<std::string>{"add an entry"});
  EXPECT_EQ(p->files[1].action, "create");
  EXPECT_EQ(p->prompt_tokens, 900);
  EXPECT_EQ(p->completion_tokens, 80);
  const auto body = body_of(0);
  const std::string prompt = body["messages"].back()["content"];
  EXPECT_NE(prompt.find("app/providers/__init__.py"), std::string::npos)
      << "the context names the candidates";
  EXPECT_NE(prompt.find("Add a beta provider"), std::string::npos);
}

TEST_F(LlmPlannerTest, RejectsPathsOutsideTheTreeAndDeduplicates) {
  server.push(fakes::ok(reply({{{"path", "../etc/passwd"},
                                {"action", "modify"},
                                {"reason", "x"},
                                {"steps", nlohmann::json::array()}},
                               {{"path", "/etc/hosts"},
                                {"action", "modify"},
                                {"reason", "x"},
                                {"steps", nlohmann::json::array()}},
                               {{"path", ".git/config"},
                                {"action", "modify"},
                                {"reason", "x"},
                                {"steps", nlohmann::json::array()}},
                               {{"path", "app/nope.py"},
                                {"action", "modify"},
                                {"reason", "x"},
                                {"steps", nlohmann::json::array()}},
                               {{"path", "nodir/new.py"},
                                {"action", "create"},
                                {"reason", "x"},
                                {"steps", nlohmann::json::array()}},
                               {{"path", "./app/client.py"},
                                {"action", "create"},
                                {"reason", "x"},
                                {"steps", nlohmann::json::array()}},
                               {{"path", "app/client.py"},
                                {"action", "modify"},
                                {"reason", "dup"},
                                {"steps", nlohmann::json::array()}}})));
  auto p = plan();
  ASSERT_TRUE(p) << p.error().message;
  ASSERT_EQ(p->files.size(), 1u);
  EXPECT_EQ(p->files[0].path, "app/client.py");
  EXPECT_EQ(p->files[0].action, "modify") << "an existing file is modified, not created";
  EXPECT_EQ(p->warnings.size(), 5u);
}

TEST_F(LlmPlannerTest, MalformedReplyIsRetriedOnceThenFailsCleanly) {
  server.push({fakes::ok("I think you should edit some files."), fakes::ok("{\"files\": 3")});
  auto p = plan();
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(p.error().message.find("malformed"), std::string::npos) << p.error().message;
  EXPECT_EQ(server.request_count(), 2u);
}

TEST_F(LlmPlannerTest, MalformedThenGoodReplySucceeds) {
  server.push({fakes::ok("no json here"), fakes::ok("```json\n" +
                                                    reply({{{"path", "app/client.py"},
                                                            {"action", "modify"},
                                                            {"reason", "r"},
                                                            {"steps", nlohmann::json::array()}}}) +
                                                    "\n```")});
  auto p = plan();
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->files.size(), 1u);
  EXPECT_EQ(p->calls.size(), 2u);
  EXPECT_FALSE(p->calls[0].ok);
}

TEST_F(LlmPlannerTest, OneBoundedFollowUpShowsTheSkeletonAskedFor) {
  const auto files = nlohmann::json::array({{{"path", "app/client.py"},
                                             {"action", "modify"},
                                             {"reason", "r"},
                                             {"steps", nlohmann::json::array()}}});
  server.push({fakes::ok_with_usage(reply(files, {"app/providers/alpha.py"}), 700, 40),
               fakes::ok_with_usage(reply(files, {"app/client.py"}), 900, 40)});
  auto p = plan(4000);
  ASSERT_TRUE(p) << p.error().message;
  ASSERT_EQ(server.request_count(), 2u) << "at most one follow-up, even when the model asks again";
  const std::string second = body_of(1)["messages"].back()["content"];
  EXPECT_NE(second.find("class Alpha"), std::string::npos) << second;
  EXPECT_EQ(p->calls[1].purpose, "plan_followup");
}

TEST_F(LlmPlannerTest, NoFollowUpWhenItWouldExceedTheBudget) {
  const auto files = nlohmann::json::array({{{"path", "app/client.py"},
                                             {"action", "modify"},
                                             {"reason", "r"},
                                             {"steps", nlohmann::json::array()}}});
  server.push(fakes::ok_with_usage(reply(files, {"app/providers/alpha.py"}), 380, 40));
  auto p = plan(500);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(server.request_count(), 1u);
  EXPECT_FALSE(p->warnings.empty());
}

TEST_F(LlmPlannerTest, RequestStaysWithinTheBudget) {
  for (const int64_t budget : {300, 800, 2000}) {
    server.push(fakes::ok(reply(nlohmann::json::array())));
    auto p = plan(budget);
    ASSERT_TRUE(p) << p.error().message;
    const auto body = body_of(server.request_count() - 1);
    std::string text;
    for (const auto& m : body["messages"]) text += m["content"].get<std::string>();
    const int64_t max_out = body.contains("max_completion_tokens")
                                ? body["max_completion_tokens"].get<int64_t>()
                                : body.value("max_tokens", int64_t{0});
    EXPECT_LE(estimate_tokens(text) + max_out, budget) << "budget " << budget;
    EXPECT_LE(p->context.tokens, budget);
  }
}

TEST_F(LlmPlannerTest, TestTimeCallsAreRecordedWithPhaseTest) {
  server.push(fakes::ok_with_usage(reply(nlohmann::json::array()), 500, 20));
  auto p = plan();
  ASSERT_TRUE(p);
  ASSERT_TRUE(record_usage(*ti_->store, *p));
  indexer::store::ArtifactStore arts = ti_->store->artifacts();
  auto totals = arts.token_totals();
  ASSERT_TRUE(totals);
  EXPECT_EQ(totals->test, 520);
  EXPECT_EQ(totals->test_calls, 1);
}

TEST(ValidatePlanFilesTest, KeepsOrderAndNormalizes) {
  const TreePaths tree = TreePaths::from({"a/b.py", "README.md"});
  std::vector<std::string> warnings;
  const auto out = validate_plan_files({{"./a/b.py", "modify", "", {}, 0, {}},
                                        {"a/c.py", "create", "", {}, 0, {}},
                                        {"a/../README.md", "modify", "", {}, 0, {}},
                                        {"new.md", "create", "", {}, 0, {}}},
                                       tree, warnings);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].path, "a/b.py");
  EXPECT_EQ(out[1].path, "a/c.py");
  EXPECT_EQ(out[2].path, "new.md");
  EXPECT_EQ(warnings.size(), 1u);
}

TEST(ValidatePlanFilesTest, ListsEveryRejectedPathIncludingGitInAnyCase) {
  const TreePaths tree = TreePaths::from({"a/b.py", "link"});
  std::vector<std::string> warnings;
  std::vector<std::string> rejected;
  const auto out = validate_plan_files({{"a/b.py", "modify", "", {}, 0, {}},
                                        {".GIT/config", "modify", "", {}, 0, {}},
                                        {"a/.git/x", "create", "", {}, 0, {}},
                                        {"../up.txt", "create", "", {}, 0, {}},
                                        {"link/x.txt", "create", "", {}, 0, {}}},
                                       tree, warnings, &rejected);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(rejected,
            (std::vector<std::string>{".GIT/config", "a/.git/x", "../up.txt", "link/x.txt"}));
  EXPECT_EQ(warnings.size(), 4u);
  EXPECT_NE(warnings[0].find("unsafe"), std::string::npos) << warnings[0];
}

}  // namespace
}  // namespace stc::agent
