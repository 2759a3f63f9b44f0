#include "indexer/triggers/inotify_source.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <unordered_map>
#include <vector>

#include "core/text.h"
#include "indexer/git/worktree_status.h"

namespace stc::indexer::triggers {
namespace {

namespace fs = std::filesystem;

constexpr uint32_t kTreeMask = IN_CLOSE_WRITE | IN_MODIFY | IN_CREATE | IN_DELETE | IN_MOVED_FROM |
                               IN_MOVED_TO | IN_ONLYDIR | IN_DONT_FOLLOW;
constexpr uint32_t kGitMask = IN_CLOSE_WRITE | IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_ONLYDIR;

int g_signal_pipe[2] = {-1, -1};
std::atomic<int> g_signals{0};

extern "C" void on_stop_signal(int) {
  if (g_signals.fetch_add(1) >= 1) _exit(130);
  const char byte = 1;
  const ssize_t n = ::write(g_signal_pipe[1], &byte, 1);
  (void)n;
}

}  // namespace

// Named (not anonymous): InotifySource::Impl holds one, and a member of an
// internal-linkage type is -Wsubobject-linkage in a unity build.
namespace inotify_detail {

// SIGINT/SIGTERM -> a byte on a pipe that poll() can wait for.
class SignalPipe {
 public:
  SignalPipe() {
    if (::pipe2(g_signal_pipe, O_CLOEXEC | O_NONBLOCK) != 0) return;
    g_signals = 0;
    struct sigaction sa {};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    ::sigaction(SIGINT, &sa, &old_int_);
    ::sigaction(SIGTERM, &sa, &old_term_);
    ok_ = true;
  }
  ~SignalPipe() {
    if (!ok_) return;
    ::sigaction(SIGINT, &old_int_, nullptr);
    ::sigaction(SIGTERM, &old_term_, nullptr);
    ::close(g_signal_pipe[0]);
    ::close(g_signal_pipe[1]);
    g_signal_pipe[0] = g_signal_pipe[1] = -1;
  }
  SignalPipe(const SignalPipe&) = delete;
  SignalPipe& operator=(const SignalPipe&) = delete;
  [[nodiscard]] bool ok() const { return ok_; }
  [[nodiscard]] int read_fd() const { return g_signal_pipe[0]; }

 private:
  bool ok_ = false;
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

}  // namespace inotify_detail

struct InotifySource::Impl {
  WatchScope scope;
  git::WorktreeStatus status;
  int fd = -1;
  inotify_detail::SignalPipe signals;
  std::unordered_map<int, std::string> dirs;  // watch -> work-tree dir, "" or "a/b/"
  int git_wd = -1;
  int logs_wd = -1;
  std::string store_rel;  // the store dir relative to the work tree ("x/y/"), if inside

  Impl(WatchScope s, git::WorktreeStatus st) : scope(std::move(s)), status(std::move(st)) {}
  ~Impl() {
    if (fd >= 0) ::close(fd);
  }

  bool skip_dir(const std::string& rel) const {
    const std::string name = fs::path(rel.substr(0, rel.size() - 1)).filename().string();
    return name == ".git" || (!store_rel.empty() && rel == store_rel) || status.is_ignored(rel);
  }

  Result<int> add_watch(const std::string& path, uint32_t mask) {
    const int wd = ::inotify_add_watch(fd, path.c_str(), mask);
    if (wd >= 0) return wd;
    if (errno == ENOSPC) {
      return fail(ErrorCode::kIo, "inotify watch limit reached at " + path +
                                      "; raise fs.inotify.max_user_watches (sysctl)");
    }
    return -1;  // vanished, unreadable or not a directory: nothing to watch
  }

  // Watches `rel` (a work-tree directory, "" or "a/b/") and everything below it.
  Status add_tree(const std::string& rel) {
    std::vector<std::string> todo{rel};
    while (!todo.empty()) {
      const std::string dir = std::move(todo.back());
      todo.pop_back();
      TRY_ASSIGN(const int wd, add_watch(scope.workdir + dir, kTreeMask));
      if (wd < 0) continue;
      dirs[wd] = dir;
      std::error_code ec;
      for (fs::directory_iterator it(scope.workdir + dir, ec), end; !ec && it != end;
           it.increment(ec)) {
        if (!it->is_directory(ec) || it->is_symlink(ec)) continue;
        const std::string child = dir + it->path().filename().string() + "/";
        if (!skip_dir(child)) todo.push_back(child);
      }
    }
    return {};
  }

