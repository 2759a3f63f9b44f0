#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "llm/provider.h"
#include "tests/llm/llm_harness.h"

namespace stc::llm {
namespace {

using fakes::ok;
using fakes::status;
using std::chrono::milliseconds;

class OpenAiProviderTest : public LlmHarness {};

TEST_F(OpenAiProviderTest, SendsChatCompletionAndReadsReplyAndUsage) {
  server.push(fakes::ok_with_usage("Hello there.", 21, 4));
  auto provider = make(config_for("openai"));
  ASSERT_TRUE(provider);
  EXPECT_EQ(provider->name(), "openai");
  EXPECT_EQ(provider->model(), "test-model");
  EXPECT_FALSE(provider->offline());

  auto r = provider->complete(ask("Say hi", "You are terse."));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->text, "Hello there.");
  EXPECT_EQ(r->usage.prompt_tokens, 21);
  EXPECT_EQ(r->usage.completion_tokens, 4);
  EXPECT_FALSE(r->usage.estimated);
  EXPECT_EQ(r->model, "test-model");
  EXPECT_EQ(r->attempts, 1);

  const auto req = server.requests().at(0);
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.path, "/v1/chat/completions");
  EXPECT_EQ(req.header("authorization"), std::string("Bearer ") + kKey);
  EXPECT_EQ(req.header("content-type"), "application/json");
  const auto body = body_of(0);
  EXPECT_EQ(body["model"], "test-model");
  ASSERT_EQ(body["messages"].size(), 2u);
  EXPECT_EQ(body["messages"][0]["role"], "system");
  EXPECT_EQ(body["messages"][0]["content"], "You are terse.");
  EXPECT_EQ(body["messages"][1]["role"], "user");
  EXPECT_EQ(body["messages"][1]["content"], "Say hi");
  EXPECT_EQ(body["max_tokens"], 1024);
  EXPECT_DOUBLE_EQ(body["temperature"].get<double>(), 0.2);
  EXPECT_FALSE(body.contains("response_format"));
}

TEST_F(OpenAiProviderTest, RequestOverridesOutputLimitAndOmitsEmptySystem) {
  auto provider = make(config_for("openai"));
  Request request = ask("q");
  request.max_output_tokens = 77;
  request.messages.push_back({"assistant", "a"});
  request.messages.push_back({"user", "q2"});
  ASSERT_TRUE(provider->complete(request));
  const auto body = body_of(0);
  EXPECT_EQ(body["max_tokens"], 77);
  ASSERT_EQ(body["messages"].size(), 3u);
  EXPECT_EQ(body["messages"][0]["role"], "user");
  EXPECT_EQ(body["messages"][1]["role"], "assistant");
}

TEST_F(OpenAiProviderTest, LocalServerNeedsNoKeyAndGetsNoAuthorization) {
  LlmConfig c = config_for("openai");
  c.api_key_env = "STC_TEST_UNSET_KEY_VAR";
  unsetenv(c.api_key_env.c_str());
  auto provider = make(c);
  ASSERT_TRUE(provider);
  ASSERT_TRUE(provider->complete(ask("hi")));
  EXPECT_FALSE(server.requests().at(0).has_header("authorization"));
}

