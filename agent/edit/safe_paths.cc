#include "agent/edit/safe_paths.h"

#include <system_error>

#include "indexer/git/worktree_status.h"

namespace stc::agent::edit {

Result<SafeTree> SafeTree::open(const std::string& workdir, const std::string& git_dir) {
  TRY_ASSIGN(TreeGuard guard, TreeGuard::open(workdir, git_dir));
  return SafeTree(std::move(guard));
}

Result<Target> SafeTree::resolve(std::string_view rel) const {
  auto checked = guard_.resolve(rel);
  if (!checked) {
    return fail(ErrorCode::kBadInput,
                "refusing to edit '" + std::string(rel) + "': " + checked.error().message);
  }
  if (checked->exists && !checked->regular) {
    return fail(ErrorCode::kBadInput,
                "refusing to edit '" + std::string(rel) + "': not a regular file");
  }
  return Target{std::string(rel), checked->resolved, checked->abs, checked->exists};
}

std::vector<Refusal> refused_paths(const SafeTree& tree, const std::vector<std::string>& paths) {
  std::vector<Refusal> out;
  std::set<std::string> seen;
  for (const auto& p : paths) {
    if (!seen.insert(p).second) continue;
    auto t = tree.resolve(p);
    if (t) continue;
    std::string why = t.error().message;
    const std::string prefix = "refusing to edit '" + p + "': ";
    if (why.rfind(prefix, 0) == 0) why = why.substr(prefix.size());
    out.push_back(Refusal{p, why});
  }
  return out;
}

std::string refusal_message(const std::vector<Refusal>& refusals) {
  std::string names;
  for (const auto& r : refusals) {
    names += (names.empty() ? "" : ", ") + r.path + " (" + r.reason + ")";
  }
  return "refusing the plan: the model named paths that may not be edited: " + names +
         "; nothing was written";
}

Result<std::set<std::string>> uncommitted_paths(const std::string& git_dir) {
  TRY_ASSIGN(auto status, indexer::git::WorktreeStatus::open(git_dir));
  TRY_ASSIGN(auto changed, status.changed_files());
  return std::set<std::string>(changed.begin(), changed.end());
}

Status check_committed(const std::vector<Target>& targets, const std::set<std::string>& dirty) {
  std::string names;
  for (const auto& t : targets) {
    if (!dirty.contains(t.resolved)) continue;
    names += (names.empty() ? "" : ", ") + t.resolved;
  }
  if (names.empty()) return {};
  return fail(ErrorCode::kBadInput,
              names + (names.find(", ") == std::string::npos ? " has" : " have") +
                  " uncommitted changes; commit or stash them, or pass --force");
}

}  // namespace stc::agent::edit
