#include "indexer/sleep/artifact_codec.h"

#include <nlohmann/json.hpp>

#include "core/json_fields.h"

namespace stc::indexer::sleep {
namespace {

using nlohmann::json;

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

Result<json> parse_object(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return fail(ErrorCode::kBadInput, "artifact is not a JSON object");
  }
  return j;
}

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_null()) return {};
  return it->dump();
}

std::vector<std::string> strings(const json& j, const char* key) {
  return stc::string_list_member(j, key);
}

double num(const json& j, const char* key) { return stc::number_member(j, key).value_or(0.0); }

json note_json(const Note& n) {
  return {{"kind", n.kind},
          {"text", n.text},
          {"files", n.files},
          {"evidence", n.evidence},
          {"confidence", n.confidence}};
}

json plan_json(const std::vector<PlannedFile>& plan) {
  json out = json::array();
  for (const auto& p : plan)
    out.push_back({{"path", p.path}, {"action", p.action}, {"reason", p.reason}});
  return out;
}

std::vector<PlannedFile> plan_from(const json& j) {
  std::vector<PlannedFile> out;
  auto it = j.find("plan");
  if (it == j.end() || !it->is_array()) return out;
  for (const auto& e : *it) {
    if (!e.is_object()) continue;
    PlannedFile p{str(e, "path"), str(e, "action"), str(e, "reason")};
    if (p.action != "create") p.action = "modify";
    if (!p.path.empty()) out.push_back(std::move(p));
  }
  return out;
}

// Shape checks for LLM replies: a field the schema names must have its type
// (null counts as absent when the field is optional).
const char* type_name(const json& j) {
  if (j.is_string()) return "a string";
  if (j.is_number()) return "a number";
  if (j.is_boolean()) return "a boolean";
  if (j.is_array()) return "an array";
  if (j.is_object()) return "an object";
  return "null";
}

Status shape_error(const std::string& where, const json& j, const char* expected) {
  return fail(ErrorCode::kBadInput,
              "wrong reply shape: " + where + " is " + type_name(j) + ", not " + expected);
}

Status check_string(const json& j, const char* key, bool required, const std::string& where = "") {
  auto it = j.find(key);
  const std::string name = where + key;
  if (it == j.end() || it->is_null()) {
    return required ? fail(ErrorCode::kBadInput, "wrong reply shape: no " + name) : Status{};
  }
  if (!it->is_string()) return shape_error(name, *it, "a string");
  if (required && it->get_ref<const std::string&>().empty()) {
    return fail(ErrorCode::kBadInput, "wrong reply shape: " + name + " is empty");
  }
  return {};
}

Status check_strings(const json& j, const char* key, const std::string& where = "") {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  if (!it->is_array()) return shape_error(where + key, *it, "an array of strings");
  for (const auto& e : *it) {
    if (!e.is_string()) return shape_error(where + key + "[]", e, "a string");
  }
  return {};
}

// Each element of j[key] (an array, required or not) must be an object passing `check`.
template <typename Check>
Status check_objects(const json& j, const char* key, bool required, Check check) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    return required ? fail(ErrorCode::kBadInput, std::string("wrong reply shape: no ") + key)
                    : Status{};
  }
  if (!it->is_array()) return shape_error(key, *it, "an array of objects");
  for (const auto& e : *it) {
    if (!e.is_object()) return shape_error(std::string(key) + "[]", e, "an object");
    TRY(check(e));
  }
  return {};
}

Status check_module_reply(const json& j) {
  TRY(check_string(j, "summary", true));
  TRY(check_strings(j, "entry_points"));
  TRY(check_string(j, "usage", false));
  return check_objects(j, "likely_changes", false, [](const json& e) -> Status {
    TRY(check_string(e, "request", false, "likely_changes[]."));
    TRY(check_strings(e, "files", "likely_changes[]."));
    return check_string(e, "why", false, "likely_changes[].");
  });
}

Status check_anticipation_reply(const json& j) {
  return check_objects(j, "requests", true, [](const json& r) -> Status {
    TRY(check_string(r, "title", false, "requests[]."));
    TRY(check_string(r, "rationale", false, "requests[]."));
    return check_objects(r, "plan", false, [](const json& p) -> Status {
      TRY(check_string(p, "path", false, "plan[]."));
      TRY(check_string(p, "action", false, "plan[]."));
      return check_string(p, "reason", false, "plan[].");
    });
  });
}

}  // namespace

std::string encode(const ModuleSummary& v) {
  return dump({{"summary", v.summary}, {"entry_points", v.entry_points}, {"usage", v.usage}});
}

std::string encode(const ModuleNotes& v) {
  json notes = json::array();
  for (const auto& n : v.notes) notes.push_back(note_json(n));
  return dump({{"notes", notes}});
}

std::string encode(const Rollup& v) {
  return dump({{"summary", v.summary}, {"key_files", v.key_files}, {"languages", v.languages}});
}

std::string encode(const Anticipation& v) {
  json reqs = json::array();
  for (const auto& r : v.requests) {
    reqs.push_back({{"title", r.title},
                    {"rationale", r.rationale},
                    {"plan", plan_json(r.plan)},
                    {"evidence", r.evidence},
                    {"score", r.score}});
  }
  return dump({{"requests", reqs}});
}

