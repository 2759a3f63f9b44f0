#pragma once
// When and how long to wait before repeating a failed API call.
//
// Retried: transport failures (kUnavailable: timeouts, refused or cut
// connections) and the statuses 408, 409, 429 and 5xx (529 "overloaded"
// included). Not retried: any other status, and other errors.
// The wait before retry n (0-based) is the server's Retry-After when present
// (retry-after-ms, or Retry-After in seconds or as an HTTP-date; capped at
// RetryPolicy::retry_after_cap), else "full jitter" exponential backoff:
// uniform in [0, min(cap, base * factor^n)].

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <string_view>

#include "core/result.h"
#include "llm/http/http_client.h"

namespace stc::llm {

using Millis = std::chrono::milliseconds;

/// Time as the retry loop sees it: tests replace it with a fake that records
/// each wait and returns at once.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::system_clock::time_point now() = 0;
  virtual void sleep_for(Millis duration) = 0;
};

/// The real clock. Thread-safe.
class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point now() override;
  void sleep_for(Millis duration) override;
};

struct RetryPolicy {
  int max_retries = 4;  // attempts = max_retries + 1
  Millis base{500};
  double factor = 2;
  Millis cap{30000};
  Millis retry_after_cap{60000};
};

/// True for statuses worth repeating: 408, 409, 429, 5xx.
bool is_retryable_status(int status);

/// The wait a Retry-After header value asks for: whole seconds ("2") or an
/// HTTP-date relative to `now` (past dates mean 0). nullopt when unreadable.
std::optional<Millis> parse_retry_after(std::string_view value,
                                        std::chrono::system_clock::time_point now);

/// The backoff wait before retry `retry` (0-based) for a uniform `unit` in [0, 1).
Millis backoff_delay(const RetryPolicy& policy, int retry, double unit);

/// Runs one attempt function until it succeeds or fails for good. Thread-safe:
/// run() may be called from several threads (the jitter source is locked).
class Retrier {
 public:
  using Attempt = std::function<Result<http::HttpResponse>()>;

  struct Outcome {
    /// The last attempt's result: a response (any status) or a transport error.
    Result<http::HttpResponse> last;
    int attempts = 0;
  };

  /// `clock` must outlive the Retrier. `seed` 0 seeds the jitter randomly.
  Retrier(RetryPolicy policy, Clock& clock, uint64_t seed = 0);

  /// Retries stop once the wait before the next attempt would end past
  /// `deadline` (a steady_clock instant), when one is given.
  Outcome run(const Attempt& attempt,
              std::optional<std::chrono::steady_clock::time_point> deadline = std::nullopt);

 private:
  Millis wait_before_retry(const Result<http::HttpResponse>& last, int retry);

  RetryPolicy policy_;
  Clock& clock_;
  std::mutex rng_mutex_;
  std::mt19937_64 rng_;
};

}  // namespace stc::llm
