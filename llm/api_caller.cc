#include "llm/api_caller.h"

#include <algorithm>

#include "core/text.h"
#include "core/tokens.h"
#include "llm/wire_json.h"

namespace stc::llm {
namespace {

using wire::json;
using wire::string_member;

constexpr size_t kMaxApiText = 300;

std::string error_member_text(const json& doc) {
  const json* error = wire::member(doc, "error");
  if (!error) return {};
  if (error->is_string()) return error->get<std::string>();
  const std::string type = string_member(*error, "type");
  const std::string message = string_member(*error, "message");
  if (type.empty()) return message;
  return message.empty() ? type : type + ": " + message;
}

int64_t millis_left(std::chrono::steady_clock::time_point deadline) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                               std::chrono::steady_clock::now())
      .count();
}

RetryPolicy retry_policy(const LlmConfig& config) {
  RetryPolicy policy;
  policy.max_retries = config.max_retries;
  return policy;
}

}  // namespace

ApiCaller::ApiCaller(const LlmConfig& config, ApiSettings settings, ProviderDeps deps)
    : settings_(std::move(settings)),
      timeout_ms_(config.timeout_ms),
      connect_timeout_ms_(config.connect_timeout_ms),
      deps_(std::move(deps)),
      retrier_(retry_policy(config), *deps_.clock, deps_.jitter_seed),
      slots_(std::max(1, config.max_concurrency)) {}

Result<ApiReply> ApiCaller::post(const std::string& url, const std::vector<http::Header>& headers,
                                 const std::string& body, Deadline deadline) {
  const std::string late = settings_.provider + ": no time left for POST " + url +
                           " (the time limit of this run, sleep.maxSeconds, was reached)";
  auto outcome = retrier_.run(
      [&]() -> Result<http::HttpResponse> {
        http::HttpRequest request{url, headers, body, timeout_ms_, connect_timeout_ms_};
        slots_.acquire();
        const int64_t left = deadline ? millis_left(*deadline) : timeout_ms_;
        Result<http::HttpResponse> result = fail(ErrorCode::kUnavailable, late);
        if (left > 0) {
          request.timeout_ms = static_cast<int>(std::min<int64_t>(timeout_ms_, left));
          request.connect_timeout_ms = std::min(connect_timeout_ms_, request.timeout_ms);
          result = deps_.http->post(request);
        }
        slots_.release();
        return result;
      },
      deadline);
  if (!outcome.last) {
    const Error& e = outcome.last.error();
    std::string why = e.message;
    if (deadline && millis_left(*deadline) <= 0 && why != late) {
      why += " (the time limit of this run, sleep.maxSeconds, was reached)";
    }
    return tl::unexpected(
        Error{e.code, redact(settings_.provider + ": POST " + url + " failed after " +
                             std::to_string(outcome.attempts) + " attempt(s): " + why)});
  }
  return ApiReply{std::move(*outcome.last), outcome.attempts};
}

Error ApiCaller::status_error(const ApiReply& reply, const std::string& url) const {
  const int status = reply.response.status;
  const bool refused = status >= 400 && status < 500 && !is_retryable_status(status);
  std::string message = settings_.provider + ": HTTP " + std::to_string(status) + " from " + url;
  if (reply.attempts > 1) message += " after " + std::to_string(reply.attempts) + " attempts";
  const std::string api_text = api_error_text(reply.response.body);
  if (!api_text.empty()) message += ": " + api_text;
  message += status_hint(status, api_text);
  return Error{refused ? ErrorCode::kBadInput : ErrorCode::kUnavailable, redact(message)};
}

std::string ApiCaller::status_hint(int status, const std::string& api_text) const {
  if ((status == 401 || status == 403) && !settings_.key_env.empty()) {
    return " (check the key in " + settings_.key_env + ")";
  }
  if (status != 404) return {};
  if (stc::to_lower(api_text).find("model") != std::string::npos) {
    return " (unknown model '" + settings_.model +
           "': set llm.model or STC_MODEL to a model this server serves)";
  }
  return " (no such endpoint: check llm.baseUrl or STC_BASE_URL)";
}

Result<Response> ApiCaller::checked(
    const Request& request, int default_max_output,
    const std::function<Result<Response>(const Request&)>& send) const {
  TRY_ASSIGN(Response response, send(request));
  const int limit = request.max_output_tokens > 0 ? request.max_output_tokens : default_max_output;
  int larger = 0;
  if (response.truncated) {
    larger = request.max_output_cap > 0 ? std::min(2 * limit, request.max_output_cap) : 2 * limit;
    if (larger > limit) {
      Request again = request;
      again.max_output_tokens = larger;
      TRY_ASSIGN(Response second, send(again));
      second.attempts += response.attempts;
      second.seconds += response.seconds;
      second.usage.prompt_tokens += response.usage.prompt_tokens;
      second.usage.completion_tokens += response.usage.completion_tokens;
      second.usage.estimated = second.usage.estimated || response.usage.estimated;
      response = std::move(second);
    }
  }
  if (response.truncated) {
    std::string message = settings_.provider + ": the reply was cut at the output limit (" +
                          response.stop_reason + ") of " +
                          std::to_string(larger > limit ? larger : limit) + " tokens";
    if (larger > limit) message += ", also when asked again with twice the limit";
    return fail(
        ErrorCode::kUnavailable,
        message + "; raise llm.maxOutputTokens (and llm.contextTokens) to allow longer replies");
  }
  if (response.text.find('\0') != std::string::npos) {
    return fail(ErrorCode::kUnavailable,
                settings_.provider + ": refused a reply holding a NUL byte (model " +
                    (response.model.empty() ? settings_.model : response.model) + ")");
  }
  return response;
}

Error ApiCaller::reply_error(const std::string& url, std::string_view why) const {
  return Error{ErrorCode::kUnavailable,
               redact(settings_.provider + ": unreadable reply from " + url + ": " +
                      stc::truncate_utf8(stc::squash_spaces(why), kMaxApiText))};
}

std::string ApiCaller::redact(std::string message) const {
  const std::string& secret = settings_.secret;
  if (secret.size() < 6) return message;  // too short to tell from ordinary text
  for (size_t at = message.find(secret); at != std::string::npos; at = message.find(secret, at)) {
    message.replace(at, secret.size(), "[redacted]");
  }
  return message;
}

std::string api_error_text(std::string_view body) {
  const json doc = wire::parse(body);
  std::string text;
  if (doc.is_object()) {
    text = error_member_text(doc);
    if (text.empty()) text = string_member(doc, "message");
    if (text.empty()) text = string_member(doc, "detail");
  }
  if (text.empty()) text = std::string(body);
  return stc::truncate_utf8(stc::squash_spaces(stc::sanitize_utf8(text)), kMaxApiText);
}

Usage estimate_usage(const Request& request, std::string_view reply_text) {
  Usage usage;
  usage.estimated = true;
  usage.prompt_tokens = estimate_tokens(request.system) + estimate_tokens(request.json_schema);
  for (const auto& m : request.messages) usage.prompt_tokens += 4 + estimate_tokens(m.content);
  usage.completion_tokens = estimate_tokens(reply_text);
  return usage;
}

std::string join_url(std::string_view base_url, std::string_view path) {
  while (!base_url.empty() && base_url.back() == '/') base_url.remove_suffix(1);
  return std::string(base_url) + std::string(path);
}

}  // namespace stc::llm
