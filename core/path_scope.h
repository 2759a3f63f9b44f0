#pragma once
// The subtree of a monorepo that search, plans and context consider
// (`--scope DIR`, like aider's --subtree-only). The index always covers the
// whole repository; a scope only filters which paths may be results.

#include <string>
#include <string_view>

#include "core/result.h"

namespace stc {

class PathScope {
 public:
  /// The whole repository.
  PathScope() = default;
  /// The subtree at `dir`, repository-relative ('/'-separated; "", "." and
  /// "./" mean the whole repository). kBadInput for a path that climbs out
  /// ("..") or is absolute.
  static Result<PathScope> under(std::string_view dir);

  [[nodiscard]] bool whole() const { return prefix_.empty(); }
  /// True when `path` (repository-relative) lies inside the subtree.
  [[nodiscard]] bool contains(std::string_view path) const;
  /// "src/api/" (with the trailing slash), or "" for the whole repository.
  [[nodiscard]] const std::string& prefix() const { return prefix_; }

 private:
  std::string prefix_;
};

}  // namespace stc
