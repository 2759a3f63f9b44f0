#pragma once
// The LLM half of a sleep pass: refines the offline artifacts within a token
// budget, most valuable units first.
//
// Units and their value: the repository overview first (everything reads
// it); then modules by churn x centrality x staleness — (1 + recent churn) *
// (1 + log2(1 + importers)) * (2 if the module has no LLM summary at all, 1
// if only a stale one); then anticipation, which is given its turn once 70% of
// the budget is spent or the modules are done. A unit is skipped when its
// estimated cost (prompt estimate + max output) exceeds what is left; it and
// every unit not reached stay pending. A failed call leaves its unit pending
// and the offline artifact in place; three failures in a row end the stage
// (the server is likely down). Files on the secret deny list are never sent.
//
// Bounds: every prompt is cut to fit the model's context (contextTokens minus
// the output limit: a module's source excerpt first, then the material before
// the instruction); the stage's wall time is bounded by max_seconds — the
// call in flight is cut at the limit (timeouts and retries included) and the
// units not reached stay pending. A reply that is cut (output limit), holds a
// NUL, or has the wrong shape ({"summary": 12}) stores nothing: its unit
// stays pending.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/glob.h"
#include "core/progress.h"
#include "core/result.h"
#include "indexer/git/repository.h"
#include "indexer/store/index_store.h"

namespace stc::llm {
class Provider;
}

namespace stc::indexer::sleep {

struct LlmStageOptions {
  int64_t budget = 0;  // prompt + completion tokens for this pass
  int max_output_tokens = 1024;
  int64_t source_tokens = 2500;   // source excerpt per module prompt
  int64_t context_tokens = 8192;  // llm.contextTokens: prompt + output must fit
  int max_seconds = 600;          // sleep.maxSeconds: wall time of the stage
  int parallel = 2;
  GlobSet deny;  // secret files: never sent
  int64_t now_time = 0;
  /// `stc worker` doing the units it claimed: when either list is non-empty,
  /// only the modules at `only_paths` and the repository-wide units named in
  /// `only_repo_wide` (kOverview, kAnticipation) are done.
  std::vector<std::string> only_paths;
  std::vector<std::string> only_repo_wide;
  /// Held around each write to the store (a worker takes the pass lock only
  /// while it writes, not while it waits for the LLM); empty: no guard.
  std::function<Result<std::shared_ptr<void>>()> write_guard;
};

struct LlmStageReport {
  int64_t calls = 0;
  int64_t tokens = 0;
  int64_t artifacts = 0;
  int64_t pending = 0;
  std::vector<std::string> errors;
  std::vector<store::Artifact> written;  // the artifacts stored (the team share gets them)
};

/// The options of a pass's LLM stage from the configuration (llm.*, sleep.*)
/// with `budget` tokens.
LlmStageOptions llm_stage_options(const Config& config, int64_t budget, int64_t now_time);

Result<LlmStageReport> refine_with_llm(const git::Repository& repo, store::IndexStore& store,
                                       llm::Provider& provider, const LlmStageOptions& options,
                                       Progress& progress);

/// The keys of the artifacts the LLM stage would write for `provider` and
/// `model` now (content empty): summary and notes of every module lacking
/// the provider's summary of its blob (deny-listed ones excluded), the
/// overview and anticipation while only their offline version exists. The
/// team share is asked for these before the stage runs.
Result<std::vector<store::Artifact>> llm_unit_keys(store::IndexStore& store,
                                                   const std::string& provider,
                                                   const std::string& model, const GlobSet& deny);

/// Units an LLM provider still has to do: modules without its summary of
/// their blob, plus the overview and anticipation while only their offline
/// version exists. `stc status` and the pass report both count this way.
Result<int64_t> count_llm_pending(store::IndexStore& store, const std::string& provider,
                                  const GlobSet& deny);

}  // namespace stc::indexer::sleep
