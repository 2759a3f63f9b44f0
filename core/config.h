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

struct Config {
  IndexConfig index;
  /// Explicit store path; empty means <git common dir>/stc/index.db.
  std::string store_path;
};

/// The defaults, including the built-in vendored/generated globs.
Config default_config();

/// Applies one `section.key = value` setting. Unknown keys and bad values are
/// kBadInput errors naming `origin` (a file path or variable name).
Status apply_setting(Config& config, std::string_view key, std::string_view value,
                     std::string_view origin);

/// Applies STC_* environment variables (STC_STORE, STC_MAX_FILE_SIZE, STC_JOBS).
Status apply_environment(Config& config);

/// A stable fingerprint of the settings that decide which files get indexed;
/// a change forces a full re-index.
std::string index_fingerprint(const Config& config);

/// `key = value` lines describing the effective configuration (no secrets).
std::vector<std::string> describe(const Config& config);

}  // namespace stc
