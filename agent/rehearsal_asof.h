#pragma once
// The tree as it was before a practice commit, for sleep-time rehearsal
// (rehearsal.h). The index holds the indexed commit's files; a practice task
// must not read what its own commit (or a later one) wrote into them, or the
// learned weights reward content that a real request never sees. rewind()
// puts every file the practice commit modified back to its first-parent
// version — facts, skeleton, search row and offline summary — inside a
// SQLite savepoint, and restore() rolls all of it back, so the index is
// exactly as before. Files the commit added are create targets (not
// candidates) and files it deleted are not in the index, so neither is
// touched. Other files keep the indexed commit's content: the savepoint
// bounds the cost to the files of one commit (3 to 30), not the tree.
//
// Not thread-safe; one per rehearsal, on the rehearsal's store.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/glob.h"
#include "core/result.h"
#include "indexer/git/repository.h"
#include "indexer/parse_pool.h"
#include "indexer/store/index_store.h"

namespace stc::agent {

class AsOfTree {
 public:
  /// Opens the repository at `git_dir`. Errors: kBadInput (not a repository).
  static Result<AsOfTree> open(const std::string& git_dir, uint64_t max_file_bytes);

  AsOfTree(AsOfTree&&) noexcept = default;
  AsOfTree& operator=(AsOfTree&&) noexcept = default;
  ~AsOfTree() = default;

  /// Begins the overlay and rewinds the files `commit_oid` modified to their
  /// first-parent blobs. Returns how many files were rewound (0 for a root
  /// commit or one whose parent is missing). On error the overlay is already
  /// rolled back. `now` stamps the offline summaries written for them.
  [[nodiscard]] Result<size_t> rewind(indexer::store::IndexStore& store,
                                      const std::string& commit_oid, int64_t now);
  /// Rolls back everything rewind() changed. A no-op without an open overlay.
  [[nodiscard]] Status restore(indexer::store::IndexStore& store);

  /// The unified diff of `paths` made by `commit_oid` (against its first
  /// parent), deny-listed paths and binary files left out, cut to `max_bytes`.
  /// "" for a root commit.
  [[nodiscard]] Result<std::string> diff(const std::string& commit_oid,
                                         const std::vector<std::string>& paths, const GlobSet& deny,
                                         size_t max_bytes) const;

 private:
  // A second parser with its own repository handle: rewind() parses a
  // commit's old blobs on two threads when the machine has two cores.
  struct Helper {
    indexer::git::Repository repo;
    std::unique_ptr<indexer::ExtractorHandle> extractor;
  };
  AsOfTree(std::string git_dir, indexer::git::Repository repo, uint64_t max_file_bytes);
  // Parses the old blobs of `tasks` (on two threads when there is a helper).
  // Not indexer::parse_blobs: that opens a repository and compiles the
  // queries in every worker of every call, once per practice task here.
  std::vector<indexer::ParseOutcome> parse_all(const std::vector<indexer::ParseTask>& tasks);
  // The rows put in place, and the offline summary of each rewound module.
  Status put_old(indexer::store::IndexStore& store,
                 const std::vector<indexer::store::FileRecord>& rows, int64_t now);

  std::string git_dir_;
  indexer::git::Repository repo_;
  std::unique_ptr<indexer::ExtractorHandle> extractor_;
  std::unique_ptr<Helper> helper_;  // opened on the first rewind with two blobs to parse
  bool helper_tried_ = false;
  uint64_t max_file_bytes_ = 0;
  bool open_ = false;
};

}  // namespace stc::agent
