#pragma once
// Directory and repository roll-ups built from the modules' summaries.

#include <cstdint>
#include <string>
#include <vector>

#include "indexer/sleep/artifacts.h"

namespace stc::indexer::sleep {

struct RollupItem {
  std::string path;   // a file, or a sub-directory ending in '/'
  std::string line;   // its one-line summary
  double weight = 0;  // importance: importers, churn, size
  std::string language;
  bool key = true;  // may be a key file: a module (or a directory holding
                    // modules), not an image, a build or data file
};

/// "N files, M directories (python, go). Key: a — ...; b — ..." The key
/// files are the heaviest items that may be key (dir_rollup_shown).
Rollup offline_dir_rollup(const std::string& dir, std::vector<RollupItem> items);

/// The indices of the items offline_dir_rollup names as key files, with
/// their lines: the heaviest that may be key, at most 6, ties in item order.
/// Only these items' lines are read, so a caller can leave the others empty.
std::vector<size_t> dir_rollup_shown(const std::vector<RollupItem>& items);

/// The repository overview: README's first paragraph, languages, the key
/// source files (`key_files`, most important first: the root package's
/// files where there are any), top-level directories with their one-liners
/// (heaviest first), and entry points. Its `key_files` lists those files,
/// then the top-level directories that may be key.
Rollup offline_overview(const std::string& readme_paragraph, std::vector<RollupItem> top_dirs,
                        const std::vector<RollupItem>& key_files,
                        const std::vector<std::pair<std::string, int>>& languages,
                        const std::vector<std::string>& entry_points);

/// The first paragraph of a README (markdown headings and badges skipped).
std::string readme_paragraph(const std::string& readme);

}  // namespace stc::indexer::sleep
