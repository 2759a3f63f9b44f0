#pragma once
// Unified diffs of two texts, computed by libgit2 (git's own diff algorithm),
// for showing an edit before it is applied. Like the rest of indexer/git/,
// only the .cc includes <git2.h>.

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace stc::indexer::git {

/// The unified diff (`diff --git a/PATH b/PATH`, hunks with 3 lines of
/// context) that turns `old_text` into `new_text`. A nullopt `old_text` is a
/// new file (`--- /dev/null`), a nullopt `new_text` a deleted one. Equal
/// texts give "". Thread-safe. kInternal on a libgit2 failure.
Result<std::string> unified_diff(const std::string& path,
                                 const std::optional<std::string>& old_text,
                                 const std::optional<std::string>& new_text);

}  // namespace stc::indexer::git
