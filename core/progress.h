#pragma once
// Progress reporting from library code to whoever shows it. Library code never
// prints; the CLI passes an implementation that draws a bar on a terminal.

#include <cstddef>
#include <string_view>

namespace stc {

class Progress {
 public:
  virtual ~Progress() = default;
  /// A new phase with `total` units of work (0 when unknown).
  virtual void start(std::string_view phase, size_t total) = 0;
  /// `done` units of the current phase are complete. Called from one thread.
  virtual void update(size_t done) = 0;
  virtual void finish() = 0;
};

/// A Progress that shows nothing.
class NullProgress final : public Progress {
 public:
  void start(std::string_view, size_t) override {}
  void update(size_t) override {}
  void finish() override {}
};

}  // namespace stc
