// Fuzz target: configuration, as stc reads it (indexer/workspace.cc). The
// input is a git-config-syntax file (.stc.conf): read with libgit2 through
// indexer::git::read_config_file, each setting applied with apply_setting. The same
// values are then given as STC_* environment variables (apply_environment),
// and every "key = value" line is applied raw, with bytes git would reject.

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/config.h"
#include "core/text.h"
#include "indexer/git/repository.h"

namespace {

const char* const kEnvNames[] = {"STC_STORE",       "STC_MAX_FILE_SIZE", "STC_JOBS",
                                 "STC_PROVIDER",    "STC_BASE_URL",      "STC_MODEL",
                                 "STC_SLEEP_BUDGET"};
constexpr size_t kEnvCount = sizeof kEnvNames / sizeof kEnvNames[0];

// The input as a file libgit2 can open by name: a memfd, rewritten each run.
std::string as_file(const uint8_t* data, size_t size) {
  static const int fd = memfd_create("stc-config-fuzz", 0);
  if (fd < 0 || ftruncate(fd, 0) != 0) std::abort();
  size_t done = 0;
  while (done < size) {
    const ssize_t n = pwrite(fd, data + done, size - done, static_cast<off_t>(done));
    if (n <= 0) std::abort();
    done += static_cast<size_t>(n);
  }
  return "/proc/self/fd/" + std::to_string(fd);
}

void use(const stc::Config& config) {
  (void)stc::describe(config);
  (void)stc::index_fingerprint(config);
  (void)stc::resolved_llm(config.llm);
}

// Values go to the STC_* variables in turn (a value holding NUL stops there).
void apply_as_environment(const std::vector<std::pair<std::string, std::string>>& pairs) {
  for (size_t i = 0; i < pairs.size() && i < kEnvCount; ++i) {
    setenv(kEnvNames[i], pairs[i].second.c_str(), 1);
  }
  stc::Config config = stc::default_config();
  if (stc::apply_environment(config)) use(config);
  for (const char* name : kEnvNames) unsetenv(name);
}

void apply_raw_lines(std::string_view text) {
  stc::Config config = stc::default_config();
  for (std::string_view line : stc::split(text, '\n')) {
    const size_t eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    (void)stc::apply_setting(config, stc::trim(line.substr(0, eq)), line.substr(eq + 1), "raw");
  }
  use(config);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto pairs = stc::indexer::git::read_config_file(as_file(data, size));
  if (pairs) {
    stc::Config config = stc::default_config();
    bool ok = true;
    for (const auto& [key, value] : *pairs) {
      ok = ok && static_cast<bool>(stc::apply_setting(config, key, value, ".stc.conf"));
    }
    if (ok) use(config);
    apply_as_environment(*pairs);
  }
  apply_raw_lines(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
