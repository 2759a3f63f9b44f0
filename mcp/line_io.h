#pragma once
// The stdio transport of the MCP server: newline-delimited messages over
// file descriptors, apart from the dispatcher so tests can drive either one
// alone. Lines are bounded: a line longer than the cap is skipped up to its
// newline without being buffered, and reported as too long.

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"

namespace stc::mcp {

/// Default cap on one incoming message.
inline constexpr size_t kMaxLineBytes = size_t{1} << 20;  // 1 MiB

/// Reads lines from a file descriptor it does not own. Not thread-safe.
class LineReader {
 public:
  enum class Kind { kLine, kTooLong, kEof };
  struct Line {
    Kind kind = Kind::kEof;
    std::string text;  // without the newline (and a trailing '\r'); empty unless kLine
  };

  LineReader(int fd, size_t max_bytes) : fd_(fd), max_(max_bytes) {}

  /// The next line. A last line without a newline still counts as a line.
  /// kIo when read() fails for another reason than EINTR.
  Result<Line> next();

 private:
  Result<bool> fill();  // false at end of input

  int fd_;
  size_t max_;
  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false;
};

/// Writes `text` and a newline, retrying short writes and EINTR. kIo when the
/// peer has gone (EPIPE) or write() fails.
Status write_line(int fd, std::string_view text);

}  // namespace stc::mcp
