#pragma once
// Where edits may go. Every path a plan or a model names is checked before
// anything is read or written:
//   - the rules of core/tree_path.h: relative, no ".." or ".git" component
//     (any case), and after resolving symlinks still inside the work tree and
//     outside the git directory;
//   - an existing target is a regular file;
//   - unless forced, the file has no uncommitted changes (modified, staged or
//     untracked), so an edit never overwrites work that git could not restore.
//
// SafeTree is immutable after open(); thread-safe.

#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/tree_path.h"

namespace stc::agent::edit {

/// A checked destination.
struct Target {
  std::string path;           // as named (repository-relative)
  std::string resolved;       // repository-relative after resolving symlinks
  std::filesystem::path abs;  // absolute, symlinks resolved: where to read and write
  bool exists = false;        // a regular file is there now
};

class SafeTree {
 public:
  /// The work tree at `workdir` with its git directory `git_dir`. kIo when
  /// either cannot be resolved.
  static Result<SafeTree> open(const std::string& workdir, const std::string& git_dir);

  /// Checks `rel` (see the rules above). Errors (kBadInput, naming the path
  /// and the rule): empty, absolute, "..", ".git", resolves outside the
  /// tree or into the git directory, or exists but is not a regular file.
  [[nodiscard]] Result<Target> resolve(std::string_view rel) const;

  [[nodiscard]] const std::filesystem::path& root() const { return guard_.root(); }

 private:
  explicit SafeTree(TreeGuard guard) : guard_(std::move(guard)) {}
  TreeGuard guard_;
};

/// A path the plan or the model named that may not be edited, and why.
struct Refusal {
  std::string path;    // as named
  std::string reason;  // e.g. "'..' leaves the work tree"
};

/// Every path of `paths` that `tree` refuses, in order. Duplicates are named once.
std::vector<Refusal> refused_paths(const SafeTree& tree, const std::vector<std::string>& paths);

/// "refusing to edit paths outside the work tree: ../x (reason), ...; nothing was
/// written" — one line naming every refusal.
std::string refusal_message(const std::vector<Refusal>& refusals);

/// Repository-relative paths of work-tree files with uncommitted changes
/// (git status: modified, staged, untracked). kBadInput/kInternal from libgit2.
Result<std::set<std::string>> uncommitted_paths(const std::string& git_dir);

/// kBadInput naming every target in `dirty` ("... has uncommitted changes;
/// commit or stash them, or pass --force"); success when none is.
Status check_committed(const std::vector<Target>& targets, const std::set<std::string>& dirty);

}  // namespace stc::agent::edit