TEST_F(OpenAiProviderTest, BaseUrlWithAPathIsUsedAsGiven) {
  LlmConfig c = config_for("openai");
  c.base_url = server.base_url() + "/v1/";
  ASSERT_TRUE(make(c)->complete(ask("q")));
  EXPECT_EQ(server.requests().at(0).path, "/v1/chat/completions");

  c.base_url = server.base_url() + "/api";
  auto r = make(c)->complete(ask("q"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
  EXPECT_NE(r.error().message.find("HTTP 404 from " + server.base_url() + "/api/chat/completions"),
            std::string::npos)
      << r.error().message;
}

TEST_F(OpenAiProviderTest, OfficialApiWithoutKeyIsAClearError) {
  LlmConfig c;
  c.provider = "openai";
  c.api_key_env = "STC_TEST_UNSET_KEY_VAR";
  unsetenv(c.api_key_env.c_str());
  auto p = make_provider(c, ProviderDeps{nullptr, clock, 1});
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code, ErrorCode::kBadInput);
  EXPECT_NE(p.error().message.find("STC_TEST_UNSET_KEY_VAR"), std::string::npos);
  EXPECT_NE(p.error().message.find("llm.apiKeyEnv"), std::string::npos);
}

TEST_F(OpenAiProviderTest, AsksForStructuredOutputWithTheSchema) {
  server.push(ok(R"({"summary": "x"})"));
  auto provider = make(config_for("openai"));
  Request request = ask("Summarize");
  request.json_schema = R"({"type":"object","properties":{"summary":{"type":"string"}}})";
  request.schema_name = "module summary!";
  auto r = provider->complete(request);
  ASSERT_TRUE(r) << r.error().message;
  const auto format = body_of(0)["response_format"];
  EXPECT_EQ(format["type"], "json_schema");
  EXPECT_EQ(format["json_schema"]["name"], "modulesummary");
  EXPECT_EQ(format["json_schema"]["strict"], false);
  EXPECT_EQ(format["json_schema"]["schema"]["properties"]["summary"]["type"], "string");
}

TEST_F(OpenAiProviderTest, InvalidSchemaIsRejectedBeforeSending) {
  auto provider = make(config_for("openai"));
  Request request = ask("q");
  request.json_schema = "{not json";
  auto r = provider->complete(request);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(server.request_count(), 0u);
}

TEST_F(OpenAiProviderTest, FallsBackFromJsonSchemaToJsonObjectToPlainAndRemembers) {
  server.push(
      {status(
           400,
           R"({"error":{"message":"Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model."}})"),
       status(400, R"({"error":"response_format json_object is not supported"})"),
       ok(R"({"a": 1})"), ok(R"({"a": 2})")});
  auto provider = make(config_for("openai"));
  Request request = ask("q", "Be brief.");
  request.json_schema = R"({"type":"object"})";
  auto r = provider->complete(request);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->text, R"({"a": 1})");
  EXPECT_EQ(r->attempts, 3);
  EXPECT_EQ(body_of(0)["response_format"]["type"], "json_schema");
  EXPECT_EQ(body_of(1)["response_format"]["type"], "json_object");
  EXPECT_FALSE(body_of(2).contains("response_format"));
  const std::string system = body_of(2)["messages"][0]["content"];
  EXPECT_EQ(system.rfind("Be brief.", 0), 0u);
  EXPECT_NE(system.find(R"({"type":"object"})"), std::string::npos);

  ASSERT_TRUE(provider->complete(request));
  EXPECT_EQ(server.request_count(), 4u);
  EXPECT_FALSE(body_of(3).contains("response_format"));
}

TEST_F(OpenAiProviderTest, SwitchesToMaxCompletionTokensWhenTheModelAsks) {
  server.push(status(
      400,
      R"({"error":{"message":"Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.","type":"invalid_request_error","param":"max_tokens"}})"));
  auto provider = make(config_for("openai"));
  ASSERT_TRUE(provider->complete(ask("q")));
  EXPECT_TRUE(body_of(0).contains("max_tokens"));
  EXPECT_EQ(body_of(1)["max_completion_tokens"], 1024);
  EXPECT_FALSE(body_of(1).contains("max_tokens"));
}

TEST_F(OpenAiProviderTest, EstimatesUsageWhenTheServerReportsNone) {
  server.push(fakes::ok_without_usage("a reply of a few words"));
  auto provider = make(config_for("openai"));
  auto r = provider->complete(ask("a question of some length", "system text"));
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->usage.estimated);
  EXPECT_GT(r->usage.prompt_tokens, 5);
  EXPECT_GT(r->usage.completion_tokens, 3);
}

