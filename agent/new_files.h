#pragma once
// Files a feature would create. A request that names something new ("Add
// Pirate Weather provider") usually adds one module next to its siblings
// (weather/providers/*.py) and often a test next to the siblings' tests.
// The new path follows what the siblings do: snake_case, kebab-case,
// CamelCase or concatenated lower case, and the siblings' extension; a test
// path is proposed only when most siblings have a test of the same pattern
// (tests/test_<name>.py, <name>_test.go, <name>.test.ts, <Name>Test.java...).
// Only requests that ask for something new ("Add", "Implement", "Support"...
// in their first three words) propose a file, only in directories of code
// files, never an image, a document or a data file.
// Reads the tree through TreeListing: the baseline has every path of the
// tree in a list; index mode looks paths and directories up in the index, so
// a plan in a 40,000-file monorepo does not read every path.

#include <string>
#include <vector>

#include "agent/query.h"
#include "core/result.h"

namespace stc::agent {

struct NewFile {
  std::string path;
  std::string reason;
  double strength = 0;  // 0..1: how sure (directory match and naming consistency)
};

/// What propose_new_files reads of the tree.
class TreeListing {
 public:
  virtual ~TreeListing() = default;
  /// The directories holding a file whose path contains one of `parts`
  /// (lower case) in any case; more is harmless.
  [[nodiscard]] virtual Result<std::vector<std::string>> dirs_containing(
      const std::vector<std::string>& parts) = 0;
  /// The paths directly in `dir` (not in its sub-directories), sorted.
  [[nodiscard]] virtual Result<std::vector<std::string>> files_in(const std::string& dir) = 0;
  [[nodiscard]] virtual Result<bool> has(const std::string& path) = 0;
  /// Paths whose text contains `word` (lower case) in any case; more is harmless.
  [[nodiscard]] virtual Result<std::vector<std::string>> paths_containing(
      const std::string& word) = 0;
};

/// A TreeListing over a list of every path.
class PathList final : public TreeListing {
 public:
  explicit PathList(std::vector<std::string> paths);
  Result<std::vector<std::string>> dirs_containing(const std::vector<std::string>& parts) override;
  Result<std::vector<std::string>> files_in(const std::string& dir) override;
  Result<bool> has(const std::string& path) override;
  Result<std::vector<std::string>> paths_containing(const std::string& word) override;

 private:
  std::vector<std::string> all_;  // sorted
};

/// The new module for `query` (and its test), given the tree and
/// directories the caller has evidence for (e.g. from "adding a sibling"
/// notes). Empty when the request names nothing new. Errors: the listing's.
Result<std::vector<NewFile>> propose_new_files(const Query& query, TreeListing& tree,
                                               const std::vector<std::string>& hint_dirs);
/// The same over every path of the tree.
std::vector<NewFile> propose_new_files(const Query& query, const std::vector<std::string>& paths,
                                       const std::vector<std::string>& hint_dirs);

}  // namespace stc::agent
