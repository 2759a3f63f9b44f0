// Hook installation against real repositories and real git commands. A fake
// `stc` (a shell script that records its arguments) stands in for the binary
// so the tests see exactly when a hook starts a pass.

#include "indexer/triggers/hooks.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/support/temp_repo.h"

namespace stc::indexer::triggers {
namespace {

using stc::testing::run_command;
using stc::testing::TempDir;
using stc::testing::TempRepo;
namespace fs = std::filesystem;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void spit(const std::string& path, const std::string& content, mode_t mode) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << content;
  ::chmod(path.c_str(), mode);
}

mode_t mode_of(const std::string& path) {
  struct stat st {};
  ::stat(path.c_str(), &st);
  return st.st_mode & 07777;
}

size_t line_count(const std::string& path) {
  const std::string s = slurp(path);
  return static_cast<size_t>(std::count(s.begin(), s.end(), '\n'));
}

// Polls until `path` has at least `n` lines (up to 20 s).
bool wait_for_lines(const std::string& path, size_t n) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    if (line_count(path) >= n) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

class HooksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    repo.write("a.py", "x = 1\n");
    repo.commit("first");
    spit(fake_stc, "#!/bin/sh\necho \"$*\" >> '" + calls + "'\n", 0755);
  }

  git::Repository open() { return std::move(*git::Repository::discover(repo.path())); }
  std::string hook(const std::string& name) { return repo.path() + "/.git/hooks/" + name; }

  HookReport install() {
    auto r = install_hooks(open(), fake_stc);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : HookReport{};
  }
  void uninstall() {
    auto r = uninstall_hooks(open());
    EXPECT_TRUE(r) << r.error().message;
  }

  TempRepo repo;
  TempDir dir;
  const std::string fake_stc = dir.path() + "/fake-stc";
  const std::string calls = dir.path() + "/calls";
};

TEST_F(HooksTest, InstallCreatesFourHooksThatStartAPassOnCommit) {
  const HookReport report = install();
  ASSERT_EQ(report.hooks.size(), 4u);
  for (const auto& h : report.hooks) {
    EXPECT_EQ(h.state, HookState::kInstalled) << h.name;
    EXPECT_EQ(h.mode, HookMode::kCreated) << h.name;
    EXPECT_EQ(h.binary, fake_stc);
    EXPECT_EQ(mode_of(h.path) & 0111, 0111u) << h.name << " must be executable";
  }
  repo.write("b.py", "y = 2\n");
  repo.commit("second");
  ASSERT_TRUE(wait_for_lines(calls, 1)) << "the post-commit hook did not start stc";
  EXPECT_NE(slurp(calls).find("-q pass --trigger hook"), std::string::npos) << slurp(calls);
  EXPECT_NE(slurp(calls).find("-C " + repo.path()), std::string::npos) << slurp(calls);
}

TEST_F(HooksTest, InstallingTwiceEqualsInstallingOnce) {
  install();
  const std::string once = slurp(hook("post-commit"));
  install();
  EXPECT_EQ(slurp(hook("post-commit")), once);
  EXPECT_EQ(once.find(">>> stc >>>"), once.rfind(">>> stc >>>"));
}

TEST_F(HooksTest, UninstallRemovesHooksStcCreated) {
  install();
  uninstall();
  for (const auto& name : hook_names()) EXPECT_FALSE(fs::exists(hook(name))) << name;
  auto status = hook_status(open());
  ASSERT_TRUE(status);
  for (const auto& h : status->hooks) EXPECT_EQ(h.state, HookState::kAbsent);
}

TEST_F(HooksTest, ExistingShellHookStillRunsAndIsRestoredByteForByte) {
  const std::string log = dir.path() + "/user-hook.log";
  const std::string original = "#!/bin/sh\nset -eu\necho \"user hook\" >> '" + log + "'\nexit 0\n";
  spit(hook("post-commit"), original, 0750);
  const HookReport report = install();
  EXPECT_EQ(report.hooks[0].mode, HookMode::kInserted);
  repo.write("b.py", "y = 2\n");
  repo.commit("second");
  EXPECT_EQ(slurp(log), "user hook\n") << "the user's hook runs (synchronously, as before)";
  EXPECT_TRUE(wait_for_lines(calls, 1))
      << "stc's block runs although the user's hook ends with exit";
  uninstall();
  EXPECT_EQ(slurp(hook("post-commit")), original);
  EXPECT_EQ(mode_of(hook("post-commit")), 0750u);
}

