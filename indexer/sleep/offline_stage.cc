#include "indexer/sleep/offline_stage.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/path_kind.h"
#include "core/text.h"
#include "indexer/history/history_queries.h"
#include "indexer/history/pattern_memo.h"
#include "indexer/skeleton.h"
#include "indexer/sleep/artifact_codec.h"
#include "indexer/sleep/change_patterns.h"
#include "indexer/sleep/module_facts.h"
#include "indexer/sleep/offline_builders.h"
#include "indexer/sleep/rollup_stage.h"
#include "indexer/store/artifact_store.h"

namespace stc::indexer::sleep {
namespace {

constexpr size_t kBatch = 200;
constexpr const char* kModulesMarkKey = "modules_mark";

class OfflineStage {
 public:
  OfflineStage(const git::Repository& repo, store::IndexStore& store, const StageInput& input,
               Progress& progress)
      : repo_(repo), store_(store), arts_(store.artifacts()), input_(input), progress_(progress) {}

  Result<StageReport> run();

 private:
  Status load_files();
  // A file of the indexed commit by path: from the rows load_files() read,
  // else looked up (and kept). Null when there is none.
  Result<const store::FileRecord*> file(const std::string& path);
  Result<bool> exists(const std::string& path) {
    TRY_ASSIGN(const auto* f, file(path));
    return f != nullptr;
  }
  PathExists exists_fn() {
    return [this](const std::string& p) { return exists(p); };
  }
  Result<std::vector<std::string>> modules_to_build();
  Status build_modules(const std::vector<std::string>& paths);
  Status build_dir_notes();
  Status build_anticipation();
  Status put(const char* kind, const std::string& subject, const std::string& key, int version,
             const std::string& content, int64_t* counter, bool refresh = false) {
    return put_offline(arts_, kind, subject, key, version, content, counter, refresh);
  }
  // Sibling patterns, computed on first use (dir notes and anticipation both read them).
  Result<const std::vector<SiblingPattern>*> patterns();

