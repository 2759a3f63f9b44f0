#pragma once
// Test support for the provider suites: a loopback server, a fake clock, and
// a configuration pointing at them with small timeouts and a test key.

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "core/config.h"
#include "llm/provider.h"
#include "tests/fakes/fake_clock.h"
#include "tests/fakes/llm_server.h"
#include "tests/fakes/loopback_provider.h"

namespace stc::llm {

inline constexpr const char* kKeyVar = "STC_TEST_LLM_KEY";
inline constexpr const char* kKey = "sk-test-secret-0123456789";

class LlmHarness : public ::testing::Test {
 protected:
  void SetUp() override { setenv(kKeyVar, kKey, 1); }
  void TearDown() override { unsetenv(kKeyVar); }

  /// A config for `provider` aimed at the fake server.
  LlmConfig config_for(const std::string& provider) const {
    LlmConfig c = fakes::loopback_config(
        server, {.provider = provider, .key_env = kKeyVar, .timeout_ms = 3000, .max_retries = 3});
    c.connect_timeout_ms = 1000;
    return c;
  }

  std::unique_ptr<Provider> make(const LlmConfig& config) {
    return fakes::loopback_provider(config, clock, 42);
  }

  static Request ask(std::string text, std::string system = "") {
    Request r;
    r.system = std::move(system);
    r.messages.push_back({"user", std::move(text)});
    r.purpose = "test";
    return r;
  }

  /// The body of the `i`-th recorded request, parsed.
  nlohmann::json body_of(size_t i) const {
    const auto requests = server.requests();
    if (i >= requests.size()) {
      ADD_FAILURE() << "no request " << i;
      return {};
    }
    return nlohmann::json::parse(requests[i].body);
  }

  fakes::FakeLlmServer server;
  std::shared_ptr<fakes::FakeClock> clock = std::make_shared<fakes::FakeClock>();
};

}  // namespace stc::llm
