// `stc mcp`: serve the index to coding agents over the Model Context Protocol
// (JSON-RPC on stdin/stdout) until the client closes stdin.

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <csignal>

#include "cli/stc/cli_support.h"
#include "indexer/workspace.h"
#include "mcp/line_io.h"
#include "mcp/server.h"

namespace stc::cli {
namespace {

Status run(const GlobalOptions& g) {
  // Fail at once outside a repository; a missing index is reported per call.
  TRY(indexer::open_workspace(g.directory));
  std::signal(SIGPIPE, SIG_IGN);  // a vanished client becomes a write error
  mcp::Server server(mcp::ServerOptions{g.directory, STC_VERSION});
  return mcp::serve(server, STDIN_FILENO, STDOUT_FILENO, mcp::kMaxLineBytes);
}

}  // namespace

void register_mcp(CLI::App& app, const GlobalOptions& g, Command& out) {
  auto* cmd = app.add_subcommand(
      "mcp",
      "Serve the index to coding agents over MCP (stdio); see README 'Use with your coding agent'");
  cmd->callback([&g, &out] { out = [&g] { return run(g); }; });
}

}  // namespace stc::cli
