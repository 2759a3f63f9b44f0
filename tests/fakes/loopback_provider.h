#pragma once
// A real provider (either wire format) aimed at the loopback FakeLlmServer:
// the configuration the provider, LLM stage, sleep pass, reliability,
// rehearsal and implement suites share. The test sets the API key variable
// it names (key_env) itself, in SetUp, and unsets it in TearDown.

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>

#include "core/config.h"
#include "llm/provider.h"
#include "tests/fakes/llm_server.h"

namespace stc::fakes {

struct LoopbackOptions {
  std::string provider = "openai";  // or "anthropic"
  std::string key_env;              // the API key variable
  int timeout_ms = 2000;
  int max_retries = 0;
};

/// Model "test-model"; openai's base URL ends in /v1, anthropic's is the
/// server's own (the provider adds /v1).
inline LlmConfig loopback_config(const FakeLlmServer& server, const LoopbackOptions& options) {
  LlmConfig c;
  c.provider = options.provider;
  c.base_url = server.base_url() + (options.provider == "openai" ? "/v1" : "");
  c.model = "test-model";
  c.api_key_env = options.key_env;
  c.timeout_ms = options.timeout_ms;
  c.max_retries = options.max_retries;
  return c;
}

/// The provider of `config`, with `clock` for the retry waits (null: the
/// system clock) and a fixed jitter seed; null, and a test failure, when it
/// cannot be built.
inline std::unique_ptr<llm::Provider> loopback_provider(const LlmConfig& config,
                                                        std::shared_ptr<llm::Clock> clock = nullptr,
                                                        uint64_t jitter_seed = 7) {
  auto p = llm::make_provider(config, llm::ProviderDeps{nullptr, std::move(clock), jitter_seed});
  if (!p) ADD_FAILURE() << p.error().message;
  return p ? std::move(*p) : nullptr;
}

/// loopback_provider(loopback_config(server, options), clock).
inline std::unique_ptr<llm::Provider> loopback_provider(
    const FakeLlmServer& server, const LoopbackOptions& options,
    std::shared_ptr<llm::Clock> clock = nullptr) {
  return loopback_provider(loopback_config(server, options), std::move(clock));
}

}  // namespace stc::fakes
