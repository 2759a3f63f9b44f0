#pragma once
// JSON of the agent: the plan reply an LLM is asked for, and its schema.
// The only agent code that uses nlohmann-json (besides the CLI's output).

#include <string>
#include <vector>

#include "agent/agent.h"
#include "core/result.h"

namespace stc::agent {

/// What the model returns for a planning call.
struct PlanReply {
  std::vector<PlanFile> files;              // as the model wrote them, unvalidated
  std::vector<std::string> need_skeletons;  // paths it wants to look at (follow-up)
};

/// The JSON Schema of a plan reply (for structured output).
const std::string& plan_reply_schema();

/// Reads a reply's text (prose and code fences tolerated). kUnavailable when
/// there is no JSON object with a "files" array.
Result<PlanReply> decode_plan_reply(const std::string& reply_text);

}  // namespace stc::agent
