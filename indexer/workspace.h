#pragma once
// A Workspace ties together what every stc command needs: the repository
// (discovered from a directory), the effective configuration and where the
// index lives.

#include <string>

#include "core/config.h"
#include "core/path_scope.h"
#include "core/result.h"
#include "indexer/git/repository.h"
#include "indexer/store/index_store.h"

namespace stc::indexer {

struct Workspace {
  git::Repository repo;
  Config config;
  std::string store_path;  // absolute path of index.db
};

/// Discovers the repository containing `dir` and loads the configuration:
/// defaults, then ~/.config/stc/config ($XDG_CONFIG_HOME honoured), then
/// <work tree>/.stc.conf, then STC_* environment variables. kBadInput for a
/// directory outside a repository, a bare repository or a bad config file.
Result<Workspace> open_workspace(const std::string& dir);

enum class StoreAccess { kCreate, kExisting, kReadOnly };

/// Opens the workspace's index. kCreate makes the store directory and file;
/// kExisting / kReadOnly fail with kBadInput and a hint to run `stc init`
/// when there is no index yet. Writers create and migrate the store under
/// `<store dir>/store.lock`, so concurrent first commands do not race. Every
/// open checks the schema's tables and, when the main file changed since
/// it was last found sound, runs `PRAGMA quick_check` (store_check.h).
/// kBadInput naming the path when it is a directory or the store is damaged.
Result<store::IndexStore> open_store(const Workspace& ws, StoreAccess access);

/// The scope `--scope DIR` names: DIR is relative to `start_dir` (where the
/// command runs, after -C), so `--scope .` in a subdirectory means that
/// subdirectory. kBadInput when DIR is not a directory inside the work tree.
Result<PathScope> resolve_scope(const Workspace& ws, const std::string& start_dir,
                                const std::string& dir);

/// The user configuration file path (may not exist).
std::string user_config_path();

}  // namespace stc::indexer
