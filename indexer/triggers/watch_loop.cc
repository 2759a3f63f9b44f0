#include "indexer/triggers/watch_loop.h"

namespace stc::indexer::triggers {

std::optional<WatchClockDuration> Debouncer::time_left(WatchTime now) const {
  if (!pending_) return std::nullopt;
  const WatchClockDuration elapsed = now - last_change_;
  return elapsed >= idle_ ? WatchClockDuration::zero() : idle_ - elapsed;
}

Status run_watch_loop(EventSource& events, Clock& clock, WatchClockDuration idle, StartWith start,
                      const std::function<void()>& on_idle) {
  Debouncer debouncer(idle);
  if (start == StartWith::kPendingChange) debouncer.on_change(clock.now());
  while (true) {
    TRY_ASSIGN(const WatchEvent event, events.wait(debouncer.time_left(clock.now())));
    if (event == WatchEvent::kStop) return {};
    if (event == WatchEvent::kChange) debouncer.on_change(clock.now());
    if (debouncer.due(clock.now())) {
      debouncer.clear();
      on_idle();
    }
  }
}

}  // namespace stc::indexer::triggers
