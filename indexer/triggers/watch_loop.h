#pragma once
// The debounce logic of `stc watch`, apart from inotify and signals so tests
// can drive it with a fake clock and a scripted event source.
//
// How it works: every change restarts an idle timer; when the timer runs out
// with changes pending, the loop runs one pass and clears the pending flag.
// Changes that arrive while the pass runs are seen after it (the event source
// queues them) and lead to another pass after the next idle period. A stop
// request ends the loop at once, whether or not changes are pending.

#include <chrono>
#include <functional>
#include <optional>

#include "core/result.h"

namespace stc::indexer::triggers {

using WatchClockDuration = std::chrono::steady_clock::duration;
using WatchTime = std::chrono::steady_clock::time_point;

/// The time source of the watch loop (a fake in tests).
class Clock {
 public:
  virtual ~Clock() = default;
  virtual WatchTime now() = 0;
};

/// std::chrono::steady_clock.
class SteadyClock final : public Clock {
 public:
  WatchTime now() override { return std::chrono::steady_clock::now(); }
};

enum class WatchEvent {
  kChange,   // something relevant changed (work-tree file, HEAD)
  kTimeout,  // the wait timed out
  kStop,     // SIGINT/SIGTERM (or the end of a test script)
};

/// Where changes come from: inotify in stc watch, a script in tests.
class EventSource {
 public:
  virtual ~EventSource() = default;
  /// Waits until a change, a stop request or `timeout` (nullopt: no limit).
  /// Errors (kIo) end the watch.
  virtual Result<WatchEvent> wait(std::optional<WatchClockDuration> timeout) = 0;
};

/// Pending-change bookkeeping: a pass is due `idle` after the last change.
class Debouncer {
 public:
  explicit Debouncer(WatchClockDuration idle) : idle_(idle) {}
  void on_change(WatchTime now) {
    pending_ = true;
    last_change_ = now;
  }
  /// How long until a pass is due; nullopt when nothing is pending.
  [[nodiscard]] std::optional<WatchClockDuration> time_left(WatchTime now) const;
  [[nodiscard]] bool due(WatchTime now) const { return pending_ && now - last_change_ >= idle_; }
  void clear() { pending_ = false; }
  [[nodiscard]] bool pending() const { return pending_; }

 private:
  WatchClockDuration idle_;
  bool pending_ = false;
  WatchTime last_change_{};
};

/// Whether the watch starts with a pass due (to catch up with changes made
/// while nobody watched) or waits for the first change.
enum class StartWith { kPendingChange, kNothingPending };

/// Runs the debounce loop until a stop request: calls `on_idle` each time a
/// pass is due. Returns the event source's error, if any.
Status run_watch_loop(EventSource& events, Clock& clock, WatchClockDuration idle, StartWith start,
                      const std::function<void()>& on_idle);

}  // namespace stc::indexer::triggers
