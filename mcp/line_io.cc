#include "mcp/line_io.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace stc::mcp {

Result<bool> LineReader::fill() {
  if (eof_) return false;
  if (pos_ > 0) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  char chunk[64 * 1024];
  while (true) {
    const ssize_t n = ::read(fd_, chunk, sizeof chunk);
    if (n > 0) {
      buf_.append(chunk, static_cast<size_t>(n));
      return true;
    }
    if (n == 0) {
      eof_ = true;
      return false;
    }
    if (errno != EINTR) return fail(ErrorCode::kIo, std::string("read: ") + std::strerror(errno));
  }
}

Result<LineReader::Line> LineReader::next() {
  bool too_long = false;
  while (true) {
    const size_t nl = buf_.find('\n', pos_);
    if (nl != std::string::npos) {
      Line line;
      if (too_long || nl - pos_ > max_) {
        line.kind = Kind::kTooLong;
      } else {
        line.kind = Kind::kLine;
        line.text = buf_.substr(pos_, nl - pos_);
        if (!line.text.empty() && line.text.back() == '\r') line.text.pop_back();
      }
      pos_ = nl + 1;
      return line;
    }
    if (buf_.size() - pos_ > max_) {  // drop what is buffered; skip to the newline
      too_long = true;
      buf_.clear();
      pos_ = 0;
    }
    TRY_ASSIGN(bool more, fill());
    if (!more) {
      const bool rest = buf_.size() > pos_;
      Line line;
      if (too_long) {
        line.kind = Kind::kTooLong;
      } else if (rest) {
        line.kind = Kind::kLine;
        line.text = buf_.substr(pos_);
      }
      buf_.clear();
      pos_ = 0;
      return line;
    }
  }
}

Status write_line(int fd, std::string_view text) {
  std::string out(text);
  out += '\n';
  size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = ::write(fd, out.data() + done, out.size() - done);
    if (n > 0) {
      done += static_cast<size_t>(n);
    } else if (n < 0 && errno != EINTR) {
      return fail(ErrorCode::kIo, std::string("write: ") + std::strerror(errno));
    }
  }
  return {};
}

}  // namespace stc::mcp
