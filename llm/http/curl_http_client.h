#pragma once
// HttpClient over libcurl: the only code in stc that includes <curl/curl.h>.
// One easy handle per request (no shared state between calls), so it is
// thread-safe. Redirects are not followed (an API that redirects a POST is
// misconfigured); CURLOPT_NOSIGNAL is set so timeouts work in threads; proxies
// from the environment are honoured except for loopback addresses.

#include "llm/http/http_client.h"

namespace stc::llm::http {

class CurlHttpClient final : public HttpClient {
 public:
  /// Initializes libcurl once per process (thread-safe).
  CurlHttpClient();

  Result<HttpResponse> post(const HttpRequest& request) override;
};

}  // namespace stc::llm::http
