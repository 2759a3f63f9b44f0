#include "core/tree_path.h"

#include <system_error>

#include "core/text.h"

namespace stc {
namespace fs = std::filesystem;
namespace {

bool is_dot_git(const fs::path& part) { return text::to_lower(part.string()) == ".git"; }

// `p` is `base` or below it (both canonical).
bool is_within(const fs::path& p, const fs::path& base) {
  const fs::path rel = p.lexically_relative(base);
  return !rel.empty() && *rel.begin() != "..";
}

tl::unexpected<Error> refuse(const std::string& why) { return fail(ErrorCode::kBadInput, why); }

// The purely lexical rules.
Status check_lexically(std::string_view rel) {
  if (rel.empty()) return refuse("empty path");
  if (rel.find('\0') != std::string_view::npos) return refuse("NUL byte in the path");
  const fs::path p(rel);
  if (p.is_absolute() || p.has_root_name() || p.has_root_directory()) {
    return refuse("absolute path; name files relative to the work tree");
  }
  for (const auto& part : p) {
    if (part == "..") return refuse("'..' leaves the work tree");
    if (is_dot_git(part)) return refuse("inside .git");
  }
  return {};
}

// A symlink along `rel` whose target does not exist: weakly_canonical cannot
// see where it leads.
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

TreeGuard::TreeGuard(fs::path root, fs::path git_dir)
    : root_(std::move(root)), git_dir_(std::move(git_dir)) {}

Result<TreeGuard> TreeGuard::open(const std::string& workdir, const std::string& git_dir) {
  std::error_code ec;
  fs::path root = fs::canonical(workdir, ec);
  if (ec) return fail(ErrorCode::kIo, "cannot resolve work tree " + workdir + ": " + ec.message());
  fs::path git = fs::canonical(git_dir, ec);
  if (ec) {
    return fail(ErrorCode::kIo, "cannot resolve git directory " + git_dir + ": " + ec.message());
  }
  return TreeGuard(std::move(root), std::move(git));
}

Result<TreePath> TreeGuard::resolve(std::string_view path, AbsolutePaths absolute) const {
  std::string rel(path);
  if (absolute == AbsolutePaths::kAllowInside && fs::path(rel).is_absolute() &&
      rel.find('\0') == std::string::npos) {
    std::error_code ec;
    const fs::path abs = fs::weakly_canonical(fs::path(rel), ec);
    if (ec) return refuse("cannot resolve: " + ec.message());
    if (!is_within(abs, root_) || abs == root_) return refuse("outside the work tree");
    rel = abs.lexically_relative(root_).generic_string();
  }
  TRY(check_lexically(rel));
  if (has_dangling_link(root_, fs::path(rel))) return refuse("through a dangling symlink");
  std::error_code ec;
  const fs::path abs = fs::weakly_canonical(root_ / fs::path(rel), ec);
  if (ec) return refuse("cannot resolve: " + ec.message());
  if (!is_within(abs, root_) || abs == root_) {
    return refuse("resolves outside the work tree (through a symlink)");
  }
  if (is_within(abs, git_dir_) || abs == git_dir_) return refuse("resolves into .git");
  const fs::path resolved = abs.lexically_relative(root_);
  for (const auto& part : resolved) {
    if (is_dot_git(part)) return refuse("resolves into .git");
  }
  const auto st = fs::status(abs, ec);
  const bool exists = !ec && fs::exists(st);
  return TreePath{resolved.generic_string(), abs, exists, exists && fs::is_regular_file(st)};
}

}  // namespace stc
