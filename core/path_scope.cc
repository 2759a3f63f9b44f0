#include "core/path_scope.h"

#include "core/text.h"

namespace stc {

Result<PathScope> PathScope::under(std::string_view dir) {
  if (!dir.empty() && dir.front() == '/') {
    return fail(ErrorCode::kBadInput,
                "scope '" + std::string(dir) + "' must be relative to the repository root");
  }
  PathScope scope;
  for (auto part : stc::split(dir, '/')) {
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      return fail(ErrorCode::kBadInput,
                  "scope '" + std::string(dir) + "' climbs out of the repository");
    }
    scope.prefix_ += std::string(part) + "/";
  }
  return scope;
}

bool PathScope::contains(std::string_view path) const {
  return path.size() > prefix_.size() && path.substr(0, prefix_.size()) == prefix_;
}

}  // namespace stc
