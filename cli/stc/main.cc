// stc: the sleep-time index of a git repository. Wires subcommands, catches
// once, prints one line on failure and exits with the code README.md documents (0, 1, 2).

#include <CLI/CLI.hpp>

#include "cli/common/cli_main.h"
#include "cli/common/completion.h"

#include "cli/stc/cli_support.h"

int main(int argc, char** argv) {
  using namespace stc;
  CLI::App app{"stc: sleep-time compute for coding agents (structural index of a git repository)"};
  app.set_version_flag("--version", std::string("stc ") + STC_VERSION);
  app.require_subcommand(1);
  app.option_defaults()->always_capture_default();  // --help shows every default
  app.fallthrough();  // global flags (-C, -q) may also follow the subcommand
  cli::GlobalOptions global;
  app.add_option("-C", global.directory, "Run as if stc was started in this directory");
  app.add_flag("-q,--quiet", global.quiet, "No progress output on stderr");
  cli::Command command;
  cli::register_init(app, global, command);
  cli::register_index(app, global, command);
  cli::register_status(app, global, command);
  cli::register_show(app, global, command);
  cli::register_search(app, global, command);
  cli::register_pass(app, global, command);
  cli::register_hook(app, global, command);
  cli::register_watch(app, global, command);
  cli::register_config(app, global, command);
  cli::register_context(app, global, command);
  cli::register_export(app, global, command);
  cli::register_mcp(app, global, command);
  cli::register_report(app, global, command);
  cli::register_share(app, global, command);
  cli::register_worker(app, global, command);

  cli::common::register_completion(app, "stc", command);
  return cli::common::run_main(app, argc, argv, command, "stc");
}
