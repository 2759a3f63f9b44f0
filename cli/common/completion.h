#pragma once
// Shell completion scripts generated from the CLI11 tree that also prints
// --help (and, through help2man, the man pages), so the three never drift:
// every subcommand at any depth, its options, and the values of options
// that take one of a fixed set (`--format md|json`). Other option values
// and positional arguments complete as file names.

#include <functional>
#include <string>

#include "core/result.h"

namespace CLI {
class App;
}

namespace stc::cli::common {

enum class Shell { kBash, kZsh, kFish };

/// The completion script of `app` (named `program`) for `shell`.
std::string completion_script(const CLI::App& app, const std::string& program, Shell shell);

/// Registers `PROGRAM completion bash|zsh|fish`, which prints the script for
/// the whole of `app` on stdout; the chosen command is stored in `out`.
void register_completion(CLI::App& app, const std::string& program, std::function<Status()>& out);

}  // namespace stc::cli::common
