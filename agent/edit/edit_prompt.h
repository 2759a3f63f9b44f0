#pragma once
// The prompt of one edit call: the feature, the whole plan (so the model
// knows what the other files will get), this file's reason and steps, and
// its current content — cut at a line boundary when it is larger than the
// cap, with a note saying so (SEARCH text must then come from the part
// shown). Deterministic; thread-safe.

#include <cstddef>
#include <optional>
#include <string>

#include "agent/agent.h"
#include "agent/edit/edit_blocks.h"
#include "llm/provider.h"

namespace stc::agent::edit {

/// Prompt version; bump when the wording or format changes.
inline constexpr int kEditPromptVersion = 1;

struct EditPromptInput {
  const std::string* feature = nullptr;
  const Plan* plan = nullptr;
  const PlanFile* file = nullptr;
  Action action = Action::kModify;
  const std::optional<std::string>* current = nullptr;  // nullopt: a new file
  size_t max_file_bytes = 60000;
  int max_output_tokens = 4096;
};

/// The request (phase test, purpose "edit") for one planned file.
llm::Request edit_request(const EditPromptInput& in);

/// The message that asks again after an unusable reply, saying why.
std::string retry_message(Action action, const std::string& why);

}  // namespace stc::agent::edit
