#include "llm/openai_provider.h"

#include <cctype>
#include <chrono>
#include <mutex>

#include "core/text.h"
#include "llm/api_caller.h"
#include "llm/json_reply.h"
#include "llm/wire_json.h"

namespace stc::llm {
namespace {

using wire::json;

enum class Format { kJsonSchema, kJsonObject, kNone };

// What the server has accepted so far; every change moves one way only, so
// adapting to 400 replies ends after a few rounds.
struct Compat {
  Format format = Format::kJsonSchema;
  bool max_completion_tokens = false;
  bool omit_temperature = false;
};

// Adjusts `compat` to the complaint in a 400 reply; false when nothing applies.
bool adapt(Compat& compat, const Request& request, std::string_view error_body) {
  const std::string e = stc::to_lower(error_body);
  auto has = [&e](std::string_view word) { return e.find(word) != std::string::npos; };
  if (!request.json_schema.empty() && compat.format != Format::kNone && has("response_format")) {
    compat.format = compat.format == Format::kJsonSchema ? Format::kJsonObject : Format::kNone;
    return true;
  }
  if (!compat.max_completion_tokens && has("max_tokens") && has("max_completion_tokens")) {
    compat.max_completion_tokens = true;
    return true;
  }
  if (!compat.omit_temperature && has("temperature") &&
      (has("unsupported") || has("not support"))) {
    compat.omit_temperature = true;
    return true;
  }
  return false;
}

// A response_format name: [A-Za-z0-9_-]{1,64}.
std::string format_name(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-') out += c;
  }
  return out.empty() ? "reply" : out.substr(0, 64);
}

// choices[0].message.content as text: a string, or an array of text parts.
std::optional<std::string> content_text(const json& message) {
  const json* content = wire::member(message, "content");
  if (!content) return std::nullopt;
  if (content->is_string()) return content->get<std::string>();
  if (!content->is_array()) return std::nullopt;
  std::string text;
  for (const auto& part : *content) text += wire::string_member(part, "text");
  return text;
}

// {base_url}/chat/completions; a base URL that is only a server
// ("http://localhost:11434") gets the /v1 every compatible server uses.
std::string completions_url(std::string_view base_url) {
  while (!base_url.empty() && base_url.back() == '/') base_url.remove_suffix(1);
  const size_t scheme = base_url.find("://");
  const size_t host_start = scheme == std::string_view::npos ? 0 : scheme + 3;
  const bool server_only = base_url.find('/', host_start) == std::string_view::npos;
  return join_url(base_url, server_only ? "/v1/chat/completions" : "/chat/completions");
}

class OpenAiProvider final : public Provider {
 public:
  OpenAiProvider(const LlmConfig& config, std::string key, ProviderDeps deps)
      : config_(config),
        url_(completions_url(config.base_url)),
        headers_(make_headers(key)),
        caller_(config, ApiSettings{"openai", std::move(key), config.api_key_env, config.model},
                std::move(deps)) {}

  [[nodiscard]] std::string name() const override { return "openai"; }
  [[nodiscard]] std::string model() const override { return config_.model; }
  [[nodiscard]] bool offline() const override { return false; }
  Result<Response> complete(const Request& request) override {
    return caller_.checked(request, config_.max_output_tokens,
                           [this](const Request& r) { return send(r); });
  }

 private:
  Result<Response> send(const Request& request);
  static std::vector<http::Header> make_headers(const std::string& key) {
    std::vector<http::Header> headers{{"Content-Type", "application/json"},
                                      {"Accept", "application/json"}};
    if (!key.empty()) headers.emplace_back("Authorization", "Bearer " + key);
    return headers;
  }

  Result<std::string> encode(const Request& request, const Compat& compat) const;
  Result<Response> decode(const std::string& body, const Request& request) const;
  Compat compat() const {
    std::lock_guard lock(mutex_);
    return compat_;
  }
  void learn(const Compat& compat) {
    std::lock_guard lock(mutex_);
    compat_ = compat;
  }

