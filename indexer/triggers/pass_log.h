#pragma once
// The pass log: `<store dir>/pass.log`, one timestamped line per pass (its
// trigger, outcome and numbers) plus one line per error. Background passes
// (hook, watcher) have no terminal, so this file is where a user looks when
// the index is not what they expect. When the file grows over the limit it is
// renamed to `pass.log.1` (replacing an older one) and a new file starts.
//
// Appends are single write(2) calls on an O_APPEND descriptor, so lines from
// concurrent processes never interleave; rotation is done only by the holder
// of the pass lock. Logging is best effort: I/O errors are ignored, except
// that a full disk must not hide why a pass failed: the lock holder keeps a
// small `<path>.reserve` file, deleted to make room when an append finds the
// disk full, so the line saying why still gets written.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace stc::indexer::triggers {

class PassLog {
 public:
  static constexpr uint64_t kDefaultMaxBytes = 1 << 20;

  explicit PassLog(std::string path, uint64_t max_bytes = kDefaultMaxBytes)
      : path_(std::move(path)), max_bytes_(max_bytes) {}

  /// Appends "<UTC time> [pid N] <line>\n" (newlines inside `line` become spaces).
  void append(std::string_view line) const;

  /// Creates the reserve file (kReserveBytes) when it is missing.
  void reserve() const;
  static constexpr uint64_t kReserveBytes = 64 << 10;

  /// Renames the log to `<path>.1` when it is larger than the limit.
  void rotate_if_large() const;

  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
  uint64_t max_bytes_;
};

}  // namespace stc::indexer::triggers
