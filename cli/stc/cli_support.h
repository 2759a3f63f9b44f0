#pragma once
// Shared plumbing of the `stc` subcommands: global options, the terminal
// progress bar, JSON printing and the error line. The only CLI11 users are
// main.cc and the cmd_*.cc files.

#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/common/print_json.h"

#include "core/config.h"
#include "core/progress.h"
#include "core/result.h"
#include "llm/provider.h"

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
void register_pass(CLI::App& app, const GlobalOptions& g, Command& out);
void register_hook(CLI::App& app, const GlobalOptions& g, Command& out);
void register_watch(CLI::App& app, const GlobalOptions& g, Command& out);
void register_config(CLI::App& app, const GlobalOptions& g, Command& out);
void register_context(CLI::App& app, const GlobalOptions& g, Command& out);
void register_export(CLI::App& app, const GlobalOptions& g, Command& out);
void register_mcp(CLI::App& app, const GlobalOptions& g, Command& out);
void register_report(CLI::App& app, const GlobalOptions& g, Command& out);

/// The LLM provider the configuration names. When it cannot be made (a key
/// variable not set), says why on stderr and falls back to offline, so a
/// pass still does all of its offline work.
std::unique_ptr<llm::Provider> configured_provider(const Config& config, bool quiet);

/// A progress bar on stderr when it is a terminal (and not `quiet`); silent otherwise.
std::unique_ptr<Progress> make_progress(bool quiet);

using cli_common::print_json;

/// Human-readable file count, e.g. "1,234".
std::string with_commas(int64_t n);

}  // namespace stc::cli
