#pragma once
// Everything the index knows about one file of the indexed commit, gathered
// in one place for `stc show` and the MCP `module_context` tool: the file
// row, its parsed facts and skeleton, imports and the dependency edges, the
// sleep-time artifacts (summary, likely-change notes) and history (churn,
// co-change partners). Read only.

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "indexer/history/history_queries.h"
#include "indexer/sleep/artifact_reader.h"
#include "indexer/store/index_store.h"

namespace stc::indexer {

struct ModuleContext {
  store::FileRecord file;
  std::optional<store::BlobInfo> blob;  // absent for files that were not parsed
  std::vector<store::SymbolRow> symbols;
  std::vector<syntax::Import> imports;
  std::vector<std::string> depends_on;  // repository files it imports
  std::vector<std::string> importers;   // repository files importing it
  sleep::ModuleView view;               // summary and notes
  std::string summary;                  // the summary, else the module doc's first line
  std::optional<FileHistory> history;
  std::vector<CoChange> co_change;  // best partners first
};

/// The context of `path` (repository-relative) in the indexed commit, with
/// at most `max_partners` co-change partners. Errors: kNotFound when the path
/// is not in the indexed commit (the message says what to do); kStore.
Result<ModuleContext> load_module_context(store::IndexStore& store, const std::string& path,
                                          size_t max_partners = 8);

/// `path` as typed by a user (relative to `dir`, or to the repository root)
/// turned into a repository-relative path; `path` itself when outside `workdir`.
std::string repo_relative(const std::string& dir, const std::string& path,
                          const std::string& workdir);

}  // namespace stc::indexer
