#pragma once
// Everything the sleep stages know about one module (file) of the indexed
// commit, gathered from the store in one place so the artifact builders are
// pure functions that tests can feed directly.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "indexer/store/index_store.h"
#include "indexer/syntax/facts.h"

namespace stc::indexer::sleep {

struct Partner {
  std::string path;
  int64_t together = 0;  // commits that changed both files
  int64_t base = 0;      // commits that changed this module
  double confidence = 0;
};

struct ModuleFacts {
  std::string path;
  std::string language;
  std::string blob_oid;
  uint32_t lines = 0;
  std::string module_doc;
  std::string skeleton;
  std::vector<syntax::Definition> definitions;
  std::vector<std::string> depends_on;
  std::vector<std::string> importers;
  int64_t commits = 0;  // commits that touched the file (renames followed)
  int64_t last_time = 0;
  double recent = 0;  // recency-weighted churn
  std::vector<Partner> partners;
  std::vector<std::string> references;  // most frequent identifiers first (capped)
};

/// Per-file counts for ordering work: importers (dependency edges in) and
/// commits (history). Missing paths count zero.
struct FileCounts {
  std::unordered_map<std::string, int64_t> importers;
  std::unordered_map<std::string, int64_t> commits;
  [[nodiscard]] int64_t importers_of(const std::string& path) const;
  [[nodiscard]] int64_t commits_of(const std::string& path) const;
};

Result<FileCounts> load_file_counts(store::IndexStore& store);

/// Loads a module's facts; history fields stay zero when nothing was mined.
Result<ModuleFacts> load_module(store::IndexStore& store, const store::FileRecord& file,
                                int64_t now_time);

/// indexer::dirname as a string: the directory of a path ("" for the root).
std::string dir_of(const std::string& path);

}  // namespace stc::indexer::sleep
