// `stc hook install|uninstall|status`: the git hooks that start background passes.

#include <CLI/CLI.hpp>

#include "cli/stc/cli_support.h"
#include "cli/stc/trigger_output.h"
#include "indexer/triggers/hooks.h"
#include "indexer/workspace.h"

namespace stc::cli {
namespace {

enum class HookAction { kInstall, kUninstall, kStatus };

struct HookFlags {
  bool json = false;
};

Status run(const GlobalOptions& g, HookAction action, const HookFlags& f) {
  TRY_ASSIGN(auto ws, indexer::open_workspace(g.directory));
  indexer::triggers::HookReport report;
  if (action == HookAction::kInstall) {
    TRY_ASSIGN(const std::string binary, stc_binary_path());
    TRY_ASSIGN(report, indexer::triggers::install_hooks(ws.repo, binary));
  } else if (action == HookAction::kUninstall) {
    TRY_ASSIGN(report, indexer::triggers::uninstall_hooks(ws.repo));
  } else {
    TRY_ASSIGN(report, indexer::triggers::hook_status(ws.repo));
  }
  if (f.json) {
    print_json({{"dir", report.dir}, {"hooks", hooks_json(report)}});
  } else if (action == HookAction::kStatus) {
    print_hooks(report, stdout);
  } else if (!g.quiet) {
    print_hooks(report, stderr);
  }
  return {};
}

void add_action(CLI::App* hook, const GlobalOptions& g, Command& out, HookAction action,
                const char* name, const char* help) {
  auto flags = std::make_shared<HookFlags>();
  auto* cmd = hook->add_subcommand(name, help);
  cmd->add_flag("--json", flags->json, "Print the hooks' states as JSON on stdout");
  cmd->callback(
      [&g, &out, flags, action] { out = [&g, flags, action] { return run(g, action, *flags); }; });
}

}  // namespace

void register_hook(CLI::App& app, const GlobalOptions& g, Command& out) {
  auto* hook = app.add_subcommand(
      "hook",
      "Manage the git hooks (post-commit, post-merge, post-checkout, post-rewrite) "
      "that start a background pass");
  hook->require_subcommand(1);
  add_action(
      hook, g, out, HookAction::kInstall, "install",
      "Install or refresh the hooks (existing hooks keep working; core.hooksPath is respected)");
  add_action(hook, g, out, HookAction::kUninstall, "uninstall",
             "Remove the hooks and restore what was there before");
  add_action(hook, g, out, HookAction::kStatus, "status", "Show which hooks are installed");
}

}  // namespace stc::cli
