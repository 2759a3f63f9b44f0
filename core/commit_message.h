#pragma once
// Turning a commit message into a task description, and deciding from the
// message alone whether a commit is a feature task at all.
//
// Cleaning: a GitHub PR merge ("Merge pull request #12 from user/branch")
// is described by the PR title (the first line of its body, else the branch
// name in words); PR and issue references ("(#123)", "#123", "GH-123"),
// bracketed tags ("[core]"), conventional-commit types ("feat:",
// "fix(scope)!:" keeps "scope: ") and a trailing period are removed; spaces
// are squashed. Trailers (Signed-off-by...) never reach the description
// because only the first line (or the PR title) is used.
//
// Skipped (the reason is returned): other merges, reverts, version bumps and
// releases, dependency updates, formatting, lint, typo fixes, and
// descriptions with fewer than `min_words` words.

#include <optional>
#include <string>
#include <string_view>

namespace stc {

struct Described {
  std::string description;  // empty when skipped
  std::string skip_reason;  // merge, revert, version, deps, format, lint, typo, short
};

/// Cleans the message of a commit; `merge` when the commit has two or more
/// parents. Pure and thread-safe.
Described describe_commit(const std::string& message, bool merge, int min_words);

/// The skip reason for an already-cleaned description ("" to keep it).
std::string skip_reason(const std::string& description, int min_words);

/// True when a commit's summary line says it is upkeep, not work on the
/// project: a revert, a dependency update, a version bump or release, a
/// formatting, lint or typo fix (describe_commit's reasons other than
/// "merge" and "short"). Such commits are no evidence of how a feature is
/// made. Pure and thread-safe.
bool is_maintenance_commit(const std::string& summary);

/// A commit's summary: the first paragraph of its message, its lines
/// (trailing spaces trimmed) joined by single spaces, as git's %s. Pure.
std::string commit_summary(std::string_view message);

}  // namespace stc
