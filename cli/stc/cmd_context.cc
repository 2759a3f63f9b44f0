// `stc context "<feature>"`: the context pack the agent would plan from,
// printed as Markdown (pipe it into aider, paste it into a chat) or JSON.

#include <CLI/CLI.hpp>

#include <cstdio>

#include "agent/agent.h"
#include "cli/common/number_option.h"
#include "cli/stc/cli_support.h"
#include "core/text.h"
#include "indexer/views/view_json.h"
#include "mcp/repo_session.h"

namespace stc::cli {
namespace {

struct ContextFlags {
  std::string feature;
  int64_t budget = agent::kDefaultBudget;
  std::string format = "md";
  std::string scope;
  bool json = false;
};

nlohmann::json pack_json(const ContextFlags& f, const agent::ContextPack& pack,
                         const indexer::Freshness& freshness) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : pack.items) {
    items.push_back({{"kind", item.kind},
                     {"path", stc::escape_path(item.path)},
                     {"text", item.text},
                     {"tokens", item.tokens}});
  }
  return {{"feature", f.feature},
          {"budget", pack.budget},
          {"tokens", pack.tokens},
          {"items", items},
          {"index", indexer::freshness_json(freshness)}};
}

Status run(const GlobalOptions& g, const ContextFlags& f) {
  TRY_ASSIGN(auto session, mcp::open_repo_session(g.directory));
  const std::string warning = indexer::staleness_warning(session->freshness);
  if (!warning.empty() && !g.quiet) std::fprintf(stderr, "stc: warning: %s\n", warning.c_str());
  auto provider = llm::offline_provider(session->ws.config.llm);
  if (!provider) return fail(ErrorCode::kInternal, "cannot make the offline provider");
  TRY_ASSIGN(auto env, mcp::index_env(*session, *provider));
  if (!f.scope.empty()) {
    TRY_ASSIGN(env.scope, indexer::resolve_scope(session->ws, g.directory, f.scope));
  }
  TRY_ASSIGN(auto pack, agent::build_context(env, f.feature, f.budget));
  if (f.json || f.format == "json") {
    print_json(pack_json(f, pack, session->freshness));
  } else {
    std::fputs(agent::render_markdown(pack).c_str(), stdout);
  }
  return {};
}

}  // namespace

void register_context(CLI::App& app, const GlobalOptions& g, Command& out) {
  auto flags = std::make_shared<ContextFlags>();
  auto* cmd = app.add_subcommand(
      "context", "Print the index context an agent would plan a feature from (Markdown or JSON)");
  cmd->add_option("feature", flags->feature, "The feature request, in plain words")->required();
  cmd->add_option("--budget", flags->budget, "Most tokens of context")
      ->check(cli::common::whole_number(100, cli::common::kMaxBudget));
  cmd->add_option("--format", flags->format, "md (default) or json")
      ->check(CLI::IsMember({"md", "json"}));
  cmd->add_option("--scope", flags->scope,
                  "Only files under this directory (relative to the current directory)")
      ->type_name("DIR");
  cmd->add_flag("--json", flags->json, "Same as --format json");
  cmd->callback([&g, &out, flags] { out = [&g, flags] { return run(g, *flags); }; });
}

}  // namespace stc::cli
