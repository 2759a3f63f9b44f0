#include "llm/http/curl_http_client.h"

#include <curl/curl.h>

#include <cstdlib>
#include <memory>
#include <mutex>

#include "core/text.h"

namespace stc::llm::http {
namespace {

struct EasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

size_t on_body(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* headers = static_cast<std::vector<Header>*>(user);
  const std::string_view line(data, size * count);
  // A new status line starts a new response (after "100 Continue").
  if (stc::starts_with(line, "HTTP/")) headers->clear();
  const size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    headers->emplace_back(stc::to_lower(stc::trim(line.substr(0, colon))),
                          std::string(stc::trim(line.substr(colon + 1))));
  }
  return size * count;
}

// The environment's no-proxy list plus loopback, which never goes through a proxy.
std::string no_proxy_list() {
  const char* env = std::getenv("no_proxy");
  if (!env || !*env) env = std::getenv("NO_PROXY");
  std::string list = env && *env ? env : "";
  if (list == "*") return list;
  if (!list.empty()) list += ",";
  return list + "localhost,127.0.0.1,::1";
}

Slist make_headers(const std::vector<Header>& headers) {
  curl_slist* list = nullptr;
  auto append = [&list](const std::string& line) {
    if (curl_slist* grown = curl_slist_append(list, line.c_str())) list = grown;
  };
  for (const auto& [name, value] : headers) append(name + ": " + value);
  append("Expect:");  // no "100 Continue" round trip for large bodies
  return Slist(list);
}

std::string describe_failure(CURLcode code, const HttpRequest& request) {
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return "timed out (limits: connect " + std::to_string(request.connect_timeout_ms) +
             " ms, total " + std::to_string(request.timeout_ms) + " ms)";
    case CURLE_COULDNT_CONNECT:
      return "connection refused or host unreachable";
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return "host name not found";
    case CURLE_PARTIAL_FILE:
      return "connection cut before the whole reply arrived";
    case CURLE_GOT_NOTHING:
      return "connection closed without a reply";
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
      return "connection broken during the transfer";
    default:
      return curl_easy_strerror(code);
  }
}

Error transfer_error(CURLcode code, const char* detail, const HttpRequest& request) {
  std::string message = describe_failure(code, request);
  if (detail && *detail) message += ": " + stc::squash_spaces(detail);
  const bool bad_url = code == CURLE_URL_MALFORMAT || code == CURLE_UNSUPPORTED_PROTOCOL;
  return Error{bad_url ? ErrorCode::kBadInput : ErrorCode::kUnavailable, message};
}

void set_options(CURL* h, const HttpRequest& request, curl_slist* headers) {
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_POST, 1L);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout_ms));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.connect_timeout_ms));
}

}  // namespace

CurlHttpClient::CurlHttpClient() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Result<HttpResponse> CurlHttpClient::post(const HttpRequest& request) {
  EasyHandle handle(curl_easy_init());
  if (!handle) return fail(ErrorCode::kInternal, "libcurl could not create a handle");
  CURL* h = handle.get();
  const Slist headers = make_headers(request.headers);
  const std::string no_proxy = no_proxy_list();
  set_options(h, request, headers.get());
  curl_easy_setopt(h, CURLOPT_NOPROXY, no_proxy.c_str());

  HttpResponse response;
  char detail[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, detail);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &response.headers);

  const CURLcode code = curl_easy_perform(h);
  if (code != CURLE_OK) return tl::unexpected(transfer_error(code, detail, request));
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  response.status = static_cast<int>(status);
  return response;
}

}  // namespace stc::llm::http
