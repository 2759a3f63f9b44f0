#include "indexer/triggers/pass_runner.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <thread>
#include <utility>

#include "indexer/file_lock.h"
#include "indexer/triggers/pass_log.h"

namespace stc::indexer::triggers {
namespace {

constexpr size_t kMaxLoggedErrors = 20;

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

// Appends a coalesced caller's target to the request file. When the holder
// took the file (renamed it) between our open and write, the request may
// have been read already: write it again to the new file. A duplicate costs
// at most one no-op incremental pass.
void request_follow_up(const std::string& path, const std::string& target) {
  const std::string line = target + "\n";
  for (int attempt = 0; attempt < 3; ++attempt) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) return;
    const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
    struct stat mine = {};
    struct stat now = {};
    const bool same = ::fstat(fd, &mine) == 0 && ::stat(path.c_str(), &now) == 0 &&
                      mine.st_ino == now.st_ino && mine.st_dev == now.st_dev;
    ::close(fd);
    if (!written || same) return;
  }
}

// Takes the pending follow-up requests: nullopt when there are none, else
// the newest target ("" when the requester named none).
std::optional<std::string> take_requests(const std::string& path) {
  const std::string taken = path + ".taken";
  if (std::rename(path.c_str(), taken.c_str()) != 0) return std::nullopt;
  std::ifstream in(taken);
  std::string line, newest;
  while (std::getline(in, line)) {
    if (!line.empty()) newest = line;
  }
  std::remove(taken.c_str());
  return newest;
}

// Hands `commit` to the pass holding the lock, and logs it.
void coalesce(const PassLog& log, const std::string& again, const PassOptions& pass,
              const std::string& commit) {
  request_follow_up(again, commit);
  log.append("pass trigger=" + pass.trigger + " rev=" + pass.rev +
             " outcome=coalesced (a pass is running; it will run once more, to " +
             commit.substr(0, 12) + ")");
}

// A failure for an outside reason, with what to do when the disk is full.
Error explain(Error e, const std::string& dir) {
  if (e.code == ErrorCode::kIo && e.message.find("full") != std::string::npos) {
    e.message += " (the disk holding " + dir + " is full: free space, then run `stc pass`)";
  }
  return e;
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
  // Where the time went, for a slow background pass: "stages=history:0.812,...".
  std::string stages;
  for (const auto& [stage, seconds] : r.stage_seconds) {
    char one[96];
    std::snprintf(one, sizeof one, "%s%s:%.3f", stages.empty() ? "" : ",", stage.c_str(), seconds);
    stages += one;
  }
  if (!stages.empty()) line += " stages=" + stages;
  if (o.worktree) {
    line += " worktree_parsed=" + std::to_string(r.worktree.files_parsed) +
            " worktree_cached=" + std::to_string(r.worktree.files_cached);
  }
  if (o.share) {
    line += " share_lookups=" + std::to_string(r.share.lookups) +
            " share_hits=" + std::to_string(r.share.hits) +
            " share_pushed=" + std::to_string(r.share.pushed) +
            " share_backlog=" + std::to_string(r.share.backlog);
  }
  return line;
}

void log_pass(const PassLog& log, const PassOptions& o, const PassReport& r) {
  log.append(pass_line(o, r));
  // A background pass has no terminal: the team share's one warning goes here.
  if (!r.share.warning.empty()) log.append("warning: " + r.share.warning);
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
  (void)store.passes().mark_interrupted(static_cast<int64_t>(std::time(nullptr)));
}

struct Holder {
  Workspace& ws;
  store::IndexStore& store;
  llm::Provider* provider;
  const RunnerOptions& options;
  Progress& progress;
  const PassLog& log;
  std::string dir;
  std::string again;
};

// Runs passes while holding the lock until no trigger asked for another.
// The first pass goes to `rev`; each follow-up to the newest target a
// coalesced trigger asked for.
Status run_loops(const Holder& h, std::string rev, RunnerReport& out) {
  h.log.rotate_if_large();
  h.log.reserve();
  mark_interrupted(h.store);
  while (true) {
    PassOptions pass = h.options.pass;
    pass.rev = rev;
    auto r = run_pass(h.ws, h.store, h.provider, pass, h.progress);
    ++out.passes;
    if (!r) {
      Error e = explain(r.error(), h.dir);
      h.log.append("pass trigger=" + pass.trigger + " rev=" + rev +
                   " outcome=failed error: " + e.message);
      return tl::unexpected(std::move(e));
    }
    log_pass(h.log, pass, *r);
    accumulate(out.report, std::move(*r), out.passes == 1);
    if (out.passes >= h.options.max_loops) break;
    const auto next = take_requests(h.again);
    if (!next) break;
    rev = next->empty() ? h.options.pass.rev : *next;
  }
  return {};
}