namespace {

json weighted_json(const std::vector<WeightedPath>& paths) {
  json out = json::array();
  for (const auto& p : paths) out.push_back(json::array({p.weight, p.path, p.language}));
  return out;
}

Result<std::vector<WeightedPath>> weighted_from(const json& j, const char* key) {
  std::vector<WeightedPath> out;
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) return fail(ErrorCode::kBadInput, "dir facts: no list");
  for (const auto& e : *it) {
    if (!e.is_array() || e.size() != 3 || !e[0].is_number() || !e[1].is_string() ||
        !e[2].is_string()) {
      return fail(ErrorCode::kBadInput, "dir facts: bad path entry");
    }
    out.push_back(
        WeightedPath{e[0].get<double>(), e[1].get<std::string>(), e[2].get<std::string>()});
  }
  return out;
}

}  // namespace

std::string encode(const DirFacts& v) {
  return dump({{"d", v.direct_weight},
               {"s", v.source_weight},
               {"c", v.code},
               {"l", v.languages},
               {"e", weighted_json(v.entries)},
               {"k", weighted_json(v.keys)}});
}

Result<DirFacts> decode_dir_facts(const std::string& text) {
  TRY_ASSIGN(json j, parse_object(text));
  DirFacts out;
  const auto d = j.find("d"), s = j.find("s"), c = j.find("c"), l = j.find("l");
  if (d == j.end() || !d->is_number() || s == j.end() || !s->is_number() || c == j.end() ||
      !c->is_boolean() || l == j.end() || !l->is_object()) {
    return fail(ErrorCode::kBadInput, "dir facts: missing fields");
  }
  out.direct_weight = d->get<double>();
  out.source_weight = s->get<double>();
  out.code = c->get<bool>();
  for (const auto& [lang, n] : l->items()) {
    if (!n.is_number_integer()) return fail(ErrorCode::kBadInput, "dir facts: bad count");
    out.languages[lang] = n.get<int64_t>();
  }
  TRY_ASSIGN(out.entries, weighted_from(j, "e"));
  TRY_ASSIGN(out.keys, weighted_from(j, "k"));
  return out;
}

Result<ModuleSummary> decode_summary(const std::string& text) {
  TRY_ASSIGN(json j, parse_object(text));
  return ModuleSummary{str(j, "summary"), strings(j, "entry_points"), str(j, "usage")};
}

Result<ModuleNotes> decode_notes(const std::string& text) {
  TRY_ASSIGN(json j, parse_object(text));
  ModuleNotes out;
  auto it = j.find("notes");
  if (it == j.end() || !it->is_array()) return out;
  for (const auto& e : *it) {
    if (!e.is_object()) continue;
    Note n{str(e, "kind"), str(e, "text"), strings(e, "files"), str(e, "evidence"),
           num(e, "confidence")};
    if (n.kind.empty()) n.kind = "llm";
    if (!n.text.empty()) out.notes.push_back(std::move(n));
  }
  return out;
}

Result<Rollup> decode_rollup(const std::string& text) {
  TRY_ASSIGN(json j, parse_object(text));
  return Rollup{str(j, "summary"), strings(j, "key_files"), strings(j, "languages")};
}

Result<Anticipation> decode_anticipation(const std::string& text) {
  TRY_ASSIGN(json j, parse_object(text));
  Anticipation out;
  auto it = j.find("requests");
  if (it == j.end() || !it->is_array()) return out;
  for (const auto& e : *it) {
    if (!e.is_object()) continue;
    AnticipatedRequest r{str(e, "title"), str(e, "rationale"), plan_from(e), strings(e, "evidence"),
                         num(e, "score")};
    if (!r.title.empty() && !r.plan.empty()) out.requests.push_back(std::move(r));
  }
  return out;
}

Result<Rollup> decode_rollup_reply(const std::string& text) {
  TRY_ASSIGN(json j, parse_object(text));
  TRY(check_string(j, "summary", true));
  TRY(check_strings(j, "key_files"));
  TRY(check_strings(j, "languages"));
  return decode_rollup(text);
}

Result<Anticipation> decode_anticipation_reply(const std::string& text) {
  TRY_ASSIGN(json j, parse_object(text));
  TRY(check_anticipation_reply(j));
  return decode_anticipation(text);
}

Result<ModuleReply> decode_module_reply(const std::string& text) {
  TRY_ASSIGN(json j, parse_object(text));
  TRY(check_module_reply(j));
  ModuleReply out;
  out.summary = ModuleSummary{str(j, "summary"), strings(j, "entry_points"), str(j, "usage")};
  auto it = j.find("likely_changes");
  if (it == j.end() || !it->is_array()) return out;
  for (const auto& e : *it) {
    if (!e.is_object()) continue;
    Note n;
    n.kind = "llm";
    n.text = str(e, "request");
    const std::string why = str(e, "why");
    if (!why.empty()) n.text += " (" + why + ")";
    n.files = strings(e, "files");
    n.confidence = 0.5;
    if (!str(e, "request").empty()) out.notes.notes.push_back(std::move(n));
  }
  return out;
}

}  // namespace stc::indexer::sleep
