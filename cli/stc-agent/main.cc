// stc-agent: plans (and, with an LLM, implements) a multi-file feature from
// the sleep-time index, or from the raw tree with --no-index. Wires the
// subcommands, catches once, prints one line on failure and exits with the
// code from DESIGN.md.

#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>

#include "cli/stc-agent/cli_common.h"

int main(int argc, char** argv) {
  using namespace stc;
  CLI::App app{"stc-agent: plan a multi-file feature from the sleep-time index"};
  app.set_version_flag("--version", std::string("stc-agent ") + STC_VERSION);
  app.require_subcommand(1);
  app.fallthrough();
  agent_cli::GlobalOptions global;
  app.add_option("-C", global.directory, "Run as if stc-agent was started in this directory");
  app.add_flag("-q,--quiet", global.quiet, "No progress output on stderr");
  agent_cli::Command command;
  agent_cli::register_plan(app, global, command);
  agent_cli::register_implement(app, global, command);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "stc-agent: %s; see `stc-agent --help`\n", e.what());
    return 2;
  }
  try {
    if (!command) return 0;
    const Status st = command();
    if (!st) {
      std::fprintf(stderr, "stc-agent: %s\n", st.error().message.c_str());
      return exit_code_for(st.error().code);
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stc-agent: internal error: %s\n", e.what());
    return 1;
  }
}
