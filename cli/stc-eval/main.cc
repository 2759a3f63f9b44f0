// stc-eval: mines feature tasks from git history and measures F1 of the
// agent's plans against test-time tokens, index mode against baseline. Wires
// the subcommands, catches once, prints one line on failure and exits with
// the code from DESIGN.md.

#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>

#include "cli/stc-eval/cli_common.h"

int main(int argc, char** argv) {
  using namespace stc;
  CLI::App app{"stc-eval: F1 against test-time tokens on feature tasks mined from git history"};
  app.set_version_flag("--version", std::string("stc-eval ") + STC_VERSION);
  app.require_subcommand(1);
  app.fallthrough();
  eval_cli::GlobalOptions global;
  app.add_flag("-q,--quiet", global.quiet, "No progress output on stderr");
  eval_cli::Command command;
  eval_cli::register_mine(app, global, command);
  eval_cli::register_run(app, global, command);
  eval_cli::register_report(app, global, command);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "stc-eval: %s; see `stc-eval --help`\n", e.what());
    return 2;
  }
  try {
    if (!command) return 0;
    const Status st = command();
    if (!st) {
      std::fprintf(stderr, "stc-eval: %s\n", st.error().message.c_str());
      return exit_code_for(st.error().code);
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stc-eval: internal error: %s\n", e.what());
    return 1;
  }
}
