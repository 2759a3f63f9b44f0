#include "indexer/sleep/artifact_reader.h"

#include "indexer/sleep/artifact_codec.h"
#include "indexer/sleep/module_facts.h"
#include "indexer/store/artifact_store.h"

namespace stc::indexer::sleep {
namespace {

Status append_notes(store::ArtifactStore& arts, const char* kind, const std::string& subject,
                    const std::string& key, std::vector<Note>& out) {
  TRY_ASSIGN(auto a, arts.best(kind, subject, key, kNotesVersion));
  if (!a) return {};
  if (auto n = decode_notes(a->content)) {
    out.insert(out.end(), n->notes.begin(), n->notes.end());
  }
  return {};
}

}  // namespace

Result<ModuleView> read_module_view(store::IndexStore& store, const store::FileRecord& file) {
  store::ArtifactStore arts = store.artifacts();
  ModuleView view;
  TRY_ASSIGN(auto current, arts.best(kSummary, file.path, file.oid, kSummaryVersion));
  auto chosen = current;
  if (!chosen) {
    TRY_ASSIGN(chosen, arts.best(kSummary, file.path, "", kSummaryVersion));
  }
  if (chosen) {
    if (auto s = decode_summary(chosen->content)) view.summary = *s;
    view.summary_provider = chosen->provider;
    view.summary_stale = !current || chosen->prompt_version != kSummaryVersion;
  }
  TRY(append_notes(arts, kLlmNotes, file.path, file.oid, view.notes));
  TRY(append_notes(arts, kNotes, file.path, "", view.notes));
  TRY(append_notes(arts, kNotes, dir_of(file.path) + "/", "", view.notes));
  return view;
}

namespace {

// The repository-level artifact for the current inputs: the newest offline
// one says what the inputs are; an LLM artifact counts only when written for
// those same inputs (never one from a later commit, after an --at rebuild).
Result<std::optional<store::Artifact>> current_repo_artifact(store::ArtifactStore& arts,
                                                             const char* kind, int version) {
  TRY_ASSIGN(auto any, arts.best(kind, "", "", version));
  if (!any || any->offline()) return any;
  TRY_ASSIGN(auto all, arts.all_of_kind(kind));
  const store::Artifact* newest_offline = nullptr;
  for (const auto& a : all) {
    if (a.offline() && a.prompt_version == version &&
        (!newest_offline || a.created_at >= newest_offline->created_at)) {
      newest_offline = &a;
    }
  }
  if (!newest_offline) return any;
  return arts.best(kind, "", newest_offline->input_key, version);
}

}  // namespace

Result<std::optional<Rollup>> read_overview(store::IndexStore& store) {
  store::ArtifactStore arts = store.artifacts();
  TRY_ASSIGN(auto a, current_repo_artifact(arts, kOverview, kRollupVersion));
  if (!a) return std::optional<Rollup>();
  auto r = decode_rollup(a->content);
  return r ? std::optional<Rollup>(*r) : std::nullopt;
}

Result<std::optional<Rollup>> read_directory(store::IndexStore& store, const std::string& dir) {
  store::ArtifactStore arts = store.artifacts();
  TRY_ASSIGN(auto a, arts.best(kDirSummary, dir + "/", "", kRollupVersion));
  if (!a) return std::optional<Rollup>();
  auto r = decode_rollup(a->content);
  return r ? std::optional<Rollup>(*r) : std::nullopt;
}

Result<std::optional<Anticipation>> read_anticipation(store::IndexStore& store) {
  store::ArtifactStore arts = store.artifacts();
  TRY_ASSIGN(auto a, current_repo_artifact(arts, kAnticipation, kAnticipationVersion));
  if (!a) return std::optional<Anticipation>();
  auto r = decode_anticipation(a->content);
  return r ? std::optional<Anticipation>(*r) : std::nullopt;
}

}  // namespace stc::indexer::sleep
