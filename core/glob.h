#pragma once
// Path patterns in gitignore style, used for vendored/generated excludes,
// `.gitattributes` linguist rules and the secret deny list.
//
// Rules: `*` matches within one path segment, `**` across segments, `?` one
// character, `[abc]` a class. A pattern without a slash matches the basename
// at any depth ("*.min.js"); a pattern with a slash is anchored at the root
// ("docs/*.md"); a trailing slash ("vendor/") matches that directory and
// everything under it, at any depth when it has no other slash.

#include <string>
#include <string_view>
#include <vector>

namespace stc {

class GlobSet {
 public:
  GlobSet() = default;
  explicit GlobSet(std::vector<std::string> patterns);

  void add(std::string pattern);
  /// True when any pattern matches the repository-relative `path`.
  [[nodiscard]] bool matches(std::string_view path) const;
  [[nodiscard]] const std::vector<std::string>& patterns() const { return patterns_; }

 private:
  // A pattern rewritten once, at add(), into the globs matches() tries:
  // `exact` for the path itself, `below` for anything under it.
  struct Compiled {
    std::string exact;  // empty for directory-only patterns
    std::string below;
    std::string literal;  // a run of characters every match of both contains
  };
  std::vector<std::string> patterns_;
  std::vector<Compiled> compiled_;
};

/// Matches `text` against a glob where `*` stops at '/', `**` does not.
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace stc
