#include "cli/stc-eval/cli_common.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

namespace stc::eval_cli {
namespace {

// Prints "phase done/total (seconds)" when a phase ends; on a terminal it
// also redraws the line as work progresses.
class LineProgress final : public Progress {
 public:
  explicit LineProgress(bool tty) : tty_(tty) {}
  void start(std::string_view phase, size_t total) override {
    phase_ = std::string(phase);
    total_ = total;
    done_ = 0;
    started_ = std::chrono::steady_clock::now();
    if (tty_) draw();
  }
  void update(size_t done) override {
    done_ = done;
    if (tty_) draw();
  }
  void finish() override {
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    std::fprintf(stderr, "%s%s %zu/%zu (%.1fs)\n", tty_ ? "\r\033[K" : "", phase_.c_str(), done_,
                 total_, s);
    std::fflush(stderr);
  }

 private:
  void draw() const {
    std::fprintf(stderr, "\r\033[K%s %zu/%zu", phase_.c_str(), done_, total_);
    std::fflush(stderr);
  }
  bool tty_;
  std::string phase_;
  size_t total_ = 0, done_ = 0;
  std::chrono::steady_clock::time_point started_{};
};

}  // namespace

std::unique_ptr<Progress> make_progress(bool quiet) {
  if (quiet) return std::make_unique<NullProgress>();
  return std::make_unique<LineProgress>(isatty(STDERR_FILENO) != 0);
}

}  // namespace stc::eval_cli
