#pragma once
// What a directory's roll-up and the repository overview need from the
// directory's subtree, kept per directory (store/dir_facts_store.h): a pass
// recomputes a directory from the files directly in it and its children's
// facts. Sums add up, language counts merge, and the best kTopPaths entry
// points and key-file candidates of a tree are among the best kTopPaths of
// its parts, so the root's facts give the overview's lists exactly.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace stc::indexer::sleep {

inline constexpr size_t kTopPaths = 8;
/// Bump when DirFacts or how it is computed changes: stored facts are redone.
inline constexpr int kDirFactsVersion = 1;

struct WeightedPath {
  double weight = 0;
  std::string path;
  std::string language;
};

struct DirFacts {
  double direct_weight = 0;  // sum of the weights of the files directly in it, in path order
  double source_weight = 0;  // over the subtree: 1 + weight per source file, 0.1 per other module
  bool code = false;         // the subtree holds a source file
  std::map<std::string, int64_t> languages;  // indexed files of the subtree per language
  std::vector<WeightedPath> entries;         // entry points of the subtree, best first
  std::vector<WeightedPath> keys;            // key-file candidates of the subtree, best first
};

/// Heaviest first, then by path; at most kTopPaths.
void keep_top(std::vector<WeightedPath>& paths);

/// Adds a child directory's subtree to `parent`'s (not its direct_weight).
void add_child(DirFacts& parent, const DirFacts& child);

}  // namespace stc::indexer::sleep
