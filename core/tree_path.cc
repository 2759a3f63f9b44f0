#include "core/tree_path.h"

#include <system_error>

#include "core/text.h"

namespace stc {
namespace fs = std::filesystem;
namespace {

bool is_dot_git(const fs::path& part) { return stc::to_lower(part.string()) == ".git"; }

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

enum class Dangling { kNone, kLast, kInside };

// A symlink along `rel` whose target does not exist: weakly_canonical cannot
// see where it leads. kLast when it is the final component (the file itself,
// e.g. CLAUDE.md -> AGENTS.md before AGENTS.md exists).
Dangling find_dangling_link(const fs::path& root, const fs::path& rel) {
  fs::path at = root;
  const auto last = std::prev(rel.end());
  for (auto it = rel.begin(); it != rel.end(); ++it) {
    at /= *it;
    std::error_code ec;
    const auto link = fs::symlink_status(at, ec);
    if (ec || !fs::exists(link)) return Dangling::kNone;
    if (fs::is_symlink(link) && !fs::exists(fs::status(at, ec))) {
      return it == last ? Dangling::kLast : Dangling::kInside;
    }
  }
  return Dangling::kNone;
}

// Where the dangling symlink `root/rel` points, relative to `root` when that
// is inside it ("" otherwise), judged lexically.
std::string dangling_target(const fs::path& root, const fs::path& rel) {
  std::error_code ec;
  const fs::path link = root / rel;
  const fs::path to = fs::read_symlink(link, ec);
  if (ec) return "";
  const fs::path target = (to.is_absolute() ? to : link.parent_path() / to).lexically_normal();
  if (!is_within(target, root) || target == root) return "";
  return target.lexically_relative(root).generic_string();
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
  return resolve_at_depth(rel, 0);
}

Result<TreePath> TreeGuard::resolve_at_depth(const std::string& rel, int depth) const {
  TRY(check_lexically(rel));
  switch (find_dangling_link(root_, fs::path(rel))) {
    case Dangling::kNone:
      break;
    case Dangling::kLast: {  // follow it when it stays in the tree (a few hops at most)
      const std::string target = dangling_target(root_, fs::path(rel));
      if (target.empty() || depth >= 8) return refuse("through a dangling symlink");
      return resolve_at_depth(target, depth + 1);
    }
    case Dangling::kInside:
      return refuse("through a dangling symlink");
  }
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
