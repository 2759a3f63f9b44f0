// Fuzz target: what an MCP client sends to `stc mcp` (mcp/line_io and the
// JSON-RPC dispatcher mcp/server). The input is the client's byte stream: it
// is cut into lines by LineReader (with a small cap, so over-long lines occur)
// and every line is dispatched as `stc mcp` does. The server serves a small
// indexed repository made once at start-up, so tool calls reach the tools.
// Every answer must be one line of JSON.

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "core/progress.h"
#include "indexer/indexer.h"
#include "indexer/workspace.h"
#include "mcp/line_io.h"
#include "mcp/server.h"

namespace {

namespace fs = std::filesystem;
constexpr size_t kCap = 512;  // bytes per line: small, so the fuzzer finds kTooLong

void check(bool ok) {
  if (!ok) __builtin_trap();
}

void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

// A two-module repository with one commit, indexed; removed at exit.
std::string make_repository() {
  static fs::path dir = fs::temp_directory_path() / ("stc-mcp-fuzz-" + std::to_string(getpid()));
  fs::remove_all(dir);
  write_file(dir / "src/http.py", "def get(url):\n    return fetch(url)\n");
  write_file(dir / "src/fetch.py", "def fetch(url):\n    return url\n");
  write_file(dir / "README.md", "# Demo\n");
  const std::string git =
      "git -C '" + dir.string() + "' -c user.name=fuzz -c user.email=fuzz@example.com ";
  if (std::system((git + "init -q && " + git + "add -A && " + git + "commit -qm init").c_str()))
    std::abort();
  auto ws = stc::indexer::open_workspace(dir.string());
  if (!ws) std::abort();
  auto store = stc::indexer::open_store(*ws, stc::indexer::StoreAccess::kCreate);
  stc::NullProgress progress;
  if (!store || !stc::indexer::run_index(ws->repo, *store, ws->config, {}, progress)) std::abort();
  std::atexit([] { fs::remove_all(dir); });
  return dir.string();
}

stc::mcp::Server& server() {
  static std::unique_ptr<stc::mcp::Server> s;
  if (!s) s = std::make_unique<stc::mcp::Server>(stc::mcp::ServerOptions{make_repository(), "0"});
  return *s;
}

void check_answer(const std::string& answer) {
  check(answer.find('\n') == std::string::npos);
  const auto j = nlohmann::json::parse(answer, nullptr, false);
  check(j.is_object() && j.value("jsonrpc", "") == "2.0");
}

}  // namespace

// The indexer compiles each grammar's tree-sitter query once and keeps it for
// the life of the process (indexer/syntax/extractor.cc): not a leak.
extern "C" const char* __lsan_default_suppressions() { return "leak:libtree-sitter.so\n"; }

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  for (const char* name : {"STC_STORE", "STC_PROVIDER", "STC_BASE_URL", "STC_MODEL"})
    unsetenv(name);
  setenv("XDG_CONFIG_HOME", "/nonexistent", 1);  // no user configuration
  (void)server();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const int fd = memfd_create("stc-mcp-fuzz", 0);
  if (fd < 0 || ftruncate(fd, 0) != 0) std::abort();
  if (size && pwrite(fd, data, size, 0) != static_cast<ssize_t>(size)) std::abort();
  if (lseek(fd, 0, SEEK_SET) != 0) std::abort();
  stc::mcp::LineReader reader(fd, kCap);
  while (true) {
    auto line = reader.next();
    check(static_cast<bool>(line));
    if (line->kind == stc::mcp::LineReader::Kind::kEof) break;
    if (line->kind == stc::mcp::LineReader::Kind::kTooLong) {
      check_answer(server().line_too_long(kCap));
      continue;
    }
    check(line->text.size() <= kCap);
    if (auto answer = server().handle_line(line->text)) check_answer(*answer);
  }
  return 0;
}
