#include "llm/provider.h"

#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <atomic>
#include <memory>
#include <string>

#include "tests/llm/llm_harness.h"

namespace stc::llm {
namespace {

// An HttpClient that counts calls and answers nothing.
class CountingHttpClient final : public http::HttpClient {
 public:
  Result<http::HttpResponse> post(const http::HttpRequest&) override {
    ++calls;
    return fail(ErrorCode::kInternal, "no network in this test");
  }
  std::atomic<int> calls{0};
};

// An HttpClient that answers every OpenAI request with its last message, as
// a Chat Completions reply, without any network.
class EchoHttpClient final : public http::HttpClient {
 public:
  Result<http::HttpResponse> post(const http::HttpRequest& request) override {
    const auto body = nlohmann::json::parse(request.body);
    const nlohmann::json reply = {
        {"model", "echo"},
        {"choices",
         {{{"message", {{"role", "assistant"}, {"content", body["messages"].back()["content"]}}}}}},
        {"usage", {{"prompt_tokens", 1}, {"completion_tokens", 1}}}};
    return http::HttpResponse{200, {}, reply.dump()};
  }
};

// A loopback port with nothing listening on it.
int closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ADD_FAILURE() << "no loopback port to close";
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

class ProviderTest : public LlmHarness {};

TEST_F(ProviderTest, OfflineProviderMakesNoNetworkCalls) {
  auto http = std::make_shared<CountingHttpClient>();
  auto p = make_provider(LlmConfig{}, http);
  ASSERT_TRUE(p);
  Provider& provider = **p;
  EXPECT_EQ(provider.name(), "offline");
  EXPECT_TRUE(provider.offline());
  EXPECT_EQ(provider.model(), "");
  auto r = provider.complete(ask("anything"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(r.error().message, "offline provider: no LLM configured");
  EXPECT_EQ(http->calls, 0);
  EXPECT_EQ(server.request_count(), 0u);
}

TEST_F(ProviderTest, UnknownProviderIsBadInput) {
  LlmConfig c;
  c.provider = "gemini";
  auto p = make_provider(c);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code, ErrorCode::kBadInput);
  EXPECT_NE(p.error().message.find("gemini"), std::string::npos);
}

TEST_F(ProviderTest, ConnectionRefusedIsRetriedThenUnavailable) {
  LlmConfig c = config_for("openai");
  c.base_url = "http://127.0.0.1:" + std::to_string(closed_port()) + "/v1";
  c.max_retries = 2;
  auto r = make(c)->complete(ask("q"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(r.error().message.find("connection refused"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("3 attempt"), std::string::npos);
  EXPECT_EQ(clock->waits().size(), 2u);
}

TEST_F(ProviderTest, ConcurrencyCapBoundsRequestsInFlight) {
  LlmConfig c = config_for("openai");
  c.max_concurrency = 2;
  server.set_default(fakes::hang(150, "slow"));
  auto provider = make(c);
  const std::vector<Request> requests(6, ask("q"));
  const auto results = complete_all(*provider, requests, 6);
  ASSERT_EQ(results.size(), 6u);
  for (const auto& r : results) ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(server.request_count(), 6u);
  EXPECT_LE(server.max_in_flight(), 2);
  EXPECT_EQ(server.max_in_flight(), 2);
}

TEST_F(ProviderTest, CompleteAllRunsInParallelUpToItsLimit) {
  LlmConfig c = config_for("anthropic");
  c.max_concurrency = 8;
  server.set_default(fakes::hang(150, "slow"));
  auto provider = make(c);
  const auto results = complete_all(*provider, std::vector<Request>(4, ask("q")), 3);
  for (const auto& r : results) ASSERT_TRUE(r);
  EXPECT_EQ(server.max_in_flight(), 3);
}

TEST_F(ProviderTest, CompleteAllKeepsRequestOrder) {
  LlmConfig c = config_for("openai");
  auto p = make_provider(c, ProviderDeps{std::make_shared<EchoHttpClient>(), clock, 1});
  ASSERT_TRUE(p);
  std::vector<Request> requests;
  for (int i = 0; i < 20; ++i) requests.push_back(ask("request " + std::to_string(i)));
  const auto results = complete_all(**p, requests, 4);
  ASSERT_EQ(results.size(), 20u);
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(results[i]);
    EXPECT_EQ(results[i]->text, "request " + std::to_string(i));
  }
  EXPECT_TRUE(complete_all(**p, {}, 4).empty());
}

TEST_F(ProviderTest, PhaseNames) {
  EXPECT_STREQ(phase_name(Phase::kSleep), "sleep");
  EXPECT_STREQ(phase_name(Phase::kTest), "test");
}

}  // namespace
}  // namespace stc::llm
