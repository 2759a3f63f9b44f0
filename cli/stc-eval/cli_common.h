#pragma once
// The `stc-eval` subcommands; their plumbing (global options, progress
// lines on stderr, JSON printing) is cli/common.

#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/common/cli_support.h"
#include "cli/common/print_json.h"

#include "core/progress.h"
#include "core/result.h"

namespace CLI {
class App;
}

namespace stc::cli {

using cli::common::Command;
using cli::common::GlobalOptions;  // only -q (quiet) is registered

void register_mine(CLI::App& app, const GlobalOptions& g, Command& out);
void register_run(CLI::App& app, const GlobalOptions& g, Command& out);
void register_report(CLI::App& app, const GlobalOptions& g, Command& out);
void register_fit(CLI::App& app, const GlobalOptions& g, Command& out);

using cli::common::print_json;

}  // namespace stc::cli
