// The real `stc mcp` process driven over pipes by a scripted client, and the
// real `stc context` command.

#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "tests/mcp/indexed_repo.h"
#include "tests/support/temp_repo.h"

namespace stc::mcp {
namespace {

using nlohmann::json;

// A child `stc mcp -C dir` with its stdin and stdout on pipes.
class McpProcess {
 public:
  explicit McpProcess(const std::string& dir) {
    int in[2], out[2];
    if (::pipe(in) != 0 || ::pipe(out) != 0) std::abort();
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(in[0], STDIN_FILENO);
      ::dup2(out[1], STDOUT_FILENO);
      for (int fd : {in[0], in[1], out[0], out[1]}) ::close(fd);
      ::execl(STC_BINARY, STC_BINARY, "mcp", "-C", dir.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    to_child_ = in[1];
    from_child_ = out[0];
    ::signal(SIGPIPE, SIG_IGN);
  }
  ~McpProcess() {
    close_input();
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    ::close(from_child_);
  }

  bool send(const std::string& line) {
    const std::string data = line + "\n";
    size_t done = 0;
    while (done < data.size()) {
      const ssize_t n = ::write(to_child_, data.data() + done, data.size() - done);
      if (n <= 0) return false;
      done += static_cast<size_t>(n);
    }
    return true;
  }
  // The next line from the server; "" after 20 s or at end of output.
  std::string receive() {
    while (true) {
      const size_t nl = buf_.find('\n');
      if (nl != std::string::npos) {
        std::string line = buf_.substr(0, nl);
        buf_.erase(0, nl + 1);
        return line;
      }
      pollfd p{from_child_, POLLIN, 0};
      if (::poll(&p, 1, 20000) <= 0) return "";
      char chunk[65536];
      const ssize_t n = ::read(from_child_, chunk, sizeof chunk);
      if (n <= 0) return "";
      buf_.append(chunk, static_cast<size_t>(n));
    }
  }
  json request(const json& msg) {
    EXPECT_TRUE(send(msg.dump()));
    const std::string line = receive();
    EXPECT_FALSE(line.empty()) << "no answer to " << msg.dump();
    return line.empty() ? json() : json::parse(line);
  }
  void close_input() {
    if (to_child_ >= 0) ::close(to_child_);
    to_child_ = -1;
  }
  // Exit status once the child ends (-1 on a signal or after 20 s).
  int wait_exit() {
    for (int i = 0; i < 2000; ++i) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      ::usleep(10000);
    }
    return -1;
  }

 private:
  pid_t pid_ = -1;
  int to_child_ = -1, from_child_ = -1;
  std::string buf_;
};

json rpc(int id, const std::string& method, json params) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
}

TEST(StdioE2eTest, ScriptedClientSessionEndsCleanlyAtEof) {
  McpProcess server(stc::testing::indexed_pyweather());
  json init = server.request(rpc(1, "initialize",
                                 {{"protocolVersion", "2025-11-25"},
                                  {"capabilities", json::object()},
                                  {"clientInfo", {{"name", "script"}, {"version", "1"}}}}));
  EXPECT_EQ(init["result"]["protocolVersion"], "2025-11-25");
  ASSERT_TRUE(server.send(R"({"jsonrpc":"2.0","method":"notifications/initialized"})"));
  EXPECT_EQ(server.request(rpc(2, "tools/list", json::object()))["result"]["tools"].size(), 4u);
  const std::vector<std::pair<std::string, json>> calls = {
      {"index_status", json::object()},
      {"module_context", {{"path", "weather/client.py"}}},
      {"search_index", {{"query", "retry backoff"}}},
      {"plan_feature", {{"feature", "Add a provider for the Pirate Weather API"}}},
  };
  int id = 10;
  for (const auto& [name, args] : calls) {
    json r = server.request(rpc(id++, "tools/call", {{"name", name}, {"arguments", args}}));
    ASSERT_TRUE(r.contains("result")) << r;
    EXPECT_FALSE(r["result"]["isError"].get<bool>()) << name << ": " << r;
    EXPECT_TRUE(r["result"]["structuredContent"].is_object());
  }
  json invalid = server.request(
      rpc(20, "tools/call", {{"name", "search_index"}, {"arguments", json::object()}}));
  EXPECT_TRUE(invalid["result"]["isError"].get<bool>()) << invalid;
  EXPECT_EQ(server.request(rpc(24, "tools/call", {{"name", "nope"}}))["error"]["code"], -32602);
  EXPECT_EQ(server.request(rpc(21, "no/such", json::object()))["error"]["code"], -32601);
  ASSERT_TRUE(server.send("{this is not json"));
  EXPECT_EQ(json::parse(server.receive())["error"]["code"], -32700);
  // A 2 MiB request is refused without killing the server or being buffered.
  json huge =
      rpc(22, "tools/call",
          {{"name", "search_index"}, {"arguments", {{"query", std::string(2 << 20, 'a')}}}});
  ASSERT_TRUE(server.send(huge.dump()));
  json refused = json::parse(server.receive());
  EXPECT_EQ(refused["error"]["code"], -32600);
  EXPECT_EQ(server.request(rpc(23, "ping", json::object()))["result"], json::object());
  server.close_input();
  EXPECT_EQ(server.receive(), "");
  EXPECT_EQ(server.wait_exit(), 0);
}

TEST(StdioE2eTest, OutsideARepositoryExitsWithUsageCode) {
  stc::testing::TempDir dir;
  McpProcess server(dir.path());
  EXPECT_EQ(server.wait_exit(), 2);
}

TEST(ContextCommandTest, PrintsMarkdownAndJson) {
  const std::string repo = stc::testing::indexed_pyweather();
  std::string md;
  ASSERT_EQ(stc::testing::run_stc(
                repo, "context 'Add a provider for the Pirate Weather API' --budget 2000", &md),
            0);
  EXPECT_FALSE(md.empty());
  EXPECT_NE(md.find("weather/providers"), std::string::npos) << md;
  std::string out;
  ASSERT_EQ(stc::testing::run_stc(repo,
                                  "context 'Add a provider for the Pirate Weather API' "
                                  "--budget 2000 --format json",
                                  &out),
            0);
  json j = json::parse(out);
  EXPECT_EQ(j["budget"], 2000);
  EXPECT_LE(j["tokens"].get<int64_t>(), 2000);
  ASSERT_FALSE(j["items"].empty());
  int64_t sum = 0;
  for (const auto& item : j["items"]) sum += item["tokens"].get<int64_t>();
  EXPECT_EQ(sum, j["tokens"].get<int64_t>());
  EXPECT_TRUE(j["index"]["fresh"].get<bool>());
  EXPECT_EQ(stc::testing::run_stc(repo, "context 'x' --format yaml", &out), 2);
  EXPECT_EQ(stc::testing::run_stc(repo, "context 'x' --budget 5", &out), 2);
}

}  // namespace
}  // namespace stc::mcp
