#include "indexer/triggers/pass_runner.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "tests/support/temp_repo.h"

namespace stc::indexer::triggers {
namespace {

using stc::testing::TempRepo;
namespace fs = std::filesystem;

// Simulates a trigger arriving while a pass runs: creates pass.again when a
// stage starts, `times` times.
class TriggeringProgress final : public Progress {
 public:
  TriggeringProgress(std::string flag, int times) : flag_(std::move(flag)), times_(times) {}
  void start(std::string_view, size_t) override {
    if (times_-- > 0) std::ofstream(flag_).flush();
  }
  void update(size_t) override {}
  void finish() override {}

 private:
  std::string flag_;
  int times_;
};

// Simulates coalesced triggers naming targets: appends `targets` (one per
// line) to pass.again when the first stage of the first pass starts.
class RequestingProgress final : public Progress {
 public:
  RequestingProgress(std::string flag, std::vector<std::string> targets)
      : flag_(std::move(flag)), targets_(std::move(targets)) {}
  void start(std::string_view, size_t) override {
    if (done_) return;
    done_ = true;
    std::ofstream out(flag_, std::ios::app);
    for (const auto& t : targets_) out << t << "\n";
  }
  void update(size_t) override {}
  void finish() override {}

 private:
  std::string flag_;
  std::vector<std::string> targets_;
  bool done_ = false;
};

class PassRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* n : {"a", "b", "c"}) {
      repo.write(std::string("pkg/") + n + ".py", std::string("def ") + n + "():\n    return 1\n");
    }
    head = repo.commit("first");
    auto opened = open_workspace(repo.path());
    ASSERT_TRUE(opened) << opened.error().message;
    ws = std::make_unique<Workspace>(std::move(*opened));
    dir = store_dir(*ws);
  }

  Result<RunnerReport> run(Progress& progress, StoreAccess access = StoreAccess::kCreate,
                           LockWait wait = LockWait::kCoalesce, int max_loops = 10) {
    RunnerOptions options;
    options.pass.trigger = "test";
    options.access = access;
    options.wait = wait;
    options.max_loops = max_loops;
    return run_pass_exclusive(*ws, nullptr, options, progress);
  }

  int64_t query(const std::string& sql) {
    auto store = open_store(*ws, StoreAccess::kReadOnly);
    EXPECT_TRUE(store) << store.error().message;
    auto n = store::connection(*store).query_int(sql);
    EXPECT_TRUE(n) << n.error().message;
    return n ? *n : -1;
  }

  std::string log() {
    std::ifstream in(dir + "/pass.log");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }

  static size_t count(const std::string& haystack, const std::string& needle) {
    size_t n = 0;
    for (size_t at = haystack.find(needle); at != std::string::npos;
         at = haystack.find(needle, at + 1))
      ++n;
    return n;
  }

  TempRepo repo;
  std::string head;
  std::unique_ptr<Workspace> ws;
  std::string dir;
  NullProgress quiet;
};

TEST_F(PassRunnerTest, RunsAPassAndLogsOneLine) {
  auto r = run(quiet);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->outcome, PassOutcome::kRan);
  EXPECT_EQ(r->passes, 1);
  EXPECT_EQ(r->report.index.commit, head);
  EXPECT_EQ(r->report.index.files_parsed, 3);
  const std::string text = log();
  EXPECT_EQ(count(text, "\n"), 1u) << text;
  EXPECT_NE(text.find("pass trigger=test outcome=ok commit=" + head.substr(0, 12)),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("files_parsed=3"), std::string::npos) << text;
  // Each stage's seconds, in one token (stage names in order).
  EXPECT_NE(text.find(" stages=artifacts:"), std::string::npos) << text;
  EXPECT_NE(text.find(",history:"), std::string::npos) << text;
  EXPECT_FALSE(fs::exists(dir + "/pass.again"));
}

TEST_F(PassRunnerTest, CoalescesWhenAnotherPassHoldsTheLock) {
  ASSERT_TRUE(run(quiet));
  const int fd = ::open((dir + "/pass.lock").c_str(), O_RDWR | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
  auto r = run(quiet);
  ::close(fd);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->outcome, PassOutcome::kCoalesced);
  EXPECT_EQ(r->passes, 0);
  EXPECT_TRUE(fs::exists(dir + "/pass.again")) << "the holder is asked to run once more";
  std::ifstream again(dir + "/pass.again");
  std::string target;
  std::getline(again, target);
  EXPECT_EQ(target, head) << "the request names the caller's target, resolved";
  EXPECT_EQ(query("SELECT COUNT(*) FROM passes"), 1);
  EXPECT_NE(log().find("outcome=coalesced"), std::string::npos);
}

TEST_F(PassRunnerTest, AWriterHoldingTheLockRunsTheFollowUpsAskedMeanwhile) {
  ASSERT_TRUE(run(quiet));
  RunnerOptions options;
  options.pass.trigger = "follow-up";
  options.access = StoreAccess::kExisting;
  auto none = run_requested_passes(*ws, nullptr, options, quiet);
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_EQ(none->passes, 0);  // nobody asked
  {
    auto held = wait_for_pass_lock(*ws);  // a writer that is not a pass (stc worker)
    ASSERT_TRUE(held) << held.error().message;
    auto r = run(quiet);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->outcome, PassOutcome::kCoalesced);
  }
  auto ran = run_requested_passes(*ws, nullptr, options, quiet);
  ASSERT_TRUE(ran) << ran.error().message;
  EXPECT_EQ(ran->outcome, PassOutcome::kRan);
  EXPECT_EQ(ran->passes, 1);
  EXPECT_EQ(ran->report.index.commit, head);
  EXPECT_FALSE(fs::exists(dir + "/pass.again"));
  EXPECT_EQ(query("SELECT COUNT(*) FROM passes WHERE trigger = 'follow-up'"), 1);
}

