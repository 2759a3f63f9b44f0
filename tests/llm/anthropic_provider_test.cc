#include <gtest/gtest.h>

#include <string>

#include "llm/provider.h"
#include "tests/llm/llm_harness.h"

namespace stc::llm {
namespace {

using fakes::ok;
using fakes::status;

class AnthropicProviderTest : public LlmHarness {};

TEST_F(AnthropicProviderTest, SendsMessagesRequestAndReadsReplyAndUsage) {
  server.push(fakes::ok_with_usage("Bonjour.", 30, 5));
  auto provider = make(config_for("anthropic"));
  ASSERT_TRUE(provider);
  EXPECT_EQ(provider->name(), "anthropic");

  auto r = provider->complete(ask("Greet me in French", "You are terse."));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->text, "Bonjour.");
  EXPECT_EQ(r->usage.prompt_tokens, 30);
  EXPECT_EQ(r->usage.completion_tokens, 5);
  EXPECT_FALSE(r->usage.estimated);
  EXPECT_EQ(r->model, "test-model");

  const auto req = server.requests().at(0);
  EXPECT_EQ(req.path, "/v1/messages");
  EXPECT_EQ(req.header("x-api-key"), kKey);
  EXPECT_EQ(req.header("anthropic-version"), "2023-06-01");
  EXPECT_EQ(req.header("content-type"), "application/json");
  EXPECT_FALSE(req.has_header("authorization"));
  const auto body = body_of(0);
  EXPECT_EQ(body["model"], "test-model");
  EXPECT_EQ(body["max_tokens"], 1024);
  EXPECT_EQ(body["system"], "You are terse.");
  ASSERT_EQ(body["messages"].size(), 1u);
  EXPECT_EQ(body["messages"][0]["role"], "user");
  EXPECT_EQ(body["messages"][0]["content"], "Greet me in French");
  EXPECT_DOUBLE_EQ(body["temperature"].get<double>(), 0.2);
}

TEST_F(AnthropicProviderTest, ConcatenatesTextBlocksAndCountsCachedPromptTokens) {
  server.push(status(200, R"({"type":"message","model":"claude-x","content":[
      {"type":"text","text":"part one, "},
      {"type":"tool_use","id":"t","name":"f","input":{}},
      {"type":"text","text":"part two"}],
    "usage":{"input_tokens":10,"cache_read_input_tokens":90,"output_tokens":7}})"));
  auto r = make(config_for("anthropic"))->complete(ask("q"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->text, "part one, part two");
  EXPECT_EQ(r->model, "claude-x");
  EXPECT_EQ(r->usage.prompt_tokens, 100);
  EXPECT_EQ(r->usage.completion_tokens, 7);
}

TEST_F(AnthropicProviderTest, SchemaBecomesASystemInstruction) {
  auto provider = make(config_for("anthropic"));
  Request request = ask("Summarize", "You summarize modules.");
  request.json_schema = R"({"type":"object","required":["summary"]})";
  ASSERT_TRUE(provider->complete(request));
  const auto body = body_of(0);
  const std::string system = body["system"];
  EXPECT_EQ(system.rfind("You summarize modules.", 0), 0u);
  EXPECT_NE(system.find("JSON"), std::string::npos);
  EXPECT_NE(system.find(R"("required":["summary"])"), std::string::npos);
  EXPECT_FALSE(body.contains("response_format"));
}

TEST_F(AnthropicProviderTest, OmitsSystemWhenEmpty) {
  ASSERT_TRUE(make(config_for("anthropic"))->complete(ask("q")));
  EXPECT_FALSE(body_of(0).contains("system"));
}

TEST_F(AnthropicProviderTest, AcceptsABaseUrlEndingInV1) {
  LlmConfig c = config_for("anthropic");
  c.base_url = server.base_url() + "/v1/";
  ASSERT_TRUE(make(c)->complete(ask("q")));
  EXPECT_EQ(server.requests().at(0).path, "/v1/messages");
}

TEST_F(AnthropicProviderTest, OverloadedIsRetried) {
  server.push({status(529), ok("after overload")});
  auto r = make(config_for("anthropic"))->complete(ask("q"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->text, "after overload");
  EXPECT_EQ(r->attempts, 2);
  EXPECT_EQ(clock->waits().size(), 1u);
}

TEST_F(AnthropicProviderTest, ErrorBodyTypeAndMessageAreQuoted) {
  server.push(status(
      400,
      R"({"type":"error","error":{"type":"invalid_request_error","message":"messages: roles must alternate"}})"));
  auto r = make(config_for("anthropic"))->complete(ask("q"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
  EXPECT_NE(r.error().message.find("anthropic: HTTP 400"), std::string::npos);
  EXPECT_NE(r.error().message.find("invalid_request_error: messages: roles must alternate"),
            std::string::npos)
      << r.error().message;
  EXPECT_EQ(server.request_count(), 1u);
}

TEST_F(AnthropicProviderTest, AlwaysNeedsAKeyEvenForALocalServer) {
  LlmConfig c = config_for("anthropic");
  c.api_key_env = "STC_TEST_UNSET_KEY_VAR";
  unsetenv(c.api_key_env.c_str());
  auto p = make_provider(c, ProviderDeps{nullptr, clock, 1});
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code, ErrorCode::kBadInput);
  EXPECT_NE(p.error().message.find("STC_TEST_UNSET_KEY_VAR"), std::string::npos);
}

TEST_F(AnthropicProviderTest, DefaultKeyVariableIsNamedWhenUnset) {
  LlmConfig c;
  c.provider = "anthropic";
  const char* saved = std::getenv("ANTHROPIC_API_KEY");
  const std::string saved_value = saved ? saved : "";
  unsetenv("ANTHROPIC_API_KEY");
  auto p = make_provider(c, ProviderDeps{nullptr, clock, 1});
  if (saved) setenv("ANTHROPIC_API_KEY", saved_value.c_str(), 1);
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().message.find("ANTHROPIC_API_KEY"), std::string::npos);
}

}  // namespace
}  // namespace stc::llm
