#pragma once
// The EventSource of `stc watch`: inotify on the work tree plus SIGINT and
// SIGTERM.
//
// Every directory of the work tree gets a watch, except `.git`, ignored
// directories (.gitignore and friends, through libgit2), symlinks and the
// store directory when it lies inside the work tree; directories created
// later are added as they appear. Events on ignored files do not count. In
// the git directory only HEAD and logs/HEAD count, so commits, checkouts and
// resets are changes while `git status` refreshing the index is not.
//
// Signals: constructing the source installs SIGINT/SIGTERM handlers that
// write to a self-pipe (the previous handlers come back on destruction); the
// first signal makes wait() return kStop, a second one exits the process
// with status 130 at once (for a user who does not want to wait for a
// running pass). One InotifySource per process; not thread-safe.

#include <memory>
#include <string>

#include "core/result.h"
#include "indexer/triggers/watch_loop.h"

namespace stc::indexer::triggers {

struct WatchScope {
  std::string workdir;    // with trailing '/'
  std::string git_dir;    // per-worktree git dir, trailing '/'
  std::string store_dir;  // skipped when inside the work tree
};

class InotifySource final : public EventSource {
 public:
  /// Sets up the watches. kIo when inotify is unavailable or its watch
  /// limit (fs.inotify.max_user_watches) is reached; kBadInput for a
  /// repository without a work tree.
  static Result<std::unique_ptr<InotifySource>> open(const WatchScope& scope);
  ~InotifySource() override;

  Result<WatchEvent> wait(std::optional<WatchClockDuration> timeout) override;

  /// Number of directories watched (for the CLI's start-up message).
  [[nodiscard]] size_t watched_dirs() const;

  struct Impl;

 private:
  explicit InotifySource(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace stc::indexer::triggers