TEST_F(OpenAiProviderTest, RetriesRateLimitsHonouringRetryAfter) {
  server.push({status(429, "", "2"), status(429, "", "2"), status(429, "", "1"), ok("finally")});
  auto provider = make(config_for("openai"));
  auto r = provider->complete(ask("q"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->text, "finally");
  EXPECT_EQ(r->attempts, 4);
  EXPECT_EQ(clock->waits(), (std::vector<milliseconds>{milliseconds(2000), milliseconds(2000),
                                                       milliseconds(1000)}));
}

TEST_F(OpenAiProviderTest, GivesUpOnRateLimitsAfterTheRetries) {
  server.set_default(status(429, "", "1"));
  auto provider = make(config_for("openai"));
  auto r = provider->complete(ask("q"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(r.error().message.find("HTTP 429"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("after 4 attempts"), std::string::npos);
  EXPECT_NE(r.error().message.find("fake error 429"), std::string::npos);
  EXPECT_EQ(server.request_count(), 4u);
}

TEST_F(OpenAiProviderTest, RetriesServerErrorsWithJitteredBackoff) {
  server.push({status(500), status(503), ok("recovered")});
  auto provider = make(config_for("openai"));
  auto r = provider->complete(ask("q"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->attempts, 3);
  const auto waits = clock->waits();
  ASSERT_EQ(waits.size(), 2u);
  EXPECT_LE(waits[0], milliseconds(500));
  EXPECT_LE(waits[1], milliseconds(1000));
}

TEST_F(OpenAiProviderTest, HangTimesOutAfterTheRetries) {
  LlmConfig c = config_for("openai");
  c.timeout_ms = 200;
  c.max_retries = 1;
  server.set_default(fakes::hang(5000));
  auto provider = make(c);
  const auto start = std::chrono::steady_clock::now();
  auto r = provider->complete(ask("q"));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(r.error().message.find("timed out"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("2 attempt"), std::string::npos);
  EXPECT_EQ(server.request_count(), 2u);
  EXPECT_LT(elapsed, std::chrono::seconds(3));
}

TEST_F(OpenAiProviderTest, CutConnectionIsRetried) {
  server.push({fakes::cut(), ok("whole reply")});
  auto provider = make(config_for("openai"));
  auto r = provider->complete(ask("q"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->text, "whole reply");
  EXPECT_EQ(r->attempts, 2);
}

TEST_F(OpenAiProviderTest, CutConnectionEveryTimeSaysSo) {
  LlmConfig c = config_for("openai");
  c.max_retries = 0;
  server.push(fakes::cut());
  auto r = make(c)->complete(ask("q"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(r.error().message.find("connection cut"), std::string::npos) << r.error().message;
}

TEST_F(OpenAiProviderTest, MalformedJsonIsACleanErrorAndNotRetried) {
  server.push(fakes::malformed());
  auto r = make(config_for("openai"))->complete(ask("q"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(r.error().message.find("unreadable reply"), std::string::npos) << r.error().message;
  EXPECT_EQ(server.request_count(), 1u);
}

TEST_F(OpenAiProviderTest, ReplyWithoutChoicesIsACleanError) {
  server.push(status(200, R"({"object":"chat.completion","choices":[]})"));
  auto r = make(config_for("openai"))->complete(ask("q"));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("no choices"), std::string::npos);
}

TEST_F(OpenAiProviderTest, BadRequestIsNotRetriedAndQuotesTheApi) {
  server.push(status(
      400,
      R"({"error":{"message":"The model `nope` does not exist","type":"invalid_request_error"}})"));
  auto r = make(config_for("openai"))->complete(ask("q"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
  EXPECT_NE(r.error().message.find("HTTP 400"), std::string::npos);
  EXPECT_NE(r.error().message.find("The model `nope` does not exist"), std::string::npos)
      << r.error().message;
  EXPECT_EQ(server.request_count(), 1u);
  EXPECT_TRUE(clock->waits().empty());
}

TEST_F(OpenAiProviderTest, LongApiErrorsAreTruncated) {
  server.push(status(404, R"({"error":{"message":")" + std::string(3000, 'x') + R"("}})"));
  auto r = make(config_for("openai"))->complete(ask("q"));
  ASSERT_FALSE(r);
  EXPECT_LT(r.error().message.size(), 500u);
}

TEST_F(OpenAiProviderTest, KeyNeverAppearsInErrors) {
  server.push(status(
      401, std::string(R"({"error":{"message":"Incorrect API key provided: )") + kKey + R"(."}})"));
  auto r = make(config_for("openai"))->complete(ask("q"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(r.error().message.find(kKey), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("[redacted]"), std::string::npos);
  EXPECT_NE(r.error().message.find(std::string("check the key in ") + kKeyVar), std::string::npos);
}

}  // namespace
}  // namespace stc::llm
