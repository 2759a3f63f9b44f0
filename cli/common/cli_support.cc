#include "cli/common/cli_support.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>

namespace stc::cli::common {
namespace {

enum class ProgressStyle { kBar, kPhaseLines };

// Renders progress on stderr: a throttled bar (kBar, terminals only) or a
// live count with a summary line per phase (kPhaseLines).
class StderrProgress final : public Progress {
 public:
  StderrProgress(ProgressStyle style, bool tty) : style_(style), tty_(tty) {}

  void start(std::string_view phase, size_t total) override {
    phase_ = std::string(phase);
    total_ = total;
    done_ = 0;
    started_ = std::chrono::steady_clock::now();
    last_ = {};
    draw();
  }
  void update(size_t done) override {
    done_ = done;
    draw();
  }
  void finish() override {
    if (style_ == ProgressStyle::kBar) {
      std::fprintf(stderr, "\r\033[K");
    } else {
      const double s =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
      std::fprintf(stderr, "%s%s %zu/%zu (%.1fs)\n", tty_ ? "\r\033[K" : "", phase_.c_str(), done_,
                   total_, s);
    }
    std::fflush(stderr);
  }

 private:
  void draw() {
    if (!tty_) return;
    if (style_ == ProgressStyle::kPhaseLines) {
      std::fprintf(stderr, "\r\033[K%s %zu/%zu", phase_.c_str(), done_, total_);
      std::fflush(stderr);
      return;
    }
    const auto now = std::chrono::steady_clock::now();
    if (done_ != total_ && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    constexpr int kWidth = 30;
    const double frac = total_ ? static_cast<double>(done_) / static_cast<double>(total_) : 0.0;
    const int filled = static_cast<int>(frac * kWidth);
    std::fprintf(stderr, "\r%-8s [%s%s] %zu/%zu", phase_.c_str(), std::string(filled, '#').c_str(),
                 std::string(kWidth - filled, ' ').c_str(), done_, total_);
    std::fflush(stderr);
  }

  ProgressStyle style_;
  bool tty_;
  std::string phase_;
  size_t total_ = 0, done_ = 0;
  std::chrono::steady_clock::time_point started_{}, last_{};
};

bool stderr_is_terminal() { return isatty(STDERR_FILENO) != 0; }

}  // namespace

std::unique_ptr<Progress> make_progress(bool quiet) {
  if (!quiet && stderr_is_terminal()) {
    return std::make_unique<StderrProgress>(ProgressStyle::kBar, true);
  }
  return std::make_unique<NullProgress>();
}

std::unique_ptr<Progress> make_phase_progress(bool quiet) {
  if (quiet) return std::make_unique<NullProgress>();
  return std::make_unique<StderrProgress>(ProgressStyle::kPhaseLines, stderr_is_terminal());
}

std::unique_ptr<llm::Provider> provider_or_offline(const Config& config, bool quiet,
                                                   const char* program) {
  auto choice = llm::provider_or_offline(config.llm);
  if (!choice.warning.empty() && !quiet) {
    std::fprintf(stderr, "%s: warning: %s; continuing with the offline provider\n", program,
                 choice.warning.c_str());
  }
  return std::move(choice.provider);
}

}  // namespace stc::cli::common
