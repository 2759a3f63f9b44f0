#pragma once
// The HTTP transport of the LLM providers: one POST, one answer. An interface
// so that tests can script a transport; the real one is CurlHttpClient.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace stc::llm::http {

using Header = std::pair<std::string, std::string>;

struct HttpRequest {
  std::string url;
  std::vector<Header> headers;
  std::string body;
  int timeout_ms = 0;          // whole transfer; 0: no limit
  int connect_timeout_ms = 0;  // 0: the transport's default
};

struct HttpResponse {
  int status = 0;
  std::vector<Header> headers;  // names lower-cased, in arrival order
  std::string body;

  /// The value of the first header named `lower_name`, or "" when absent.
  [[nodiscard]] std::string header(std::string_view lower_name) const {
    for (const auto& [name, value] : headers) {
      if (name == lower_name) return value;
    }
    return {};
  }
};

/// Sends HTTP requests. Implementations are thread-safe: post() may be called
/// from several threads at once.
class HttpClient {
 public:
  virtual ~HttpClient() = default;

  /// Sends a POST and returns the server's answer, whatever its status code.
  /// Errors: kUnavailable when the transfer fails (connection refused, DNS,
  /// connect or transfer timeout, connection cut before the whole body
  /// arrived), with a message saying which; kBadInput for a URL the transport
  /// cannot use. Messages never contain request headers or bodies.
  virtual Result<HttpResponse> post(const HttpRequest& request) = 0;
};

}  // namespace stc::llm::http
