#include "llm/retry.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <ctime>
#include <thread>

#include "core/text.h"

namespace stc::llm {
namespace {

bool should_retry(const Result<http::HttpResponse>& last) {
  if (!last) return last.error().code == ErrorCode::kUnavailable;
  return is_retryable_status(last->status);
}

std::optional<int64_t> parse_integer(std::string_view v) {
  int64_t n = 0;
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || ptr != v.data() + v.size() || n < 0) return std::nullopt;
  return n;
}

// IMF-fixdate, e.g. "Wed, 21 Oct 2015 07:28:00 GMT" (the only form servers send).
std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view v) {
  std::tm tm{};
  const std::string s(v);
  const char* end = strptime(s.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (!end || *end != '\0') return std::nullopt;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

}  // namespace

std::chrono::system_clock::time_point SystemClock::now() {
  return std::chrono::system_clock::now();
}

void SystemClock::sleep_for(Millis duration) { std::this_thread::sleep_for(duration); }

bool is_retryable_status(int status) {
  return status == 408 || status == 409 || status == 429 || (status >= 500 && status <= 599);
}

std::optional<Millis> parse_retry_after(std::string_view value,
                                        std::chrono::system_clock::time_point now) {
  const auto v = stc::trim(value);
  if (v.empty()) return std::nullopt;
  if (auto seconds = parse_integer(v)) return Millis(*seconds * 1000);
  auto date = parse_http_date(v);
  if (!date) return std::nullopt;
  return std::max(Millis(0), std::chrono::duration_cast<Millis>(*date - now));
}

Millis backoff_delay(const RetryPolicy& policy, int retry, double unit) {
  const double ceiling =
      std::min(static_cast<double>(policy.cap.count()),
               static_cast<double>(policy.base.count()) * std::pow(policy.factor, retry));
  return Millis(static_cast<int64_t>(ceiling * std::clamp(unit, 0.0, 1.0)));
}

Retrier::Retrier(RetryPolicy policy, Clock& clock, uint64_t seed)
    : policy_(policy), clock_(clock), rng_(seed ? seed : std::random_device{}()) {}

Retrier::Outcome Retrier::run(const Attempt& attempt,
                              std::optional<std::chrono::steady_clock::time_point> deadline) {
  Outcome outcome{attempt(), 1};
  while (should_retry(outcome.last) && outcome.attempts <= policy_.max_retries) {
    const Millis wait = wait_before_retry(outcome.last, outcome.attempts - 1);
    if (deadline && std::chrono::steady_clock::now() + wait >= *deadline) break;
    clock_.sleep_for(wait);
    outcome.last = attempt();
    ++outcome.attempts;
  }
  return outcome;
}

Millis Retrier::wait_before_retry(const Result<http::HttpResponse>& last, int retry) {
  if (last) {
    if (auto ms = parse_integer(stc::trim(last->header("retry-after-ms")))) {
      return std::min(Millis(*ms), policy_.retry_after_cap);
    }
    if (auto wait = parse_retry_after(last->header("retry-after"), clock_.now())) {
      return std::min(*wait, policy_.retry_after_cap);
    }
  }
  std::lock_guard lock(rng_mutex_);
  const double unit = std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
  return backoff_delay(policy_, retry, unit);
}

}  // namespace stc::llm
