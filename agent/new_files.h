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
// Uses only the path listing, so the baseline can use it too.

#include <string>
#include <vector>

#include "agent/query.h"

namespace stc::agent {

struct NewFile {
  std::string path;
  std::string reason;
  double strength = 0;  // 0..1: how sure (directory match and naming consistency)
};

/// The new module for `query` (and its test), given every path of the tree
/// and directories the caller has evidence for (e.g. from "adding a sibling"
/// notes). Empty when the request names nothing new.
std::vector<NewFile> propose_new_files(const Query& query, const std::vector<std::string>& paths,
                                       const std::vector<std::string>& hint_dirs);

}  // namespace stc::agent
