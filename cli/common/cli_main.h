#pragma once
// What every stc binary's main() does after registering its subcommands:
// parse, run the chosen subcommand, catch once, print one line on failure
// and exit with the code README.md documents (0 ok, 1 failure, 2 bad usage or
// input). The rest the binaries share is cli_support.h.

#include <functional>

#include "core/result.h"

namespace CLI {
class App;
}

namespace stc::cli::common {

/// Parses `argv` with `app` (whose subcommand callbacks fill `command`), runs
/// the command and returns the process exit code. `program` prefixes messages.
int run_main(CLI::App& app, int argc, char** argv, const std::function<Status()>& command,
             const char* program);

}  // namespace stc::cli::common
