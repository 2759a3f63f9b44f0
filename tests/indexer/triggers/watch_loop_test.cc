#include "indexer/triggers/watch_loop.h"

#include <gtest/gtest.h>

#include <deque>
#include <vector>

namespace stc::indexer::triggers {
namespace {

using namespace std::chrono_literals;

class FakeClock final : public Clock {
 public:
  WatchTime now() override { return now_; }
  void advance(WatchClockDuration d) { now_ += d; }

 private:
  WatchTime now_{};
};

// Replays events at scripted times, advancing the fake clock as a real wait
// would; an empty script means the user stopped the watch.
class ScriptedEvents final : public EventSource {
 public:
  explicit ScriptedEvents(FakeClock& clock) : clock_(clock) {}
  void at(WatchClockDuration t, WatchEvent e) { script_.push_back({WatchTime{} + t, e}); }

  Result<WatchEvent> wait(std::optional<WatchClockDuration> timeout) override {
    waits.push_back(timeout);
    if (script_.empty()) return WatchEvent::kStop;
    const auto [when, event] = script_.front();
    if (timeout && when > clock_.now() + *timeout) {
      clock_.advance(*timeout);
      return WatchEvent::kTimeout;
    }
    if (when > clock_.now()) clock_.advance(when - clock_.now());
    script_.pop_front();
    return event;
  }

  std::vector<std::optional<WatchClockDuration>> waits;

 private:
  FakeClock& clock_;
  std::deque<std::pair<WatchTime, WatchEvent>> script_;
};

TEST(DebouncerTest, DueOnlyOnceIdleSinceTheLastChange) {
  Debouncer d(10s);
  const WatchTime t0{};
  EXPECT_FALSE(d.time_left(t0));
  d.on_change(t0);
  d.on_change(t0 + 4s);
  EXPECT_FALSE(d.due(t0 + 13s));
  EXPECT_EQ(*d.time_left(t0 + 13s), 1s);
  EXPECT_TRUE(d.due(t0 + 14s));
  EXPECT_EQ(*d.time_left(t0 + 20s), 0s);
  d.clear();
  EXPECT_FALSE(d.due(t0 + 30s));
  EXPECT_FALSE(d.time_left(t0 + 30s));
}

TEST(WatchLoopTest, BurstOfChangesGivesOnePassAfterTheIdlePeriod) {
  FakeClock clock;
  ScriptedEvents events(clock);
  for (auto t : {1s, 2s, 3s, 4s}) events.at(t, WatchEvent::kChange);
  events.at(100s, WatchEvent::kStop);
  std::vector<WatchTime> passes;
  ASSERT_TRUE(run_watch_loop(events, clock, 5s, StartWith::kNothingPending,
                             [&] { passes.push_back(clock.now()); }));
  ASSERT_EQ(passes.size(), 1u);
  EXPECT_EQ(passes[0], WatchTime{} + 9s);
  EXPECT_FALSE(events.waits.front()) << "nothing pending: wait without a deadline";
}

TEST(WatchLoopTest, StartsWithACatchUpPass) {
  FakeClock clock;
  ScriptedEvents events(clock);
  events.at(60s, WatchEvent::kStop);
  int passes = 0;
  ASSERT_TRUE(run_watch_loop(events, clock, 30s, StartWith::kPendingChange, [&] { ++passes; }));
  EXPECT_EQ(passes, 1);
}

TEST(WatchLoopTest, ChangesAfterAPassLeadToAnotherPass) {
  FakeClock clock;
  ScriptedEvents events(clock);
  events.at(1s, WatchEvent::kChange);
  events.at(20s, WatchEvent::kChange);  // e.g. a commit (HEAD moved)
  events.at(200s, WatchEvent::kStop);
  std::vector<WatchTime> passes;
  ASSERT_TRUE(run_watch_loop(events, clock, 5s, StartWith::kNothingPending,
                             [&] { passes.push_back(clock.now()); }));
  ASSERT_EQ(passes.size(), 2u);
  EXPECT_EQ(passes[0], WatchTime{} + 6s);
  EXPECT_EQ(passes[1], WatchTime{} + 25s);
}

TEST(WatchLoopTest, StopEndsTheLoopEvenWithChangesPending) {
  FakeClock clock;
  ScriptedEvents events(clock);
  events.at(1s, WatchEvent::kChange);
  events.at(2s, WatchEvent::kStop);
  int passes = 0;
  ASSERT_TRUE(run_watch_loop(events, clock, 30s, StartWith::kNothingPending, [&] { ++passes; }));
  EXPECT_EQ(passes, 0);
  EXPECT_EQ(clock.now(), WatchTime{} + 2s);
}

class FailingEvents final : public EventSource {
 public:
  Result<WatchEvent> wait(std::optional<WatchClockDuration>) override {
    return fail(ErrorCode::kIo, "inotify broke");
  }
};

TEST(WatchLoopTest, EventSourceErrorsEndTheWatch) {
  FakeClock clock;
  FailingEvents events;
  auto st = run_watch_loop(events, clock, 1s, StartWith::kNothingPending, [] {});
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().message, "inotify broke");
}

}  // namespace
}  // namespace stc::indexer::triggers
