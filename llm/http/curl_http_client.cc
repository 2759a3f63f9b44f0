#include "llm/http/curl_http_client.h"

// No type-checking macros: the functions are called through pointers.
#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>

#include <cstdlib>
#include <memory>

#include "core/shared_library.h"
#include "core/text.h"

namespace stc::llm::http {
namespace {

// libcurl is loaded when the first request is made, not when stc starts
// (core/shared_library.h). The functions are curl.h's own, called through
// pointers of their types.
// clang-format off
#define STC_LIBCURL_FUNCTIONS(X) \
  X(easy_cleanup, curl_easy_cleanup) \
  X(slist_free_all, curl_slist_free_all) \
  X(slist_append, curl_slist_append) \
  X(easy_strerror, curl_easy_strerror) \
  X(global_init, curl_global_init) \
  X(easy_init, curl_easy_init) \
  X(easy_setopt, curl_easy_setopt) \
  X(easy_perform, curl_easy_perform) \
  X(easy_getinfo, curl_easy_getinfo)
// clang-format on

struct LibCurl {
#define STC_LIBCURL_POINTER(member, name) decltype(&::name) member = nullptr;
  STC_LIBCURL_FUNCTIONS(STC_LIBCURL_POINTER)
#undef STC_LIBCURL_POINTER
  SharedLibrary lib{"libcurl.so.4", "Debian: apt install libcurl4"};

  LibCurl() {
#define STC_LIBCURL_BIND(member, name) lib.bind(member, #name);
    STC_LIBCURL_FUNCTIONS(STC_LIBCURL_BIND)
#undef STC_LIBCURL_BIND
    if (lib.error().empty()) global_init(CURL_GLOBAL_DEFAULT);
  }
  const std::string& error() const { return lib.error(); }
};

const LibCurl& libcurl() {
  static const LibCurl lib;
  return lib;
}

struct EasyDeleter {
  void operator()(CURL* handle) const { libcurl().easy_cleanup(handle); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;

struct SlistDeleter {
  void operator()(curl_slist* list) const { libcurl().slist_free_all(list); }
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
    if (curl_slist* grown = libcurl().slist_append(list, line.c_str())) list = grown;
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
      return libcurl().easy_strerror(code);
  }
}

Error transfer_error(CURLcode code, const char* detail, const HttpRequest& request) {
  std::string message = describe_failure(code, request);
  if (detail && *detail) message += ": " + stc::squash_spaces(detail);
  const bool bad_url = code == CURLE_URL_MALFORMAT || code == CURLE_UNSUPPORTED_PROTOCOL;
  return Error{bad_url ? ErrorCode::kBadInput : ErrorCode::kUnavailable, message};
}

void set_options(CURL* h, const HttpRequest& request, curl_slist* headers) {
  libcurl().easy_setopt(h, CURLOPT_URL, request.url.c_str());
  libcurl().easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  libcurl().easy_setopt(h, CURLOPT_POST, 1L);
  libcurl().easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
  libcurl().easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                        static_cast<curl_off_t>(request.body.size()));
  libcurl().easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  libcurl().easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  libcurl().easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  libcurl().easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
  libcurl().easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout_ms));
  libcurl().easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                        static_cast<long>(request.connect_timeout_ms));
}

}  // namespace

CurlHttpClient::CurlHttpClient() = default;

Result<HttpResponse> CurlHttpClient::post(const HttpRequest& request) {
  if (!libcurl().error().empty()) return fail(ErrorCode::kUnavailable, libcurl().error());
  EasyHandle handle(libcurl().easy_init());
  if (!handle) return fail(ErrorCode::kInternal, "libcurl could not create a handle");
  CURL* h = handle.get();
  const Slist headers = make_headers(request.headers);
  const std::string no_proxy = no_proxy_list();
  set_options(h, request, headers.get());
  libcurl().easy_setopt(h, CURLOPT_NOPROXY, no_proxy.c_str());

  HttpResponse response;
  char detail[CURL_ERROR_SIZE] = {};
  libcurl().easy_setopt(h, CURLOPT_ERRORBUFFER, detail);
  libcurl().easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  libcurl().easy_setopt(h, CURLOPT_WRITEDATA, &response.body);
  libcurl().easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  libcurl().easy_setopt(h, CURLOPT_HEADERDATA, &response.headers);

  const CURLcode code = libcurl().easy_perform(h);
  if (code != CURLE_OK) return tl::unexpected(transfer_error(code, detail, request));
  long status = 0;
  libcurl().easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  response.status = static_cast<int>(status);
  return response;
}

}  // namespace stc::llm::http