  // True when the event counts as a change; watches new directories.
  Result<bool> handle(const inotify_event& ev) {
    if (ev.mask & IN_Q_OVERFLOW) return true;
    if (ev.mask & IN_IGNORED) {
      dirs.erase(ev.wd);
      return false;
    }
    const std::string name = ev.len ? ev.name : "";
    if (ev.wd == git_wd || ev.wd == logs_wd) return name == "HEAD";
    const auto it = dirs.find(ev.wd);
    if (it == dirs.end() || name.empty() || name == ".git") return false;
    const std::string rel = it->second + name;
    if (ev.mask & IN_ISDIR) {
      if (skip_dir(rel + "/")) return false;
      if (ev.mask & (IN_CREATE | IN_MOVED_TO)) TRY(add_tree(rel + "/"));
      return true;
    }
    return !status.is_ignored(rel);
  }

  // Reads every queued event; true when one of them counts.
  Result<bool> drain() {
    alignas(inotify_event) char buf[64 * 1024];
    bool relevant = false;
    while (true) {
      const ssize_t n = ::read(fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return relevant;
      for (ssize_t off = 0; off < n;) {
        const auto* ev = reinterpret_cast<const inotify_event*>(buf + off);
        TRY_ASSIGN(const bool counts, handle(*ev));
        relevant = relevant || counts;
        off += static_cast<ssize_t>(sizeof(inotify_event) + ev->len);
      }
    }
  }
};

InotifySource::InotifySource(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
InotifySource::~InotifySource() = default;

Result<std::unique_ptr<InotifySource>> InotifySource::open(const WatchScope& scope) {
  TRY_ASSIGN(auto status, git::WorktreeStatus::open(scope.git_dir));
  auto impl = std::make_unique<Impl>(scope, std::move(status));
  if (!impl->signals.ok()) return fail(ErrorCode::kIo, "cannot set up signal handling");
  impl->fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (impl->fd < 0) return fail(ErrorCode::kIo, std::string("inotify: ") + std::strerror(errno));
  std::string store = scope.store_dir;
  if (!store.empty() && store.back() != '/') store += '/';
  if (stc::starts_with(store, scope.workdir)) impl->store_rel = store.substr(scope.workdir.size());
  TRY(impl->add_tree(""));
  TRY_ASSIGN(impl->git_wd, impl->add_watch(scope.git_dir, kGitMask));
  TRY_ASSIGN(impl->logs_wd, impl->add_watch(scope.git_dir + "logs", kGitMask));
  return std::unique_ptr<InotifySource>(new InotifySource(std::move(impl)));
}

size_t InotifySource::watched_dirs() const { return impl_->dirs.size(); }

Result<WatchEvent> InotifySource::wait(std::optional<WatchClockDuration> timeout) {
  using namespace std::chrono;
  std::optional<steady_clock::time_point> deadline;
  if (timeout) deadline = steady_clock::now() + *timeout;
  while (true) {
    int ms = -1;
    if (deadline) {
      const auto left = *deadline - steady_clock::now();
      ms = left <= left.zero() ? 0 : static_cast<int>(ceil<milliseconds>(left).count());
    }
    pollfd fds[2] = {{impl_->fd, POLLIN, 0}, {impl_->signals.read_fd(), POLLIN, 0}};
    const int n = ::poll(fds, 2, ms);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(ErrorCode::kIo, std::string("poll: ") + std::strerror(errno));
    if (fds[1].revents) return WatchEvent::kStop;
    if (n == 0) return WatchEvent::kTimeout;
    TRY_ASSIGN(const bool relevant, impl_->drain());
    if (relevant) return WatchEvent::kChange;
  }
}

}  // namespace stc::indexer::triggers
