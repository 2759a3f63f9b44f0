#pragma once
// What the HTTP providers share: the cap on requests in flight, timeouts, the
// retry loop, and the wording of errors (the HTTP status and the API's own
// error text, never the key). Each provider owns one ApiCaller and keeps only
// its wire format (request body, reply parsing) to itself.

#include <functional>
#include <semaphore>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "llm/http/http_client.h"
#include "llm/provider.h"
#include "llm/retry.h"

namespace stc::llm {

struct ApiReply {
  http::HttpResponse response;
  int attempts = 0;
};

struct ApiSettings {
  std::string provider;  // "openai": the first word of every message
  std::string secret;    // the API key ("" when none): redacted from messages
  std::string key_env;   // the key's variable, named in 401/403 hints
  std::string model;     // the configured model, named when a 404 is about it
};

using Deadline = std::optional<std::chrono::steady_clock::time_point>;

/// Sends API requests for one provider. Thread-safe.
class ApiCaller {
 public:
  /// `deps.http` and `deps.clock` must be set.
  ApiCaller(const LlmConfig& config, ApiSettings settings, ProviderDeps deps);

  /// POSTs `body` to `url`, holding one of llm.maxConcurrency slots during
  /// each attempt (not while waiting to retry). Returns the last reply
  /// whatever its status. With a `deadline`, no attempt starts or retry waits
  /// past it and each attempt's timeout is cut to the time left. Errors: the
  /// last transport failure (kUnavailable, or kBadInput for an unusable URL),
  /// naming the URL and the attempts; kUnavailable when the deadline passed.
  Result<ApiReply> post(const std::string& url, const std::vector<http::Header>& headers,
                        const std::string& body, Deadline deadline = std::nullopt);

  /// Runs `send` and checks its reply: a truncated one is sent once more with
  /// a larger output limit (Request::max_output_cap, `default_max_output`
  /// when the request sets none), usage and attempts adding up; truncated
  /// again, or holding a NUL byte, it is an error (kUnavailable).
  Result<Response> checked(const Request& request, int default_max_output,
                           const std::function<Result<Response>(const Request&)>& send) const;

  /// The error for a reply whose status is not 2xx: kBadInput for a refused
  /// request (4xx other than 408/409/429), kUnavailable otherwise.
  [[nodiscard]] Error status_error(const ApiReply& reply, const std::string& url) const;

  /// kUnavailable for a 2xx reply that cannot be read.
  [[nodiscard]] Error reply_error(const std::string& url, std::string_view why) const;

 private:
  [[nodiscard]] std::string redact(std::string message) const;
  [[nodiscard]] std::string status_hint(int status, const std::string& api_text) const;

  ApiSettings settings_;
  int timeout_ms_;
  int connect_timeout_ms_;
  ProviderDeps deps_;
  Retrier retrier_;
  std::counting_semaphore<> slots_;
};

/// The API's error text from an error body ({"error": {"type", "message"}},
/// {"error": "..."}, {"message"}, {"detail"}, or the raw body), on one line.
std::string api_error_text(std::string_view body);

/// Usage estimated with estimate_tokens, for replies without usage fields.
Usage estimate_usage(const Request& request, std::string_view reply_text);

/// `base_url` without trailing slashes, followed by `path`.
std::string join_url(std::string_view base_url, std::string_view path);

}  // namespace stc::llm
