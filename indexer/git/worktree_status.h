#pragma once
// The work tree as libgit2 sees it: which files differ from HEAD, which paths
// are ignored, and repository configuration values. Used by the triggers
// (hook installation, the watcher) and by work-tree pre-parsing. Like
// repository.h, the .cc is one of the few files that include <git2.h>.
//
// A WorktreeStatus owns its own libgit2 handle (opened from a git dir) and is
// not thread-safe; open one per thread.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "indexer/git/repository.h"

namespace stc::indexer::git {

/// How a configuration value is read: verbatim, or as a path (`~/` expanded).
enum class ConfigKind { kString, kPath };

class WorktreeStatus {
 public:
  /// Opens the repository at `git_dir` (Repository::git_dir()). kBadInput when
  /// it is not a repository; kBadInput for a bare repository (no work tree).
  static Result<WorktreeStatus> open(const std::string& git_dir);

  WorktreeStatus(WorktreeStatus&&) noexcept;
  WorktreeStatus& operator=(WorktreeStatus&&) noexcept;
  ~WorktreeStatus();

  [[nodiscard]] std::string workdir() const;  // with trailing '/'

  /// Work-tree files (repository-relative) whose content differs from HEAD:
  /// modified, added (staged or not), renamed-to, type-changed and untracked
  /// files, recursing into untracked directories; never ignored or deleted
  /// files, never submodules. Sorted by path. kInternal on a libgit2 failure.
  [[nodiscard]] Result<std::vector<std::string>> changed_files() const;

  /// True when `rel_path` (relative to the work tree, a file or a directory)
  /// is ignored by .gitignore, .git/info/exclude or core.excludesFile.
  /// Unreadable ignore rules count as "not ignored".
  [[nodiscard]] bool is_ignored(std::string_view rel_path) const;

  /// A configuration value from the repository's effective configuration
  /// (system, global, repository); nullopt when unset. kInternal on a
  /// libgit2 failure.
  [[nodiscard]] Result<std::optional<std::string>> config_value(std::string_view key,
                                                                ConfigKind kind) const;

 private:
  struct Impl;
  explicit WorktreeStatus(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// The id git gives a blob with this content (`git hash-object`): the id the
/// file will have once committed, without writing to the object database.
Oid hash_blob(std::string_view content);

}  // namespace stc::indexer::git
