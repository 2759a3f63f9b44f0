#include "core/config.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

namespace stc {
namespace {

TEST(ConfigTest, DefaultsExcludeVendoredTrees) {
  const Config c = default_config();
  EXPECT_EQ(c.index.max_file_bytes, 1u << 20);
  EXPECT_TRUE(c.index.exclude.matches("web/node_modules/react/index.js"));
  EXPECT_TRUE(c.index.exclude.matches("api/v1/service.pb.go"));
  EXPECT_FALSE(c.index.exclude.matches("src/main.go"));
}

TEST(ConfigTest, AppliesSettingsFromTheTable) {
  Config c = default_config();
  ASSERT_TRUE(apply_setting(c, "index.maxFileSize", "2M", "test"));
  EXPECT_EQ(c.index.max_file_bytes, 2u << 20);
  ASSERT_TRUE(apply_setting(c, "index.exclude", "generated/", "test"));
  EXPECT_TRUE(c.index.exclude.matches("generated/x.py"));
  ASSERT_TRUE(apply_setting(c, "index.gitattributes", "false", "test"));
  EXPECT_FALSE(c.index.use_gitattributes);
}

TEST(ConfigTest, RejectsBadValuesAndUnknownKeysWithOrigin) {
  Config c = default_config();
  auto bad = apply_setting(c, "index.maxFileSize", "huge", ".stc.conf");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kBadInput);
  EXPECT_NE(bad.error().message.find(".stc.conf"), std::string::npos);
  EXPECT_FALSE(apply_setting(c, "index.nope", "1", "x"));
  EXPECT_FALSE(apply_setting(c, "llm.nope", "1", "x"));
  // Sections of other tools sharing the file are ignored.
  EXPECT_TRUE(apply_setting(c, "alias.st", "status", "x"));
}

TEST(ConfigTest, EnvironmentOverridesAndFingerprintTracksIndexSettings) {
  Config c = default_config();
  const std::string before = index_fingerprint(c);
  setenv("STC_MAX_FILE_SIZE", "4096", 1);
  ASSERT_TRUE(apply_environment(c));
  unsetenv("STC_MAX_FILE_SIZE");
  EXPECT_EQ(c.index.max_file_bytes, 4096u);
  EXPECT_NE(index_fingerprint(c), before);
}

// Each numeric setting says what it accepts, in words, naming the variable.
TEST(ConfigTest, NumericEnvironmentErrorsGiveTheRange) {
  struct Case {
    const char* var;
    const char* value;
    const char* expected;
  };
  const Case cases[] = {
      {"STC_JOBS", "abc", "STC_JOBS (index.jobs) must be a whole number from 0 to 256"},
      {"STC_JOBS", "-1", "from 0 to 256 (0 means one per core), got '-1'"},
      {"STC_SLEEP_BUDGET", "-5", "STC_SLEEP_BUDGET (sleep.budget) must be a whole number from 0"},
      {"STC_SLEEP_BUDGET", "1e3", "got '1e3'"},
      {"STC_MAX_FILE_SIZE", "0", "must be a size in bytes from 1 to 1G"},
      {"STC_MAX_FILE_SIZE", "5000M", "got '5000M'"},
  };
  for (const auto& k : cases) {
    Config c = default_config();
    setenv(k.var, k.value, 1);
    auto st = apply_environment(c);
    unsetenv(k.var);
    ASSERT_FALSE(st) << k.var << "=" << k.value;
    EXPECT_EQ(st.error().code, ErrorCode::kBadInput);
    EXPECT_NE(st.error().message.find(k.expected), std::string::npos) << st.error().message;
    EXPECT_EQ(st.error().message.find("number of bytes"), std::string::npos);
  }
  Config c = default_config();
  EXPECT_NE(
      apply_setting(c, "watch.idleSeconds", "0", ".stc.conf")
          .error()
          .message.find(".stc.conf: watch.idleSeconds must be a whole number from 1 to 86400"),
      std::string::npos);
  ASSERT_TRUE(apply_setting(c, "index.jobs", "4", "x"));
  EXPECT_EQ(c.index.jobs, 4u);
}

TEST(ConfigTest, LlmDefaultsToOffline) {
  const Config c = default_config();
  EXPECT_EQ(c.llm.provider, "offline");
  EXPECT_EQ(c.llm.timeout_ms, 120000);
  EXPECT_EQ(c.llm.max_concurrency, 2);
  const LlmConfig r = resolved_llm(c.llm);
  EXPECT_EQ(r.provider, "offline");
  EXPECT_TRUE(r.base_url.empty());
  EXPECT_TRUE(r.api_key_env.empty());
}

TEST(ConfigTest, AppliesLlmSettingsCaseInsensitively) {
  Config c = default_config();
  ASSERT_TRUE(apply_setting(c, "llm.provider", "OpenAI", "t"));
  ASSERT_TRUE(apply_setting(c, "llm.baseUrl", " http://localhost:11434/v1 ", "t"));
  ASSERT_TRUE(apply_setting(c, "llm.model", "qwen2.5-coder", "t"));
  ASSERT_TRUE(apply_setting(c, "llm.apiKeyEnv", "OLLAMA_KEY", "t"));
  ASSERT_TRUE(apply_setting(c, "llm.timeoutMs", "5000", "t"));
  ASSERT_TRUE(apply_setting(c, "llm.connectTimeoutMs", "700", "t"));
  ASSERT_TRUE(apply_setting(c, "llm.maxRetries", "0", "t"));
  ASSERT_TRUE(apply_setting(c, "llm.maxConcurrency", "8", "t"));
  ASSERT_TRUE(apply_setting(c, "llm.maxOutputTokens", "2048", "t"));
  ASSERT_TRUE(apply_setting(c, "llm.temperature", "0.7", "t"));
  EXPECT_EQ(c.llm.provider, "openai");
  EXPECT_EQ(c.llm.base_url, "http://localhost:11434/v1");
  EXPECT_EQ(c.llm.model, "qwen2.5-coder");
  EXPECT_EQ(c.llm.api_key_env, "OLLAMA_KEY");
  EXPECT_EQ(c.llm.timeout_ms, 5000);
  EXPECT_EQ(c.llm.connect_timeout_ms, 700);
  EXPECT_EQ(c.llm.max_retries, 0);
  EXPECT_EQ(c.llm.max_concurrency, 8);
  EXPECT_EQ(c.llm.max_output_tokens, 2048);
  EXPECT_DOUBLE_EQ(c.llm.temperature, 0.7);
}

TEST(ConfigTest, RejectsBadLlmValuesAndUnknownLlmKeys) {
  Config c = default_config();
  for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
           {"llm.provider", "gemini"},
           {"llm.timeoutMs", "soon"},
           {"llm.timeoutMs", "0"},
           {"llm.maxRetries", "-1"},
           {"llm.maxConcurrency", "0"},
           {"llm.maxOutputTokens", "12abc"},
           {"llm.temperature", "hot"},
           {"llm.temperature", "3"},
           {"llm.apiKey", "sk-secret"},
       }) {
    auto r = apply_setting(c, key, value, ".stc.conf");
    ASSERT_FALSE(r) << key << " = " << value;
    EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
    EXPECT_NE(r.error().message.find(".stc.conf"), std::string::npos);
  }
  EXPECT_EQ(c.llm.provider, "offline");
}