// Holding `lock`: runs passes from `rev` and the follow-ups triggers ask
// for, releases the lock, and takes it again when a trigger coalesced
// between the last check and the release.
Status run_holding(Workspace& ws, store::IndexStore& store, llm::Provider* provider,
                   const RunnerOptions& options, Progress& progress, FileLock& lock,
                   std::string rev, RunnerReport& out) {
  const std::string dir = store_dir(ws);
  const PassLog log(dir + "/pass.log");
  const std::string again = dir + "/pass.again";
  const int slow_ms = slow_pass_ms();
  std::unique_ptr<Progress> slow;
  if (slow_ms > 0) slow = std::make_unique<SlowProgress>(progress, slow_ms);
  const Holder holder{ws, store, provider, options, slow ? *slow : progress, log, dir, again};
  while (true) {
    TRY(run_loops(holder, rev, out));
    lock.unlock();
    // A trigger may have coalesced between the last check and the release.
    if (out.passes >= options.max_loops || !exists(again) || !lock.try_lock()) break;
    const auto next = take_requests(again);
    if (!next) break;
    rev = next->empty() ? options.pass.rev : *next;
  }
  return {};
}

}  // namespace

const char* to_string(PassOutcome outcome) {
  return outcome == PassOutcome::kRan ? "ran" : "coalesced";
}

std::string store_dir(const Workspace& ws) {
  return std::filesystem::path(ws.store_path).parent_path().string();
}

Result<FileLock> wait_for_pass_lock(const Workspace& ws) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const std::string dir = store_dir(ws);
  fs::create_directories(dir, ec);
  if (ec) return fail(ErrorCode::kIo, "cannot create " + dir + ": " + ec.message());
  TRY_ASSIGN(auto lock, FileLock::open(dir + "/pass.lock"));
  if (!lock.lock()) return fail(ErrorCode::kIo, "cannot lock " + dir + "/pass.lock");
  return lock;
}

Result<RunnerReport> run_pass_exclusive(Workspace& ws, llm::Provider* provider,
                                        const RunnerOptions& options, Progress& progress) {
  // Resolved first: a bad revision (or an empty repository) creates nothing
  // and is never handed to another process as a follow-up.
  const std::string dir = store_dir(ws);
  const PassLog log(dir + "/pass.log");
  auto target = ws.repo.resolve_commit(options.pass.rev);
  if (!target) {
    // Logged only where a store directory exists (append creates no directory).
    log.append("pass trigger=" + options.pass.trigger + " rev=" + options.pass.rev +
               " outcome=failed error: " + target.error().message);
    return tl::unexpected(target.error());
  }
  TRY_ASSIGN(auto store, open_store(ws, options.access));
  TRY_ASSIGN(auto lock, FileLock::open(dir + "/pass.lock"));
  RunnerReport out;
  const bool got = options.wait == LockWait::kWait ? lock.lock() : lock.try_lock();
  const std::string again = dir + "/pass.again";
  if (!got) {
    coalesce(log, again, options.pass, target->id.hex());
    out.outcome = PassOutcome::kCoalesced;
    return out;
  }
  // Requests older than this call are superseded by its own target.
  (void)take_requests(again);
  TRY(run_holding(ws, store, provider, options, progress, lock, options.pass.rev, out));
  return out;
}

Result<RunnerReport> run_requested_passes(Workspace& ws, llm::Provider* provider,
                                          const RunnerOptions& options, Progress& progress) {
  RunnerReport out;
  out.outcome = PassOutcome::kCoalesced;
  const std::string dir = store_dir(ws);
  const std::string again = dir + "/pass.again";
  if (!exists(again)) return out;
  TRY_ASSIGN(auto lock, FileLock::open(dir + "/pass.lock"));
  if (!lock.try_lock()) return out;  // the holder runs them
  const auto next = take_requests(again);
  if (!next) return out;
  TRY_ASSIGN(auto store, open_store(ws, options.access));
  out.outcome = PassOutcome::kRan;
  TRY(run_holding(ws, store, provider, options, progress, lock,
                  next->empty() ? options.pass.rev : *next, out));
  return out;
}

}  // namespace stc::indexer::triggers
