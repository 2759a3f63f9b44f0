#pragma once
// Read-only access to a git repository: the only code in stc that includes
// <git2.h>. Everything stc indexes comes from the object database (trees and
// blobs of a commit), never from the work tree, so an index always matches a
// commit exactly.
//
// A Repository is not thread-safe; each worker thread opens its own with
// Repository::open(git_dir()). Opening is cheap.

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace stc::indexer::git {

/// A git object id (SHA-1).
struct Oid {
  std::array<uint8_t, 20> bytes{};

  [[nodiscard]] std::string hex() const;
  /// Parses 40 hex digits; kBadInput otherwise.
  static Result<Oid> from_hex(std::string_view hex);
  [[nodiscard]] bool is_zero() const;
  friend bool operator==(const Oid&, const Oid&) = default;
};

struct OidHash {
  size_t operator()(const Oid& oid) const noexcept;
};

enum class EntryKind { kFile, kExecutable, kSymlink, kSubmodule };

/// One file of a commit's tree.
struct TreeEntry {
  std::string path;  // repository-relative, '/'-separated
  Oid oid;           // blob id (commit id for submodules)
  EntryKind kind = EntryKind::kFile;
};

/// A path whose content differs between two trees.
struct Change {
  enum class Kind { kAdded, kDeleted, kModified };
  Kind kind = Kind::kModified;
  std::string path;
  Oid old_oid;
  Oid new_oid;
  EntryKind new_kind = EntryKind::kFile;
};

struct Blob {
  std::string content;
};

/// A commit's id and headline facts.
struct CommitInfo {
  Oid id;
  std::string summary;
  int64_t time = 0;  // committer time, seconds since the epoch
};

class Repository {
 public:
  /// Finds the repository containing `start_dir` (like git does). Errors
  /// (kBadInput): not inside a git repository; a bare repository.
  static Result<Repository> discover(const std::string& start_dir);
  /// Opens exactly the repository at `git_dir` (as returned by git_dir()).
  static Result<Repository> open(const std::string& git_dir);

  Repository(Repository&&) noexcept;
  Repository& operator=(Repository&&) noexcept;
  ~Repository();

  [[nodiscard]] std::string workdir() const;     // with trailing '/'
  [[nodiscard]] std::string git_dir() const;     // with trailing '/'
  [[nodiscard]] std::string common_dir() const;  // shared by worktrees, trailing '/'

  /// Resolves a revision ("HEAD", a branch, a tag, a sha prefix) to a commit.
  /// kBadInput when HEAD is unborn (no commits yet) or the revision is unknown.
  [[nodiscard]] Result<CommitInfo> resolve_commit(std::string_view rev) const;

  /// Every entry of the commit's tree, recursively, sorted by path.
  [[nodiscard]] Result<std::vector<TreeEntry>> list_tree(const Oid& commit) const;

  /// The files that differ between two commits' trees (renames appear as a
  /// deletion plus an addition). Subtrees with equal ids are skipped.
  [[nodiscard]] Result<std::vector<Change>> diff_commits(const Oid& from, const Oid& to) const;

  /// Reads a blob. kUnavailable when it is missing from the object database
  /// (partial clone, shallow or damaged repository).
  [[nodiscard]] Result<Blob> read_blob(const Oid& oid) const;

  /// Reads the blob at `path` in `commit`'s tree; kNotFound when absent.
  [[nodiscard]] Result<std::string> read_path(const Oid& commit, std::string_view path) const;

  /// True when `commit` exists in the object database.
  [[nodiscard]] bool has_commit(const Oid& commit) const;

  /// The oldest commit on the first-parent chain of `commit` (the root that
  /// names the repository for the team share). kUnavailable when a commit
  /// on the way is missing. Costs one step per commit of the chain.
  [[nodiscard]] Result<Oid> root_commit(const Oid& commit) const;

 private:
  struct Impl;
  explicit Repository(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// Reads a git-config-syntax file into (lower-cased "section.key", value)
/// pairs in file order; a missing file yields no pairs. kBadInput on a syntax
/// error, naming the file and line.
Result<std::vector<std::pair<std::string, std::string>>> read_config_file(const std::string& path);

}  // namespace stc::indexer::git
