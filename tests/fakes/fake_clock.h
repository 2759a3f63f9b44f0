#pragma once
// A llm::Clock for tests: sleep_for() returns at once, records the wait and
// moves now() forward by it. Thread-safe.

#include <chrono>
#include <mutex>
#include <vector>

#include "llm/retry.h"

namespace stc::fakes {

class FakeClock final : public llm::Clock {
 public:
  std::chrono::system_clock::time_point now() override {
    std::lock_guard lock(mutex_);
    return now_;
  }

  void sleep_for(llm::Millis duration) override {
    std::lock_guard lock(mutex_);
    waits_.push_back(duration);
    now_ += duration;
  }

  [[nodiscard]] std::vector<llm::Millis> waits() const {
    std::lock_guard lock(mutex_);
    return waits_;
  }

 private:
  mutable std::mutex mutex_;
  std::chrono::system_clock::time_point now_ = std::chrono::system_clock::from_time_t(1700000000);
  std::vector<llm::Millis> waits_;
};

}  // namespace stc::fakes
