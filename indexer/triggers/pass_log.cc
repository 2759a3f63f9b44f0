#include "indexer/triggers/pass_log.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace stc::indexer::triggers {
namespace {

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

namespace {

bool append_once(const std::string& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  const ssize_t n = ::write(fd, text.data(), text.size());
  ::close(fd);
  return n == static_cast<ssize_t>(text.size());
}

}  // namespace

void PassLog::append(std::string_view line) const {
  std::string text = utc_now() + " [pid " + std::to_string(::getpid()) + "] ";
  text += line;
  std::replace(text.begin(), text.end(), '\n', ' ');
  text += '\n';
  if (append_once(path_, text)) return;
  // The disk may be full: give up the reserve and try once more.
  if (::unlink((path_ + ".reserve").c_str()) == 0) (void)append_once(path_, text);
}

void PassLog::reserve() const {
  const std::string path = path_ + ".reserve";
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && static_cast<uint64_t>(st.st_size) >= kReserveBytes) return;
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return;
  const std::string zeros(kReserveBytes, '\0');
  const bool ok = ::write(fd, zeros.data(), zeros.size()) == static_cast<ssize_t>(zeros.size());
  ::close(fd);
  if (!ok) ::unlink(path.c_str());
}

void PassLog::rotate_if_large() const {
  struct stat st {};
  if (::stat(path_.c_str(), &st) != 0 || static_cast<uint64_t>(st.st_size) <= max_bytes_) return;
  (void)std::rename(path_.c_str(), (path_ + ".1").c_str());
}

}  // namespace stc::indexer::triggers
