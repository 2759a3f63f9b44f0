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
// rebuilt history, a new roll-up version, other index settings) every
// directory is recomputed from the whole files table, which gives the same
// artifacts. When the mark is an older state with the same settings, its
// commit still at its position in the mined history (a separate
// `stc index` moved the index on without a pass), only the
// directories of the paths that differ between the mark's commit and this
// one, of the commits mined since, and those whose importer fingerprint
// moved are recomputed.

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
  std::string mode;  // current, incremental, bridge or full (rollup_stage.cc)
};

/// Whether the directory facts describe the indexed commit's tree (their
/// mark names it and this build's versions), so that their directories are
/// the tree's. Errors: kStore.
Result<bool> dir_facts_current(store::IndexStore& store);
/// The mark the roll-ups record for `commit` and mined history up to `seq`
/// with the store's current index settings (meta `dir_facts_mark`).
Result<std::string> dir_facts_mark(store::IndexStore& store, const std::string& commit,
                                   int64_t seq);

Result<RollupReport> write_rollups(const git::Repository& repo, store::IndexStore& store,
                                   const StageInput& input);

}  // namespace stc::indexer::sleep
