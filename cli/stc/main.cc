// stc: the sleep-time index of a git repository. Wires subcommands, catches
// once, prints one line on failure and exits with the code from DESIGN.md.

#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>

#include "cli/stc/cli_support.h"

int main(int argc, char** argv) {
  using namespace stc;
  CLI::App app{"stc: sleep-time compute for coding agents (structural index of a git repository)"};
  app.set_version_flag("--version", std::string("stc ") + STC_VERSION);
  app.require_subcommand(1);
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

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "stc: %s; see `stc --help`\n", e.what());
    return 2;
  }
  try {
    if (!command) return 0;
    const Status st = command();
    if (!st) {
      std::fprintf(stderr, "stc: %s\n", st.error().message.c_str());
      return exit_code_for(st.error().code);
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stc: internal error: %s\n", e.what());
    return 1;
  }
}
