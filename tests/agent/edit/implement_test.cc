// implement() against the loopback LLM server and real temporary repositories.

#include "agent/edit/implement.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "indexer/store/artifact_store.h"
#include "tests/fakes/fake_clock.h"
#include "tests/fakes/llm_server.h"
#include "tests/support/temp_repo.h"

namespace stc::agent::edit {
namespace {

namespace fs = std::filesystem;
constexpr const char* kKeyVar = "STC_TEST_EDIT_KEY";
constexpr const char* kFeature = "Add a greeting function";
constexpr const char* kAppPy = "def main():\n    print('hi')\n";

std::string block(const std::string& search, const std::string& replace) {
  return "<<<<<<< SEARCH\n" + search + "=======\n" + replace + ">>>>>>> REPLACE\n";
}

class ImplementTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv(kKeyVar, "sk-edit-test", 1);
    repo.write("src/app.py", kAppPy);
    repo.write("src/util.py", "X = 1\n");
    repo.write("README.md", "# app\n");
    repo.commit("init");
    LlmConfig c;
    c.provider = "openai";
    c.base_url = server.base_url() + "/v1";
    c.model = "test-model";
    c.api_key_env = kKeyVar;
    c.timeout_ms = 3000;
    c.max_retries = 1;
    auto p = llm::make_provider(c, llm::ProviderDeps{nullptr, clock, 7});
    ASSERT_TRUE(p) << p.error().message;
    provider = std::move(*p);
  }
  void TearDown() override { unsetenv(kKeyVar); }

  static Plan plan_of(const std::vector<std::pair<std::string, std::string>>& files) {
    Plan plan;
    for (const auto& [path, action] : files) {
      plan.files.push_back(PlanFile{path, action, "needed for " + path, {"do it"}, 1.0, {}});
    }
    return plan;
  }

  EditEnv edit_env() {
    return EditEnv{repo.path() + "/", repo.path() + "/.git/", provider.get(), &config};
  }

  Result<Implementation> run(const Plan& plan, ApplyMode apply,
                             Overwrite overwrite = Overwrite::kRefuseUncommitted,
                             size_t max_file_bytes = 60000) {
    EditEnv env{repo.path() + "/", repo.path() + "/.git/", provider.get(), &config};
    return implement(env, kFeature, plan, ImplementOptions{apply, overwrite, max_file_bytes, 2048});
  }

  std::string read(const std::string& rel) const {
    std::ifstream in(fs::path(repo.path()) / rel);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  // The text of every message of the `i`-th request, joined.
  std::string prompt_of(size_t i) const {
    const auto body = nlohmann::json::parse(server.requests().at(i).body);
    std::string out;
    for (const auto& m : body["messages"]) out += m["content"].get<std::string>() + "\n";
    return out;
  }

  void expect_refused_without_calls(const std::string& path, const std::string& why) {
    auto r = run(plan_of({{"src/app.py", "modify"}, {path, "create"}}), ApplyMode::kApply);
    ASSERT_FALSE(r) << path << " was accepted";
    EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
    EXPECT_NE(r.error().message.find(why), std::string::npos) << r.error().message;
    EXPECT_EQ(server.request_count(), 0u);
  }

  testing::TempRepo repo;
  testing::TempDir outside;
  fakes::FakeLlmServer server;
  std::shared_ptr<fakes::FakeClock> clock = std::make_shared<fakes::FakeClock>();
  std::unique_ptr<llm::Provider> provider;
  Config config;
};

const std::string kGoodAppEdit =
    block("def main():\n", "def greet():\n    return 'hello'\n\n\ndef main():\n");

TEST_F(ImplementTest, OneEditCallPerFileAndAppliesThem) {
  server.push({fakes::ok_with_usage(kGoodAppEdit, 300, 40),
               fakes::ok_with_usage("```python\ndef helper():\n    pass\n```\n", 200, 20)});
  auto r = run(plan_of({{"src/app.py", "modify"}, {"src/greet/helpers.py", "create"}}),
               ApplyMode::kApply);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_FALSE(r->failure) << r->failure->message;
  EXPECT_TRUE(r->applied);
  EXPECT_EQ(server.request_count(), 2u);
  EXPECT_EQ(read("src/app.py"), "def greet():\n    return 'hello'\n\n\n" + std::string(kAppPy));
  EXPECT_EQ(read("src/greet/helpers.py"), "def helper():\n    pass\n");
  ASSERT_EQ(r->edits.size(), 2u);
  EXPECT_EQ(r->edits[0].action, "modify");
  EXPECT_EQ(r->edits[1].action, "create");
  EXPECT_TRUE(r->edits[0].applied && r->edits[1].applied);
  EXPECT_NE(r->edits[0].diff.find("+def greet():"), std::string::npos) << r->edits[0].diff;
  EXPECT_NE(r->edits[1].diff.find("--- /dev/null"), std::string::npos) << r->edits[1].diff;
  ASSERT_EQ(r->calls.size(), 2u);
  EXPECT_EQ(r->calls[0].purpose, "edit");
  EXPECT_EQ(r->calls[0].prompt_tokens, 300);
  EXPECT_EQ(r->prompt_tokens, 500);
  EXPECT_EQ(r->completion_tokens, 60);
  const std::string first = prompt_of(0);
  EXPECT_NE(first.find(kFeature), std::string::npos);
  EXPECT_NE(first.find("print('hi')"), std::string::npos);
  EXPECT_NE(first.find("src/greet/helpers.py (create)"), std::string::npos);
  EXPECT_NE(first.find("<<<<<<< SEARCH"), std::string::npos);
}

TEST_F(ImplementTest, WithoutApplyOnlyDiffs) {
  server.push(fakes::ok(kGoodAppEdit));
  auto r = run(plan_of({{"src/app.py", "modify"}}), ApplyMode::kDiffOnly);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->failure);
  EXPECT_FALSE(r->applied);
  EXPECT_FALSE(r->edits[0].applied);
  EXPECT_NE(r->edits[0].diff.find("+def greet():"), std::string::npos);
  EXPECT_EQ(read("src/app.py"), kAppPy);
}

