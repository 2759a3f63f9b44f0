// stc-eval: mines feature tasks from git history and measures F1 of the
// agent's plans against test-time tokens, index mode against baseline. Wires
// the subcommands, catches once, prints one line on failure and exits with
// the code README.md documents (0, 1, 2).

#include <CLI/CLI.hpp>

#include "cli/common/cli_main.h"
#include "cli/common/completion.h"

#include "cli/stc-eval/cli_common.h"

int main(int argc, char** argv) {
  using namespace stc;
  CLI::App app{"stc-eval: F1 against test-time tokens on feature tasks mined from git history"};
  app.set_version_flag("--version", std::string("stc-eval ") + STC_VERSION);
  app.require_subcommand(1);
  app.option_defaults()->always_capture_default();  // --help shows every default
  app.fallthrough();
  cli::GlobalOptions global;
  app.add_flag("-q,--quiet", global.quiet, "No progress output on stderr");
  cli::Command command;
  cli::register_mine(app, global, command);
  cli::register_run(app, global, command);
  cli::register_report(app, global, command);
  cli::register_fit(app, global, command);

  cli::common::register_completion(app, "stc-eval", command);
  return cli::common::run_main(app, argc, argv, command, "stc-eval");
}
