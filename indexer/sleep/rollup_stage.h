#pragma once
// Stage 3's directory roll-ups and repository overview, kept current
// incrementally. Each directory has its facts (sleep/dir_facts.h) in the
// store: its files' weights summed, languages counted, the best entry
// points and key-file candidates of its subtree. A pass recomputes only the
// dirty directories — those holding a path the structural stage changed or
// new commits touched (their commit counts moved), or a file whose importer
// count moved (a fingerprint per directory) — and their ancestors, deepest
// first, each from its own files (a range of the files table) and its
// children's facts; then the overview from the root's facts and its
// children. The facts, the roll-ups, the overview and the mark (the commit
// and mined history they describe) are written in one transaction. When the
// mark is not where this pass started from (first pass, a killed pass, an
// index built without the sleep stage, a rebuilt history, a new roll-up
// version) every directory is recomputed from the whole files table, which
// gives the same artifacts.

#include <cstdint>

#include "core/result.h"
#include "indexer/git/repository.h"
#include "indexer/sleep/offline_stage.h"
#include "indexer/store/index_store.h"

namespace stc::indexer::sleep {

struct RollupReport {
  int64_t written = 0;   // roll-ups and overview stored
  bool changed = false;  // some directory was recomputed
  size_t directories = 0;
};

/// Whether the directory facts describe the indexed commit's tree (their
/// mark names it and this build's versions), so that their directories are
/// the tree's. Errors: kStore.
Result<bool> dir_facts_current(store::IndexStore& store);

Result<RollupReport> write_rollups(const git::Repository& repo, store::IndexStore& store,
                                   const StageInput& input);

}  // namespace stc::indexer::sleep
