// What every caller of a provider can rely on, against the loopback server:
// cut replies are retried once with a larger limit and never returned, replies
// with a NUL are refused, /v1 is optional for OpenAI-compatible servers, an
// unknown model is one clear line, a deadline bounds a hanging call, and a
// malformed base URL or a new setting's bad value is refused up front.

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "core/config.h"
#include "llm/json_reply.h"
#include "llm/provider.h"
#include "tests/llm/llm_harness.h"

namespace stc::llm {
namespace {

using fakes::ok_with_usage;
using fakes::truncated;

class ReplyChecksTest : public LlmHarness, public ::testing::WithParamInterface<const char*> {
 protected:
  std::string provider_name() const { return GetParam(); }
};

TEST_P(ReplyChecksTest, TruncatedReplyIsRetriedOnceWithTwiceTheLimit) {
  server.push(truncated(R"({"summary": "cut mid)"));
  server.push(ok_with_usage(R"({"summary": "whole"})", 10, 4));
  auto provider = make(config_for(provider_name()));
  Request request = ask("summarize");
  request.max_output_tokens = 100;
  auto r = provider->complete(request);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->text, R"({"summary": "whole"})");
  EXPECT_FALSE(r->truncated);
  ASSERT_EQ(server.request_count(), 2u);
  EXPECT_EQ(body_of(0)["max_tokens"], 100);
  EXPECT_EQ(body_of(1)["max_tokens"], 200);
  EXPECT_EQ(r->attempts, 2);
  EXPECT_GT(r->usage.completion_tokens, 4);  // both calls are accounted
}

TEST_P(ReplyChecksTest, TruncatedTwiceIsAnErrorNotACutReply) {
  server.set_default(truncated(R"({"summary": "cut)"));
  auto provider = make(config_for(provider_name()));
  auto r = provider->complete(ask("summarize"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(r.error().message.find("cut at the output limit"), std::string::npos)
      << r.error().message;
  EXPECT_NE(r.error().message.find("llm.maxOutputTokens"), std::string::npos);
  EXPECT_EQ(server.request_count(), 2u);
}

TEST_P(ReplyChecksTest, NoRetryWhenTheContextLeavesNoRoomForALargerLimit) {
  server.set_default(truncated("cut"));
  auto provider = make(config_for(provider_name()));
  Request request = ask("summarize");
  request.max_output_tokens = 100;
  request.max_output_cap = 100;
  ASSERT_FALSE(provider->complete(request));
  EXPECT_EQ(server.request_count(), 1u);
}

TEST_P(ReplyChecksTest, ReplyWithANulByteIsRefused) {
  server.set_default(fakes::ok(std::string("safe\0evil", 9)));
  auto provider = make(config_for(provider_name()));
  auto r = provider->complete(ask("hi"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(r.error().message.find("NUL"), std::string::npos) << r.error().message;
}

TEST_P(ReplyChecksTest, UnknownModelIsOneLineNamingTheSetting) {
  server.push(fakes::unknown_model());
  LlmConfig c = config_for(provider_name());
  c.model = "no-such-model";
  auto r = make(c)->complete(ask("hi"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
  const std::string& m = r.error().message;
  EXPECT_NE(m.find("HTTP 404"), std::string::npos) << m;
  EXPECT_NE(m.find("unknown model 'no-such-model'"), std::string::npos) << m;
  EXPECT_NE(m.find("llm.model or STC_MODEL"), std::string::npos) << m;
  EXPECT_EQ(m.find('\n'), std::string::npos) << m;
  EXPECT_EQ(server.request_count(), 1u);  // not retried
}

TEST_P(ReplyChecksTest, DeadlineCutsAHangingCallAndItsRetries) {
  server.set_default(fakes::hang(10000));
  LlmConfig c = config_for(provider_name());
  c.timeout_ms = 120000;
  c.max_retries = 4;
  Request request = ask("hi");
  request.deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(400);
  const auto t0 = std::chrono::steady_clock::now();
  auto r = make(c)->complete(request);
  const auto waited = std::chrono::steady_clock::now() - t0;
  ASSERT_FALSE(r);
  EXPECT_LT(waited, std::chrono::seconds(3));
  EXPECT_NE(r.error().message.find("time limit"), std::string::npos) << r.error().message;
  EXPECT_EQ(server.request_count(), 1u);
}

INSTANTIATE_TEST_SUITE_P(BothProviders, ReplyChecksTest, ::testing::Values("openai", "anthropic"));

class OpenAiBaseUrlTest : public LlmHarness {};

TEST_F(OpenAiBaseUrlTest, ServerUrlWithOrWithoutV1Works) {
  for (const std::string suffix : {"", "/", "/v1", "/v1/"}) {
    LlmConfig c = config_for("openai");
    c.base_url = server.base_url() + suffix;
    auto r = make(c)->complete(ask("q"));
    ASSERT_TRUE(r) << suffix << ": " << r.error().message;
    EXPECT_EQ(server.requests().back().path, "/v1/chat/completions") << suffix;
  }
}

TEST_F(OpenAiBaseUrlTest, WrongPathIsA404NamingTheBaseUrlSetting) {
  LlmConfig c = config_for("openai");
  c.base_url = server.base_url() + "/api";
  auto r = make(c)->complete(ask("q"));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("check llm.baseUrl or STC_BASE_URL"), std::string::npos)
      << r.error().message;
}

TEST_F(OpenAiBaseUrlTest, MalformedBaseUrlIsRefusedBeforeAnyRequest) {
  for (const std::string url : {"localhost:11434/v1", "ftp://host/v1", "http://", "http:///v1"}) {
    LlmConfig c = config_for("openai");
    c.base_url = url;
    auto p = make_provider(c, ProviderDeps{nullptr, clock, 1});
    ASSERT_FALSE(p) << url;
    EXPECT_EQ(p.error().code, ErrorCode::kBadInput);
    EXPECT_NE(p.error().message.find("llm.baseUrl"), std::string::npos) << p.error().message;
  }
  EXPECT_EQ(server.request_count(), 0u);
}

TEST(LlmSettingsTest, MalformedBaseUrlFromTheEnvironmentNamesTheVariable) {
  Config c = default_config();
  setenv("STC_BASE_URL", "localhost:11434", 1);
  const Status s = apply_environment(c);
  unsetenv("STC_BASE_URL");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(s.error().message.rfind("STC_BASE_URL (llm.baseUrl) must be", 0), 0u)
      << s.error().message;
  EXPECT_TRUE(apply_setting(c, "llm.baseUrl", "https://api.example.com/v1", "t"));
  EXPECT_TRUE(apply_setting(c, "llm.baseUrl", "", "t"));  // back to the provider's default
}

TEST(LlmSettingsTest, ContextTokensAndMaxSecondsAreSettings) {
  Config c = default_config();
  EXPECT_EQ(c.llm.context_tokens, 8192);
  EXPECT_EQ(c.sleep.max_seconds, 600);
  ASSERT_TRUE(apply_setting(c, "llm.contextTokens", "4096", "t"));
  ASSERT_TRUE(apply_setting(c, "sleep.maxSeconds", "30", "t"));
  EXPECT_EQ(c.llm.context_tokens, 4096);
  EXPECT_EQ(c.sleep.max_seconds, 30);
  EXPECT_FALSE(apply_setting(c, "llm.contextTokens", "10", "t"));
  EXPECT_FALSE(apply_setting(c, "sleep.maxSeconds", "0", "t"));
  EXPECT_FALSE(apply_setting(c, "sleep.maxSeconds", "soon", "t"));
  std::string text;
  for (const auto& line : describe(c)) text += line + "\n";
  EXPECT_NE(text.find("llm.contextTokens = 4096\n"), std::string::npos) << text;
  EXPECT_NE(text.find("sleep.maxSeconds = 30\n"), std::string::npos) << text;
}

TEST(LlmSettingsTest, AnthropicDefaultModelIsACurrentOne) {
  LlmConfig c;
  c.provider = "anthropic";
  EXPECT_EQ(resolved_llm(c).model, "claude-haiku-4-5");
}

TEST(JsonReplyNulTest, JsonWithANulCharacterIsNeverReturned) {
  EXPECT_FALSE(extract_json(R"({"summary": "a\u0000b"})"));
  EXPECT_FALSE(extract_json(std::string("{\"summary\": \"a\0b\"}", 18)));
  EXPECT_TRUE(extract_json(R"({"summary": "a\\u0000b"})"));  // an escaped backslash, no NUL
}

}  // namespace
}  // namespace stc::llm