TEST_F(ImplementTest, MalformedReplyIsSentBackOnce) {
  server.push({fakes::ok("Sure! I will add a greet function."), fakes::ok(kGoodAppEdit)});
  auto r = run(plan_of({{"src/app.py", "modify"}}), ApplyMode::kApply);
  ASSERT_TRUE(r);
  ASSERT_FALSE(r->failure) << r->failure->message;
  ASSERT_EQ(r->calls.size(), 2u);
  EXPECT_FALSE(r->calls[0].ok);
  EXPECT_TRUE(r->calls[1].ok);
  const std::string retry = prompt_of(1);
  EXPECT_NE(retry.find("Sure! I will add"), std::string::npos);
  EXPECT_NE(retry.find("could not be used"), std::string::npos);
  EXPECT_NE(read("src/app.py").find("def greet"), std::string::npos);
}

TEST_F(ImplementTest, MalformedTwiceFailsCleanly) {
  server.push({fakes::ok("no blocks"), fakes::ok("<<<<<<< SEARCH\nunclosed\n")});
  auto r = run(plan_of({{"src/app.py", "modify"}, {"src/util.py", "modify"}}), ApplyMode::kApply);
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->failure);
  EXPECT_EQ(r->failure->code, ErrorCode::kUnavailable);
  EXPECT_NE(r->failure->message.find("src/app.py"), std::string::npos);
  EXPECT_EQ(server.request_count(), 2u);  // no call for the second file
  EXPECT_EQ(r->calls.size(), 2u);
  EXPECT_FALSE(r->applied);
  EXPECT_EQ(read("src/app.py"), kAppPy);
}

TEST_F(ImplementTest, MalformedHttpBodyFailsCleanly) {
  server.set_default(fakes::malformed());
  auto r = run(plan_of({{"src/app.py", "modify"}}), ApplyMode::kApply);
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->failure);
  EXPECT_EQ(read("src/app.py"), kAppPy);
}

TEST_F(ImplementTest, FailingSearchBlockLeavesEveryFileUntouched) {
  const std::string bad = block("def nothing_like_this():\n", "x\n");
  server.push(
      {fakes::ok(kGoodAppEdit), fakes::ok("```\nnew\n```\n"), fakes::ok(bad), fakes::ok(bad)});
  auto r =
      run(plan_of({{"src/app.py", "modify"}, {"src/new.py", "create"}, {"src/util.py", "modify"}}),
          ApplyMode::kApply);
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->failure);
  EXPECT_NE(r->failure->message.find("src/util.py"), std::string::npos) << r->failure->message;
  EXPECT_NE(r->failure->message.find("not found"), std::string::npos);
  EXPECT_FALSE(r->applied);
  EXPECT_EQ(read("src/app.py"), kAppPy);
  EXPECT_EQ(read("src/util.py"), "X = 1\n");
  EXPECT_FALSE(fs::exists(fs::path(repo.path()) / "src/new.py"));
  EXPECT_EQ(repo.git("status --porcelain"), "");
}

