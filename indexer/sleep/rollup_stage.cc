#include "indexer/sleep/rollup_stage.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/path_kind.h"
#include "core/text.h"
#include "indexer/history/history_queries.h"
#include "indexer/skeleton.h"
#include "indexer/sleep/artifact_codec.h"
#include "indexer/sleep/dir_facts.h"
#include "indexer/sleep/module_facts.h"
#include "indexer/sleep/offline_builders.h"
#include "indexer/sleep/rollups.h"

namespace stc::indexer::sleep {

void keep_top(std::vector<WeightedPath>& paths) {
  std::sort(paths.begin(), paths.end(), [](const WeightedPath& a, const WeightedPath& b) {
    return a.weight != b.weight ? a.weight > b.weight : a.path < b.path;
  });
  if (paths.size() > kTopPaths) paths.resize(kTopPaths);
}

void add_child(DirFacts& parent, const DirFacts& child) {
  parent.source_weight += child.source_weight;
  parent.code |= child.code;
  for (const auto& [lang, n] : child.languages) parent.languages[lang] += n;
  parent.entries.insert(parent.entries.end(), child.entries.begin(), child.entries.end());
  parent.keys.insert(parent.keys.end(), child.keys.begin(), child.keys.end());
}

namespace {

constexpr const char* kMarkKey = "dir_facts_mark";

// FNV-1a: the same in every build (std::hash need not be), as the
// fingerprints outlive the process.
uint64_t fnv1a(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}

std::string versions() {
  return std::to_string(kRollupVersion) + "." + std::to_string(kDirFactsVersion);
}

// "<commit> <mined seq> <versions> <index settings>": the tree, history and
// settings (what decides each file's status) the facts describe.
std::string mark_of(const std::string& commit, int64_t seq, const std::string& settings) {
  return commit + " " + std::to_string(seq) + " " + versions() + " " + settings;
}

struct Mark {
  std::string commit;
  int64_t seq = -1;
  std::string versions;
  std::string settings;
};
std::optional<Mark> parse_mark(const std::string& text) {
  const auto parts = stc::split(text, ' ');
  if (parts.size() != 4) return std::nullopt;
  Mark m{std::string(parts[0]), std::atoll(std::string(parts[1]).c_str()), std::string(parts[2]),
         std::string(parts[3])};
  if (m.commit.empty() || m.seq < 0) return std::nullopt;
  return m;
}

// The index settings and extractor that decide the files' statuses, hashed.
Result<std::string> index_settings(store::IndexStore& store) {
  TRY_ASSIGN(auto fingerprint, store.meta("index_fingerprint"));
  TRY_ASSIGN(auto extractor, store.meta("extractor_version"));
  return stc::hash_hex(fingerprint.value_or("") + "\n" + extractor.value_or("")).substr(0, 16);
}

size_t depth_of(const std::string& dir) {
  return static_cast<size_t>(std::count(dir.begin(), dir.end(), '/')) + !dir.empty();
}

bool is_entry_point(const std::string& path) {
  const std::string lower = stc::to_lower(path);
  const size_t slash = lower.rfind('/');
  const std::string base = lower.substr(slash == std::string::npos ? 0 : slash + 1);
  const std::string stem = base.substr(0, base.find('.'));
  return stem == "main" || stem == "__main__" || stem == "cli" || stem == "app" ||
         stem == "server" || stem == "index" || stc::starts_with(lower, "cmd/");
}

// Deepest directories first, so parents see their children's new facts.
struct Deeper {
  bool operator()(const std::string& a, const std::string& b) const {
    const size_t da = depth_of(a), db = depth_of(b);
    return da != db ? da > db : a < b;
  }
};

struct Child {
  std::string dir;
  DirFacts facts;
};

class RollupStage {
 public:
  RollupStage(const git::Repository& repo, store::IndexStore& store, const StageInput& input)
      : repo_(repo),
        store_(store),
        arts_(store.artifacts()),
        facts_(store.dir_facts()),
        input_(input) {}

  Result<RollupReport> run();