  const git::Repository& repo_;
  store::IndexStore& store_;
  store::ArtifactStore arts_;
  const StageInput& input_;
  Progress& progress_;
  StageReport report_;
  // Every file (loaded when every module is built again), or those looked up.
  std::unordered_map<std::string, std::optional<store::FileRecord>> files_;
  bool all_loaded_ = false;
  bool rollups_changed_ = false;
  std::optional<std::vector<SiblingPattern>> patterns_;
};

Result<const std::vector<SiblingPattern>*> OfflineStage::patterns() {
  if (!patterns_) {
    TRY_ASSIGN(auto p, sibling_patterns(store_, exists_fn()));
    patterns_ = std::move(p);
  }
  return &*patterns_;
}

Status OfflineStage::load_files() {
  TRY_ASSIGN(auto all, store_.files());
  files_.clear();
  files_.reserve(all.size());
  for (auto& f : all) {
    std::string path = f.path;
    files_.emplace(std::move(path), std::move(f));
  }
  all_loaded_ = true;
  return {};
}

Result<const store::FileRecord*> OfflineStage::file(const std::string& path) {
  auto it = files_.find(path);
  if (it == files_.end()) {
    if (all_loaded_) return nullptr;
    TRY_ASSIGN(auto row, store_.file(path));
    it = files_.emplace(path, std::move(row)).first;
  }
  return it->second ? &*it->second : nullptr;
}

std::string modules_mark(const std::string& commit) {
  return commit + " " + std::to_string(kSummaryVersion) + "." + std::to_string(kNotesVersion);
}

// When every module had its summary and notes at the commit this pass's
// incremental structural stage started from, only the changed paths can
// lack them; otherwise (first pass, a killed one, a full structural pass,
// a module that failed) the anti-joins find the gaps.
Result<std::vector<std::string>> OfflineStage::modules_to_build() {
  std::set<std::string> todo;
  TRY_ASSIGN(auto mark, store_.meta(kModulesMarkKey));
  const bool complete =
      mark && !input_.previous_commit.empty() && *mark == modules_mark(input_.previous_commit);
  if (!complete) {
    // Any module may be built: one read of the files table, not a look-up each.
    TRY(load_files());
    TRY_ASSIGN(auto unsummarized, arts_.modules_missing_summary(kSummaryVersion, "offline"));
    TRY_ASSIGN(auto without_notes, arts_.modules_missing("notes"));
    todo.insert(unsummarized.begin(), unsummarized.end());
    todo.insert(without_notes.begin(), without_notes.end());
  }
  for (const auto* list : {&input_.changed_paths, &input_.history_paths}) {
    for (const auto& p : *list) {
      TRY_ASSIGN(const auto* f, file(p));
      if (f && f->status == store::FileStatus::kIndexed) todo.insert(p);
    }
  }
  return std::vector<std::string>(todo.begin(), todo.end());
}

Status OfflineStage::build_modules(const std::vector<std::string>& paths) {
  progress_.start("summaries", paths.size());
  TRY(store_.begin());
  for (size_t i = 0; i < paths.size(); ++i) {
    auto found = file(paths[i]);
    if (!found) {
      store_.rollback();
      return tl::unexpected(found.error());
    }
    if (!*found) continue;  // paths come from the files table
    const auto& f = **found;
    auto m = load_module(store_, f, input_.now_time);
    if (!m) {
      report_.errors.push_back(f.path + ": " + m.error().message);
      continue;
    }
    auto st = put(kSummary, f.path, f.oid, kSummaryVersion, encode(offline_summary(*m)),
                  &report_.summaries);
    std::unordered_set<std::string> partners;  // those still in the tree
    for (const auto& p : m->partners) {
      auto there = exists(p.path);
      if (!there) st = tl::unexpected(there.error());
      if (there && *there) partners.insert(p.path);
    }
    const std::string notes = st ? encode(offline_notes(*m, partners)) : std::string();
    if (st) {
      st = put(kNotes, f.path, stc::hash_hex(f.oid + notes), kNotesVersion, notes, &report_.notes,
               true);
    }
    if (!st) {
      store_.rollback();
      return st;
    }
    if ((i + 1) % kBatch == 0) {
      TRY(store_.commit());
      TRY(store_.begin());
    }
    progress_.update(i + 1);
  }
  // The mark goes with the last batch: a killed pass leaves the old one.
  if (report_.errors.empty() && !input_.commit.empty()) {
    if (auto st = store_.set_meta(kModulesMarkKey, modules_mark(input_.commit)); !st) {
      store_.rollback();
      return st;
    }
  }
  TRY(store_.commit());
  progress_.finish();
  return {};
}

Status OfflineStage::build_dir_notes() {
  // Directory notes depend on history only; computed again when it changed
  // (or when there are none yet, e.g. after a pass killed before this stage).
  TRY_ASSIGN(auto dirs_with_notes, arts_.subjects(kNotes, "/"));
  bool current_version = !dirs_with_notes.empty();
  if (current_version) {
    TRY_ASSIGN(auto a, arts_.best(kNotes, dirs_with_notes.front(), "", kNotesVersion));
    current_version = a && a->prompt_version == kNotesVersion;
  }
  if (!input_.history_changed && current_version) return {};
  TRY_ASSIGN(const auto* found, patterns());
  const auto& patterns = *found;
  // Directories whose pattern is gone (e.g. after --at) get empty notes.
  const std::set<std::string> stale(dirs_with_notes.begin(), dirs_with_notes.end());
  TRY(store_.begin());
  for (const auto& dir : stale) {
    const bool current = std::any_of(patterns.begin(), patterns.end(), [&](const auto& p) {
      return !p.companions.empty() && p.dir + "/" == dir;
    });
    if (current) continue;
    const std::string empty = encode(ModuleNotes{});
    if (auto st = put(kNotes, dir, stc::hash_hex(dir + empty), kNotesVersion, empty, nullptr, true);
        !st) {
      store_.rollback();
      return st;
    }
  }
  for (const auto& p : patterns) {
    if (p.companions.empty()) continue;
    ModuleNotes n;
    n.notes.push_back(sibling_note(p));
    const std::string content = encode(n);
    if (auto st = put(kNotes, p.dir + "/", stc::hash_hex(content), kNotesVersion, content,
                      &report_.notes, true);
        !st) {
      store_.rollback();
      return st;
    }
  }
  return store_.commit();
}

Status OfflineStage::build_anticipation() {
  TRY_ASSIGN(auto existing, arts_.best(kAnticipation, "", "", kAnticipationVersion));
  const bool current = existing && existing->prompt_version == kAnticipationVersion;
  if (current && !input_.history_changed && !rollups_changed_) return {};
  TRY_ASSIGN(const auto* siblings, patterns());
  TRY_ASSIGN(auto clusters, change_clusters(store_, exists_fn()));
  TRY_ASSIGN(auto hot, indexer::hottest_files(store_, 8, input_.now_time));
  std::vector<ModuleFacts> hot_modules;
  for (const auto& h : hot) {
    TRY_ASSIGN(const auto* f, file(h.path));
    if (!f) continue;
    TRY_ASSIGN(auto m, load_module(store_, *f, input_.now_time));
    hot_modules.push_back(std::move(m));
  }
  const std::string content =
      encode(offline_anticipation(*siblings, clusters, hot_modules, input_.now_time));
  int64_t written = 0;
  TRY(put(kAnticipation, "", stc::hash_hex(content), kAnticipationVersion, content, &written,
          true));
  report_.anticipation = written > 0;
  return {};
}

Result<StageReport> OfflineStage::run() {
  TRY(indexer::update_pattern_memo(store_));
  TRY_ASSIGN(auto modules, modules_to_build());
  TRY(build_modules(modules));
  TRY(build_dir_notes());
  TRY_ASSIGN(auto rollups, write_rollups(repo_, store_, input_));
  report_.rollups += rollups.written;
  report_.rollup_mode = rollups.mode;
  report_.rollup_dirs = static_cast<int64_t>(rollups.directories);
  rollups_changed_ = rollups.changed;
  TRY(build_anticipation());
  return report_;
}

}  // namespace

Status put_offline(store::ArtifactStore& arts, const char* kind, const std::string& subject,
                   const std::string& key, int version, const std::string& content,
                   int64_t* counter, bool refresh) {
  if (refresh) {
    // Already the newest of its subject with this content: readers would get
    // the same artifact, and the store (its WAL) is spared a rewrite.
    TRY_ASSIGN(auto newest, arts.newest_of(kind, subject, version, "offline"));
    if (newest && newest->input_key == key && newest->content == content) return {};
  } else {
    TRY_ASSIGN(bool present, arts.has(kind, subject, key, version, "offline"));
    if (present) return {};
  }
  store::Artifact a{kind, subject, key, version, "offline", "", content, 0, 0};
  TRY(arts.put(a));
  if (counter) ++*counter;
  return {};
}

Result<bool> offline_modules_complete(store::IndexStore& store) {
  TRY_ASSIGN(auto mark, store.meta(kModulesMarkKey));
  TRY_ASSIGN(auto commit, store.meta("indexed_commit"));
  return mark && commit && *mark == modules_mark(*commit);
}

Result<StageReport> write_offline_artifacts(const git::Repository& repo, store::IndexStore& store,
                                            const StageInput& input, Progress& progress) {
  OfflineStage stage(repo, store, input, progress);
  return stage.run();
}

Result<int64_t> write_worktree_summaries(store::IndexStore& store,
                                         const std::vector<store::FileRecord>& files,
                                         int64_t now_time) {
  store::ArtifactStore arts = store.artifacts();
  int64_t written = 0;
  TRY(store.begin());
  for (const auto& f : files) {
    auto present = arts.has(kSummary, f.path, f.oid, kSummaryVersion, "offline");
    if (present && *present) continue;
    auto m = load_module(store, f, now_time);
    Status st = m ? Status{} : Status(tl::unexpected(m.error()));
    if (st)
      st = arts.put(store::Artifact{kSummary, f.path, f.oid, kSummaryVersion, "offline", "",
                                    encode(offline_summary(*m)), 0, 0});
    if (!st) {
      store.rollback();
      return tl::unexpected(st.error());
    }
    ++written;
  }
  TRY(store.commit());
  return written;
}

Result<std::vector<store::FileRecord>> indexed_files(store::IndexStore& store) {
  TRY_ASSIGN(auto all, store.files());
  std::vector<store::FileRecord> out;
  for (auto& f : all) {
    if (f.status == store::FileStatus::kIndexed) out.push_back(std::move(f));
  }
  return out;
}

}  // namespace stc::indexer::sleep
