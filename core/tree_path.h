#pragma once
// Paths that a person or a model names inside a git work tree, checked
// before anything there is read or written:
//   - lexically: not empty, no NUL byte, relative, no ".." component and no
//     ".git" component (in any case: ".GIT" is the git directory on
//     case-insensitive file systems);
//   - after resolving symlinks (std::filesystem::weakly_canonical): still
//     inside the work tree (and not the tree itself) and outside the git
//     directory, so a symlink pointing elsewhere cannot be written through;
//     a dangling symlink along the path is refused, since where it would
//     lead is unknown — unless it is the file itself and points (lexically)
//     to a path inside the tree, which is then checked in its place
//     (CLAUDE.md -> AGENTS.md before AGENTS.md exists).
// Used by `stc-agent implement` (agent/edit/safe_paths.h) and by
// `stc export agents-md --file`.
//
// TreeGuard is immutable after open(); thread-safe.

#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.h"

namespace stc {

/// A checked path.
struct TreePath {
  std::string resolved;       // repository-relative after resolving symlinks
  std::filesystem::path abs;  // absolute, symlinks resolved
  bool exists = false;        // something is there now
  bool regular = false;       // ... and it is a regular file
};

/// Whether an absolute path is acceptable when it lies inside the work tree.
enum class AbsolutePaths { kRefuse, kAllowInside };

class TreeGuard {
 public:
  /// The work tree at `workdir` with its git directory `git_dir`. kIo when
  /// either cannot be resolved.
  static Result<TreeGuard> open(const std::string& workdir, const std::string& git_dir);

  /// Checks `path` (see the rules above). kBadInput whose message is only the
  /// reason ("'..' leaves the work tree"), for the caller to put after the path.
  [[nodiscard]] Result<TreePath> resolve(std::string_view path,
                                         AbsolutePaths absolute = AbsolutePaths::kRefuse) const;

  [[nodiscard]] const std::filesystem::path& root() const { return root_; }

 private:
  TreeGuard(std::filesystem::path root, std::filesystem::path git_dir);
  [[nodiscard]] Result<TreePath> resolve_at_depth(const std::string& rel, int depth) const;
  std::filesystem::path root_;
  std::filesystem::path git_dir_;
};

}  // namespace stc
