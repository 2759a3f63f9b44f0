#include "indexer/triggers/pass_runner.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <memory>
#include <thread>
#include <utility>

#include "indexer/triggers/pass_log.h"

namespace stc::indexer::triggers {
namespace {

constexpr size_t kMaxLoggedErrors = 20;

// An flock(2) on a file, released by close() or by the kernel when the
// process dies.
class FileLock {
 public:
  static Result<FileLock> open(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
      return fail(ErrorCode::kIo, "cannot open lock file " + path + ": " + std::strerror(errno));
    return FileLock(fd);
  }
  FileLock(FileLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  FileLock& operator=(FileLock&&) = delete;
  ~FileLock() {
    if (fd_ >= 0) ::close(fd_);
  }

  bool try_lock() { return ::flock(fd_, LOCK_EX | LOCK_NB) == 0; }
  bool lock() {
    while (::flock(fd_, LOCK_EX) != 0) {
      if (errno != EINTR) return false;
    }
    return true;
  }
  void unlock() { (void)::flock(fd_, LOCK_UN); }

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_;
};

// Test-only: sleeps on every progress step (see STC_TEST_SLOW_PASS_MS).
class SlowProgress final : public Progress {
 public:
  SlowProgress(Progress& inner, int ms) : inner_(inner), ms_(ms) {}
  void start(std::string_view phase, size_t total) override { inner_.start(phase, total); }
  void update(size_t done) override {
    std::this_thread::sleep_for(std::chrono::milliseconds(ms_));
    inner_.update(done);
  }
  void finish() override { inner_.finish(); }

 private:
  Progress& inner_;
  int ms_;
};

int slow_pass_ms() {
  const char* v = std::getenv("STC_TEST_SLOW_PASS_MS");
  return v && *v ? std::max(0, std::atoi(v)) : 0;
}

bool exists(const std::string& path) { return ::access(path.c_str(), F_OK) == 0; }

void touch(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd >= 0) ::close(fd);
}

std::string pass_line(const PassOptions& o, const PassReport& r) {
  char nums[512];
  std::snprintf(
      nums, sizeof nums,
      "files_parsed=%lld files_cached=%lld commits_mined=%lld artifacts=%lld "
      "llm_calls=%lld sleep_tokens=%lld pending=%lld errors=%zu seconds=%.3f",
      static_cast<long long>(r.index.files_parsed), static_cast<long long>(r.index.files_cached),
      static_cast<long long>(r.commits_mined), static_cast<long long>(r.artifacts_written),
      static_cast<long long>(r.llm_calls), static_cast<long long>(r.sleep_tokens),
      static_cast<long long>(r.pending), r.errors.size(), r.seconds);
  std::string line = "pass trigger=" + o.trigger +
                     " outcome=" + (r.errors.empty() ? "ok" : "partial") +
                     " commit=" + r.index.commit.substr(0, 12) + " " + nums;
  if (o.worktree) {
    line += " worktree_parsed=" + std::to_string(r.worktree.files_parsed) +
            " worktree_cached=" + std::to_string(r.worktree.files_cached);
  }
  return line;
}

void log_pass(const PassLog& log, const PassOptions& o, const PassReport& r) {
  log.append(pass_line(o, r));
  for (size_t i = 0; i < r.errors.size() && i < kMaxLoggedErrors; ++i) {
    log.append("error: " + r.errors[i]);
  }
  if (r.errors.size() > kMaxLoggedErrors) {
    log.append("error: ... and " + std::to_string(r.errors.size() - kMaxLoggedErrors) + " more");
  }
}

// Adds a follow-up pass to the running total: counters add up, the commit,
// structural numbers and pending units are those of the latest pass.
void accumulate(PassReport& total, PassReport next, bool first) {
  if (first) {
    total = std::move(next);
    return;
  }
  next.index.files_parsed += total.index.files_parsed;
  next.worktree.files_parsed += total.worktree.files_parsed;
  next.commits_mined += total.commits_mined;
  next.artifacts_written += total.artifacts_written;
  next.llm_calls += total.llm_calls;
  next.sleep_tokens += total.sleep_tokens;
  next.seconds += total.seconds;
  next.errors.insert(next.errors.begin(), total.errors.begin(), total.errors.end());
  total = std::move(next);
}

// Rows left `running` by a killed pass; only called by the lock holder.
void mark_interrupted(store::IndexStore& store) {
  auto st = store.db().prepare(
      "UPDATE passes SET outcome = 'interrupted', finished = ? WHERE outcome = 'running'");
  if (!st) return;
  st->bind(1, static_cast<int64_t>(std::time(nullptr)));
  (void)st->run();
}

struct Holder {
  Workspace& ws;
  store::IndexStore& store;
  llm::Provider* provider;
  const RunnerOptions& options;
  Progress& progress;
  const PassLog& log;
  std::string again;
};

// Runs passes while holding the lock until no trigger asked for another.
Status run_loops(const Holder& h, RunnerReport& out) {
  h.log.rotate_if_large();
  mark_interrupted(h.store);
  do {
    std::remove(h.again.c_str());
    auto r = run_pass(h.ws, h.store, h.provider, h.options.pass, h.progress);
    ++out.passes;
    if (!r) {
      h.log.append("pass trigger=" + h.options.pass.trigger +
                   " outcome=failed error: " + r.error().message);
      return tl::unexpected(r.error());
    }
    log_pass(h.log, h.options.pass, *r);
    accumulate(out.report, std::move(*r), out.passes == 1);
  } while (exists(h.again) && out.passes < h.options.max_loops);
  return {};
}

}  // namespace

const char* to_string(PassOutcome outcome) {
  return outcome == PassOutcome::kRan ? "ran" : "coalesced";
}

std::string store_dir(const Workspace& ws) {
  return std::filesystem::path(ws.store_path).parent_path().string();
}

Result<RunnerReport> run_pass_exclusive(Workspace& ws, llm::Provider* provider,
                                        const RunnerOptions& options, Progress& progress) {
  TRY_ASSIGN(auto store, open_store(ws, options.access));
  const std::string dir = store_dir(ws);
  const PassLog log(dir + "/pass.log");
  TRY_ASSIGN(auto lock, FileLock::open(dir + "/pass.lock"));
  RunnerReport out;
  const bool got = options.wait == LockWait::kWait ? lock.lock() : lock.try_lock();
  if (!got) {
    touch(dir + "/pass.again");
    log.append("pass trigger=" + options.pass.trigger +
               " outcome=coalesced (a pass is running; it will run once more)");
    out.outcome = PassOutcome::kCoalesced;
    return out;
  }
  const int slow_ms = slow_pass_ms();
  std::unique_ptr<Progress> slow;
  if (slow_ms > 0) slow = std::make_unique<SlowProgress>(progress, slow_ms);
  const Holder holder{
      ws, store, provider, options, slow ? *slow : progress, log, dir + "/pass.again"};
  while (true) {
    TRY(run_loops(holder, out));
    lock.unlock();
    // A trigger may have coalesced between the last check and the release.
    if (out.passes >= options.max_loops || !exists(holder.again) || !lock.try_lock()) break;
  }
  return out;
}

}  // namespace stc::indexer::triggers
