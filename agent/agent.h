#pragma once
// stc-agent's library: plans a multi-file feature within a budget of
// test-time tokens, either from the sleep-time index (index mode) or from the
// raw tree alone (baseline mode, `--no-index`).
//
// Both modes work the same way, so the comparison between them is fair:
//   1. gather candidate files with evidence (index: retriever.h; baseline:
//      explorer.h, which pays for every listing, grep hit and file head);
//   2. turn what was found into context items, each with its token cost and a
//      value, and pack them greedily by value per token without ever
//      exceeding the budget (context_pack.h);
//   3. plan: with the offline provider, the ranked candidates whose entries
//      made it into the pack, cut where the evidence thins out (offline, only
//      those entry lines are packed: nothing else would be read); with an
//      LLM, one planning call on the whole pack (plus at most one follow-up),
//      validated.
// A file can only be proposed if the context mentions it: what the agent did
// not pay to read, it cannot know.
//
// Thread-compatible: one plan at a time per IndexStore.

#include <cstdint>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/path_scope.h"
#include "core/result.h"
#include "indexer/git/repository.h"
#include "indexer/store/index_store.h"
#include "llm/provider.h"

namespace stc::agent {

enum class Mode { kIndex, kBaseline };
/// "index" or "baseline", as in the plan JSON.
const char* mode_name(Mode mode);

/// Default --budget (test-time tokens).
inline constexpr int64_t kDefaultBudget = 4000;

/// One piece of context the agent read, with its cost.
struct ContextItem {
  std::string kind;  // index: overview, candidate, summary, notes, skeleton, anticipation, commits
                     // baseline: listing, grep, head
  std::string path;  // the file it is about; "" for repository-wide items
  std::string text;  // exactly what goes into the prompt
  int64_t tokens = 0;  // estimate_tokens(text)
  double value = 0;    // packing priority (higher first, per token)
};

struct ContextPack {
  std::vector<ContextItem> items;  // in prompt order
  int64_t tokens = 0;              // sum of the items' tokens; never above `budget`
  int64_t budget = 0;
};

/// Why a file is in the plan.
struct Evidence {
  std::string signal;  // fts, symbol, anticipation, commits, cochange, imports, note, sibling,
                       // grep, path, recent
  std::string text;    // "co-changes with weather/providers/__init__.py in 4 of 5 commits"
  double weight = 0;
};

struct PlanFile {
  std::string path;
  std::string action;              // modify or create
  std::string reason;              // one line, from the evidence or the LLM
  std::vector<std::string> steps;  // what to do in the file (LLM plans; may be empty)
  double score = 0;
  std::vector<Evidence> evidence;
};

/// One test-time call (an LLM call, or the offline context read).
struct CallRecord {
  std::string purpose;  // plan, plan_followup, edit, context
  int64_t prompt_tokens = 0;
  int64_t completion_tokens = 0;
  int64_t ms = 0;
  bool ok = true;
  std::string error;
};

struct Plan {
  Mode mode = Mode::kIndex;
  int64_t budget = 0;
  std::vector<PlanFile> files;  // ranked, best first
  int64_t prompt_tokens = 0;    // offline: the packed context's tokens
  int64_t completion_tokens = 0;
  ContextPack context;
  std::vector<CallRecord> calls;
  std::string provider;  // offline, openai, anthropic
  std::string model;
  std::string commit;                 // the commit the plan is for (40 hex digits)
  std::vector<std::string> warnings;  // e.g. "index is 3 commits behind HEAD"
  /// Paths an LLM plan named that validation dropped (unsafe, or not in the
  /// tree); `stc-agent implement` refuses a plan whose dropped paths are unsafe.
  std::vector<std::string> rejected;
  double seconds = 0;
};

/// Where the agent reads from. Nothing here is owned.
struct AgentEnv {
  const indexer::git::Repository* repo = nullptr;  // required
  indexer::git::Oid commit;  // the tree that plans are for and are validated against
  indexer::store::IndexStore* store = nullptr;  // required in index mode; unused by the baseline
  llm::Provider* provider = nullptr;            // required (offline is a provider)
  const Config* config = nullptr;               // required (deny list, llm settings)
  PathScope scope{};                            // --scope: files outside it are never candidates
};

struct PlanOptions {
  Mode mode = Mode::kIndex;
  int64_t budget = kDefaultBudget;
};

/// Plans `feature`. Errors: kBadInput for an empty feature, a budget below
/// 100, index mode without a store or with an empty index; kUnavailable when
/// the LLM fails after its retries (after one retry of a malformed reply);
/// kStore/kIo from the store or the repository. Offline plans are
/// deterministic: the same inputs give the same plan.
Result<Plan> make_plan(const AgentEnv& env, const std::string& feature, const PlanOptions& options);

/// The index-mode context pack for `feature` (what the planner would read;
/// `stc context` prints it). Same errors as make_plan in index mode.
Result<ContextPack> build_context(const AgentEnv& env, const std::string& feature, int64_t budget);

/// Renders a pack as Markdown (for a prompt or a person).
std::string render_markdown(const ContextPack& pack);

/// Records the plan's calls as phase "test" in the store's llm_calls table.
Status record_usage(indexer::store::IndexStore& store, const Plan& plan);

}  // namespace stc::agent
