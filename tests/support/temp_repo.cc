#include "tests/support/temp_repo.h"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace stc::testing {

namespace fs = std::filesystem;

TempDir::TempDir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/stc-test-XXXXXX";
  char* made = mkdtemp(templ.data());
  if (!made) std::abort();
  path_ = made;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

int run_command(const std::string& command, std::string* output) {
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return -1;
  std::array<char, 4096> buf;
  std::string out;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
  const int status = pclose(pipe);
  if (output) *output = out;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TempRepo::TempRepo(bool init) {
  if (init) git("init -q -b main");
}

void TempRepo::write(const std::string& rel, const std::string& content) const {
  const fs::path p = fs::path(path()) / rel;
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
}

void TempRepo::remove(const std::string& rel) const { fs::remove(fs::path(path()) / rel); }

std::string TempRepo::git(const std::string& args) const {
  const std::string date =
      "2024-01-01T00:00:" + std::string(clock_ < 10 ? "0" : "") + std::to_string(clock_ % 60) + "Z";
  const std::string cmd =
      "cd '" + path() +
      "' && GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 "
      "GIT_AUTHOR_NAME=Test GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=Test "
      "GIT_COMMITTER_EMAIL=t@example.com GIT_AUTHOR_DATE=" +
      date + " GIT_COMMITTER_DATE=" + date + " git " + args + " 2>&1";
  std::string out;
  const int rc = run_command(cmd, &out);
  EXPECT_EQ(rc, 0) << "git " << args << " failed: " << out;
  return out;
}

std::string TempRepo::commit(const std::string& message) const {
  ++clock_;
  git("add -A");
  git("commit -q -m '" + message + "'");
  std::string id = git("rev-parse HEAD");
  while (!id.empty() && (id.back() == '\n' || id.back() == ' ')) id.pop_back();
  return id;
}

std::string sample_repos_dir() { return std::string(STC_SOURCE_DIR) + "/sample_repos"; }

}  // namespace stc::testing
