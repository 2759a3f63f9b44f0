#pragma once
// Output shared by the trigger commands (`stc pass`, `stc watch`, `stc hook`,
// `stc init`): pass reports and hook states as JSON or as human lines on
// stderr, and where this stc binary lives (what the hooks start).

#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "indexer/triggers/hooks.h"
#include "indexer/triggers/pass_runner.h"

namespace stc::cli {

/// {"outcome", "passes", "commit", "files_parsed", "files_cached", "commits_mined",
///  "artifacts_written", "llm_calls", "sleep_tokens", "pending", "errors",
///  "seconds", "worktree": {files_seen, files_parsed, files_cached},
///  "share": {lookups, hits, pushed, backlog, warning}}
nlohmann::json pass_json(const indexer::triggers::RunnerReport& r);

/// One line on stderr: what the pass did, or that it was coalesced.
void print_pass(const indexer::triggers::RunnerReport& r);

/// The team share's one warning of this process on stderr, if it has one.
void print_share_warning(const indexer::share::SharedCache* share);

/// [{"name", "path", "state", "mode", "binary"}] for each managed hook.
nlohmann::json hooks_json(const indexer::triggers::HookReport& report);

/// The hooks and their states, one per line on `out` (stdout for `stc hook
/// status`, whose result it is; stderr after install/uninstall).
void print_hooks(const indexer::triggers::HookReport& report, std::FILE* out);

/// The absolute path of the running stc binary (/proc/self/exe). kInternal
/// when it cannot be read.
Result<std::string> stc_binary_path();

/// True when STC_NO_HOOK=1: `stc init` leaves the hooks alone.
bool hooks_disabled();

}  // namespace stc::cli
