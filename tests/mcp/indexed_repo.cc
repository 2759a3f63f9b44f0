#include "tests/mcp/indexed_repo.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>

#include "tests/support/temp_repo.h"

namespace stc::testing {

int run_stc(const std::string& dir, const std::string& args, std::string* out, bool merge_stderr) {
  const std::string cmd = "cd '" + dir + "' && STC_NO_HOOK=1 '" + std::string(STC_BINARY) + "' " +
                          args + (merge_stderr ? " 2>&1" : " 2>/dev/null");
  return run_command(cmd, out);
}

const std::string& indexed_pyweather() {
  static std::unique_ptr<TempDir> dir;
  static std::string path;
  if (!dir) {
    dir = std::make_unique<TempDir>();
    path = dir->path() + "/pyweather";
    std::string out;
    const int made =
        run_command("bash '" + sample_repos_dir() + "/pyweather.sh' '" + path + "' 2>&1", &out);
    if (made != 0) ADD_FAILURE() << "pyweather.sh failed: " << out;
    const int init = run_stc(path, "init -q", &out, true);
    if (init != 0) ADD_FAILURE() << "stc init failed: " << out;
  }
  return path;
}

}  // namespace stc::testing
