#include "agent/plan_codec.h"

#include <nlohmann/json.hpp>

#include "core/json_fields.h"
#include "llm/json_reply.h"

namespace stc::agent {
namespace {

using nlohmann::json;

using stc::string_list_member;
using stc::string_member;

}  // namespace

const std::string& plan_reply_schema() {
  static const std::string kSchema = R"({
  "type": "object",
  "properties": {
    "files": {
      "type": "array",
      "items": {
        "type": "object",
        "properties": {
          "path": {"type": "string"},
          "action": {"type": "string", "enum": ["modify", "create"]},
          "reason": {"type": "string"},
          "steps": {"type": "array", "items": {"type": "string"}}
        },
        "required": ["path", "action", "reason", "steps"],
        "additionalProperties": false
      }
    },
    "need_skeletons": {"type": "array", "items": {"type": "string"}}
  },
  "required": ["files", "need_skeletons"],
  "additionalProperties": false
})";
  return kSchema;
}

Result<PlanReply> decode_plan_reply(const std::string& reply_text) {
  TRY_ASSIGN(std::string text, llm::extract_json(reply_text));
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("files") || !j["files"].is_array()) {
    return fail(ErrorCode::kUnavailable, "the plan reply has no \"files\" array");
  }
  PlanReply out;
  for (const auto& f : j["files"]) {
    if (!f.is_object()) continue;
    PlanFile pf;
    pf.path = string_member(f, "path");
    pf.action = string_member(f, "action");
    pf.reason = string_member(f, "reason");
    pf.steps = string_list_member(f, "steps");
    out.files.push_back(std::move(pf));
  }
  out.need_skeletons = string_list_member(j, "need_skeletons");
  return out;
}

}  // namespace stc::agent
