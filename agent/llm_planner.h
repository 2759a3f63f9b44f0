#pragma once
// Planning with an LLM: one call on the packed context asking for the JSON
// plan (files with action, reason and steps), validated against the tree;
// a malformed reply is retried once; at most one bounded follow-up call shows
// the skeletons the model asks for, and only when it fits the budget.
//
// Budget: the whole exchange (every prompt and the reserved output of every
// call, by estimate before sending) stays within the plan's budget. The
// context gets what remains after the instructions and one reply's reserve
// (context_budget_for_llm).

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "agent/agent.h"
#include "core/result.h"
#include "llm/provider.h"

namespace stc::agent {

/// The paths of the tree a plan is validated against.
struct TreePaths {
  std::set<std::string> files;
  std::set<std::string> dirs;  // every directory that holds a file ("" for the root)
  static TreePaths from(const std::vector<std::string>& paths);
};

/// Keeps the files that are safe and real: a repository-relative path with no
/// "..", not absolute, not under .git/; "modify" needs an existing file;
/// "create" needs an existing parent directory and a path that does not exist
/// (an existing one becomes "modify"). Duplicates are dropped. Each rejection
/// adds a warning naming the path and, when `rejected` is given, the path
/// itself (so `stc-agent implement` can refuse a plan that named unsafe paths).
std::vector<PlanFile> validate_plan_files(const std::vector<PlanFile>& files, const TreePaths& tree,
                                          std::vector<std::string>& warnings,
                                          std::vector<std::string>* rejected = nullptr);

/// Tokens left for the context of a plan with `budget` and replies of up to
/// `max_output` tokens.
int64_t context_budget_for_llm(int64_t budget, int max_output);

struct LlmPlanInput {
  std::string feature;
  const ContextPack* pack = nullptr;
  int64_t budget = 0;
  int max_output = 1024;
  const TreePaths* tree = nullptr;
  /// The skeleton text of a path for the follow-up ("" when unknown).
  std::function<std::string(const std::string&)> skeleton_of;
};

struct LlmPlanOutcome {
  std::vector<PlanFile> files;
  std::vector<CallRecord> calls;
  int64_t prompt_tokens = 0;
  int64_t completion_tokens = 0;
  std::string model;
  std::vector<std::string> warnings;
  std::vector<std::string> rejected;  // paths the model named that were dropped
};

/// Runs the planning exchange. Errors: kUnavailable when the provider fails
/// or both the reply and its retry are malformed; kBadInput when the API
/// refuses the request.
Result<LlmPlanOutcome> plan_with_llm(llm::Provider& provider, const LlmPlanInput& in);

}  // namespace stc::agent