TEST_F(ImplementTest, ProviderRefusalFailsWithoutRetry) {
  server.push(fakes::status(401));
  auto r = run(plan_of({{"src/app.py", "modify"}}), ApplyMode::kApply);
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->failure);
  EXPECT_EQ(r->failure->code, ErrorCode::kBadInput);
  EXPECT_EQ(server.request_count(), 1u);
  ASSERT_EQ(r->calls.size(), 1u);
  EXPECT_FALSE(r->calls[0].ok);
}

TEST_F(ImplementTest, UncommittedChangesNeedForce) {
  repo.write("src/app.py", std::string(kAppPy) + "# local work\n");
  auto refused = run(plan_of({{"src/app.py", "modify"}}), ApplyMode::kApply);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kBadInput);
  EXPECT_NE(refused.error().message.find("src/app.py has uncommitted changes"), std::string::npos);
  EXPECT_EQ(server.request_count(), 0u);

  server.push({fakes::ok(kGoodAppEdit), fakes::ok(kGoodAppEdit)});
  auto diff_only = run(plan_of({{"src/app.py", "modify"}}), ApplyMode::kDiffOnly);
  ASSERT_TRUE(diff_only);
  EXPECT_FALSE(diff_only->failure);

  auto forced = run(plan_of({{"src/app.py", "modify"}}), ApplyMode::kApply, Overwrite::kForce);
  ASSERT_TRUE(forced) << forced.error().message;
  ASSERT_FALSE(forced->failure) << forced->failure->message;
  EXPECT_TRUE(forced->applied);
  EXPECT_NE(read("src/app.py").find("# local work"), std::string::npos);
  EXPECT_NE(read("src/app.py").find("def greet"), std::string::npos);
}

TEST_F(ImplementTest, UntrackedFileCountsAsUncommitted) {
  repo.write("notes.txt", "mine\n");
  auto r = run(plan_of({{"notes.txt", "modify"}}), ApplyMode::kApply);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("notes.txt has uncommitted changes"), std::string::npos);
}

TEST_F(ImplementTest, PathEscapesAreRefusedBeforeAnyCall) {
  fs::create_directory_symlink(outside.path(), fs::path(repo.path()) / "linked");
  expect_refused_without_calls("../x.py", "'..'");
  expect_refused_without_calls("/tmp/x.py", "absolute");
  expect_refused_without_calls(".git/config", ".git");
  expect_refused_without_calls("linked/evil.py", "outside the work tree");
  EXPECT_TRUE(fs::is_empty(outside.path()));
}

// Paths the planner dropped from the model's plan are checked too: one unsafe
// path refuses the whole run, naming every unsafe one, before any call.
TEST_F(ImplementTest, UnsafePathsDroppedByThePlannerRefuseTheRun) {
  fs::create_directory_symlink(outside.path(), fs::path(repo.path()) / "linked");
  Plan plan = plan_of({{"src/app.py", "modify"}});
  plan.rejected = {"../outside.txt", "/etc/passwd",    ".git/config",
                   ".GIT/config",    "linked/evil.py", "src/missing.py"};
  auto refused = check_plan_paths(edit_env(), plan);
  ASSERT_TRUE(refused) << refused.error().message;
  std::vector<std::string> names;
  for (const auto& r : *refused) names.push_back(r.path);
  EXPECT_EQ(names, (std::vector<std::string>{"../outside.txt", "/etc/passwd", ".git/config",
                                             ".GIT/config", "linked/evil.py"}));
  auto r = run(plan, ApplyMode::kApply);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
  for (const auto& n : names) EXPECT_NE(r.error().message.find(n), std::string::npos) << n;
  EXPECT_EQ(r.error().message.find("src/missing.py"), std::string::npos);  // merely absent
  EXPECT_EQ(server.request_count(), 0u);
  EXPECT_TRUE(fs::is_empty(outside.path()));
  EXPECT_EQ(read("src/app.py"), kAppPy);

  plan.rejected = {"src/missing.py"};  // only absent paths: the run goes ahead
  server.push(fakes::ok(kGoodAppEdit));
  auto ok = run(plan, ApplyMode::kApply);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_TRUE(ok->applied);
}

TEST_F(ImplementTest, NulByteReplyIsRefusedAndNothingWritten) {
  const std::string nul = block("def main():\n", std::string("def main():\n    x = '\0'\n", 24));
  server.push({fakes::ok(nul), fakes::ok(nul)});
  auto r = run(plan_of({{"src/app.py", "modify"}}), ApplyMode::kApply);
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->failure);
  EXPECT_NE(r->failure->message.find("NUL byte"), std::string::npos) << r->failure->message;
  // The provider layer refuses a reply holding a NUL before any edit is parsed
  // (llm/api_caller); the edit parser's own check stands behind it.
  EXPECT_GE(server.request_count(), 1u);
  EXPECT_FALSE(r->applied);
  EXPECT_EQ(read("src/app.py"), kAppPy);
}

