#include "llm/retry.h"

#include <gtest/gtest.h>

#include <chrono>
#include <deque>

#include "tests/fakes/fake_clock.h"

namespace stc::llm {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

Result<http::HttpResponse> reply(int status, std::string retry_after = "") {
  http::HttpResponse r;
  r.status = status;
  if (!retry_after.empty()) r.headers.emplace_back("retry-after", retry_after);
  return r;
}

// An attempt function that plays back `script` and counts calls.
struct Script {
  std::deque<Result<http::HttpResponse>> script;
  int calls = 0;
  Result<http::HttpResponse> operator()() {
    ++calls;
    auto next = script.front();
    if (script.size() > 1) script.pop_front();
    return next;
  }
};

TEST(RetryTest, RetryableStatuses) {
  for (int s : {408, 409, 429, 500, 502, 503, 504, 529}) EXPECT_TRUE(is_retryable_status(s)) << s;
  for (int s : {200, 400, 401, 403, 404, 413, 422}) EXPECT_FALSE(is_retryable_status(s)) << s;
}

TEST(RetryTest, ParsesRetryAfterSecondsAndHttpDates) {
  const auto now = std::chrono::system_clock::from_time_t(1445412475);  // 07:27:55 GMT
  EXPECT_EQ(parse_retry_after("2", now), milliseconds(2000));
  EXPECT_EQ(parse_retry_after(" 0 ", now), milliseconds(0));
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now), milliseconds(5000));
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now), milliseconds(0));
  EXPECT_FALSE(parse_retry_after("soon", now));
  EXPECT_FALSE(parse_retry_after("-3", now));
  EXPECT_FALSE(parse_retry_after("", now));
}

TEST(RetryTest, BackoffIsExponentialJitteredAndCapped) {
  const RetryPolicy p;
  EXPECT_EQ(backoff_delay(p, 0, 0.0), milliseconds(0));
  EXPECT_EQ(backoff_delay(p, 0, 0.5), milliseconds(250));
  EXPECT_EQ(backoff_delay(p, 3, 0.5), milliseconds(2000));
  EXPECT_EQ(backoff_delay(p, 20, 0.5), milliseconds(15000));
  EXPECT_LE(backoff_delay(p, 40, 0.999), seconds(30));
}

TEST(RetryTest, StopsAtTheFirstSuccess) {
  fakes::FakeClock clock;
  Retrier retrier(RetryPolicy{}, clock, 7);
  Script s{{reply(503), reply(200)}};
  auto outcome = retrier.run(std::ref(s));
  ASSERT_TRUE(outcome.last);
  EXPECT_EQ(outcome.last->status, 200);
  EXPECT_EQ(outcome.attempts, 2);
  ASSERT_EQ(clock.waits().size(), 1u);
  EXPECT_LE(clock.waits()[0], milliseconds(500));
}

TEST(RetryTest, DoesNotRetryOtherClientErrorsOrInternalErrors) {
  fakes::FakeClock clock;
  Retrier retrier(RetryPolicy{}, clock, 7);
  Script bad{{reply(400)}};
  EXPECT_EQ(retrier.run(std::ref(bad)).attempts, 1);
  Script internal{{tl::unexpected(Error{ErrorCode::kBadInput, "bad url"})}};
  EXPECT_EQ(retrier.run(std::ref(internal)).attempts, 1);
  EXPECT_TRUE(clock.waits().empty());
}

TEST(RetryTest, RetriesTransportErrorsUpToTheLimit) {
  fakes::FakeClock clock;
  RetryPolicy policy;
  policy.max_retries = 3;
  Retrier retrier(policy, clock, 7);
  Script s{{tl::unexpected(Error{ErrorCode::kUnavailable, "timed out"})}};
  auto outcome = retrier.run(std::ref(s));
  EXPECT_FALSE(outcome.last);
  EXPECT_EQ(outcome.attempts, 4);
  const auto waits = clock.waits();
  ASSERT_EQ(waits.size(), 3u);
  for (size_t i = 0; i < waits.size(); ++i) EXPECT_LE(waits[i], milliseconds(500 << i));
}

TEST(RetryTest, HonoursRetryAfterAndCapsIt) {
  fakes::FakeClock clock;
  Retrier retrier(RetryPolicy{}, clock, 7);
  http::HttpResponse ms;
  ms.status = 429;
  ms.headers.emplace_back("retry-after-ms", "1500");
  Script s{{reply(429, "2"), reply(503, "3600"), ms, reply(200)}};
  auto outcome = retrier.run(std::ref(s));
  EXPECT_EQ(outcome.attempts, 4);
  EXPECT_EQ(clock.waits(),
            (std::vector<milliseconds>{seconds(2), seconds(60), milliseconds(1500)}));
}

TEST(RetryTest, HonoursRetryAfterDatesAgainstTheClock) {
  fakes::FakeClock clock;
  Retrier retrier(RetryPolicy{}, clock, 7);
  const std::time_t in_ten = std::chrono::system_clock::to_time_t(clock.now()) + 10;
  char date[64];
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", std::gmtime(&in_ten));
  Script s{{reply(429, date), reply(200)}};
  retrier.run(std::ref(s));
  EXPECT_EQ(clock.waits(), (std::vector<milliseconds>{seconds(10)}));
}

TEST(RetryTest, SameSeedSameWaits) {
  fakes::FakeClock a, b;
  Retrier ra(RetryPolicy{}, a, 99), rb(RetryPolicy{}, b, 99);
  Script sa{{reply(500)}}, sb{{reply(500)}};
  ra.run(std::ref(sa));
  rb.run(std::ref(sb));
  EXPECT_EQ(a.waits(), b.waits());
}

}  // namespace
}  // namespace stc::llm
