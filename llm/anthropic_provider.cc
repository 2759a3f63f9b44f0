#include "llm/anthropic_provider.h"

#include <chrono>

#include "core/text.h"
#include "llm/api_caller.h"
#include "llm/json_reply.h"
#include "llm/wire_json.h"

namespace stc::llm {
namespace {

using wire::json;

constexpr const char* kApiVersion = "2023-06-01";

// {base_url}/v1/messages, accepting a base URL that already ends in /v1.
std::string messages_url(std::string_view base_url) {
  while (!base_url.empty() && base_url.back() == '/') base_url.remove_suffix(1);
  return join_url(base_url, stc::ends_with(base_url, "/v1") ? "/messages" : "/v1/messages");
}

int64_t usage_field(const json& usage, std::string_view key) {
  return wire::int_member(usage, key).value_or(0);
}

class AnthropicProvider final : public Provider {
 public:
  AnthropicProvider(const LlmConfig& config, std::string key, ProviderDeps deps)
      : config_(config),
        url_(messages_url(config.base_url)),
        headers_{{"content-type", "application/json"},
                 {"accept", "application/json"},
                 {"anthropic-version", kApiVersion},
                 {"x-api-key", key}},
        caller_(config, ApiSettings{"anthropic", std::move(key), config.api_key_env, config.model},
                std::move(deps)) {}

  [[nodiscard]] std::string name() const override { return "anthropic"; }
  [[nodiscard]] std::string model() const override { return config_.model; }
  [[nodiscard]] bool offline() const override { return false; }
  Result<Response> complete(const Request& request) override {
    return caller_.checked(request, config_.max_output_tokens,
                           [this](const Request& r) { return send(r); });
  }

 private:
  Result<Response> send(const Request& request);
  [[nodiscard]] std::string encode(const Request& request) const;
  Result<Response> decode(const std::string& body, const Request& request) const;

  LlmConfig config_;
  std::string url_;
  std::vector<http::Header> headers_;
  ApiCaller caller_;
};

Result<Response> AnthropicProvider::send(const Request& request) {
  const auto start = std::chrono::steady_clock::now();
  TRY_ASSIGN(const ApiReply reply, caller_.post(url_, headers_, encode(request), request.deadline));
  if (reply.response.status / 100 != 2) return tl::unexpected(caller_.status_error(reply, url_));
  TRY_ASSIGN(Response response, decode(reply.response.body, request));
  response.attempts = reply.attempts;
  response.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return response;
}

std::string AnthropicProvider::encode(const Request& request) const {
  std::string system = request.system;
  if (!request.json_schema.empty()) system += schema_instruction(request.json_schema);
  json messages = json::array();
  for (const auto& m : request.messages) {
    messages.push_back({{"role", m.role}, {"content", m.content}});
  }
  const int max_tokens =
      request.max_output_tokens > 0 ? request.max_output_tokens : config_.max_output_tokens;
  json body = {{"model", config_.model},
               {"max_tokens", max_tokens},
               {"messages", std::move(messages)},
               {"temperature", config_.temperature}};
  if (!system.empty()) body["system"] = std::string(stc::trim(system));
  return wire::dump(body);
}

Result<Response> AnthropicProvider::decode(const std::string& body, const Request& request) const {
  const json doc = wire::parse(body);
  if (!doc.is_object()) return tl::unexpected(caller_.reply_error(url_, "not a JSON object"));
  const json* content = wire::member(doc, "content");
  if (!content || !content->is_array()) {
    return tl::unexpected(caller_.reply_error(url_, "no content in the reply"));
  }
  Response response;
  for (const auto& block : *content) {
    if (wire::string_member(block, "type") == "text") {
      response.text += wire::string_member(block, "text");
    }
  }
  response.stop_reason = wire::string_member(doc, "stop_reason");
  // model_context_window_exceeded: the prompt left no room for the whole reply.
  response.truncated = response.stop_reason == "max_tokens" ||
                       response.stop_reason == "model_context_window_exceeded";
  response.model = wire::string_member(doc, "model");
  if (response.model.empty()) response.model = config_.model;
  const json* usage = wire::member(doc, "usage");
  if (usage && wire::int_member(*usage, "input_tokens") &&
      wire::int_member(*usage, "output_tokens")) {
    // Cached prompt tokens are reported apart from input_tokens; all were sent.
    response.usage.prompt_tokens = usage_field(*usage, "input_tokens") +
                                   usage_field(*usage, "cache_creation_input_tokens") +
                                   usage_field(*usage, "cache_read_input_tokens");
    response.usage.completion_tokens = usage_field(*usage, "output_tokens");
  } else {
    response.usage = estimate_usage(request, response.text);
  }
  return response;
}

}  // namespace

std::unique_ptr<Provider> make_anthropic_provider(const LlmConfig& config, std::string api_key,
                                                  ProviderDeps deps) {
  return std::make_unique<AnthropicProvider>(config, std::move(api_key), std::move(deps));
}

}  // namespace stc::llm
