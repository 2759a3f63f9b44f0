#pragma once
// Artifacts the offline provider writes without any LLM: extractive module
// summaries (doc comments, signatures, names, imports), likely-change notes
// from history (co-change partners with evidence) and from structure
// (registries that import their siblings, dispatch points), and the
// repository's recurring multi-file change patterns.
//
// All builders are pure: same facts in, same artifact out.

#include <string>
#include <unordered_set>
#include <vector>

#include "indexer/sleep/artifacts.h"
#include "indexer/sleep/module_facts.h"

namespace stc::indexer::sleep {

/// True for files that are modules of the project: source code, tests and
/// documentation (core/path_kind.h). Build, CI, dependency lists and data
/// files are not: they get a one-line description, never their text as
/// prose, and no anticipated request extends or adds one.
bool is_module_path(const std::string& path);

/// The first sentence of a module's doc, license, shebang and generated
/// banners skipped (core/doc_boilerplate.h); "" when there is none.
std::string module_doc_line(const ModuleFacts& m);

/// A summary from the module docstring/comment, its definitions and imports;
/// for a file that is not a module, what kind of file it is and its size.
ModuleSummary offline_summary(const ModuleFacts& m);

/// Co-change, registry and dispatch-point notes of one module. `exists`
/// holds the paths of the indexed commit (partners that are gone are dropped).
ModuleNotes offline_notes(const ModuleFacts& m, const std::unordered_set<std::string>& exists);

/// "What adding a new file to this directory required": mined from past
/// commits that added a source file to `dir`.
struct SiblingPattern {
  std::string dir;
  std::string extension;                                // of the added files, e.g. ".py"
  int additions = 0;                                    // commits that added a file to dir
  std::vector<std::pair<std::string, int>> companions;  // other files changed, count
  std::vector<std::string> added;                       // the files those commits added
  std::vector<std::string> examples;                    // their commit summaries, newest first
  int64_t last_time = 0;
};

/// A group of similar past feature commits (3+ files) and the files they share.
struct ChangeCluster {
  std::vector<std::string> summaries;              // newest first
  std::vector<std::pair<std::string, int>> files;  // file, commits of the cluster touching it
  int commits = 0;
  int64_t last_time = 0;
};

/// The note a directory pattern gives: one sentence with counts.
Note sibling_note(const SiblingPattern& p);

/// Anticipated requests from directory patterns (not of the root), change
/// clusters and the hottest source modules, ranked by evidence and recency;
/// at most `limit`.
Anticipation offline_anticipation(const std::vector<SiblingPattern>& patterns,
                                  const std::vector<ChangeCluster>& clusters,
                                  const std::vector<ModuleFacts>& hot_modules, int64_t now_time,
                                  size_t limit = 20);

/// A name for the kind of file a directory holds: "providers" -> "provider".
std::string singular_noun(const std::string& dir);

}  // namespace stc::indexer::sleep
