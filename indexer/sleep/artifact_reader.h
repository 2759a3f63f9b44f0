#pragma once
// Read side of the sleep-time artifacts, for `stc show`, the agent and other
// readers: the best available artifact of each kind (LLM over offline,
// current prompt version over stale), merged into one view.

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "indexer/sleep/artifacts.h"
#include "indexer/store/index_store.h"

namespace stc::indexer::sleep {

struct ModuleView {
  std::optional<ModuleSummary> summary;
  std::string summary_provider;  // offline, openai, anthropic
  bool summary_stale = false;    // written for an older blob or prompt version
  std::vector<Note> notes;       // LLM notes, then co-change/structure, then directory notes
};

/// The artifacts of one file of the indexed commit.
Result<ModuleView> read_module_view(store::IndexStore& store, const store::FileRecord& file);

/// The repository overview, a directory roll-up ("" for the root), anticipation.
Result<std::optional<Rollup>> read_overview(store::IndexStore& store);
Result<std::optional<Rollup>> read_directory(store::IndexStore& store, const std::string& dir);
Result<std::optional<Anticipation>> read_anticipation(store::IndexStore& store);

}  // namespace stc::indexer::sleep
