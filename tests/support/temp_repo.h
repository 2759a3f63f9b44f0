#pragma once
// Test support: a temporary directory and a real git repository made with the
// git command line, with a fixed identity and clock so commit ids are stable.

#include <string>

namespace stc::testing {

/// A fresh directory under $TMPDIR, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
};

/// A git work tree in its own TempDir.
class TempRepo {
 public:
  /// Runs `git init` (branch main) unless `init` is false.
  explicit TempRepo(bool init = true);
  [[nodiscard]] const std::string& path() const { return dir_.path(); }

  /// Writes a file (creating directories), relative to the work tree.
  void write(const std::string& rel, const std::string& content) const;
  void remove(const std::string& rel) const;
  /// Runs `git <args>` in the work tree; aborts the test on failure.
  std::string git(const std::string& args) const;
  /// Stages everything and commits; returns the new commit id.
  std::string commit(const std::string& message) const;

 private:
  TempDir dir_;
  mutable int clock_ = 0;
};

/// Runs a shell command, returning its exit status and stdout.
int run_command(const std::string& command, std::string* output = nullptr);

/// The directory holding the sample repository scripts (sample_repos/).
std::string sample_repos_dir();

/// Generates every sample repository (sample_repos/make_all.sh) into `dir`,
/// one folder each; false when the script fails.
[[nodiscard]] bool make_sample_repos(const std::string& dir);

}  // namespace stc::testing
