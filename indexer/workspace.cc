#include "indexer/workspace.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "indexer/file_lock.h"
#include "indexer/store/store_check.h"

namespace stc::indexer {
namespace {

Status apply_file(Config& config, const std::string& path) {
  TRY_ASSIGN(auto pairs, git::read_config_file(path));
  for (const auto& [key, value] : pairs) TRY(apply_setting(config, key, value, path));
  return {};
}

}  // namespace

std::string user_config_path() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) {
    return std::string(xdg) + "/stc/config";
  }
  if (const char* home = std::getenv("HOME"); home && *home) {
    return std::string(home) + "/.config/stc/config";
  }
  return {};
}

Result<Workspace> open_workspace(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return fail(ErrorCode::kBadInput, "no such directory: " + dir);
  }
  TRY_ASSIGN(git::Repository repo, git::Repository::discover(dir));
  Config config = default_config();
  if (const std::string user = user_config_path(); !user.empty()) TRY(apply_file(config, user));
  TRY(apply_file(config, repo.workdir() + ".stc.conf"));
  TRY(apply_environment(config));
  std::string store = config.store_path;
  if (store.empty()) {
    store = repo.common_dir() + "stc/index.db";
  } else if (store[0] != '/') {
    store = repo.workdir() + store;
  }
  return Workspace{std::move(repo), std::move(config), store};
}

Result<store::IndexStore> open_store(const Workspace& ws, StoreAccess access) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path dir = fs::path(ws.store_path).parent_path();
  if (fs::is_directory(ws.store_path, ec)) {
    return fail(ErrorCode::kBadInput, "the index path " + ws.store_path +
                                          " is a directory, not a file: remove it, or set "
                                          "store.path (STC_STORE) to a file path");
  }
  const bool exists = fs::exists(ws.store_path, ec);
  if (!exists && access != StoreAccess::kCreate) {
    return fail(ErrorCode::kBadInput,
                "no stc index for this repository yet (" + ws.store_path + "); run `stc init`");
  }
  if (access == StoreAccess::kReadOnly) {
    TRY_ASSIGN(auto store, store::IndexStore::open(ws.store_path, store::OpenMode::kReadOnly));
    TRY(store::check_store_if_changed(store, ws.store_path));
    return store;
  }
  if (!fs::is_directory(dir, ec)) {
    fs::create_directories(dir, ec);
    if (ec) return fail(ErrorCode::kIo, "cannot create " + dir.string() + ": " + ec.message());
  }
  // Creating the file and migrating its schema happen under a lock, so
  // concurrent first commands wait for each other instead of racing.
  TRY_ASSIGN(auto lock, FileLock::open((dir / "store.lock").string()));
  if (!lock.lock()) return fail(ErrorCode::kIo, "cannot lock " + (dir / "store.lock").string());
  TRY_ASSIGN(auto store, store::IndexStore::open(ws.store_path, store::OpenMode::kReadWriteCreate));
  TRY(store::check_store_if_changed(store, ws.store_path));
  return store;
}

Result<PathScope> resolve_scope(const Workspace& ws, const std::string& start_dir,
                                const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path target = fs::path(dir).is_absolute() ? fs::path(dir) : fs::path(start_dir) / dir;
  const fs::path abs = fs::canonical(target, ec);
  if (ec || !fs::is_directory(abs, ec)) {
    return fail(ErrorCode::kBadInput, "--scope " + dir + ": not a directory");
  }
  const fs::path root = fs::canonical(ws.repo.workdir(), ec);
  if (ec) return fail(ErrorCode::kBadInput, "cannot resolve the work tree " + ws.repo.workdir());
  const fs::path rel = abs.lexically_relative(root);
  if (rel.empty() || *rel.begin() == "..") {
    return fail(ErrorCode::kBadInput,
                "--scope " + dir + ": outside the repository at " + root.string());
  }
  return PathScope::under(rel.generic_string());
}

}  // namespace stc::indexer
