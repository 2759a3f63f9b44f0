#include "llm/provider.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <thread>

#include "core/text.h"
#include "llm/anthropic_provider.h"
#include "llm/http/curl_http_client.h"
#include "llm/openai_provider.h"

namespace stc::llm {
namespace {

class OfflineProvider final : public Provider {
 public:
  [[nodiscard]] std::string name() const override { return "offline"; }
  [[nodiscard]] std::string model() const override { return {}; }
  [[nodiscard]] bool offline() const override { return true; }
  Result<Response> complete(const Request&) override {
    return fail(ErrorCode::kUnavailable, "offline provider: no LLM configured");
  }
};

// The host of an http(s) URL, lower-cased: "https://API.openai.com:443/v1" -> "api.openai.com".
std::string url_host(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme != std::string_view::npos) url.remove_prefix(scheme + 3);
  url = url.substr(0, url.find_first_of("/?#"));
  if (const size_t at = url.rfind('@'); at != std::string_view::npos) url.remove_prefix(at + 1);
  return stc::to_lower(url.substr(0, url.find(':')));
}

enum class KeyRule { kRequired, kRequiredForOfficialApi };

using Factory = std::unique_ptr<Provider> (*)(const LlmConfig&, std::string, ProviderDeps);

struct HttpProviderKind {
  std::string_view name;
  KeyRule key_rule;
  std::string_view official_host;
  Factory make;
};

const HttpProviderKind kHttpProviders[] = {
    {"openai", KeyRule::kRequiredForOfficialApi, "api.openai.com", make_openai_provider},
    {"anthropic", KeyRule::kRequired, "api.anthropic.com", make_anthropic_provider},
};

bool key_needed(const HttpProviderKind& kind, const LlmConfig& config) {
  return kind.key_rule == KeyRule::kRequired || url_host(config.base_url) == kind.official_host;
}

bool is_http_url(std::string_view url) {
  const std::string lower = stc::to_lower(url);
  return (stc::starts_with(lower, "http://") || stc::starts_with(lower, "https://")) &&
         !url_host(url).empty();
}

Result<std::unique_ptr<Provider>> make_http_provider(const HttpProviderKind& kind,
                                                     const LlmConfig& config, ProviderDeps deps) {
  if (!is_http_url(config.base_url)) {
    return fail(ErrorCode::kBadInput,
                "llm.baseUrl (STC_BASE_URL) must be an http:// or https:// "
                "URL such as http://localhost:11434/v1, got '" +
                    config.base_url + "'");
  }
  const char* value =
      config.api_key_env.empty() ? nullptr : std::getenv(config.api_key_env.c_str());
  std::string key = value ? value : "";
  if (key.empty() && key_needed(kind, config)) {
    return fail(ErrorCode::kBadInput,
                "llm.provider " + config.provider + " needs an API key in the environment " +
                    "variable " +
                    (config.api_key_env.empty() ? "(none named)" : config.api_key_env) +
                    ": set it, or name another variable with llm.apiKeyEnv");
  }
  if (!deps.http) deps.http = std::make_shared<http::CurlHttpClient>();
  if (!deps.clock) deps.clock = std::make_shared<SystemClock>();
  return kind.make(config, std::move(key), std::move(deps));
}

}  // namespace

const char* phase_name(Phase phase) { return phase == Phase::kTest ? "test" : "sleep"; }

Result<std::unique_ptr<Provider>> make_provider(const LlmConfig& config, ProviderDeps deps) {
  const LlmConfig resolved = resolved_llm(config);
  if (resolved.provider == "offline") return std::make_unique<OfflineProvider>();
  for (const auto& kind : kHttpProviders) {
    if (kind.name == resolved.provider) return make_http_provider(kind, resolved, std::move(deps));
  }
  return fail(ErrorCode::kBadInput, "unknown LLM provider '" + resolved.provider +
                                        "' (expected offline, openai or anthropic)");
}

Result<std::unique_ptr<Provider>> make_provider(const LlmConfig& config,
                                                std::shared_ptr<http::HttpClient> http) {
  return make_provider(config, ProviderDeps{std::move(http), nullptr, 0});
}

std::vector<Result<Response>> complete_all(Provider& provider, const std::vector<Request>& requests,
                                           int max_parallel) {
  std::vector<Result<Response>> results(requests.size());
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < requests.size(); i = next++) {
      results[i] = provider.complete(requests[i]);
    }
  };
  const size_t threads = std::min(requests.size(), static_cast<size_t>(std::max(1, max_parallel)));
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  if (threads > 0) worker();
  for (auto& th : pool) th.join();
  return results;
}

std::unique_ptr<Provider> offline_provider(const LlmConfig& config) {
  LlmConfig offline = config;
  offline.provider = "offline";
  auto provider = make_provider(offline);
  return provider ? std::move(*provider) : nullptr;
}

ProviderChoice provider_or_offline(const LlmConfig& config) {
  auto provider = make_provider(config);
  if (provider) return {std::move(*provider), ""};
  return {offline_provider(config), provider.error().message};
}

}  // namespace stc::llm