  LlmConfig config_;
  std::string url_;
  std::vector<http::Header> headers_;
  ApiCaller caller_;
  mutable std::mutex mutex_;
  Compat compat_;
};

Result<Response> OpenAiProvider::send(const Request& request) {
  const auto start = std::chrono::steady_clock::now();
  Compat compat = this->compat();
  int attempts = 0;
  while (true) {
    TRY_ASSIGN(const std::string body, encode(request, compat));
    TRY_ASSIGN(const ApiReply reply, caller_.post(url_, headers_, body, request.deadline));
    attempts += reply.attempts;
    if (reply.response.status == 400 && adapt(compat, request, reply.response.body)) {
      learn(compat);
      continue;
    }
    if (reply.response.status / 100 != 2) return tl::unexpected(caller_.status_error(reply, url_));
    TRY_ASSIGN(Response response, decode(reply.response.body, request));
    response.attempts = attempts;
    response.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return response;
  }
}

Result<std::string> OpenAiProvider::encode(const Request& request, const Compat& compat) const {
  const bool structured = !request.json_schema.empty();
  std::string system = request.system;
  if (structured && compat.format != Format::kJsonSchema) {
    system += schema_instruction(request.json_schema);
  }
  json messages = json::array();
  if (!system.empty()) messages.push_back({{"role", "system"}, {"content", system}});
  for (const auto& m : request.messages) {
    messages.push_back({{"role", m.role}, {"content", m.content}});
  }
  json body = {{"model", config_.model}, {"messages", std::move(messages)}};
  const int max_tokens =
      request.max_output_tokens > 0 ? request.max_output_tokens : config_.max_output_tokens;
  body[compat.max_completion_tokens ? "max_completion_tokens" : "max_tokens"] = max_tokens;
  if (!compat.omit_temperature) body["temperature"] = config_.temperature;
  if (structured && compat.format == Format::kJsonSchema) {
    json schema = wire::parse(request.json_schema);
    if (schema.is_discarded()) {
      return fail(ErrorCode::kBadInput, "openai: the request's json_schema is not valid JSON");
    }
    body["response_format"] = {
        {"type", "json_schema"},
        {"json_schema",
         {{"name", format_name(request.schema_name)}, {"schema", schema}, {"strict", false}}}};
  } else if (structured && compat.format == Format::kJsonObject) {
    body["response_format"] = {{"type", "json_object"}};
  }
  return wire::dump(body);
}

Result<Response> OpenAiProvider::decode(const std::string& body, const Request& request) const {
  const json doc = wire::parse(body);
  if (!doc.is_object()) return tl::unexpected(caller_.reply_error(url_, "not a JSON object"));
  const json* choices = wire::member(doc, "choices");
  if (!choices || !choices->is_array() || choices->empty()) {
    return tl::unexpected(caller_.reply_error(url_, "no choices in the reply"));
  }
  const json* message = wire::member((*choices)[0], "message");
  auto text = message ? content_text(*message) : std::nullopt;
  if (!text) {
    const std::string refusal = message ? wire::string_member(*message, "refusal") : "";
    return tl::unexpected(caller_.reply_error(
        url_, refusal.empty() ? "choices[0].message has no content" : "refused: " + refusal));
  }
  Response response;
  response.text = std::move(*text);
  response.stop_reason = wire::string_member((*choices)[0], "finish_reason");
  response.truncated = response.stop_reason == "length";
  response.model = wire::string_member(doc, "model");
  if (response.model.empty()) response.model = config_.model;
  const json* usage = wire::member(doc, "usage");
  const auto prompt = usage ? wire::int_member(*usage, "prompt_tokens") : std::nullopt;
  const auto completion = usage ? wire::int_member(*usage, "completion_tokens") : std::nullopt;
  if (prompt && completion) {
    response.usage = Usage{*prompt, *completion, false};
  } else {
    response.usage = estimate_usage(request, response.text);
  }
  return response;
}

}  // namespace

std::unique_ptr<Provider> make_openai_provider(const LlmConfig& config, std::string api_key,
                                               ProviderDeps deps) {
  return std::make_unique<OpenAiProvider>(config, std::move(api_key), std::move(deps));
}

}  // namespace stc::llm
