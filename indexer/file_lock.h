#pragma once
// An exclusive flock(2) on a file: released by unlock(), by destruction, or
// by the kernel when the process dies (even by SIGKILL), so a crash never
// leaves a stale lock behind. Used for the pass lock (triggers/pass_runner)
// and to serialize creating and migrating the store (workspace).
//
// One FileLock per thread; the descriptor is close-on-exec.

#include <string>
#include <utility>

#include "core/result.h"

namespace stc::indexer {

class FileLock {
 public:
  /// Opens (creating) `path`. kIo when it cannot be created.
  static Result<FileLock> open(const std::string& path);

  FileLock(FileLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  FileLock& operator=(FileLock&&) = delete;
  ~FileLock();

  /// Takes the lock if it is free; false when another holder has it.
  bool try_lock();
  /// Blocks until the lock is taken; false on an unexpected flock error.
  bool lock();
  void unlock();

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace stc::indexer