TEST_F(HooksTest, NonShellHookIsChainedWithItsArgumentsAndStdin) {
  const std::string log = dir.path() + "/py-hook.log";
  const std::string original = "#!/usr/bin/env python3\nimport sys\nopen('" + log +
                               "', 'a').write(' '.join(sys.argv[1:]) + '|' + "
                               "sys.stdin.read().replace('\\n', ';') + '\\n')\n";
  spit(hook("post-rewrite"), original, 0755);
  const HookReport report = install();
  EXPECT_EQ(report.hooks[3].name, "post-rewrite");
  EXPECT_EQ(report.hooks[3].mode, HookMode::kChained);
  const std::string before = repo.git("rev-parse HEAD");
  repo.git("commit -q --amend -m amended");
  const std::string after = repo.git("rev-parse HEAD");
  const std::string line = slurp(log);
  EXPECT_EQ(line.substr(0, 6), "amend|") << line;
  EXPECT_NE(line.find(before.substr(0, 40) + " " + after.substr(0, 40)), std::string::npos) << line;
  EXPECT_TRUE(wait_for_lines(calls, 2)) << "post-commit and post-rewrite both start stc";
  uninstall();
  EXPECT_EQ(slurp(hook("post-rewrite")), original);
  EXPECT_EQ(mode_of(hook("post-rewrite")), 0755u);
  EXPECT_FALSE(fs::exists(hook("post-rewrite") + ".stc-chained"));
}

TEST_F(HooksTest, DisabledHookStaysDisabled) {
  const std::string log = dir.path() + "/disabled.log";
  const std::string original = "#!/bin/sh\necho ran >> '" + log + "'\n";
  spit(hook("post-commit"), original, 0644);
  install();
  repo.write("b.py", "y = 2\n");
  repo.commit("second");
  ASSERT_TRUE(wait_for_lines(calls, 1));
  EXPECT_FALSE(fs::exists(log)) << "a non-executable hook was off before; it stays off";
  uninstall();
  EXPECT_EQ(slurp(hook("post-commit")), original);
  EXPECT_EQ(mode_of(hook("post-commit")), 0644u);
}

TEST_F(HooksTest, RespectsRelativeCoreHooksPath) {
  repo.git("config core.hooksPath ci/hooks");
  const HookReport report = install();
  EXPECT_EQ(report.dir, repo.path() + "/ci/hooks");
  EXPECT_TRUE(fs::exists(repo.path() + "/ci/hooks/post-commit"));
  EXPECT_FALSE(fs::exists(hook("post-commit")));
  repo.write("b.py", "y = 2\n");
  repo.commit("second");
  EXPECT_TRUE(wait_for_lines(calls, 1)) << "git ran the hook from core.hooksPath";
}

TEST_F(HooksTest, PostCheckoutTriggersOnBranchSwitchesOnly) {
  install();
  repo.write("a.py", "x = 2\n");
  repo.git("checkout -q -- a.py");  // a file checkout: no pass
  repo.git("checkout -q -b feature");
  ASSERT_TRUE(wait_for_lines(calls, 1));
  // A wrongly started pass for the file checkout would have been launched
  // first; give a stray one a moment to show up.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(line_count(calls), 1u) << slurp(calls);
}

TEST_F(HooksTest, HookSucceedsQuicklyWhenStcIsSlowOrMissing) {
  spit(fake_stc, "#!/bin/sh\nsleep 5\necho \"$*\" >> '" + calls + "'\n", 0755);
  install();
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(run_command("cd '" + repo.path() + "' && .git/hooks/post-commit"), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(2))
      << "the hook must not wait for the pass";
  ASSERT_TRUE(install_hooks(open(), dir.path() + "/no-such-stc"));
  EXPECT_EQ(run_command("cd '" + repo.path() + "' && PATH=/usr/bin:/bin .git/hooks/post-commit"),
            0);
  EXPECT_EQ(
      run_command("cd '" + repo.path() + "' && PATH=/usr/bin:/bin .git/hooks/post-checkout a b 1"),
      0);
}

TEST_F(HooksTest, NoHookEnvironmentSkipsThePass) {
  install();
  repo.write("b.py", "y = 2\n");
  EXPECT_EQ(run_command("cd '" + repo.path() + "' && STC_NO_HOOK=1 .git/hooks/post-commit"), 0);
  EXPECT_EQ(run_command("cd '" + repo.path() + "' && .git/hooks/post-merge 0"), 0);
  ASSERT_TRUE(wait_for_lines(calls, 1));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(line_count(calls), 1u);
}

TEST_F(HooksTest, StatusReportsForeignHooksWithoutTouchingThem) {
  spit(hook("post-merge"), "#!/bin/sh\ntrue\n", 0755);
  auto status = hook_status(open());
  ASSERT_TRUE(status);
  EXPECT_EQ(status->hooks[0].state, HookState::kAbsent);
  EXPECT_EQ(status->hooks[1].state, HookState::kForeign);
  EXPECT_EQ(slurp(hook("post-merge")), "#!/bin/sh\ntrue\n");
}

TEST_F(HooksTest, DamagedBlockIsReportedNotGuessed) {
  install();
  std::string content = slurp(hook("post-commit"));
  content.erase(content.find("# <<< stc <<<"));
  spit(hook("post-commit"), content, 0755);
  auto r = uninstall_hooks(open());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
}

}  // namespace
}  // namespace stc::indexer::triggers
