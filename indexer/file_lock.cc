#include "indexer/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace stc::indexer {

Result<FileLock> FileLock::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return fail(ErrorCode::kIo, "cannot open lock file " + path + ": " + std::strerror(errno));
  }
  return FileLock(fd);
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);
}

bool FileLock::try_lock() { return ::flock(fd_, LOCK_EX | LOCK_NB) == 0; }

bool FileLock::lock() {
  while (::flock(fd_, LOCK_EX) != 0) {
    if (errno != EINTR) return false;
  }
  return true;
}

void FileLock::unlock() { (void)::flock(fd_, LOCK_UN); }

}  // namespace stc::indexer
