#pragma once
// A loopback LLM server for tests: real HTTP/1.1 on 127.0.0.1 (an ephemeral
// port), speaking both wire formats:
//   POST /v1/chat/completions   OpenAI Chat Completions (as Ollama, vLLM and
//                               llama.cpp serve it)
//   POST /v1/messages           Anthropic Messages
// Any other path is a 404 "no such endpoint".
// Each connection carries one request (Connection: close) with a
// Content-Length body. What the server does with the next requests is
// scripted: a queue of behaviours, then a default one (ok("fake reply")).
// Every request is recorded for assertions. Connections are served on their
// own threads, so concurrent requests really are concurrent; the destructor
// wakes hanging handlers and joins every thread.
//
// Thread-safe: the script and the records may be used while requests run.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <initializer_list>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace stc::fakes {

/// What the server does with one request.
struct Behavior {
  enum class Kind { kOk, kStatus, kHang, kCut, kMalformed };
  Kind kind = Kind::kOk;
  int status = 200;
  std::string text;                // kOk/kHang: reply text; kStatus: body ("": an API error body)
  std::string retry_after;         // kStatus: Retry-After header value, if any
  int delay_ms = 0;                // kHang: wait before answering
  bool usage = true;               // kOk/kHang: include usage fields
  int64_t prompt_tokens = -1;      // -1: body bytes / 4
  int64_t completion_tokens = -1;  // -1: text bytes / 4 + 1
  bool truncated = false;          // kOk: finish_reason "length" / stop_reason "max_tokens"
};

/// 200 with `text` in the endpoint's envelope, usage included.
Behavior ok(std::string text);
Behavior ok_with_usage(std::string text, int64_t prompt_tokens, int64_t completion_tokens);
Behavior ok_without_usage(std::string text);
/// `code` with `body` (default: an error body in the endpoint's format) and Retry-After.
Behavior status(int code, std::string body = "", std::string retry_after = "");
/// 200 with `text` cut at the output limit: finish_reason "length" (OpenAI),
/// stop_reason "max_tokens" (Anthropic).
Behavior truncated(std::string text);
/// 404 for an unknown model, in the endpoint's own error format.
Behavior unknown_model();
/// Reads the request, waits `ms`, then answers ok(text).
Behavior hang(int ms, std::string text = "late reply");
/// Sends headers promising more body than is sent, then closes.
Behavior cut();
/// 200 with a truncated JSON body.
Behavior malformed();

struct RecordedRequest {
  std::string method;
  std::string path;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  /// The first header named `lower_name`, or "" when absent.
  [[nodiscard]] std::string header(std::string_view lower_name) const;
  [[nodiscard]] bool has_header(std::string_view lower_name) const;
};

class FakeLlmServer {
 public:
  /// Listens at once; aborts the process when no socket can be opened.
  FakeLlmServer();
  ~FakeLlmServer();
  FakeLlmServer(const FakeLlmServer&) = delete;
  FakeLlmServer& operator=(const FakeLlmServer&) = delete;

  [[nodiscard]] int port() const { return port_; }
  /// "http://127.0.0.1:PORT" (no trailing slash).
  [[nodiscard]] std::string base_url() const;

  /// Appends behaviours for the next requests, in arrival order.
  void push(Behavior behavior);
  void push(std::initializer_list<Behavior> behaviors);
  /// What requests do once the queue is empty.
  void set_default(Behavior behavior);

  [[nodiscard]] std::vector<RecordedRequest> requests() const;
  [[nodiscard]] size_t request_count() const;
  /// The most requests that were being handled at the same moment.
  [[nodiscard]] int max_in_flight() const;

 private:
  void accept_loop();
  void serve(int fd);
  Behavior next_behavior();
  void wait_ms(int ms);

  int listen_fd_ = -1;
  int port_ = 0;
  mutable std::mutex mutex_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::deque<Behavior> script_;
  Behavior default_;
  std::vector<RecordedRequest> requests_;
  int in_flight_ = 0;
  int max_in_flight_ = 0;
  std::vector<std::thread> handlers_;
  std::thread acceptor_;
};

}  // namespace stc::fakes
