#include "agent/plan_codec.h"

#include <nlohmann/json.hpp>

#include "llm/json_reply.h"

namespace stc::agent {
namespace {

using nlohmann::json;

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

std::vector<std::string> strings(const json& j, const char* key) {
  std::vector<std::string> out;
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) return out;
  for (const auto& e : *it) {
    if (e.is_string()) out.push_back(e.get<std::string>());
  }
  return out;
}

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
    pf.path = str(f, "path");
    pf.action = str(f, "action");
    pf.reason = str(f, "reason");
    pf.steps = strings(f, "steps");
    out.files.push_back(std::move(pf));
  }
  out.need_skeletons = strings(j, "need_skeletons");
  return out;
}

}  // namespace stc::agent
