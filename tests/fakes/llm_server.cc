#include "tests/fakes/llm_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include <nlohmann/json.hpp>

namespace stc::fakes {
namespace {

using nlohmann::json;

enum class Format { kOpenAi, kAnthropic, kUnknown };

Format format_of(std::string_view path) {
  if (path == "/v1/chat/completions") return Format::kOpenAi;
  if (path == "/v1/messages") return Format::kAnthropic;
  return Format::kUnknown;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

void send_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return;
    data.remove_prefix(static_cast<size_t>(n));
  }
}

// Fills method, path and headers from a request head; returns its Content-Length.
size_t parse_head(std::string_view head, RecordedRequest& r) {
  const size_t first_eol = head.find("\r\n");
  const std::string_view request_line = head.substr(0, first_eol);
  const size_t path_start = request_line.find(' ') + 1;
  r.method = std::string(request_line.substr(0, path_start - 1));
  r.path =
      std::string(request_line.substr(path_start, request_line.find(' ', path_start) - path_start));
  size_t length = 0;
  for (size_t at = first_eol; at < head.size();) {
    const size_t next = std::min(head.find("\r\n", at + 2), head.size());
    const std::string_view line = head.substr(at + 2, next - at - 2);
    at = next;
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    r.headers.emplace_back(lower(trim(line.substr(0, colon))),
                           std::string(trim(line.substr(colon + 1))));
    if (r.headers.back().first == "content-length") {
      length = std::strtoul(r.headers.back().second.c_str(), nullptr, 10);
    }
  }
  return length;
}

// Reads one request (head and Content-Length body); nullopt when the peer gives up.
std::optional<RecordedRequest> read_request(int fd) {
  std::string data;
  char buf[8192];
  size_t head_end = std::string::npos;
  while ((head_end = data.find("\r\n\r\n")) == std::string::npos) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return std::nullopt;
    data.append(buf, static_cast<size_t>(n));
  }
  RecordedRequest r;
  const size_t length = parse_head(std::string_view(data).substr(0, head_end), r);
  r.body = data.substr(head_end + 4);
  while (r.body.size() < length) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return std::nullopt;
    r.body.append(buf, static_cast<size_t>(n));
  }
  return r;
}

const char* reason(int code) {
  switch (code) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 404:
      return "Not Found";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    case 529:
      return "Overloaded";
    default:
      return "Status";
  }
}

std::string response_head(int code, size_t content_length, const std::string& retry_after) {
  std::string head =
      "HTTP/1.1 " + std::to_string(code) + " " + reason(code) +
      "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(content_length) +
      "\r\nConnection: close\r\n";
  if (!retry_after.empty()) head += "Retry-After: " + retry_after + "\r\n";
  return head + "\r\n";
}

std::string requested_model(const RecordedRequest& r) {
  const json doc = json::parse(r.body, nullptr, false);
  if (doc.is_object() && doc.contains("model") && doc["model"].is_string()) {
    return doc["model"].get<std::string>();
  }
  return "fake-model";
}

std::string ok_body(Format format, const Behavior& b, const RecordedRequest& r) {
  const int64_t prompt =
      b.prompt_tokens >= 0 ? b.prompt_tokens : static_cast<int64_t>(r.body.size() / 4);
  const int64_t completion =
      b.completion_tokens >= 0 ? b.completion_tokens : static_cast<int64_t>(b.text.size() / 4 + 1);
  json doc;
  if (format == Format::kAnthropic) {
    doc = {{"id", "msg_fake"},
           {"type", "message"},
           {"role", "assistant"},
           {"model", requested_model(r)},
           {"stop_reason", b.truncated ? "max_tokens" : "end_turn"},
           {"content", json::array({{{"type", "text"}, {"text", b.text}}})}};
    if (b.usage) doc["usage"] = {{"input_tokens", prompt}, {"output_tokens", completion}};
  } else {
    doc = {{"id", "chatcmpl-fake"},
           {"object", "chat.completion"},
           {"created", 0},
           {"model", requested_model(r)},
           {"choices", json::array({{{"index", 0},
                                     {"finish_reason", b.truncated ? "length" : "stop"},
                                     {"message", {{"role", "assistant"}, {"content", b.text}}}}})}};
    if (b.usage) {
      doc["usage"] = {{"prompt_tokens", prompt},
                      {"completion_tokens", completion},
                      {"total_tokens", prompt + completion}};
    }
  }
  return doc.dump();
}

std::string error_body(Format format, int code) {
  const std::string message = "fake error " + std::to_string(code);
  if (format == Format::kAnthropic) {
    const char* type = code == 429   ? "rate_limit_error"
                       : code == 529 ? "overloaded_error"
                                     : "api_error";
    return json{{"type", "error"}, {"error", {{"type", type}, {"message", message}}}}.dump();
  }
  return json{{"error", {{"message", message}, {"type", "fake_error"}, {"code", code}}}}.dump();
}

// A placeholder body replaced by the endpoint's own unknown-model error.
constexpr const char* kUnknownModel = "<unknown model>";

std::string unknown_model_body(Format format, const std::string& model) {
  if (format == Format::kAnthropic) {
    return json{{"type", "error"},
                {"error", {{"type", "not_found_error"}, {"message", "model: " + model}}}}
        .dump();
  }
  return json{
      {"error",
       {{"message", "The model `" + model + "` does not exist or you do not have access to it."},
        {"type", "invalid_request_error"},
        {"param", nullptr},
        {"code", "model_not_found"}}}}
      .dump();
}

