#pragma once
// The `stc` subcommands: their registration and what only they share. The
// plumbing of every binary (global options, progress, provider fallback,
// JSON printing) is cli/common. The only CLI11 users are main.cc and the
// cmd_*.cc files.

#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/common/cli_support.h"
#include "cli/common/print_json.h"

#include "core/config.h"
#include "core/progress.h"
#include "core/result.h"
#include "llm/provider.h"

namespace CLI {
class App;
}

namespace stc::cli {

using cli::common::Command;
using cli::common::GlobalOptions;
using cli::common::make_progress;
using cli::common::print_json;
using cli::common::provider_or_offline;

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
void register_share(CLI::App& app, const GlobalOptions& g, Command& out);
void register_worker(CLI::App& app, const GlobalOptions& g, Command& out);

/// Human-readable file count, e.g. "1,234".
std::string with_commas(int64_t n);

}  // namespace stc::cli
