#include "eval/results_file.h"

#include <filesystem>

namespace stc::eval {
namespace {

// True when the file exists, is not empty and does not end with '\n'.
bool ends_mid_line(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in || in.tellg() <= 0) return false;
  in.seekg(-1, std::ios::end);
  char last = '\n';
  in.get(last);
  return last != '\n';
}

}  // namespace

Result<ResultsFile> ResultsFile::open(const std::string& path) {
  const bool cut = ends_mid_line(path);
  ResultsFile file(path);
  file.out_.open(path, std::ios::app | std::ios::binary);
  if (!file.out_) return fail(ErrorCode::kIo, "cannot append to " + path);
  if (cut) file.out_ << "\n";
  return file;
}

Status ResultsFile::append(const ResultRow& row) {
  std::lock_guard lock(mutex_);
  out_ << row_to_json_line(row) << "\n";
  out_.flush();
  if (!out_) return fail(ErrorCode::kIo, "cannot append to " + path_);
  return {};
}

}  // namespace stc::eval
