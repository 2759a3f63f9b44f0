#include "agent/edit/safe_paths.h"

#include <algorithm>
#include <cctype>
#include <system_error>

#include "indexer/git/worktree_status.h"

namespace stc::agent::edit {
namespace fs = std::filesystem;
namespace {

bool is_dot_git(const fs::path& part) {
  std::string s = part.string();
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s == ".git";
}

// `p` is `base` or below it (both canonical).
bool is_within(const fs::path& p, const fs::path& base) {
  const fs::path rel = p.lexically_relative(base);
  return !rel.empty() && *rel.begin() != "..";
}

tl::unexpected<Error> refuse(std::string_view rel, const std::string& why) {
  return fail(ErrorCode::kBadInput, "refusing to edit '" + std::string(rel) + "': " + why);
}

// The purely lexical rules.
Status check_lexically(std::string_view rel) {
  if (rel.empty()) return refuse(rel, "empty path");
  if (rel.find('\0') != std::string_view::npos) return refuse(rel, "NUL in path");
  const fs::path p(rel);
  if (p.is_absolute() || p.has_root_name() || p.has_root_directory()) {
    return refuse(rel, "absolute path; name files relative to the work tree");
  }
  for (const auto& part : p) {
    if (part == "..") return refuse(rel, "'..' leaves the work tree");
    if (is_dot_git(part)) return refuse(rel, "inside .git");
  }
  return {};
}

// A symlink along `rel` whose target does not exist: weakly_canonical cannot
// see where it leads, so it is refused rather than written through.
bool has_dangling_link(const fs::path& root, const fs::path& rel) {
  fs::path at = root;
  for (const auto& part : rel) {
    at /= part;
    std::error_code ec;
    const auto link = fs::symlink_status(at, ec);
    if (ec || !fs::exists(link)) return false;
    if (fs::is_symlink(link) && !fs::exists(fs::status(at, ec))) return true;
  }
  return false;
}

}  // namespace

SafeTree::SafeTree(fs::path root, fs::path git_dir)
    : root_(std::move(root)), git_dir_(std::move(git_dir)) {}

Result<SafeTree> SafeTree::open(const std::string& workdir, const std::string& git_dir) {
  std::error_code ec;
  fs::path root = fs::canonical(workdir, ec);
  if (ec) return fail(ErrorCode::kIo, "cannot resolve work tree " + workdir + ": " + ec.message());
  fs::path git = fs::canonical(git_dir, ec);
  if (ec)
    return fail(ErrorCode::kIo, "cannot resolve git directory " + git_dir + ": " + ec.message());
  return SafeTree(std::move(root), std::move(git));
}

Result<Target> SafeTree::resolve(std::string_view rel) const {
  TRY(check_lexically(rel));
  if (has_dangling_link(root_, fs::path(rel))) return refuse(rel, "through a dangling symlink");
  std::error_code ec;
  const fs::path abs = fs::weakly_canonical(root_ / fs::path(rel), ec);
  if (ec) return refuse(rel, "cannot resolve: " + ec.message());
  if (!is_within(abs, root_) || abs == root_) {
    return refuse(rel, "resolves outside the work tree (through a symlink)");
  }
  if (is_within(abs, git_dir_) || abs == git_dir_) return refuse(rel, "resolves into .git");
  const fs::path resolved = abs.lexically_relative(root_);
  for (const auto& part : resolved) {
    if (is_dot_git(part)) return refuse(rel, "resolves into .git");
  }
  const auto st = fs::status(abs, ec);
  const bool exists = !ec && fs::exists(st);
  if (exists && !fs::is_regular_file(st)) return refuse(rel, "not a regular file");
  return Target{std::string(rel), resolved.generic_string(), abs, exists};
}

Result<std::set<std::string>> uncommitted_paths(const std::string& git_dir) {
  TRY_ASSIGN(auto status, git::WorktreeStatus::open(git_dir));
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