TEST_F(PassRunnerTest, TriggerDuringAPassGivesExactlyOneFollowUp) {
  TriggeringProgress progress(dir + "/pass.again", 1);
  auto r = run(progress);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->passes, 2);
  EXPECT_EQ(r->report.index.files_parsed, 3) << "counters add up over the follow-up";
  EXPECT_EQ(query("SELECT COUNT(*) FROM passes WHERE outcome = 'ok'"), 2);
  EXPECT_FALSE(fs::exists(dir + "/pass.again"));
  EXPECT_EQ(count(log(), "outcome=ok"), 2u);
}

TEST_F(PassRunnerTest, FollowUpsAreBounded) {
  ASSERT_TRUE(run(quiet));
  // A trigger storm: a new request at the start of every stage of every pass.
  TriggeringProgress storm(dir + "/pass.again", 1000);
  auto r = run(storm, StoreAccess::kExisting, LockWait::kCoalesce, 3);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->passes, 3);
}

TEST_F(PassRunnerTest, FollowUpGoesToTheNewestRequestedTarget) {
  repo.write("pkg/d.py", "def d():\n    return 4\n");
  const std::string second = repo.commit("second");
  // During the pass to HEAD (second), two triggers coalesce: one asking for
  // HEAD, then a newer one asking for the first commit.
  RequestingProgress progress(dir + "/pass.again", {second, head});
  auto r = run(progress);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->passes, 2);
  EXPECT_EQ(r->report.index.commit, head) << "the newest request wins";
  auto store = open_store(*ws, StoreAccess::kReadOnly);
  ASSERT_TRUE(store);
  EXPECT_EQ(**store->meta("indexed_commit"), head);
  EXPECT_NE(log().find("outcome=ok commit=" + head.substr(0, 12)), std::string::npos) << log();
  EXPECT_FALSE(fs::exists(dir + "/pass.again"));
}

TEST_F(PassRunnerTest, BadRevisionIsRefusedBeforeCoalescingOrCreatingAStore) {
  RunnerOptions options;
  options.pass.rev = "no-such-revision";
  options.access = StoreAccess::kCreate;
  auto r = run_pass_exclusive(*ws, nullptr, options, quiet);
  ASSERT_FALSE(r);
  EXPECT_EQ(exit_code_for(r.error().code), 2);
  EXPECT_FALSE(fs::exists(ws->store_path)) << "nothing created";
  ASSERT_TRUE(run(quiet));
  const int fd = ::open((dir + "/pass.lock").c_str(), O_RDWR | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
  r = run_pass_exclusive(*ws, nullptr, options, quiet);
  ::close(fd);
  ASSERT_FALSE(r);
  EXPECT_FALSE(fs::exists(dir + "/pass.again")) << "a bad target is never handed on";
}

TEST_F(PassRunnerTest, WaitModeRunsOnceTheHolderIsDone) {
  ASSERT_TRUE(run(quiet));
  const int fd = ::open((dir + "/pass.lock").c_str(), O_RDWR | O_CLOEXEC);
  ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
  std::thread holder([fd] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    ::close(fd);
  });
  auto r = run(quiet, StoreAccess::kExisting, LockWait::kWait);
  holder.join();
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->outcome, PassOutcome::kRan);
}

TEST_F(PassRunnerTest, MarksPassesLeftRunningByAKilledProcessAsInterrupted) {
  ASSERT_TRUE(run(quiet));
  {
    auto store = open_store(*ws, StoreAccess::kExisting);
    ASSERT_TRUE(store::connection(*store).exec(
        "INSERT INTO passes(started, trigger, commit_oid, outcome, files_parsed, commits_mined, "
        "llm_calls, sleep_tokens, pending, message) VALUES(1, 'hook', '', 'running', 0, 0, 0, 0, "
        "0, '')"));
  }
  ASSERT_TRUE(run(quiet));
  EXPECT_EQ(query("SELECT COUNT(*) FROM passes WHERE outcome = 'running'"), 0);
  EXPECT_EQ(query("SELECT COUNT(*) FROM passes WHERE outcome = 'interrupted'"), 1);
}

TEST_F(PassRunnerTest, RotatesTheLogPastOneMegabyte) {
  ASSERT_TRUE(run(quiet));
  std::ofstream(dir + "/pass.log", std::ios::app) << std::string(1100000, 'x') << "\n";
  ASSERT_TRUE(run(quiet));
  EXPECT_TRUE(fs::exists(dir + "/pass.log.1"));
  EXPECT_LT(fs::file_size(dir + "/pass.log"), 1000u);
}

TEST_F(PassRunnerTest, FailedPassIsLoggedAndReturned) {
  ASSERT_TRUE(run(quiet));
  RunnerOptions options;
  options.pass.rev = "no-such-rev";
  auto r = run_pass_exclusive(*ws, nullptr, options, quiet);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
  EXPECT_NE(log().find("outcome=failed"), std::string::npos) << log();
}

TEST_F(PassRunnerTest, NeedsAnIndexUnlessCreating) {
  auto r = run(quiet, StoreAccess::kExisting);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
  EXPECT_NE(r.error().message.find("stc init"), std::string::npos);
}

}  // namespace
}  // namespace stc::indexer::triggers
