// `stc-agent plan "<feature>"`: which files to change, and why.

#include <CLI/CLI.hpp>

#include "cli/common/number_option.h"
#include "cli/stc-agent/cli_common.h"

namespace stc::cli {
namespace {

struct PlanFlags {
  std::string feature;
  int64_t budget = agent::kDefaultBudget;
  bool no_index = false;
  bool json = false;
  bool explain = false;
};

Status run(const GlobalOptions& g, const PlanFlags& f) {
  const agent::Mode mode = f.no_index ? agent::Mode::kBaseline : agent::Mode::kIndex;
  TRY_ASSIGN(auto session, open_session(g, mode));
  TRY_ASSIGN(agent::Plan plan, agent::make_plan(session->env, f.feature, {mode, f.budget}));
  if (session->store) {
    if (auto st = agent::record_usage(*session->store, plan); !st && !g.quiet) {
      std::fprintf(stderr, "stc-agent: warning: could not record token usage: %s\n",
                   st.error().message.c_str());
    }
  }
  if (f.json) {
    print_json(plan_json(plan, f.explain));
  } else {
    print_plan(plan, f.explain);
  }
  return {};
}

}  // namespace

void register_plan(CLI::App& app, const GlobalOptions& g, Command& out) {
  auto flags = std::make_shared<PlanFlags>();
  auto* cmd = app.add_subcommand("plan", "Plan which files a feature touches, and why");
  cmd->add_option("feature", flags->feature, "The feature request, in words")->required();
  cmd->add_option("--budget", flags->budget, "Test-time token budget for the context")
      ->check(cli::common::whole_number(100, cli::common::kMaxBudget));
  cmd->add_flag("--no-index", flags->no_index,
                "Baseline: explore the raw tree, no sleep-time index");
  cmd->add_flag("--json", flags->json, "Print the plan as JSON on stdout");
  cmd->add_flag("--explain", flags->explain,
                "Show the evidence per file and each context item's tokens");
  cmd->callback([&g, &out, flags] { out = [&g, flags] { return run(g, *flags); }; });
}

}  // namespace stc::cli
