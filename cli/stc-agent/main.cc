// stc-agent: plans (and, with an LLM, implements) a multi-file feature from
// the sleep-time index, or from the raw tree with --no-index. Wires the
// subcommands, catches once, prints one line on failure and exits with the
// code README.md documents (0, 1, 2).

#include <CLI/CLI.hpp>

#include "cli/common/cli_main.h"
#include "cli/common/completion.h"

#include "cli/stc-agent/cli_common.h"

int main(int argc, char** argv) {
  using namespace stc;
  CLI::App app{"stc-agent: plan a multi-file feature from the sleep-time index"};
  app.set_version_flag("--version", std::string("stc-agent ") + STC_VERSION);
  app.require_subcommand(1);
  app.option_defaults()->always_capture_default();  // --help shows every default
  app.fallthrough();
  cli::GlobalOptions global;
  app.add_option("-C", global.directory, "Run as if stc-agent was started in this directory");
  app.add_flag("-q,--quiet", global.quiet, "No progress output on stderr");
  app.add_option("--scope", global.scope,
                 "Plan only within this subtree (relative to the current directory; `.` = here); "
                 "the index stays whole")
      ->type_name("DIR");
  cli::Command command;
  cli::register_plan(app, global, command);
  cli::register_implement(app, global, command);

  cli::common::register_completion(app, "stc-agent", command);
  return cli::common::run_main(app, argc, argv, command, "stc-agent");
}
