#pragma once
// Applying edits to the work tree, all or nothing.
//
// compute_change works in memory only: it reads the current file and applies
// the model's blocks (edit_blocks.h). apply_all then writes in two phases:
//   1. stage: create missing parent directories and write every new content
//      to a temporary file beside its target (same directory, so the rename
//      is atomic), with the original file's permissions;
//   2. commit: rename each temporary file over its target.
// A failure while staging removes the temporary files and the directories it
// created; nothing else was touched. A failure while committing puts back the
// files already renamed (their old content, or removal for new files), then
// cleans up as in 1. Other processes may see the tree between two renames.
//
// Not thread-safe with respect to the files it writes.

#include <optional>
#include <string>
#include <vector>

#include "agent/edit/edit_blocks.h"
#include "agent/edit/safe_paths.h"
#include "core/result.h"

namespace stc::agent::edit {

/// One file's change, computed before anything is written.
struct FileChange {
  Target target;
  Action action = Action::kModify;
  std::optional<std::string> old_content;  // nullopt: the file does not exist yet
  std::string new_content;
  [[nodiscard]] bool changes_anything() const {
    return !old_content || *old_content != new_content;
  }
};

/// The current content of `target` (nullopt when it does not exist). kIo.
Result<std::optional<std::string>> read_current(const Target& target);

/// The change `edit` makes to `target` whose current content is `current`.
/// kCreate replaces the whole content; kModify needs an existing file and
/// every block to apply (kUnavailable otherwise, saying which block failed).
/// An edit with a NUL byte anywhere in its text is refused (kUnavailable).
Result<FileChange> compute_change(const Target& target, const std::optional<std::string>& current,
                                  const FileEdit& edit);

/// Writes every change or none (see above). kIo naming the file that failed
/// and saying that the tree was left unchanged (or, if even restoring failed,
/// which files could not be restored).
Status apply_all(const std::vector<FileChange>& changes);

}  // namespace stc::agent::edit
