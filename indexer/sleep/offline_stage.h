#pragma once
// Stages 3–6 with the offline provider: writes extractive summaries,
// likely-change notes, roll-ups and anticipation for what changed, each unit
// in the store before the next (batched transactions), content-addressed so
// nothing is rebuilt for unchanged inputs. A killed pass resumes: missing
// summaries are found by an anti-join, not remembered.

#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/progress.h"
#include "core/result.h"
#include "indexer/git/repository.h"
#include "indexer/store/index_store.h"

namespace stc::indexer::sleep {

struct StageInput {
  std::vector<std::string> changed_paths;    // by the structural stage
  std::vector<std::string> history_paths;    // touched by newly mined commits
  std::vector<std::string> importers_moved;  // paths whose importers changed (structural stage)
  bool deps_rebuilt = false;                 // ... unknown: every import was resolved again
  bool history_changed = false;              // new commits were mined (or history rebuilt)
  bool history_rebuilt = false;              // mined again from scratch
  int64_t now_time = 0;                      // time of the indexed commit
  std::string commit;                        // the indexed commit
  std::string previous_commit;               // where an incremental structural stage began
  int64_t mined_before = -1;                 // newest mined seq before the history stage
};

struct StageReport {
  int64_t summaries = 0;
  int64_t notes = 0;
  int64_t rollups = 0;
  std::string rollup_mode;  // how the roll-ups were brought up to date (RollupReport::mode)
  int64_t rollup_dirs = 0;  // directories recomputed
  bool anticipation = false;
  std::vector<std::string> errors;
};

/// Whether the offline stage wrote every module's summary and notes for the
/// indexed commit (its mark is there): then no module lacks them.
Result<bool> offline_modules_complete(store::IndexStore& store);

Result<StageReport> write_offline_artifacts(const git::Repository& repo, store::IndexStore& store,
                                            const StageInput& input, Progress& progress);

/// Stores an offline artifact unless one with this key exists. `refresh`
/// re-stores it anyway, making it the newest of its subject (unless it is
/// already, with this content): for artifacts read as "the newest", whose
/// content can return to an earlier value (after indexing an older commit).
/// Counts what it stored in `*counter`.
[[nodiscard]] Status put_offline(store::ArtifactStore& arts, const char* kind,
                                 const std::string& subject, const std::string& key, int version,
                                 const std::string& content, int64_t* counter, bool refresh);

/// Extractive summaries of uncommitted files (keyed by their future blob id,
/// so they are reused when the commit lands). Returns how many were written.
Result<int64_t> write_worktree_summaries(store::IndexStore& store,
                                         const std::vector<store::FileRecord>& files,
                                         int64_t now_time);

/// Paths of the indexed commit whose file status is "indexed".
Result<std::vector<store::FileRecord>> indexed_files(store::IndexStore& store);

}  // namespace stc::indexer::sleep
