#pragma once
// The prompts of the sleep-time LLM stages and the JSON schemas of their
// replies. Their versions live in artifacts.h: change a prompt, bump its
// version, and older artifacts become stale (kept, redone over time).

#include <cstdint>
#include <string>
#include <vector>

#include "indexer/sleep/artifacts.h"
#include "indexer/sleep/module_facts.h"

namespace stc::indexer::sleep {

struct Prompt {
  std::string system;
  std::string user;
  std::string schema;
  std::string schema_name;
};

/// Module summary + likely changes, from the skeleton, relations and source
/// (cut to about `source_tokens`).
Prompt module_prompt(const ModuleFacts& m, const std::string& source, int64_t source_tokens);

/// Estimated tokens of the whole prompt (system, user text and schema).
int64_t prompt_tokens(const Prompt& p);

/// `p` cut to about `max_tokens`: the material of the user text is shortened,
/// its closing instruction (the last paragraph) kept. Unchanged when it fits.
Prompt fit_prompt(Prompt p, int64_t max_tokens);

/// Repository overview from the offline overview and directory lines.
Prompt overview_prompt(const std::string& offline_overview,
                       const std::vector<std::string>& dir_lines);

/// Anticipated feature requests with multi-file plans.
Prompt anticipation_prompt(const std::string& overview,
                           const std::vector<std::string>& module_lines,
                           const std::vector<std::string>& patterns);

}  // namespace stc::indexer::sleep
