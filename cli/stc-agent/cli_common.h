#pragma once
// Shared plumbing of the `stc-agent` subcommands: global options, opening the
// workspace, index and provider an agent run needs, and printing a plan.

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/common/cli_support.h"
#include "cli/common/print_json.h"

#include "agent/agent.h"
#include "core/result.h"
#include "indexer/workspace.h"
#include "llm/provider.h"

namespace CLI {
class App;
}

namespace stc::cli {

using cli::common::Command;
using cli::common::GlobalOptions;

/// What one agent run holds open: the workspace, its index (absent with
/// --no-index when there is none) and the provider.
struct Session {
  explicit Session(indexer::Workspace w) : ws(std::move(w)) {}
  indexer::Workspace ws;
  std::optional<indexer::store::IndexStore> store;
  std::unique_ptr<llm::Provider> provider;
  agent::AgentEnv env;
};

/// Opens the workspace at `directory` for `mode`. Index mode needs an index
/// (kBadInput with a hint to run `stc init` otherwise) and plans for the
/// indexed commit, warning when HEAD moved on; the baseline plans for HEAD.
Result<std::unique_ptr<Session>> open_session(const GlobalOptions& g, agent::Mode mode);

/// The plan as README.md's JSON contract (plus "explain" when asked).
nlohmann::json plan_json(const agent::Plan& plan, bool explain);

/// Prints a plan for a person on stdout.
void print_plan(const agent::Plan& plan, bool explain);

using cli::common::print_json;

void register_plan(CLI::App& app, const GlobalOptions& g, Command& out);
void register_implement(CLI::App& app, const GlobalOptions& g, Command& out);

}  // namespace stc::cli
