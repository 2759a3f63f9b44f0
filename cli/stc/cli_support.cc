#include "cli/stc/cli_support.h"

#include "cli/common/cli_main.h"

#include "core/config.h"
#include "llm/provider.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

namespace stc::cli {
namespace {

class TerminalProgress final : public Progress {
 public:
  void start(std::string_view phase, size_t total) override {
    phase_ = std::string(phase);
    total_ = total;
    last_ = {};
    update(0);
  }
  void update(size_t done) override {
    const auto now = std::chrono::steady_clock::now();
    if (done != total_ && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    constexpr int kWidth = 30;
    const double frac = total_ ? static_cast<double>(done) / static_cast<double>(total_) : 0.0;
    const int filled = static_cast<int>(frac * kWidth);
    std::fprintf(stderr, "\r%-8s [%s%s] %zu/%zu", phase_.c_str(), std::string(filled, '#').c_str(),
                 std::string(kWidth - filled, ' ').c_str(), done, total_);
    std::fflush(stderr);
  }
  void finish() override {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
  }

 private:
  std::string phase_;
  size_t total_ = 0;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace

std::unique_ptr<llm::Provider> configured_provider(const Config& config, bool quiet) {
  return cli_common::provider_or_offline(config, quiet, "stc");
}

std::unique_ptr<Progress> make_progress(bool quiet) {
  if (!quiet && isatty(STDERR_FILENO)) return std::make_unique<TerminalProgress>();
  return std::make_unique<NullProgress>();
}

std::string with_commas(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

}  // namespace stc::cli