TEST(ConfigTest, ResolvesProviderDefaultsOnlyWhereUnset) {
  LlmConfig openai;
  openai.provider = "openai";
  LlmConfig r = resolved_llm(openai);
  EXPECT_EQ(r.base_url, "https://api.openai.com/v1");
  EXPECT_EQ(r.model, "gpt-4o-mini");
  EXPECT_EQ(r.api_key_env, "OPENAI_API_KEY");

  LlmConfig anthropic;
  anthropic.provider = "anthropic";
  anthropic.model = "claude-sonnet-4-0";
  r = resolved_llm(anthropic);
  EXPECT_EQ(r.base_url, "https://api.anthropic.com");
  EXPECT_EQ(r.model, "claude-sonnet-4-0");
  EXPECT_EQ(r.api_key_env, "ANTHROPIC_API_KEY");
  EXPECT_EQ(resolved_llm(r).base_url, r.base_url);
}

TEST(ConfigTest, EnvironmentSelectsTheProvider) {
  Config c = default_config();
  setenv("STC_PROVIDER", "anthropic", 1);
  setenv("STC_BASE_URL", "http://127.0.0.1:9/", 1);
  setenv("STC_MODEL", "claude-test", 1);
  const Status s = apply_environment(c);
  unsetenv("STC_PROVIDER");
  unsetenv("STC_BASE_URL");
  unsetenv("STC_MODEL");
  ASSERT_TRUE(s);
  EXPECT_EQ(c.llm.provider, "anthropic");
  EXPECT_EQ(c.llm.base_url, "http://127.0.0.1:9/");
  EXPECT_EQ(c.llm.model, "claude-test");

  setenv("STC_PROVIDER", "nope", 1);
  const Status bad = apply_environment(c);
  unsetenv("STC_PROVIDER");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("STC_PROVIDER"), std::string::npos);
}

TEST(ConfigTest, DescribeNamesTheKeyVariableButNeverTheKey) {
  Config c = default_config();
  ASSERT_TRUE(apply_setting(c, "llm.provider", "openai", "t"));
  ASSERT_TRUE(apply_setting(c, "llm.apiKeyEnv", "STC_TEST_DESCRIBE_KEY", "t"));
  unsetenv("STC_TEST_DESCRIBE_KEY");
  std::string text;
  for (const auto& line : describe(c)) text += line + "\n";
  EXPECT_NE(text.find("llm.provider = openai\n"), std::string::npos) << text;
  EXPECT_NE(text.find("llm.baseUrl = https://api.openai.com/v1\n"), std::string::npos);
  EXPECT_NE(text.find("llm.model = gpt-4o-mini\n"), std::string::npos);
  EXPECT_NE(text.find("llm.apiKeyEnv = STC_TEST_DESCRIBE_KEY (not set)\n"), std::string::npos);
  EXPECT_NE(text.find("llm.temperature = 0.2\n"), std::string::npos);

  setenv("STC_TEST_DESCRIBE_KEY", "sk-very-secret-value", 1);
  text.clear();
  for (const auto& line : describe(c)) text += line + "\n";
  unsetenv("STC_TEST_DESCRIBE_KEY");
  EXPECT_NE(text.find("llm.apiKeyEnv = STC_TEST_DESCRIBE_KEY (set)\n"), std::string::npos);
  EXPECT_EQ(text.find("sk-very-secret-value"), std::string::npos);
}

}  // namespace
}  // namespace stc
