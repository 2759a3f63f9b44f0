#include "agent/edit/edit_prompt.h"

#include <algorithm>

namespace stc::agent::edit {
namespace {

constexpr const char* kSystem =
    "You are a careful software engineer changing one file of a repository as part of a "
    "multi-file feature. Make only the changes this file needs for the feature; keep the "
    "file's style, naming and indentation. ";

std::string plan_overview(const Plan& plan, const PlanFile& self) {
  std::string out = "The plan (all files of the change):\n";
  for (const auto& f : plan.files) {
    out += "- " + f.path + " (" + f.action + ")" + (f.reason.empty() ? "" : ": " + f.reason) +
           (f.path == self.path ? "   <- this call" : "") + "\n";
  }
  return out;
}

std::string this_file(const PlanFile& file, Action action) {
  std::string out = "\nThis file: " + file.path + " (" + action_name(action) + ")\n";
  if (!file.reason.empty()) out += "Why: " + file.reason + "\n";
  if (!file.steps.empty()) {
    out += "Steps:\n";
    for (const auto& s : file.steps) out += "- " + s + "\n";
  }
  return out;
}

// The file's content in a fence, cut at a line boundary after `cap` bytes.
std::string content_section(const std::string& path, const std::string& content, size_t cap) {
  std::string shown = content, note;
  if (content.size() > cap) {
    const size_t cut = content.rfind('\n', cap);
    shown = content.substr(0, cut == std::string::npos ? cap : cut + 1);
    const std::string rest = content.substr(shown.size());
    const size_t lines = static_cast<size_t>(std::count(rest.begin(), rest.end(), '\n')) + 1;
    note = "[more lines not shown: " + std::to_string(lines) +
           "; SEARCH text must come from the part above]\n";
  }
  std::string out = "\nCurrent content of " + path + ":\n```\n" + shown;
  if (!shown.empty() && shown.back() != '\n') out += "\n";
  return out + "```\n" + note;
}

}  // namespace

llm::Request edit_request(const EditPromptInput& in) {
  llm::Request req;
  req.system = std::string(kSystem) + format_instructions(in.action);
  std::string user = "Feature: " + *in.feature + "\n\n" + plan_overview(*in.plan, *in.file) +
                     this_file(*in.file, in.action);
  if (*in.current) {
    user += content_section(in.file->path, **in.current, in.max_file_bytes);
  } else {
    user += "\nThe file does not exist yet; write all of it.\n";
  }
  req.messages.push_back({"user", std::move(user)});
  req.max_output_tokens = in.max_output_tokens;
  req.purpose = "edit";
  req.phase = llm::Phase::kTest;
  return req;
}

std::string retry_message(Action action, const std::string& why) {
  return "Your reply could not be used: " + why + ".\nReply again. " + format_instructions(action);
}

}  // namespace stc::agent::edit