 private:
  enum class Mode { kCurrent, kIncremental, kBridge, kFull };
  Result<Mode> mode(const std::string& now_mark, int64_t seq, const std::string& settings);
  Result<Mode> prepare_bridge();
  Status load_importers();
  Status prepare_full();
  Status add_moved_importers();
  void add_with_ancestors(std::string dir);
  Status prepare(Mode m);
  Status load_root();
  Status update_dir(const std::string& dir);
  Result<std::vector<Child>> children(const std::string& dir);
  Result<std::string> one_liner(const store::FileRecord& f);
  Status build_overview();
  Status put(const char* kind, const std::string& subject, const std::string& key,
             const std::string& content) {
    return put_offline(arts_, kind, subject, key, kRollupVersion, content, &report_.written, true);
  }

  const git::Repository& repo_;
  store::IndexStore& store_;
  store::ArtifactStore arts_;
  store::DirFactsStore facts_;
  const StageInput& input_;
  RollupReport report_;
  std::set<std::string, Deeper> dirty_;
  bool importers_loaded_ = false;  // else update_dir asks the store file by file
  std::unordered_map<std::string, int64_t> importers_;      // path -> importers
  std::unordered_map<std::string, uint64_t> fingerprints_;  // dir -> its files' importers
  bool full_ = false;
  std::map<std::string, std::vector<store::FileRecord>> all_files_;  // full: by directory
  std::unordered_map<std::string, int64_t> all_commits_;             // full: path -> commits
  std::optional<Mark> stored_;  // the mark the facts had before this pass
  std::vector<store::FileRecord> root_files_;
  DirFacts root_;
  std::vector<Child> root_children_;
};

// kCurrent when nothing moved since the mark; kIncremental when the mark is
// where this pass started from; kBridge when it is an older state of the
// same settings (a separate `stc index` moved the index without a pass):
// the changes since the mark's commit and history are found again; else
// kFull.
Result<RollupStage::Mode> RollupStage::mode(const std::string& now_mark, int64_t seq,
                                            const std::string& settings) {
  TRY_ASSIGN(auto stored, store_.meta(kMarkKey));
  // Roll-ups of an older version count as none: every directory is redone.
  TRY_ASSIGN(bool current_version, arts_.any_of_version(kDirSummary, kRollupVersion));
  TRY_ASSIGN(auto root, facts_.get(""));
  if (!stored || !current_version || !root) return Mode::kFull;
  const bool moved = !input_.changed_paths.empty() || !input_.history_paths.empty();
  if (*stored == now_mark && !moved) return Mode::kCurrent;
  if (input_.history_rebuilt) return Mode::kFull;
  // A full structural pass (no previous commit) may have changed any path's status.
  if (!input_.previous_commit.empty() &&
      *stored == mark_of(input_.previous_commit, input_.mined_before, settings))
    return Mode::kIncremental;
  stored_ = parse_mark(*stored);
  if (!stored_ || stored_->versions != versions() || stored_->settings != settings ||
      stored_->seq > seq || !git::Oid::from_hex(stored_->commit))
    return Mode::kFull;
  // The mined history still has the mark's commit at the mark's position
  // (each pass mines up to the commit it indexes), so the commits mined
  // since are exactly those after it; a history rebuilt since has not.
  TRY_ASSIGN(const std::string at_seq, indexer::commit_at_seq(store_, stored_->seq));
  return at_seq == stored_->commit ? Mode::kBridge : Mode::kFull;
}

Status RollupStage::load_importers() {
  importers_loaded_ = true;
  TRY_ASSIGN(importers_, store_.importer_counts());
  for (const auto& [path, n] : importers_) {
    fingerprints_[dir_of(path)] += fnv1a(path + "\n" + std::to_string(n));
  }
  return {};
}

void RollupStage::add_with_ancestors(std::string dir) {
  while (dirty_.insert(dir).second && !dir.empty()) dir = dir_of(dir);
}

Status RollupStage::prepare_full() {
  full_ = true;
  TRY_ASSIGN(auto files, store_.files());
  for (auto& f : files) {
    std::string dir = dir_of(f.path);
    all_files_[dir].push_back(std::move(f));
    add_with_ancestors(std::move(dir));
  }
  add_with_ancestors("");
  TRY_ASSIGN(all_commits_, indexer::commit_counts(store_));
  return facts_.clear();
}

// Directories whose files gained or lost importers (through any change:
// an import edited anywhere, a path added that imports now resolve to).
Status RollupStage::add_moved_importers() {
  TRY_ASSIGN(auto stored, facts_.importer_marks());
  for (const auto& [dir, fp] : fingerprints_) {
    auto it = stored.find(dir);
    if (it == stored.end() || static_cast<uint64_t>(it->second) != fp) add_with_ancestors(dir);
  }
  for (const auto& [dir, fp] : stored) {
    if (fp != 0 && !fingerprints_.count(dir)) add_with_ancestors(dir);
  }
  return {};
}

Result<std::string> RollupStage::one_liner(const store::FileRecord& f) {
  if (f.status != store::FileStatus::kIndexed) return std::string();
  TRY_ASSIGN(auto a, arts_.best(kSummary, f.path, f.oid, kSummaryVersion));
  if (!a) return std::string();
  auto s = decode_summary(a->content);
  return s ? indexer::first_doc_line(s->summary) : std::string();
}

Result<std::vector<Child>> RollupStage::children(const std::string& dir) {
  TRY_ASSIGN(auto rows, facts_.children(dir));
  std::vector<Child> out;
  for (auto& r : rows) {
    TRY_ASSIGN(auto f, decode_dir_facts(r.facts));
    out.push_back(Child{std::move(r.dir), std::move(f)});
  }
  return out;
}

Status RollupStage::update_dir(const std::string& dir) {
  std::vector<store::FileRecord> files;
  std::unordered_map<std::string, int64_t> commits;
  if (full_) {
    files = std::move(all_files_[dir]);
  } else {
    TRY_ASSIGN(files, store_.files_in(dir));
    TRY_ASSIGN(commits, indexer::commit_counts_in(store_, dir));
  }
  TRY_ASSIGN(auto subs, children(dir));
  if (files.empty() && subs.empty() && !dir.empty()) return facts_.remove(dir);  // gone
  const auto& commit_counts = full_ ? all_commits_ : commits;
  auto count = [](const std::unordered_map<std::string, int64_t>& m, const std::string& k) {
    auto it = m.find(k);
    return it == m.end() ? int64_t{0} : it->second;
  };
  DirFacts facts;
  std::vector<RollupItem> items;
  std::string key_src;
  uint64_t fingerprint = 0;  // of the files' importer counts, as load_importers() sums it
  for (const auto& f : files) {
    int64_t importers = 0;
    if (importers_loaded_) {
      importers = count(importers_, f.path);
    } else {
      TRY_ASSIGN(importers, store_.importer_count(f.path));
    }
    if (importers > 0) fingerprint += fnv1a(f.path + "\n" + std::to_string(importers));
    const double w = static_cast<double>(importers) +
                     std::log2(1.0 + static_cast<double>(count(commit_counts, f.path)));
    const bool source = classify_path(f.path) == PathKind::kSource;
    const bool indexed = f.status == store::FileStatus::kIndexed;
    facts.direct_weight += w;
    facts.code |= source;
    facts.source_weight += source ? 1.0 + w : is_module_path(f.path) ? 0.1 : 0.0;
    if (indexed) ++facts.languages[f.language];
    if (indexed && source && is_entry_point(f.path)) facts.entries.push_back({w, f.path, ""});
    if (indexed && source) {
      const double depth = static_cast<double>(std::count(f.path.begin(), f.path.end(), '/'));
      facts.keys.push_back({(1.0 + w) / (1.0 + depth), f.path, f.language});
    }
    // The line is read below, only for the files the roll-up shows.
    items.push_back(RollupItem{f.path, "", w, f.language, indexed && is_module_path(f.path)});
    key_src += f.path + ":" + f.oid + "\n";
  }
  for (const auto& sub : subs) {
    add_child(facts, sub.facts);
    TRY_ASSIGN(auto a, arts_.best(kDirSummary, sub.dir + "/", "", kRollupVersion));
    std::string line;
    bool key = false;  // a directory of images or CI files is no key path
    if (a) {
      if (auto r = decode_rollup(a->content)) {
        line = indexer::first_doc_line(r->summary);
        key = !r->key_files.empty();
      }
      key_src += sub.dir + "/:" + a->input_key + "\n";
    }
    items.push_back(RollupItem{sub.dir + "/", line, sub.facts.direct_weight + 1.0, "", key});
  }
  // Items [0, files.size()) are the files, in order: a directory of 600
  // modules reads 6 summaries, not 600.
  for (size_t i : dir_rollup_shown(items)) {
    if (i < files.size()) {
      TRY_ASSIGN(items[i].line, one_liner(files[i]));
    }
  }
  keep_top(facts.entries);
  keep_top(facts.keys);
  TRY(facts_.put(dir, dir.empty() ? "" : dir_of(dir), static_cast<int64_t>(fingerprint),
                 encode(facts)));
  ++report_.directories;
  if (dir.empty()) {
    root_files_ = std::move(files);
    root_ = facts;
    root_children_ = std::move(subs);
  }
  return put(kDirSummary, dir + "/", stc::hash_hex(key_src),
             encode(offline_dir_rollup(dir, std::move(items))));
}

Status RollupStage::build_overview() {
  std::string readme_text, readme_oid;
  for (const auto& f : root_files_) {
    if (!stc::starts_with(stc::to_lower(f.path), "readme")) continue;
    readme_oid = f.oid;
    if (auto oid = git::Oid::from_hex(f.oid)) {
      if (auto blob = repo_.read_blob(*oid)) readme_text = blob->content;
    }
    break;
  }
  std::vector<std::pair<std::string, int>> langs;
  for (const auto& [lang, n] : root_.languages) langs.emplace_back(lang, static_cast<int>(n));
  std::sort(langs.begin(), langs.end(),
            [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<std::string> entry_paths;
  for (const auto& e : root_.entries) entry_paths.push_back(e.path);
  std::vector<RollupItem> tops;
  std::string key_src = readme_oid + "\n";
  for (const auto& sub : root_children_) {
    TRY_ASSIGN(auto a, arts_.best(kDirSummary, sub.dir + "/", "", kRollupVersion));
    auto r = a ? decode_rollup(a->content) : Result<Rollup>(fail(ErrorCode::kBadInput, ""));
    if (!r) continue;
    const std::string line = indexer::first_doc_line(r->summary);
    tops.push_back(RollupItem{sub.dir + "/", line, sub.facts.source_weight, "", sub.facts.code});
    key_src += sub.dir + ":" + line + "\n";
  }
  std::vector<RollupItem> keys;
  for (const auto& k : root_.keys) {
    TRY_ASSIGN(auto file, store_.file(k.path));
    std::string line;
    if (file) {
      TRY_ASSIGN(line, one_liner(*file));
    }
    keys.push_back(RollupItem{k.path, line, k.weight, k.language});
    key_src += k.path + ":" + line + "\n";
  }
  const std::string content =
      encode(offline_overview(readme_paragraph(readme_text), tops, keys, langs, entry_paths));
  return put(kOverview, "", stc::hash_hex(key_src + content), content);
}

// The directories that may differ from the mark's: the paths that differ
// between the mark's commit and this one, those of the commits mined since,
// and (by fingerprint) those whose files' importers moved. kFull when the
// two trees cannot be diffed (the mark's objects pruned).
Result<RollupStage::Mode> RollupStage::prepare_bridge() {
  TRY_ASSIGN(const auto from, git::Oid::from_hex(stored_->commit));
  TRY_ASSIGN(const auto to, git::Oid::from_hex(input_.commit));
  auto changes = repo_.diff_commits(from, to);
  if (!changes) {
    if (changes.error().code == ErrorCode::kStore || changes.error().code == ErrorCode::kIo)
      return tl::unexpected(changes.error());
    return Mode::kFull;
  }
  for (const auto& c : *changes) add_with_ancestors(dir_of(c.path));
  TRY_ASSIGN(const auto mined, indexer::paths_mined_after(store_, stored_->seq));
  for (const auto& p : mined) add_with_ancestors(dir_of(p));
  TRY(load_importers());
  TRY(add_moved_importers());
  add_with_ancestors("");
  return Mode::kBridge;
}

Status RollupStage::prepare(Mode m) {
  if (m == Mode::kCurrent) return {};
  if (m == Mode::kFull) {
    TRY(load_importers());
    return prepare_full();
  }
  if (m == Mode::kBridge) {
    TRY_ASSIGN(const Mode done, prepare_bridge());
    if (done == Mode::kBridge) return {};
    report_.mode = "full";  // nothing was loaded: the diff comes first
    TRY(load_importers());
    return prepare_full();
  }
  for (const auto* list : {&input_.changed_paths, &input_.history_paths, &input_.importers_moved}) {
    for (const auto& p : *list) add_with_ancestors(dir_of(p));
  }
  // The structural stage names the paths whose importers changed, unless it
  // resolved every import again: then the fingerprints find the directories.
  if (input_.deps_rebuilt) {
    TRY(load_importers());
    TRY(add_moved_importers());
  }
  add_with_ancestors("");
  return {};
}

// The overview's inputs as stored, when no directory changed.
Status RollupStage::load_root() {
  TRY_ASSIGN(auto facts, facts_.get(""));
  if (!facts) return fail(ErrorCode::kStore, "the root directory's facts are missing");
  TRY_ASSIGN(root_, decode_dir_facts(*facts));
  TRY_ASSIGN(root_children_, children(""));
  TRY_ASSIGN(root_files_, store_.files_in(""));
  return {};
}

Result<RollupReport> RollupStage::run() {
  TRY_ASSIGN(const int64_t seq, indexer::last_mined_seq(store_));
  TRY_ASSIGN(const std::string settings, index_settings(store_));
  const std::string now_mark = mark_of(input_.commit, seq, settings);
  TRY_ASSIGN(const Mode m, mode(now_mark, seq, settings));
  report_.mode = m == Mode::kCurrent       ? "current"
                 : m == Mode::kIncremental ? "incremental"
                 : m == Mode::kBridge      ? "bridge"
                                           : "full";
  TRY_ASSIGN(auto overview, arts_.best(kOverview, "", "", kRollupVersion));
  const bool overview_current = overview && overview->prompt_version == kRollupVersion;
  if (m == Mode::kCurrent && overview_current) return report_;
  // The overview is written with the roll-ups it is made of, and so are the
  // facts and their mark: a pass killed in between leaves all as they were.
  TRY(store_.begin());
  Status st = prepare(m);
  if (st && m == Mode::kCurrent) st = load_root();
  for (auto it = dirty_.begin(); st && it != dirty_.end(); ++it) st = update_dir(*it);
  if (st) st = build_overview();
  if (st) st = store_.set_meta(kMarkKey, now_mark);
  if (!st) {
    store_.rollback();
    return tl::unexpected(st.error());
  }
  TRY(store_.commit());
  report_.changed = report_.directories > 0;
  return report_;
}

}  // namespace

Result<std::string> dir_facts_mark(store::IndexStore& store, const std::string& commit,
                                   int64_t seq) {
  TRY_ASSIGN(const std::string settings, index_settings(store));
  return mark_of(commit, seq, settings);
}

Result<bool> dir_facts_current(store::IndexStore& store) {
  TRY_ASSIGN(auto text, store.meta(kMarkKey));
  TRY_ASSIGN(auto commit, store.meta("indexed_commit"));
  if (!text || !commit) return false;
  const auto mark = parse_mark(*text);
  TRY_ASSIGN(const std::string settings, index_settings(store));
  return mark && mark->commit == *commit && mark->versions == versions() &&
         mark->settings == settings;
}

Result<RollupReport> write_rollups(const git::Repository& repo, store::IndexStore& store,
                                   const StageInput& input) {
  RollupStage stage(repo, store, input);
  return stage.run();
}

}  // namespace stc::indexer::sleep
