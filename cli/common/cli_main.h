#pragma once
// What every stc binary's main() does after registering its subcommands:
// parse, run the chosen subcommand, catch once, print one line on failure
// and exit with the code from DESIGN.md (0 ok, 1 failure, 2 bad usage or
// input). Also the provider fallback the binaries share.

#include <functional>
#include <memory>

#include "core/config.h"
#include "core/result.h"
#include "llm/provider.h"

namespace CLI {
class App;
}

namespace stc::cli_common {

/// Parses `argv` with `app` (whose subcommand callbacks fill `command`), runs
/// the command and returns the process exit code. `program` prefixes messages.
int run_main(CLI::App& app, int argc, char** argv, const std::function<Status()>& command,
             const char* program);

/// The provider the configuration names; when it cannot be made (a key
/// variable not set) says why on stderr (unless `quiet`) and falls back to
/// offline, so offline work still gets done.
std::unique_ptr<llm::Provider> provider_or_offline(const Config& config, bool quiet,
                                                   const char* program);

}  // namespace stc::cli_common
