#include "indexer/sleep/offline_stage.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "core/path_kind.h"
#include "core/text.h"
#include "indexer/history/history_queries.h"
#include "indexer/history/pattern_memo.h"
#include "indexer/skeleton.h"
#include "indexer/sleep/artifact_codec.h"
#include "indexer/sleep/change_patterns.h"
#include "indexer/sleep/module_facts.h"
#include "indexer/sleep/offline_builders.h"
#include "indexer/sleep/rollups.h"
#include "indexer/store/artifact_store.h"

namespace stc::indexer::sleep {
namespace {

constexpr size_t kBatch = 200;
constexpr size_t kKeyFiles = 8;

class OfflineStage {
 public:
  OfflineStage(const git::Repository& repo, store::IndexStore& store, const StageInput& input,
               Progress& progress)
      : repo_(repo), store_(store), arts_(store.artifacts()), input_(input), progress_(progress) {}

  Result<StageReport> run();

 private:
  Status load_files();
  Result<std::vector<std::string>> modules_to_build();
  Status build_modules(const std::vector<std::string>& paths);
  Status build_dir_notes();
  Status build_rollups();
  Status build_overview(const std::map<std::string, std::string>& dir_lines);
  Status build_anticipation();
  Result<std::vector<RollupItem>> key_source_files();
  Result<std::string> one_liner(const store::FileRecord& f);
  // Stores an artifact unless it exists. `refresh` re-stores it anyway, making
  // it the newest of its subject: for artifacts read as "the newest", whose
  // content can return to an earlier value (after indexing an older commit).
  Status put(const char* kind, const std::string& subject, const std::string& key, int version,
             const std::string& content, int64_t* counter, bool refresh = false);
  double weight(const std::string& path) const;
  // Sibling patterns, computed on first use (dir notes and anticipation both read them).
  Result<const std::vector<SiblingPattern>*> patterns();

