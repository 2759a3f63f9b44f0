#pragma once
// Appending rows to results.jsonl, one line per row, flushed at once so a
// killed run keeps every finished row. Thread-safe: append() may be called
// from the runner's plan threads.

#include <fstream>
#include <mutex>
#include <string>

#include "core/result.h"
#include "eval/result_row.h"

namespace stc::eval {

class ResultsFile {
 public:
  /// Opens `path` for appending (creating it). When the file ends in a line
  /// cut by a kill, a newline is added first so the next row starts clean.
  /// kIo when it cannot be opened.
  static Result<ResultsFile> open(const std::string& path);

  ResultsFile(ResultsFile&& other) noexcept
      : path_(std::move(other.path_)), out_(std::move(other.out_)) {}

  /// Appends one row and flushes. kIo on a write failure.
  Status append(const ResultRow& row);

 private:
  explicit ResultsFile(std::string path) : path_(std::move(path)) {}
  std::string path_;
  std::ofstream out_;
  std::mutex mutex_;
};

}  // namespace stc::eval
