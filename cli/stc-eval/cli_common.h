#pragma once
// Shared plumbing of the `stc-eval` subcommands: global options, progress
// lines on stderr, JSON printing.

#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/common/print_json.h"

#include "core/progress.h"
#include "core/result.h"

namespace CLI {
class App;
}

namespace stc::eval_cli {

struct GlobalOptions {
  bool quiet = false;  // -q: no progress on stderr
};

/// A subcommand's work; set by the subcommand's callback, run by main().
using Command = std::function<Status()>;

void register_mine(CLI::App& app, const GlobalOptions& g, Command& out);
void register_run(CLI::App& app, const GlobalOptions& g, Command& out);
void register_report(CLI::App& app, const GlobalOptions& g, Command& out);

/// Progress on stderr: one line per phase when it finishes (or a live bar on a terminal).
std::unique_ptr<Progress> make_progress(bool quiet);

using cli_common::print_json;

}  // namespace stc::eval_cli