  const git::Repository& repo_;
  store::IndexStore& store_;
  store::ArtifactStore arts_;
  const StageInput& input_;
  Progress& progress_;
  StageReport report_;
  std::vector<store::FileRecord> files_;
  std::unordered_map<std::string, size_t> by_path_;
  std::unordered_set<std::string> exists_;
  FileCounts counts_;
  bool rollups_changed_ = false;
  std::optional<std::vector<SiblingPattern>> patterns_;
};

Result<const std::vector<SiblingPattern>*> OfflineStage::patterns() {
  if (!patterns_) {
    TRY_ASSIGN(auto p, sibling_patterns(store_, exists_));
    patterns_ = std::move(p);
  }
  return &*patterns_;
}

Status OfflineStage::load_files() {
  TRY_ASSIGN(files_, store_.files());
  for (size_t i = 0; i < files_.size(); ++i) {
    by_path_[files_[i].path] = i;
    exists_.insert(files_[i].path);
  }
  TRY_ASSIGN(counts_, load_file_counts(store_));
  return {};
}

double OfflineStage::weight(const std::string& path) const {
  return static_cast<double>(counts_.importers_of(path)) +
         std::log2(1.0 + static_cast<double>(counts_.commits_of(path)));
}

Status OfflineStage::put(const char* kind, const std::string& subject, const std::string& key,
                         int version, const std::string& content, int64_t* counter, bool refresh) {
  TRY_ASSIGN(bool present, arts_.has(kind, subject, key, version, "offline"));
  if (present && !refresh) return {};
  store::Artifact a{kind, subject, key, version, "offline", "", content, 0, 0};
  TRY(arts_.put(a));
  if (counter) ++*counter;
  return {};
}

Result<std::vector<std::string>> OfflineStage::modules_to_build() {
  std::set<std::string> todo;
  TRY_ASSIGN(auto unsummarized, arts_.modules_missing_summary(kSummaryVersion, "offline"));
  TRY_ASSIGN(auto without_notes, arts_.modules_missing("notes"));
  todo.insert(unsummarized.begin(), unsummarized.end());
  todo.insert(without_notes.begin(), without_notes.end());
  for (const auto* list : {&input_.changed_paths, &input_.history_paths}) {
    for (const auto& p : *list) {
      auto it = by_path_.find(p);
      if (it != by_path_.end() && files_[it->second].status == store::FileStatus::kIndexed)
        todo.insert(p);
    }
  }
  return std::vector<std::string>(todo.begin(), todo.end());
}

Status OfflineStage::build_modules(const std::vector<std::string>& paths) {
  progress_.start("summaries", paths.size());
  TRY(store_.begin());
  for (size_t i = 0; i < paths.size(); ++i) {
    const auto& f = files_[by_path_.at(paths[i])];
    auto m = load_module(store_, f, input_.now_time);
    if (!m) {
      report_.errors.push_back(f.path + ": " + m.error().message);
      continue;
    }
    auto st = put(kSummary, f.path, f.oid, kSummaryVersion, encode(offline_summary(*m)),
                  &report_.summaries);
    const std::string notes = encode(offline_notes(*m, exists_));
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

Result<std::string> OfflineStage::one_liner(const store::FileRecord& f) {
  if (f.status != store::FileStatus::kIndexed) return std::string();
  TRY_ASSIGN(auto a, arts_.best(kSummary, f.path, f.oid, kSummaryVersion));
  if (!a) return std::string();
  auto s = decode_summary(a->content);
  return s ? indexer::first_doc_line(s->summary) : std::string();
}

Status OfflineStage::build_rollups() {
  std::map<std::string, std::vector<size_t>> files_in;
  std::map<std::string, std::set<std::string>> subdirs;
  for (size_t i = 0; i < files_.size(); ++i) {
    std::string dir = dir_of(files_[i].path);
    files_in[dir].push_back(i);
    for (std::string d = dir; !d.empty(); d = dir_of(d)) subdirs[dir_of(d)].insert(d);
  }
  TRY_ASSIGN(auto all, arts_.all_of_kind(kDirSummary));
  // Roll-ups of an older version count as none: every directory is redone.
  std::vector<store::Artifact> existing;
  std::copy_if(all.begin(), all.end(), std::back_inserter(existing),
               [](const store::Artifact& a) { return a.prompt_version == kRollupVersion; });
  std::set<std::string> todo;
  if (existing.empty()) {
    for (const auto& [dir, v] : files_in) todo.insert(dir);
    for (const auto& [dir, v] : subdirs) todo.insert(dir);
  } else {
    for (const auto& p : input_.changed_paths) {
      for (std::string d = dir_of(p);; d = dir_of(d)) {
        todo.insert(d);
        if (d.empty()) break;
      }
    }
  }
  // Deepest directories first, so parents see their children's new lines.
  std::vector<std::string> order(todo.begin(), todo.end());
  std::stable_sort(order.begin(), order.end(), [](const std::string& a, const std::string& b) {
    return std::count(a.begin(), a.end(), '/') + !a.empty() >
           std::count(b.begin(), b.end(), '/') + !b.empty();
  });
  std::map<std::string, std::string> lines;  // dir -> one-liner, for the overview
  TRY(store_.begin());
  for (const auto& dir : order) {
    std::vector<RollupItem> items;
    std::string key_src;
    for (size_t i : files_in[dir]) {
      const auto& f = files_[i];
      TRY_ASSIGN(std::string line, one_liner(f));
      const bool key = f.status == store::FileStatus::kIndexed && is_module_path(f.path);
      items.push_back(RollupItem{f.path, line, weight(f.path), f.language, key});
      key_src += f.path + ":" + f.oid + "\n";
    }
    for (const auto& sub : subdirs[dir]) {
      TRY_ASSIGN(auto a, arts_.best(kDirSummary, sub + "/", "", kRollupVersion));
      std::string line;
      bool key = false;  // a directory of images or CI files is no key path
      if (a) {
        if (auto r = decode_rollup(a->content)) {
          line = indexer::first_doc_line(r->summary);
          key = !r->key_files.empty();
        }
        key_src += sub + "/:" + a->input_key + "\n";
      }
      double w = 0;
      for (size_t i : files_in[sub]) w += weight(files_[i].path);
      items.push_back(RollupItem{sub + "/", line, w + 1.0, "", key});
    }
    const std::string content = encode(offline_dir_rollup(dir, items));
    const int64_t before = report_.rollups;
    if (auto st = put(kDirSummary, dir + "/", stc::hash_hex(key_src), kRollupVersion, content,
                      &report_.rollups, true);
        !st) {
      store_.rollback();
      return st;
    }
    rollups_changed_ |= report_.rollups != before;
  }
  // The overview is written in the same transaction as the roll-ups it is
  // made of: a pass killed between the two would otherwise leave roll-ups
  // that look current and no overview, and the next pass would not redo it.
  // (A store damaged that way by an older stc is repaired here too.)
  auto overview = arts_.best(kOverview, "", "", kRollupVersion);
  if (!overview) {
    store_.rollback();
    return tl::unexpected(overview.error());
  }
  const bool overview_current = *overview && (*overview)->prompt_version == kRollupVersion;
  if (rollups_changed_ || existing.empty() || !overview_current) {
    for (const auto& sub : subdirs[""]) {
      auto a = arts_.best(kDirSummary, sub + "/", "", kRollupVersion);
      if (!a) {
        store_.rollback();
        return tl::unexpected(a.error());
      }
      if (*a) {
        if (auto r = decode_rollup((*a)->content)) lines[sub] = indexer::first_doc_line(r->summary);
      }
    }
    if (auto st = build_overview(lines); !st) {
      store_.rollback();
      return st;
    }
  }
  return store_.commit();
}

Status OfflineStage::build_overview(const std::map<std::string, std::string>& dir_lines) {
  std::string readme_text, readme_oid;
  std::map<std::string, int> langs;
  std::vector<std::pair<double, std::string>> entries;
  for (const auto& f : files_) {
    const std::string lower = stc::to_lower(f.path);
    if (readme_oid.empty() && stc::starts_with(lower, "readme") &&
        f.path.find('/') == std::string::npos) {
      readme_oid = f.oid;
      if (auto oid = git::Oid::from_hex(f.oid)) {
        if (auto blob = repo_.read_blob(*oid)) readme_text = blob->content;
      }
    }
    if (f.status != store::FileStatus::kIndexed) continue;
    ++langs[f.language];
    const std::string base =
        lower.substr(lower.rfind('/') == std::string::npos ? 0 : lower.rfind('/') + 1);
    const std::string stem = base.substr(0, base.find('.'));
    const bool entry = stem == "main" || stem == "__main__" || stem == "cli" || stem == "app" ||
                       stem == "server" || stem == "index" || stc::starts_with(lower, "cmd/");
    if (entry && classify_path(f.path) == PathKind::kSource) {  // not docs/index.rst
      entries.emplace_back(weight(f.path), f.path);
    }
  }
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::string> entry_paths;
  for (const auto& e : entries) entry_paths.push_back(e.second);
  std::vector<std::pair<std::string, int>> lang_list(langs.begin(), langs.end());
  std::sort(lang_list.begin(), lang_list.end(),
            [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<RollupItem> tops;
  std::string key_src = readme_oid + "\n";
  for (const auto& [dir, line] : dir_lines) {
    double w = 0;
    bool code = false;
    for (const auto& f : files_) {
      if (!stc::starts_with(f.path, dir + "/")) continue;
      const bool source = classify_path(f.path) == PathKind::kSource;
      code |= source;
      w += source ? 1.0 + weight(f.path) : is_module_path(f.path) ? 0.1 : 0.0;
    }
    tops.push_back(RollupItem{dir + "/", line, w, "", code});
    key_src += dir + ":" + line + "\n";
  }
  TRY_ASSIGN(auto keys, key_source_files());
  for (const auto& k : keys) key_src += k.path + ":" + k.line + "\n";
  const std::string content =
      encode(offline_overview(readme_paragraph(readme_text), tops, keys, lang_list, entry_paths));
  return put(kOverview, "", stc::hash_hex(key_src + content), kRollupVersion, content,
             &report_.rollups, true);
}

// The repository's most important source files: importers and churn,
// shallow files first, so a root package's files (cobra's command.go) lead.
Result<std::vector<RollupItem>> OfflineStage::key_source_files() {
  std::vector<RollupItem> ranked;
  for (const auto& f : files_) {
    if (f.status != store::FileStatus::kIndexed || classify_path(f.path) != PathKind::kSource)
      continue;
    const double depth = static_cast<double>(std::count(f.path.begin(), f.path.end(), '/'));
    ranked.push_back(RollupItem{f.path, "", (1.0 + weight(f.path)) / (1.0 + depth), f.language});
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.weight > b.weight; });
  if (ranked.size() > kKeyFiles) ranked.resize(kKeyFiles);
  for (auto& k : ranked) {
    TRY_ASSIGN(k.line, one_liner(files_[by_path_.at(k.path)]));
  }
  return ranked;
}

Status OfflineStage::build_anticipation() {
  TRY_ASSIGN(auto existing, arts_.best(kAnticipation, "", "", kAnticipationVersion));
  const bool current = existing && existing->prompt_version == kAnticipationVersion;
  if (current && !input_.history_changed && !rollups_changed_) return {};
  TRY_ASSIGN(const auto* siblings, patterns());
  TRY_ASSIGN(auto clusters, change_clusters(store_, exists_));
  TRY_ASSIGN(auto hot, indexer::hottest_files(store_, 8, input_.now_time));
  std::vector<ModuleFacts> hot_modules;
  for (const auto& h : hot) {
    auto it = by_path_.find(h.path);
    if (it == by_path_.end()) continue;
    TRY_ASSIGN(auto m, load_module(store_, files_[it->second], input_.now_time));
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
  TRY(load_files());
  TRY(indexer::update_pattern_memo(store_));
  TRY_ASSIGN(auto modules, modules_to_build());
  TRY(build_modules(modules));
  TRY(build_dir_notes());
  TRY(build_rollups());
  TRY(build_anticipation());
  return report_;
}

}  // namespace

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