TEST_F(ImplementTest, SecretFilesAreNeverSent) {
  repo.write(".env", "TOKEN=abc\n");
  repo.commit("env");
  server.push(fakes::ok(kGoodAppEdit));
  auto r = run(plan_of({{".env", "modify"}, {"src/app.py", "modify"}}), ApplyMode::kApply);
  ASSERT_TRUE(r);
  ASSERT_FALSE(r->failure);
  EXPECT_EQ(server.request_count(), 1u);
  EXPECT_EQ(prompt_of(0).find("TOKEN=abc"), std::string::npos);
  ASSERT_EQ(r->edits.size(), 2u);
  EXPECT_NE(r->edits[0].note.find("secret"), std::string::npos);
  EXPECT_FALSE(r->edits[0].applied);
}

TEST_F(ImplementTest, PlannedActionFollowsTheTree) {
  server.push({fakes::ok(kGoodAppEdit), fakes::ok("```\nfresh\n```\n")});
  auto r =
      run(plan_of({{"src/app.py", "create"}, {"src/missing.py", "modify"}}), ApplyMode::kApply);
  ASSERT_TRUE(r);
  ASSERT_FALSE(r->failure) << r->failure->message;
  EXPECT_EQ(r->edits[0].action, "modify");
  EXPECT_EQ(r->edits[1].action, "create");
  EXPECT_NE(prompt_of(0).find("print('hi')"), std::string::npos);
  EXPECT_EQ(read("src/missing.py"), "fresh\n");
}

TEST_F(ImplementTest, NoChangesReplyLeavesFile) {
  server.push(fakes::ok("NO CHANGES"));
  auto r = run(plan_of({{"src/util.py", "modify"}}), ApplyMode::kApply);
  ASSERT_TRUE(r);
  ASSERT_FALSE(r->failure);
  EXPECT_TRUE(r->applied);
  EXPECT_EQ(r->edits[0].diff, "");
  EXPECT_EQ(r->edits[0].note, "no change needed");
  EXPECT_FALSE(r->edits[0].applied);
}

TEST_F(ImplementTest, LargeFilesAreCutInThePrompt) {
  std::string big;
  for (int i = 0; i < 200; ++i)
    big += "line_" + std::to_string(i) + " = " + std::to_string(i) + "\n";
  repo.write("src/big.py", big);
  repo.commit("big");
  server.push(fakes::ok(block("line_1 = 1\n", "line_1 = 100\n")));
  auto r = run(plan_of({{"src/big.py", "modify"}}), ApplyMode::kApply,
               Overwrite::kRefuseUncommitted, 500);
  ASSERT_TRUE(r);
  ASSERT_FALSE(r->failure) << r->failure->message;
  const std::string prompt = prompt_of(0);
  EXPECT_NE(prompt.find("more lines not shown"), std::string::npos);
  EXPECT_EQ(prompt.find("line_150"), std::string::npos);
  EXPECT_NE(read("src/big.py").find("line_1 = 100\n"), std::string::npos);
}

TEST_F(ImplementTest, OfflineProviderIsRefused) {
  LlmConfig offline;
  auto p = llm::make_provider(offline);
  ASSERT_TRUE(p);
  EditEnv env{repo.path(), repo.path() + "/.git", p->get(), &config};
  auto r = implement(env, kFeature, plan_of({{"src/app.py", "modify"}}), ImplementOptions{});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("need an LLM provider"), std::string::npos);
}

TEST_F(ImplementTest, RecordsEditCallsAsTestPhase) {
  server.push(fakes::ok_with_usage(kGoodAppEdit, 120, 30));
  auto r = run(plan_of({{"src/app.py", "modify"}}), ApplyMode::kDiffOnly);
  ASSERT_TRUE(r);
  auto store = indexer::store::IndexStore::open(outside.path() + "/index.db",
                                                indexer::store::OpenMode::kReadWriteCreate);
  ASSERT_TRUE(store) << store.error().message;
  ASSERT_TRUE(record_edit_usage(*store, *r, "openai", "test-model"));
  auto totals = store->artifacts().token_totals();
  ASSERT_TRUE(totals);
  EXPECT_EQ(totals->test, 150);
  EXPECT_EQ(totals->test_calls, 1);
  EXPECT_EQ(totals->sleep, 0);
}

}  // namespace
}  // namespace stc::agent::edit
