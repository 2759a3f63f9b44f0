#pragma once
// `stc-agent implement`: turns a plan into edits. For each planned file, one
// edit call (phase test, purpose "edit") returns search/replace blocks, or the
// whole content of a new file (edit_blocks.h); an unusable reply — malformed,
// or a SEARCH text that does not match the file — is sent back once with the
// reason, and a second failure ends the run. All new contents are computed in
// memory first; then the edits are shown as unified diffs and, when asked,
// applied all or nothing (edit_apply.h).
//
// Safety (safe_paths.h): every planned path, and every path the planner
// dropped from the model's plan, is checked before any call: one unsafe path
// (outside the tree, in .git, through a symlink leaving it) refuses the run;
// applying also refuses files with uncommitted changes unless forced. A file
// the plan marks "create" that exists is modified, and the reverse, so the
// edit always fits the tree. Files on the secret deny list are never sent to
// the model; they are reported and left alone.
//
// One run at a time per work tree.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "agent/agent.h"
#include "agent/edit/safe_paths.h"
#include "core/config.h"
#include "core/result.h"
#include "indexer/store/index_store.h"
#include "llm/provider.h"

namespace stc::agent::edit {

enum class ApplyMode { kDiffOnly, kApply };
enum class Overwrite { kRefuseUncommitted, kForce };

struct ImplementOptions {
  ApplyMode apply = ApplyMode::kDiffOnly;
  Overwrite overwrite = Overwrite::kRefuseUncommitted;
  size_t max_file_bytes = 60000;  // larger files are shown cut (edit_prompt.h)
  int max_output_tokens = 4096;
};

/// Where edits go and who makes them. Nothing here is owned.
struct EditEnv {
  std::string workdir;                // the work tree (Repository::workdir())
  std::string git_dir;                // Repository::git_dir()
  llm::Provider* provider = nullptr;  // required, not offline
  const Config* config = nullptr;     // required (secret deny list)
};

struct EditOutcome {
  std::string path;
  std::string action;  // modify or create (what was done, not what was planned)
  bool applied = false;
  std::string diff;  // unified diff; "" when the file needs no change
  std::string note;  // why a file was skipped (secret, no change)
};

struct Implementation {
  std::vector<EditOutcome> edits;       // in plan order
  bool applied = false;                 // every change is on disk
  std::vector<CallRecord> calls;        // the edit calls, retries included
  std::vector<std::string> call_paths;  // the file each of `calls` was for
  int64_t prompt_tokens = 0;            // over `calls`
  int64_t completion_tokens = 0;
  double seconds = 0;
  /// Set when the edits could not be made or applied; the tree is unchanged
  /// and `calls` still says what was spent.
  std::optional<Error> failure;
};

/// The paths `plan` names (its files and Plan::rejected) that may not be
/// edited, with the reason for each; empty when all are safe. kIo when the
/// work tree cannot be resolved.
Result<std::vector<Refusal>> check_plan_paths(const EditEnv& env, const Plan& plan);

/// Implements `plan` for `feature`. Errors, before any call: kBadInput for
/// an offline provider, a refused path (check_plan_paths; the message names
/// every one), or (applying, not forced) files with
/// uncommitted changes; kIo/kInternal reading the tree or its status. Failures
/// after calls started are returned in Implementation::failure.
Result<Implementation> implement(const EditEnv& env, const std::string& feature, const Plan& plan,
                                 const ImplementOptions& options);

/// Records the edit calls as phase "test", purpose "edit", in the store's llm_calls.
Status record_edit_usage(indexer::store::IndexStore& store, const Implementation& result,
                         const std::string& provider, const std::string& model);

}  // namespace stc::agent::edit
