#pragma once
// Shared plumbing of the `stc` subcommands: global options, the terminal
// progress bar, JSON printing and the error line. The only CLI11 users are
// main.cc and the cmd_*.cc files.

#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "core/progress.h"
#include "core/result.h"

namespace CLI {
class App;
}

namespace stc::cli {

struct GlobalOptions {
  std::string directory = ".";  // -C DIR
  bool quiet = false;
};

/// A subcommand's work; set by the subcommand's callback, run by main().
using Command = std::function<Status()>;

/// Registers each subcommand on `app`; the chosen one stores its work in `out`.
void register_index(CLI::App& app, const GlobalOptions& g, Command& out);
void register_init(CLI::App& app, const GlobalOptions& g, Command& out);
void register_status(CLI::App& app, const GlobalOptions& g, Command& out);
void register_show(CLI::App& app, const GlobalOptions& g, Command& out);
void register_search(CLI::App& app, const GlobalOptions& g, Command& out);

/// A progress bar on stderr when it is a terminal (and not `quiet`); silent otherwise.
std::unique_ptr<Progress> make_progress(bool quiet);

/// Prints JSON to stdout, one document per call.
void print_json(const nlohmann::json& j);

/// Human-readable file count, e.g. "1,234".
std::string with_commas(int64_t n);

}  // namespace stc::cli
