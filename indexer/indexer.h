#pragma once
// The structural index pass: brings the store's files table, blob facts,
// dependency graph and search table to a given commit.
//
// How it works: if the store already holds an earlier commit (same extractor
// version and index settings) the pass diffs the two trees and touches only
// changed paths; otherwise it lists the whole tree. Paths are classified
// (symlink, submodule, excluded, no grammar) without reading blobs; blobs
// with a grammar and no cached facts are read and parsed by a pool of worker
// threads (each with its own repository handle and parser) and written by
// this thread in batched transactions, so a killed pass keeps every finished
// batch. The switch of the files table to the new commit happens in one final
// transaction: readers see the old commit or the new one, never a mix.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/progress.h"
#include "core/result.h"
#include "indexer/git/repository.h"
#include "indexer/store/index_store.h"

namespace stc::indexer::share {
class SharedCache;
}

namespace stc::indexer {

/// The file of gitignore-syntax patterns, read from the root of the indexed
/// commit's tree, whose matches are classified `excluded` (beside the
/// `index.exclude` globs and linguist attributes). A commit that changes it
/// re-classifies every path (cached blobs are reused, not re-parsed).
inline constexpr const char* kStcIgnoreFile = ".stcignore";

enum class IndexMode { kIncremental, kFull };

struct IndexOptions {
  std::string rev = "HEAD";
  IndexMode mode = IndexMode::kIncremental;
  unsigned jobs = 0;  // 0: from config, else one per core
  /// The team share: blobs to parse are pulled from it first, and what the
  /// pass parsed is pushed to it. Null: no share.
  share::SharedCache* share = nullptr;
};

struct IndexReport {
  std::string commit;
  std::string previous_commit;  // empty when the pass was full
  bool incremental = false;
  int64_t files_total = 0;    // files of the commit
  int64_t files_changed = 0;  // paths added, modified or deleted since the last commit
  int64_t files_parsed = 0;   // blobs parsed in this pass
  int64_t files_cached = 0;   // changed paths whose blob facts were already stored
  int64_t files_pulled = 0;   // changed paths whose blob facts came from the team share
  int64_t files_deleted = 0;
  int64_t symbols = 0;  // definitions in the indexed commit
  int64_t deps = 0;
  int64_t bytes_parsed = 0;
  std::map<std::string, int64_t> by_status;  // status name -> files of the commit
  std::vector<std::string> errors;           // per-file problems, "path: message"
  std::vector<std::string> changed_paths;    // added, modified and deleted paths
  // Paths whose set of importers this pass changed, sorted; unknown (and
  // empty) when `deps_rebuilt`: every edge was resolved again.
  std::vector<std::string> importers_moved;
  bool deps_rebuilt = false;
  std::map<std::string, double> phase_seconds;  // plan, parse, files, deps, commit...
  double seconds = 0;
};

/// Runs one structural index pass. Errors: kBadInput for an unknown revision;
/// kStore / kIo when the store cannot be written. Per-file problems (parse
/// time-outs, unreadable blobs) do not fail the pass; they are in `errors`.
Result<IndexReport> run_index(git::Repository& repo, store::IndexStore& store, const Config& config,
                              const IndexOptions& options, Progress& progress);

}  // namespace stc::indexer
