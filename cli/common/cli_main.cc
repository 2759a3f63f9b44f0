#include "cli/common/cli_main.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <string>

namespace stc::cli::common {
namespace {

// --help shows every captured default; an empty list ("[]") says nothing.
void drop_empty_defaults(CLI::App& app) {
  for (CLI::Option* o : app.get_options()) {
    if (o->get_default_str() == "[]") o->default_str("");
  }
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    drop_empty_defaults(*sub);
  }
}

}  // namespace

int run_main(CLI::App& app, int argc, char** argv, const std::function<Status()>& command,
             const char* program) {
  drop_empty_defaults(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "%s: %s; see `%s --help`\n", program, e.what(), program);
    return 2;
  }
  try {
    if (!command) return 0;
    const Status st = command();
    if (!st) {
      std::fprintf(stderr, "%s: %s\n", program, st.error().message.c_str());
      return exit_code_for(st.error().code);
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: internal error: %s\n", program, e.what());
    return 1;
  }
}

}  // namespace stc::cli::common
