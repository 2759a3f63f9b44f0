#pragma once
// Gitignore-syntax rules (the `.stcignore` file) matched by libgit2's own
// ignore engine — the same wildmatch, negation, anchoring and directory
// semantics as git — but isolated from everything else git would consult:
// the work tree's .gitignore files, .git/info/exclude, core.excludesFile and
// the user's ~/.config/git/ignore. So the answer depends on the rules text
// alone, the same on every machine.
//
// An IgnoreRules is not thread-safe (libgit2's attribute cache is per
// repository object); copy-free, movable.

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace stc::indexer::git {

class IgnoreRules {
 public:
  /// No rules: ignores nothing.
  IgnoreRules();
  /// Parses `text` (the contents of a .gitignore-style file). kInternal when
  /// libgit2 cannot set up its in-memory rule set.
  static Result<IgnoreRules> parse(std::string_view text);

  IgnoreRules(IgnoreRules&&) noexcept;
  IgnoreRules& operator=(IgnoreRules&&) noexcept;
  ~IgnoreRules();

  /// True when the rules have at least one pattern.
  [[nodiscard]] bool empty() const;
  /// True when a file at `path` (repository-relative, '/'-separated) is
  /// ignored: a pattern matches it or one of its parent directories, and no
  /// later negation (`!pattern`) re-includes it.
  [[nodiscard]] bool ignores(std::string_view path) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stc::indexer::git