std::string reply_for(Format format, const Behavior& b, const RecordedRequest& request) {
  if (format == Format::kUnknown || request.method != "POST") {
    const std::string body = R"({"error":{"message":"no such endpoint"}})";
    return response_head(404, body.size(), "") + body;
  }
  switch (b.kind) {
    case Behavior::Kind::kStatus: {
      std::string body = b.text.empty() ? error_body(format, b.status) : b.text;
      if (body == kUnknownModel) body = unknown_model_body(format, requested_model(request));
      return response_head(b.status, body.size(), b.retry_after) + body;
    }
    case Behavior::Kind::kCut: {
      Behavior whole;
      whole.text = "this reply is cut";
      const std::string body = ok_body(format, whole, request);
      return response_head(200, body.size() + 100, "") + body.substr(0, body.size() / 2);
    }
    case Behavior::Kind::kMalformed: {
      const std::string body = R"({"choices": [{"message": {"content": "trunc)";
      return response_head(200, body.size(), "") + body;
    }
    default:
      break;
  }
  const std::string body = ok_body(format, b, request);
  return response_head(200, body.size(), "") + body;
}

}  // namespace

Behavior ok(std::string text) {
  Behavior b;
  b.text = std::move(text);
  return b;
}

Behavior ok_with_usage(std::string text, int64_t prompt_tokens, int64_t completion_tokens) {
  Behavior b = ok(std::move(text));
  b.prompt_tokens = prompt_tokens;
  b.completion_tokens = completion_tokens;
  return b;
}

Behavior ok_without_usage(std::string text) {
  Behavior b = ok(std::move(text));
  b.usage = false;
  return b;
}

Behavior status(int code, std::string body, std::string retry_after) {
  Behavior b;
  b.kind = Behavior::Kind::kStatus;
  b.status = code;
  b.text = std::move(body);
  b.retry_after = std::move(retry_after);
  return b;
}

Behavior truncated(std::string text) {
  Behavior b = ok(std::move(text));
  b.truncated = true;
  return b;
}

Behavior unknown_model() { return status(404, kUnknownModel); }

Behavior hang(int ms, std::string text) {
  Behavior b = ok(std::move(text));
  b.kind = Behavior::Kind::kHang;
  b.delay_ms = ms;
  return b;
}

Behavior cut() {
  Behavior b;
  b.kind = Behavior::Kind::kCut;
  return b;
}

Behavior malformed() {
  Behavior b;
  b.kind = Behavior::Kind::kMalformed;
  return b;
}

std::string RecordedRequest::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return value;
  }
  return {};
}

bool RecordedRequest::has_header(std::string_view lower_name) const {
  return std::any_of(headers.begin(), headers.end(),
                     [&](const auto& h) { return h.first == lower_name; });
}

FakeLlmServer::FakeLlmServer() : default_(ok("fake reply")) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (listen_fd_ < 0 || ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 64) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    std::perror("FakeLlmServer: cannot listen on 127.0.0.1");
    std::abort();
  }
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

FakeLlmServer::~FakeLlmServer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  acceptor_.join();
  ::close(listen_fd_);
  for (auto& t : handlers_) t.join();  // no new handlers once the acceptor has stopped
}

std::string FakeLlmServer::base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

void FakeLlmServer::push(Behavior behavior) {
  std::lock_guard lock(mutex_);
  script_.push_back(std::move(behavior));
}

void FakeLlmServer::push(std::initializer_list<Behavior> behaviors) {
  for (const auto& b : behaviors) push(b);
}

void FakeLlmServer::set_default(Behavior behavior) {
  std::lock_guard lock(mutex_);
  default_ = std::move(behavior);
}

std::vector<RecordedRequest> FakeLlmServer::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

size_t FakeLlmServer::request_count() const {
  std::lock_guard lock(mutex_);
  return requests_.size();
}

int FakeLlmServer::max_in_flight() const {
  std::lock_guard lock(mutex_);
  return max_in_flight_;
}

void FakeLlmServer::accept_loop() {
  while (true) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 20) <= 0) continue;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    std::lock_guard lock(mutex_);
    handlers_.emplace_back([this, fd] {
      serve(fd);
      ::close(fd);
    });
  }
}

Behavior FakeLlmServer::next_behavior() {
  std::lock_guard lock(mutex_);
  if (script_.empty()) return default_;
  Behavior b = std::move(script_.front());
  script_.pop_front();
  return b;
}

void FakeLlmServer::wait_ms(int ms) {
  std::unique_lock lock(mutex_);
  stop_cv_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stopping_; });
}

void FakeLlmServer::serve(int fd) {
  timeval timeout{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  auto request = read_request(fd);
  if (!request) return;
  const Format format = format_of(request->path);
  const Behavior b = next_behavior();
  {
    std::lock_guard lock(mutex_);
    requests_.push_back(*request);
    max_in_flight_ = std::max(max_in_flight_, ++in_flight_);
  }
  if (b.kind == Behavior::Kind::kHang) wait_ms(b.delay_ms);
  {
    // Before sending: once the reply is out, the client may start its next request.
    std::lock_guard lock(mutex_);
    --in_flight_;
  }
  send_all(fd, reply_for(format, b, *request));
}

}  // namespace stc::fakes
