// Runs every triggers test with HOME and XDG_CONFIG_HOME in a fresh
// temporary directory: libgit2 (which ignores GIT_CONFIG_GLOBAL) must not see
// a developer's ~/.gitconfig — a global core.hooksPath would make the hook
// tests install into the developer's real hooks directory — and stc must not
// read their ~/.config/stc/config. Set before libgit2 is first initialised.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace {

class IsolatedHome final : public ::testing::Environment {
 public:
  void SetUp() override {
    const char* tmp = std::getenv("TMPDIR");
    std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/stc-home-XXXXXX";
    if (!mkdtemp(templ.data())) std::abort();
    home_ = templ;
    setenv("HOME", home_.c_str(), 1);
    setenv("XDG_CONFIG_HOME", (home_ + "/.config").c_str(), 1);
    for (const char* v : {"STC_STORE", "STC_NO_HOOK", "STC_TEST_SLOW_PASS_MS", "GIT_DIR"})
      unsetenv(v);
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(home_, ec);
  }

 private:
  std::string home_;
};

[[maybe_unused]] ::testing::Environment* const kIsolatedHome =
    ::testing::AddGlobalTestEnvironment(new IsolatedHome);

}  // namespace
