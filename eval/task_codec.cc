// JSON Lines codec of the task file (the only nlohmann-json user for tasks).

#include "eval/task.h"

#include <cctype>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

namespace stc::eval {
namespace {

using nlohmann::json;

bool is_hex40(const std::string& s) {
  if (s.size() != 40) return false;
  for (char c : s) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

Result<std::vector<std::string>> string_list(const json& j, const char* key, bool required,
                                             const std::string& where) {
  std::vector<std::string> out;
  if (!j.contains(key)) {
    if (required) return fail(ErrorCode::kBadInput, where + ": missing \"" + key + "\"");
    return out;
  }
  const json& v = j.at(key);
  if (!v.is_array()) return fail(ErrorCode::kBadInput, where + ": \"" + key + "\" is not a list");
  for (const json& e : v) {
    if (!e.is_string()) {
      return fail(ErrorCode::kBadInput, where + ": \"" + key + "\" holds a non-string");
    }
    out.push_back(e.get<std::string>());
  }
  return out;
}

Result<std::string> required_string(const json& j, const char* key, const std::string& where) {
  if (!j.contains(key) || !j.at(key).is_string() || j.at(key).get<std::string>().empty()) {
    return fail(ErrorCode::kBadInput, where + ": missing or empty string \"" + key + "\"");
  }
  return j.at(key).get<std::string>();
}

int64_t optional_int(const json& j, const char* key) {
  return j.contains(key) && j.at(key).is_number_integer() ? j.at(key).get<int64_t>() : 0;
}

}  // namespace

std::string task_to_json_line(const Task& t) {
  json j = {{"id", t.id},
            {"repo", t.repo},
            {"repo_path", t.repo_path},
            {"base", t.base},
            {"commit", t.commit},
            {"description", t.description},
            {"subject", t.subject},
            {"merge", t.merge},
            {"time", t.time},
            {"seq", t.seq},
            {"gold_all", t.gold_all},
            {"gold_src", t.gold_src},
            {"added", t.added},
            {"tree_files", t.tree_files}};
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<Task> task_from_json_line(const std::string& line, const std::string& where) {
  json j = json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return fail(ErrorCode::kBadInput, where + ": not a JSON object");
  }
  Task t;
  TRY_ASSIGN(t.id, required_string(j, "id", where));
  TRY_ASSIGN(t.repo, required_string(j, "repo", where));
  TRY_ASSIGN(t.base, required_string(j, "base", where));
  TRY_ASSIGN(t.commit, required_string(j, "commit", where));
  TRY_ASSIGN(t.description, required_string(j, "description", where));
  if (!is_hex40(t.base) || !is_hex40(t.commit)) {
    return fail(ErrorCode::kBadInput, where + ": \"base\" and \"commit\" must be 40 hex digits");
  }
  TRY_ASSIGN(t.gold_all, string_list(j, "gold_all", true, where));
  TRY_ASSIGN(t.gold_src, string_list(j, "gold_src", false, where));
  TRY_ASSIGN(t.added, string_list(j, "added", false, where));
  if (t.gold_all.empty()) return fail(ErrorCode::kBadInput, where + ": \"gold_all\" is empty");
  if (j.contains("repo_path") && j.at("repo_path").is_string()) {
    t.repo_path = j.at("repo_path").get<std::string>();
  }
  if (j.contains("subject") && j.at("subject").is_string()) t.subject = j.at("subject");
  t.merge = j.contains("merge") && j.at("merge").is_boolean() && j.at("merge").get<bool>();
  t.time = optional_int(j, "time");
  t.seq = optional_int(j, "seq");
  t.tree_files = optional_int(j, "tree_files");
  return t;
}

Result<std::vector<Task>> read_tasks(const std::string& path) {
  std::ifstream in(path);
  if (!in) return fail(ErrorCode::kBadInput, "cannot read task file " + path);
  std::vector<Task> tasks;
  std::set<std::string> ids;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    TRY_ASSIGN(Task t, task_from_json_line(line, path + ":" + std::to_string(n)));
    if (!ids.insert(t.id).second) {
      return fail(ErrorCode::kBadInput,
                  path + ":" + std::to_string(n) + ": duplicate task id " + t.id);
    }
    tasks.push_back(std::move(t));
  }
  if (tasks.empty()) {
    return fail(ErrorCode::kBadInput, path + " holds no tasks; mine some with `stc-eval mine`");
  }
  return tasks;
}

Status write_tasks(const std::string& path, const std::vector<Task>& tasks) {
  std::ofstream out(path, std::ios::trunc);
  if (!out) return fail(ErrorCode::kIo, "cannot write " + path);
  for (const Task& t : tasks) out << task_to_json_line(t) << "\n";
  out.flush();
  if (!out) return fail(ErrorCode::kIo, "cannot write " + path);
  return {};
}

}  // namespace stc::eval
