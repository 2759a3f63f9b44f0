#include "indexer/git/worktree_status.h"

#include "indexer/git/libgit2_util.h"

#include <algorithm>
#include <cstring>
#include <mutex>

namespace stc::indexer::git {
namespace {

using detail::ConfigPtr;
using detail::ensure_init;
using detail::last_error;
using detail::RepoPtr;
using StatusPtr = detail::Handle<git_status_list, git_status_list_free>;

constexpr unsigned kChangedFlags = GIT_STATUS_INDEX_NEW | GIT_STATUS_INDEX_MODIFIED |
                                   GIT_STATUS_INDEX_RENAMED | GIT_STATUS_INDEX_TYPECHANGE |
                                   GIT_STATUS_WT_NEW | GIT_STATUS_WT_MODIFIED |
                                   GIT_STATUS_WT_RENAMED | GIT_STATUS_WT_TYPECHANGE;
constexpr unsigned kGoneFlags = GIT_STATUS_WT_DELETED | GIT_STATUS_IGNORED;

// The work-tree path of a status entry (the new side of a rename).
const char* entry_path(const git_status_entry* e) {
  if (e->index_to_workdir && e->index_to_workdir->new_file.path) {
    return e->index_to_workdir->new_file.path;
  }
  if (e->head_to_index && e->head_to_index->new_file.path) return e->head_to_index->new_file.path;
  return nullptr;
}

}  // namespace

struct WorktreeStatus::Impl {
  RepoPtr repo;
};

WorktreeStatus::WorktreeStatus(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
WorktreeStatus::WorktreeStatus(WorktreeStatus&&) noexcept = default;
WorktreeStatus& WorktreeStatus::operator=(WorktreeStatus&&) noexcept = default;
WorktreeStatus::~WorktreeStatus() = default;

Result<WorktreeStatus> WorktreeStatus::open(const std::string& git_dir) {
  ensure_init();
  git_repository* raw = nullptr;
  if (git_repository_open(&raw, git_dir.c_str()) != 0) {
    return fail(ErrorCode::kBadInput, "cannot open repository " + git_dir + ": " + last_error());
  }
  auto impl = std::make_unique<Impl>();
  impl->repo.reset(raw);
  if (git_repository_is_bare(raw)) {
    return fail(ErrorCode::kBadInput, "bare repository at " + git_dir + " has no work tree");
  }
  return WorktreeStatus(std::move(impl));
}

std::string WorktreeStatus::workdir() const {
  std::string s = git_repository_workdir(impl_->repo.get());
  if (!s.empty() && s.back() != '/') s.push_back('/');
  return s;
}

Result<std::vector<std::string>> WorktreeStatus::changed_files() const {
  git_status_options opts = GIT_STATUS_OPTIONS_INIT;
  opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
  opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
               GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
  git_status_list* raw = nullptr;
  if (git_status_list_new(&raw, impl_->repo.get(), &opts) != 0) {
    return fail(ErrorCode::kInternal, "cannot read the work-tree status: " + last_error());
  }
  StatusPtr list(raw);
  std::vector<std::string> out;
  const size_t n = git_status_list_entrycount(list.get());
  for (size_t i = 0; i < n; ++i) {
    const git_status_entry* e = git_status_byindex(list.get(), i);
    if (!e || (e->status & kGoneFlags) || !(e->status & kChangedFlags)) continue;
    if (const char* path = entry_path(e)) out.emplace_back(path);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool WorktreeStatus::is_ignored(std::string_view rel_path) const {
  int ignored = 0;
  const std::string path(rel_path);
  if (git_ignore_path_is_ignored(&ignored, impl_->repo.get(), path.c_str()) != 0) return false;
  return ignored == 1;
}

Result<std::optional<std::string>> WorktreeStatus::config_value(std::string_view key,
                                                                ConfigKind kind) const {
  git_config* raw = nullptr;
  if (git_repository_config_snapshot(&raw, impl_->repo.get()) != 0) {
    return fail(ErrorCode::kInternal, "cannot read the git configuration: " + last_error());
  }
  ConfigPtr cfg(raw);
  const std::string name(key);
  git_buf buf = GIT_BUF_INIT;
  const int rc = kind == ConfigKind::kPath
                     ? git_config_get_path(&buf, cfg.get(), name.c_str())
                     : git_config_get_string_buf(&buf, cfg.get(), name.c_str());
  if (rc == GIT_ENOTFOUND) return std::nullopt;
  if (rc != 0) {
    return fail(ErrorCode::kInternal, "cannot read git config " + name + ": " + last_error());
  }
  std::string value(buf.ptr ? buf.ptr : "", buf.size);
  git_buf_dispose(&buf);
  return value;
}

Oid hash_blob(std::string_view content) {
  ensure_init();
  git_oid id;
  const int rc = git_odb_hash(&id, content.data(), content.size(), GIT_OBJECT_BLOB);
  (void)rc;  // hashing in memory cannot fail for a valid object type
  Oid out;
  std::memcpy(out.bytes.data(), id.id, out.bytes.size());
  return out;
}

}  // namespace stc::indexer::git
