#pragma once
// The effective configuration of stc for one repository.
//
// Sources, later ones winning: built-in defaults, the user file
// (~/.config/stc/config), the repository file (.stc.conf at the work-tree
// root, committable), then environment variables (STC_*). Files use git-config
// syntax:
//
//   [index]
//       maxFileSize = 2097152
//       exclude = third_party/
//       exclude = *.generated.ts
//
// Every key is a row of one table (config.cc), so adding a setting is one line.

#include <string>
#include <string_view>
#include <vector>

#include "core/glob.h"
#include "core/result.h"

namespace stc {

struct IndexConfig {
  size_t max_file_bytes = 1 << 20;
  /// Vendored or generated paths: recorded, never parsed.
  GlobSet exclude;
  /// Honour linguist-generated / linguist-vendored in the root .gitattributes.
  bool use_gitattributes = true;
  /// Parser threads; 0 means one per core.
  unsigned jobs = 0;
};

/// Which LLM serves the sleep-time passes and the agent. Empty strings mean
/// "the provider's default" (see resolved_llm). The key itself is never part
/// of the configuration: only the name of the environment variable holding it.
struct LlmConfig {
  std::string provider = "offline";  // offline | openai | anthropic
  std::string base_url;
  std::string model;
  std::string api_key_env;
  int timeout_ms = 120000;
  int connect_timeout_ms = 10000;
  int max_retries = 4;
  int max_concurrency = 2;
  int max_output_tokens = 1024;
  double temperature = 0.2;
  /// The model's context window as the server runs it (prompt + output): sleep
  /// prompts are cut to fit. Ollama serves 2048-4096 unless num_ctx is raised.
  int context_tokens = 8192;
};

struct HistoryConfig {
  /// Commits touching more files than this (mass renames, reformatting) are
  /// recorded but add no co-change counts.
  size_t max_files_per_commit = 50;
  double half_life_days = 180;
};

struct SleepConfig {
  /// LLM tokens (prompt + completion) one pass may spend; the rest stays pending.
  int64_t budget = 100000;
  /// Wall time a pass's LLM stage may take, in seconds; a call in flight is
  /// cut at the limit and units not reached stay pending.
  int max_seconds = 600;
  /// Extra secret patterns (beyond the built-in .env*, *.pem, *.key, id_*...)
  /// whose files are never sent to an LLM.
  std::vector<std::string> deny;
};

struct WatchConfig {
  int idle_seconds = 30;  // quiet time before `stc watch` runs a pass
};

/// The team share (indexer/share/): a PostgreSQL server caching blob-keyed
/// facts and artifacts for every clone of a repository, and a queue of
/// sleep work. Empty url: no share. The password never lives here: libpq
/// reads PGPASSWORD or ~/.pgpass; a url with one is refused in a file.
struct ShareConfig {
  std::string url;       // libpq connection URI (STC_SHARE_URL), e.g. postgresql://host/db
  std::string name;      // namespace name; empty: the work tree's directory name
  bool enqueue = false;  // passes publish their LLM units to the queue for `stc worker`
  int connect_timeout_s = 3;
  int statement_timeout_ms = 5000;
};

struct Config {
  IndexConfig index;
  LlmConfig llm;
  HistoryConfig history;
  SleepConfig sleep;
  WatchConfig watch;
  ShareConfig share;
  /// Explicit store path; empty means <git common dir>/stc/index.db.
  std::string store_path;
};

/// The defaults, including the built-in vendored/generated globs.
Config default_config();

/// Applies one `section.key = value` setting. Unknown keys and bad values are
/// kBadInput errors naming `origin` (a file path or variable name); so is an
/// llm.baseUrl that is not an http:// or https:// URL with a host.
Status apply_setting(Config& config, std::string_view key, std::string_view value,
                     std::string_view origin);

/// Applies STC_* environment variables (STC_STORE, STC_MAX_FILE_SIZE, STC_JOBS,
/// STC_PROVIDER, STC_BASE_URL, STC_MODEL, STC_SLEEP_BUDGET, STC_SHARE_URL).
Status apply_environment(Config& config);

/// `llm` with the chosen provider's defaults filled in where a field is empty:
///   openai:    https://api.openai.com/v1, gpt-4o-mini, OPENAI_API_KEY
///   anthropic: https://api.anthropic.com, claude-haiku-4-5, ANTHROPIC_API_KEY
/// offline is returned unchanged. Idempotent.
LlmConfig resolved_llm(const LlmConfig& llm);

/// `url` with any password (the user-info's `user:secret@`, a `password=`
/// parameter or conninfo keyword) replaced by `***`: the form that may
/// appear in messages and `stc config`.
std::string redact_url_password(std::string_view url);

/// A stable fingerprint of the settings that decide which files get indexed;
/// a change forces a full re-index.
std::string index_fingerprint(const Config& config);

/// `key = value` lines describing the effective configuration (no secrets:
/// for the API key, only the variable's name and whether it is set).
std::vector<std::string> describe(const Config& config);

}  // namespace stc
