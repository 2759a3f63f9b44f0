#pragma once
// Git hooks that start a background sleep-time pass: post-commit, post-merge
// (pulls), post-checkout (branch switches only) and post-rewrite (rebase,
// amend).
//
// The hook body returns in milliseconds: it starts
//   setsid nice -n 10 <stc> -C <work tree> -q pass --trigger hook
// detached, with stdin/stdout/stderr on /dev/null, and never changes the
// hook's exit status (a missing stc binary is silently skipped, and
// STC_NO_HOOK=1 in git's environment skips the pass). Everything stc adds
// sits between the lines `# >>> stc >>>` and `# <<< stc <<<`.
//
// Existing hooks keep working:
//   - no hook: stc creates a `#!/bin/sh` script (mode kCreated);
//   - an executable shell script (sh, bash, dash, ksh, zsh, ash): stc's block
//     is inserted right after the `#!` line (kInserted), so a script that
//     ends with `exit` still triggers the pass;
//   - anything else (another interpreter, a binary, a symlink, a disabled
//     non-executable file): it is renamed to `<hook>.stc-chained` and stc's
//     script execs it with the same arguments and stdin (kChained).
// Installing twice equals installing once (the block is rewritten in
// place); uninstalling restores the previous file byte for byte.
//
// The hooks directory is core.hooksPath when set (relative to the work
// tree), else `<common git dir>/hooks`.

#include <string>
#include <vector>

#include "core/result.h"
#include "indexer/git/repository.h"

namespace stc::indexer::triggers {

/// The hooks stc manages, in installation order.
const std::vector<std::string>& hook_names();

enum class HookState {
  kAbsent,     // no hook file
  kForeign,    // a hook without stc's block
  kInstalled,  // stc's block is present
};
const char* to_string(HookState state);

enum class HookMode {
  kNone,      // not installed
  kCreated,   // stc created the file
  kInserted,  // stc's block sits at the top of the user's shell script
  kChained,   // the user's hook is <hook>.stc-chained, exec'd by stc's script
};
const char* to_string(HookMode mode);

struct HookInfo {
  std::string name;  // post-commit, ...
  std::string path;  // absolute path of the hook file
  HookState state = HookState::kAbsent;
  HookMode mode = HookMode::kNone;
  std::string binary;  // the stc binary the hook starts (installed hooks)
};

struct HookReport {
  std::string dir;  // the hooks directory
  std::vector<HookInfo> hooks;
};

/// The hooks directory (see above). kInternal when the configuration cannot be read.
Result<std::string> hooks_dir(const git::Repository& repo);

/// Installs (or refreshes) every hook to start `stc_binary` (an absolute
/// path; the hook falls back to `stc` on PATH when it is gone). kIo when a
/// hook file cannot be written, or when `<hook>.stc-chained` already exists
/// beside a hook stc did not install (a leftover to sort out by hand).
Result<HookReport> install_hooks(const git::Repository& repo, const std::string& stc_binary);

/// Removes stc's hooks and restores what was there before. kBadInput when
/// stc's block in a hook was damaged by hand (its end marker is missing).
Result<HookReport> uninstall_hooks(const git::Repository& repo);

/// What is installed, without changing anything.
Result<HookReport> hook_status(const git::Repository& repo);

}  // namespace stc::indexer::triggers
