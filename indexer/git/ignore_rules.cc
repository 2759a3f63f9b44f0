// How the isolation works: the rules go into the *internal* rule list of a
// repository object that has no git directory and no work tree
// (git_repository_new), so libgit2 finds no .gitignore files and no
// info/exclude. Its configuration is a one-key in-memory backend that sets
// core.excludesFile to /dev/null, which keeps libgit2 from falling back to
// the user's ~/.config/git/ignore. git_ignore_path_is_ignored then walks the
// path's parent directories exactly as `git check-ignore` does.

#include "indexer/git/ignore_rules.h"

#include <git2/sys/config.h>
#include <git2/sys/repository.h>

#include <cstdlib>
#include <cstring>

#include "core/text.h"
#include "indexer/git/libgit2_util.h"

namespace stc::indexer::git {
namespace {

using detail::ConfigPtr;
using detail::RepoPtr;

constexpr const char* kExcludesKey = "core.excludesfile";
constexpr const char* kNoExcludes = "/dev/null";

void free_entry(git_config_entry* e) { std::free(e); }

// The in-memory backend: one key, read-only, its own snapshot.
int backend_open(git_config_backend*, git_config_level_t, const git_repository*) { return 0; }

int backend_get(git_config_backend*, const char* key, git_config_entry** out) {
  if (std::strcmp(key, kExcludesKey) != 0) return GIT_ENOTFOUND;
  auto* e = static_cast<git_config_entry*>(std::calloc(1, sizeof(git_config_entry)));
  if (!e) return -1;
  e->name = kExcludesKey;
  e->value = kNoExcludes;
  e->level = GIT_CONFIG_LEVEL_APP;
  e->free = free_entry;
  *out = e;
  return 0;
}

int backend_read_only(git_config_backend*, const char*, const char*) { return GIT_ERROR; }
int backend_multivar_read_only(git_config_backend*, const char*, const char*, const char*) {
  return GIT_ERROR;
}
int backend_del_read_only(git_config_backend*, const char*) { return GIT_ERROR; }
int backend_del_multivar_read_only(git_config_backend*, const char*, const char*) {
  return GIT_ERROR;
}

int iterator_next(git_config_entry**, git_config_iterator*) { return GIT_ITEROVER; }
void iterator_free(git_config_iterator* it) { std::free(it); }

int backend_iterator(git_config_iterator** out, git_config_backend*) {
  auto* it = static_cast<git_config_iterator*>(std::calloc(1, sizeof(git_config_iterator)));
  if (!it) return -1;
  it->next = iterator_next;
  it->free = iterator_free;
  *out = it;
  return 0;
}

int backend_lock(git_config_backend*) { return 0; }
int backend_unlock(git_config_backend*, int) { return 0; }
void backend_free(git_config_backend* b) { std::free(b); }

git_config_backend* make_backend();

int backend_snapshot(git_config_backend** out, git_config_backend*) {
  *out = make_backend();
  return *out ? 0 : -1;
}

git_config_backend* make_backend() {
  auto* b = static_cast<git_config_backend*>(std::calloc(1, sizeof(git_config_backend)));
  if (!b) return nullptr;
  git_config_init_backend(b, GIT_CONFIG_BACKEND_VERSION);
  b->readonly = 1;
  b->open = backend_open;
  b->get = backend_get;
  b->set = backend_read_only;
  b->set_multivar = backend_multivar_read_only;
  b->del = backend_del_read_only;
  b->del_multivar = backend_del_multivar_read_only;
  b->iterator = backend_iterator;
  b->snapshot = backend_snapshot;
  b->lock = backend_lock;
  b->unlock = backend_unlock;
  b->free = backend_free;
  return b;
}

bool has_pattern(std::string_view text) {
  for (auto line : stc::split(text, '\n')) {
    line = stc::trim(line);
    if (!line.empty() && line[0] != '#') return true;
  }
  return false;
}

}  // namespace

struct IgnoreRules::Impl {
  RepoPtr repo;
  bool empty = true;
};

IgnoreRules::IgnoreRules() : impl_(std::make_unique<Impl>()) {}
IgnoreRules::IgnoreRules(IgnoreRules&&) noexcept = default;
IgnoreRules& IgnoreRules::operator=(IgnoreRules&&) noexcept = default;
IgnoreRules::~IgnoreRules() = default;

Result<IgnoreRules> IgnoreRules::parse(std::string_view text) {
  IgnoreRules rules;
  if (!has_pattern(text)) return rules;
  detail::ensure_init();
  git_repository* raw = nullptr;
  if (git_repository_new(&raw) != 0) {
    return tl::unexpected(detail::git_error(ErrorCode::kInternal, "ignore rules"));
  }
  RepoPtr repo(raw);
  git_config* cfg_raw = nullptr;
  if (git_config_new(&cfg_raw) != 0) {
    return tl::unexpected(detail::git_error(ErrorCode::kInternal, "ignore rules config"));
  }
  ConfigPtr cfg(cfg_raw);
  git_config_backend* backend = make_backend();
  if (!backend || git_config_add_backend(cfg.get(), backend, GIT_CONFIG_LEVEL_APP, nullptr, 0)) {
    if (backend) backend->free(backend);
    return tl::unexpected(detail::git_error(ErrorCode::kInternal, "ignore rules config"));
  }
  git_repository_set_config(repo.get(), cfg.get());  // the repository takes a reference
  const std::string copy(text);
  if (git_ignore_add_rule(repo.get(), copy.c_str()) != 0) {
    return tl::unexpected(detail::git_error(ErrorCode::kInternal, "ignore rules"));
  }
  rules.impl_->repo = std::move(repo);
  rules.impl_->empty = false;
  return rules;
}

bool IgnoreRules::empty() const { return impl_->empty; }

bool IgnoreRules::ignores(std::string_view path) const {
  if (impl_->empty || path.empty()) return false;
  int ignored = 0;
  const std::string p(path);
  if (git_ignore_path_is_ignored(&ignored, impl_->repo.get(), p.c_str()) != 0) return false;
  return ignored == 1;
}

}  // namespace stc::indexer::git
