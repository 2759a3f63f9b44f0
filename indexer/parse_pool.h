#pragma once
// Parses many blobs in parallel with bounded memory.
//
// Worker threads (each with its own repository handle and tree-sitter parser)
// read and parse blobs; outcomes are handed to the calling thread through a
// bounded queue in batches, so at most twice `queue_capacity` parsed files
// are in memory (the queue and the batch being consumed) and the caller can
// write them to SQLite (which wants one writing thread).

#include <functional>
#include <string>
#include <vector>

#include "core/result.h"
#include "indexer/git/repository.h"
#include "indexer/store/index_store.h"

namespace stc::indexer {

struct ParseTask {
  git::Oid oid;
  std::string language;
  std::string path;  // one path holding the blob, for error messages
};

struct ParseOutcome {
  size_t task = 0;  // index into the task list
  store::FileStatus status = store::FileStatus::kIndexed;
  store::BlobRecord record;  // filled when status is kIndexed
  std::string error;         // a per-file problem worth reporting
};

struct ParsePoolOptions {
  unsigned jobs = 1;
  uint64_t max_file_bytes = 1 << 20;
  size_t queue_capacity = 256;
};

/// Parses every task and calls `consume` on this thread for each outcome, in
/// completion order. Stops early and returns the error when `consume` fails
/// or a worker cannot open the repository.
Status parse_blobs(const std::string& git_dir, const std::vector<ParseTask>& tasks,
                   const ParsePoolOptions& options,
                   const std::function<Status(ParseOutcome&&)>& consume);

/// Reads and parses one blob: the work of a single task, exposed for tests.
ParseOutcome parse_one(const git::Repository& repo, class ExtractorHandle& extractor,
                       const ParseTask& task, uint64_t max_file_bytes);

/// Wraps a syntax::Extractor so this header stays free of parser details.
class ExtractorHandle {
 public:
  ExtractorHandle();
  ~ExtractorHandle();
  ExtractorHandle(const ExtractorHandle&) = delete;
  ExtractorHandle& operator=(const ExtractorHandle&) = delete;
  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace stc::indexer
