#include "indexer/indexer.h"

#include <charconv>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "core/text.h"
#include "indexer/git/ignore_rules.h"
#include "indexer/import_resolver.h"
#include "indexer/parse_pool.h"
#include "indexer/share/shared_cache.h"
#include "indexer/syntax/extractor.h"

namespace stc::indexer {
namespace {

using store::FileStatus;

constexpr size_t kBatchFiles = 500;
constexpr int64_t kCheckpointBytes = 4 << 20;  // a big WAL makes every later open slow

const char* const kBinaryExtensions[] = {
    ".png", ".jpg", ".jpeg", ".gif",  ".bmp",   ".ico",    ".webp",  ".pdf", ".zip",   ".gz",
    ".tgz", ".bz2", ".xz",   ".7z",   ".jar",   ".war",    ".class", ".so",  ".dylib", ".dll",
    ".exe", ".o",   ".a",    ".woff", ".woff2", ".ttf",    ".otf",   ".eot", ".mp3",   ".mp4",
    ".mov", ".wav", ".ogg",  ".pyc",  ".db",    ".sqlite", ".bin",   ".psd", ".tiff"};

bool has_binary_extension(std::string_view path) {
  const std::string lower = stc::to_lower(path);
  for (const char* ext : kBinaryExtensions) {
    if (stc::ends_with(lower, ext)) return true;
  }
  return false;
}

// linguist-generated / linguist-vendored patterns of the root .gitattributes.
GlobSet linguist_excludes(const git::Repository& repo, const git::Oid& commit) {
  GlobSet set;
  auto content = repo.read_path(commit, ".gitattributes");
  if (!content) return set;
  for (auto line : stc::split(*content, '\n')) {
    line = stc::trim(line);
    if (line.empty() || line[0] == '#') continue;
    const std::string squashed = stc::squash_spaces(line);
    const auto fields = stc::split(squashed, ' ');
    if (fields.size() < 2) continue;
    for (size_t i = 1; i < fields.size(); ++i) {
      const auto attr = fields[i];
      if (attr == "linguist-generated" || attr == "linguist-generated=true" ||
          attr == "linguist-vendored" || attr == "linguist-vendored=true") {
        set.add(std::string(fields[0]));
        break;
      }
    }
  }
  return set;
}

// The root .stcignore of the indexed commit (gitignore syntax, libgit2's
// matcher). Unreadable or unparsable rules ignore nothing; the pass reports why.
git::IgnoreRules stcignore_rules(const git::Repository& repo, const git::Oid& commit,
                                 std::vector<std::string>& errors) {
  auto content = repo.read_path(commit, kStcIgnoreFile);
  if (!content) {
    if (content.error().code != ErrorCode::kNotFound) errors.push_back(content.error().message);
    return {};
  }
  auto rules = git::IgnoreRules::parse(*content);
  if (!rules) {
    errors.push_back(std::string(kStcIgnoreFile) + ": " + rules.error().message);
    return {};
  }
  return std::move(*rules);
}

struct Target {
  git::TreeEntry entry;
  FileStatus status = FileStatus::kText;
  std::string language;
  int64_t blob_id = 0;
  size_t task = SIZE_MAX;  // index of the parse task that fills blob_id/status
};

class Pass {
 public:
  Pass(git::Repository& repo, store::IndexStore& store, const Config& config,
       const IndexOptions& options, Progress& progress)
      : repo_(repo), store_(store), config_(config), options_(options), progress_(progress) {}

  Result<IndexReport> run();

 private:
  Status plan(const git::CommitInfo& target);
  Status load_known_blobs();
  void classify(Target& t);
  Status pull_shared();
  Status parse_missing();
  Status push_shared();
  Status write_files();
  Status update_deps();
  bool deps_change_locally() const;
  Result<bool> same_imports(int64_t a, int64_t b);
  Status resolve_into_deps(const ImportResolver& resolver, const std::string& path,
                           const std::string& language, int64_t blob_id);
  Status note_old_rows();
  Status update_counts();

  git::Repository& repo_;
  store::IndexStore& store_;
  const Config& config_;
  const IndexOptions& options_;
  Progress& progress_;

  IndexReport report_;
  GlobSet linguist_;
  git::IgnoreRules stcignore_;
  std::unordered_map<std::string, store::KnownBlob> known_;  // "oid:lang" -> blob
  std::vector<Target> targets_;                              // paths to (re)write
  std::vector<std::string> deleted_;
  std::vector<std::string> added_;
  std::vector<ParseTask> tasks_;
  bool paths_changed_ = true;  // paths added or removed: re-resolve every import
  // The rows the changed paths had before this pass, and whether each blob
  // they or the new rows name was in the files table: what update_counts()
  // needs to move the previous commit's counts to this one.
  std::vector<store::FileRecord> old_rows_;
  std::unordered_map<int64_t, bool> blob_was_present_;
  int64_t deps_delta_ = 0;       // edges added minus removed by this pass
  bool deps_recounted_ = false;  // the graph was rebuilt: count it
};

// The report's counts of the indexed commit, kept in meta "index_counts" as
// "<commit>\t<status>=<n>,...\t<symbols>\t<deps>" and moved by each incremental pass
// from the changed rows, so a pass does not count 100k+ symbol rows again.
struct Counts {
  std::map<std::string, int64_t> by_status;
  int64_t symbols = 0;
  int64_t deps = 0;
};

std::string encode_counts(const std::string& commit, const Counts& c) {
  std::string out = commit + "\t";
  for (const auto& [status, n] : c.by_status) {
    if (out.back() != '\t') out += ',';
    out += status + "=" + std::to_string(n);
  }
  return out + "\t" + std::to_string(c.symbols) + "\t" + std::to_string(c.deps);
}

std::optional<int64_t> to_count(std::string_view s) {
  int64_t n = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || end != s.data() + s.size() || n < 0) return std::nullopt;
  return n;
}

// The counts stored for `commit`, or nothing when they are for another
// commit or unreadable (then the pass counts from the tables).
std::optional<Counts> decode_counts(const std::optional<std::string>& value,
                                    const std::string& commit) {
  if (!value) return std::nullopt;
  const auto parts = stc::split(*value, '\t');
  if (parts.size() != 4 || parts[0] != commit) return std::nullopt;
  Counts c;
  for (auto item : stc::split(parts[1], ',')) {
    if (item.empty()) continue;
    const size_t eq = item.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    auto n = to_count(item.substr(eq + 1));
    if (!n) return std::nullopt;
    c.by_status[std::string(item.substr(0, eq))] = *n;
  }
  auto symbols = to_count(parts[2]);
  if (!symbols) return std::nullopt;
  c.symbols = *symbols;
  auto deps = to_count(parts[3]);
  if (!deps) return std::nullopt;
  c.deps = *deps;
  return c;
}

Status Pass::plan(const git::CommitInfo& target) {
  TRY_ASSIGN(auto prev, store_.meta("indexed_commit"));
  TRY_ASSIGN(auto extractor, store_.meta("extractor_version"));
  TRY_ASSIGN(auto fingerprint, store_.meta("index_fingerprint"));
  TRY_ASSIGN(auto complete, store_.meta("files_complete"));
  bool incremental = options_.mode == IndexMode::kIncremental && prev && complete == "1" &&
                     extractor == std::to_string(store::kExtractorVersion) &&
                     fingerprint == index_fingerprint(config_);
  git::Oid prev_oid;
  if (incremental) {
    auto parsed = git::Oid::from_hex(*prev);
    incremental = parsed && repo_.has_commit(*parsed);
    if (incremental) prev_oid = *parsed;
  }
  if (incremental) {
    TRY_ASSIGN(auto changes, repo_.diff_commits(prev_oid, target.id));
    for (const auto& c : changes) {
      // New linguist rules can reclassify any path: fall back to a full pass.
      if (c.path == ".gitattributes" && config_.index.use_gitattributes) incremental = false;
      // So can a changed .stcignore; unchanged blobs stay cached, nothing is re-parsed twice.
      if (c.path == kStcIgnoreFile) incremental = false;
    }
    if (incremental) {
      report_.incremental = true;
      report_.previous_commit = prev_oid.hex();
      paths_changed_ = false;
      for (const auto& c : changes) {
        ++report_.files_changed;
        if (c.kind == git::Change::Kind::kDeleted) {
          deleted_.push_back(c.path);
          paths_changed_ = true;
          continue;
        }
        if (c.kind == git::Change::Kind::kAdded) {
          added_.push_back(c.path);
          paths_changed_ = true;
        }
        Target t;
        t.entry = git::TreeEntry{c.path, c.new_oid, c.new_kind};
        targets_.push_back(std::move(t));
      }
      report_.files_deleted = static_cast<int64_t>(deleted_.size());
      return {};
    }
  }
  TRY_ASSIGN(auto entries, repo_.list_tree(target.id));
  targets_.reserve(entries.size());
  for (auto& e : entries) {
    Target t;
    t.entry = std::move(e);
    targets_.push_back(std::move(t));
  }
  report_.files_changed = static_cast<int64_t>(targets_.size());
  return {};
}

// A full pass loads every known blob at once; an incremental one looks up
// only the blobs of the changed paths, so its cost does not grow with the store.
Status Pass::load_known_blobs() {
  if (!report_.incremental) {
    TRY_ASSIGN(known_, store_.known_blobs());
    return {};
  }
  for (const auto& t : targets_) {
    const std::string lang(syntax::language_for_path(t.entry.path));
    if (lang.empty()) continue;
    TRY_ASSIGN(auto blob, store_.lookup_blob(t.entry.oid.hex(), lang));
    if (blob) known_.emplace(t.entry.oid.hex() + ":" + lang, *blob);
  }
  return {};
}

void Pass::classify(Target& t) {
  const auto& e = t.entry;
  if (e.kind == git::EntryKind::kSymlink) {
    t.status = FileStatus::kSymlink;
  } else if (e.kind == git::EntryKind::kSubmodule) {
    t.status = FileStatus::kSubmodule;
  } else if (config_.index.exclude.matches(e.path) || linguist_.matches(e.path) ||
             stcignore_.ignores(e.path)) {
    t.status = FileStatus::kExcluded;
  } else if (t.language = std::string(syntax::language_for_path(e.path)); t.language.empty()) {
    t.status = has_binary_extension(e.path) ? FileStatus::kBinary : FileStatus::kText;
  } else if (auto it = known_.find(e.oid.hex() + ":" + t.language); it != known_.end()) {
    // Cached facts, but the size limit may have changed since they were stored.
    if (it->second.bytes > config_.index.max_file_bytes) {
      t.status = FileStatus::kTooLarge;
      return;
    }
    t.status = FileStatus::kIndexed;
    t.blob_id = it->second.id;
    ++report_.files_cached;
  } else {
    t.status = FileStatus::kIndexed;
  }
}

// Blobs still to parse that the team share has: its facts are stored
// locally and the blob is not parsed. One request per batch of keys.
Status Pass::pull_shared() {
  if (!options_.share) return {};
  std::vector<share::BlobKey> keys;
  std::unordered_set<std::string> seen;
  for (const auto& t : targets_) {
    if (t.status != FileStatus::kIndexed || t.blob_id != 0) continue;
    if (seen.insert(t.entry.oid.hex() + ":" + t.language).second) {
      keys.push_back(share::BlobKey{t.entry.oid.hex(), t.language, t.entry.path});
    }
  }
  if (keys.empty()) return {};
  TRY_ASSIGN(auto pulled, options_.share->pull_blobs(store_, keys));
  for (auto& t : targets_) {
    if (t.status != FileStatus::kIndexed || t.blob_id != 0) continue;
    auto it = pulled.find(t.entry.oid.hex() + ":" + t.language);
    if (it == pulled.end()) continue;
    if (it->second.bytes > config_.index.max_file_bytes) {
      t.status = FileStatus::kTooLarge;
      continue;
    }
    t.blob_id = it->second.id;
    ++report_.files_pulled;
  }
  return {};
}

// Offers the blobs this pass parsed to the team share.
Status Pass::push_shared() {
  if (!options_.share) return {};
  std::vector<share::BlobKey> keys;
  std::vector<bool> taken(tasks_.size(), false);
  for (const auto& t : targets_) {
    if (t.task == SIZE_MAX || t.status != FileStatus::kIndexed || taken[t.task]) continue;
    taken[t.task] = true;
    keys.push_back(share::BlobKey{t.entry.oid.hex(), t.language, t.entry.path});
  }
  if (keys.empty()) return {};
  return options_.share->push_blobs(store_, keys);
}

Status Pass::parse_missing() {
  // One task per distinct (blob, language), however many paths share it.
  std::unordered_map<std::string, size_t> task_of;
  for (auto& t : targets_) {
    if (t.status != FileStatus::kIndexed || t.blob_id != 0) continue;
    const std::string key = t.entry.oid.hex() + ":" + t.language;
    auto [it, fresh] = task_of.emplace(key, tasks_.size());
    if (fresh) tasks_.push_back(ParseTask{t.entry.oid, t.language, t.entry.path});
    t.task = it->second;
  }
  if (tasks_.empty()) return {};
  std::vector<FileStatus> status(tasks_.size(), FileStatus::kIndexed);
  std::vector<int64_t> blob_ids(tasks_.size(), 0);
  unsigned jobs = options_.jobs ? options_.jobs : config_.index.jobs;
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  ParsePoolOptions pool{jobs, config_.index.max_file_bytes, 256};

  progress_.start("parsing", tasks_.size());
  size_t done = 0;
  size_t in_batch = 0;
  TRY(store_.begin());
  auto consume = [&](ParseOutcome&& o) -> Status {
    status[o.task] = o.status;
    if (!o.error.empty()) report_.errors.push_back(o.error);
    if (o.status == FileStatus::kIndexed) {
      report_.bytes_parsed += static_cast<int64_t>(o.record.bytes);
      ++report_.files_parsed;
      TRY_ASSIGN(blob_ids[o.task], store_.put_blob(o.record));
    }
    if (++in_batch >= kBatchFiles) {
      TRY(store_.commit());
      TRY(store_.begin());
      in_batch = 0;
    }
    progress_.update(++done);
    return {};
  };
  auto st = parse_blobs(repo_.git_dir(), tasks_, pool, consume);
  if (!st) {
    store_.rollback();
    return st;
  }
  TRY(store_.commit());
  progress_.finish();
  for (auto& t : targets_) {
    if (t.task == SIZE_MAX) continue;
    t.status = status[t.task];
    t.blob_id = blob_ids[t.task];
  }
  return {};
}

Status Pass::write_files() {
  std::vector<store::FileRecord> records;
  records.reserve(targets_.size());
  for (const auto& t : targets_) {
    records.push_back(store::FileRecord{t.entry.path, t.entry.oid.hex(), t.language, t.status,
                                        t.status == FileStatus::kIndexed ? t.blob_id : 0});
  }
  if (!report_.incremental) {
    TRY(store_.clear_files());
    return store_.put_files_bulk(records);
  }
  for (const auto& path : deleted_) TRY(store_.delete_file(path));
  return store_.put_files(records);
}

// Whether the edges that paths added or removed by this pass can change are
// found by the paths' names: every resolver rule reaches a file through an
// import whose text holds the file's stem or its directory's name, except
// the files that change where a package or crate begins (and a module's
// fallbacks). Past a few dozen such paths a full re-resolve is cheaper.
bool Pass::deps_change_locally() const {
  if (!report_.incremental) return false;
  if (!paths_changed_) return true;
  if (added_.size() + deleted_.size() > 16) return false;
  for (const auto* list : {&added_, &deleted_}) {
    for (const auto& path : *list) {
      const std::string_view name = path.substr(path.rfind('/') + 1);
      for (const char* special :
           {"__init__.py", "Cargo.toml", "lib.rs", "main.rs", "mod.rs", "build.rs"}) {
        if (name == special) return false;
      }
    }
  }
  return true;
}

Status Pass::resolve_into_deps(const ImportResolver& resolver, const std::string& path,
                               const std::string& language, int64_t blob_id) {
  std::vector<std::string> deps;
  if (blob_id != 0) {
    TRY_ASSIGN(auto imports, store_.imports(blob_id));
    deps = resolver.resolve(path, language, imports);
  }
  TRY_ASSIGN(const int64_t delta, store_.set_deps(path, deps, &report_.importers_moved));
  deps_delta_ += delta;
  return {};
}

Status Pass::update_deps() {
  if (!deps_change_locally()) {
    // Which files an import resolves to depends on which paths exist.
    TRY_ASSIGN(auto files, store_.files());
    std::vector<std::string> paths;
    paths.reserve(files.size());
    for (const auto& f : files) paths.push_back(f.path);
    const ImportResolver resolver(std::move(paths));
    TRY(store_.clear_deps());
    deps_recounted_ = true;
    for (const auto& f : files) {
      if (f.blob_id == 0) continue;
      TRY_ASSIGN(auto imports, store_.imports(f.blob_id));
      if (imports.empty()) continue;
      TRY(store_.set_deps(f.path, resolver.resolve(f.path, f.language, imports)));
    }
    return {};
  }
  // What to resolve again: a changed file whose imports are not those of its
  // previous blob (same path, same imports: same edges, unless paths came or
  // went, and then the search below finds it).
  std::vector<store::FileRecord> todo;
  std::unordered_set<std::string> done;
  std::unordered_map<std::string, int64_t> old_blob;
  for (const auto& row : old_rows_) old_blob[row.path] = row.blob_id;
  for (const auto& t : targets_) {
    done.insert(t.entry.path);
    const int64_t blob = t.status == FileStatus::kIndexed ? t.blob_id : 0;
    if (auto it = old_blob.find(t.entry.path); it != old_blob.end()) {
      TRY_ASSIGN(const bool same, same_imports(it->second, blob));
      if (same) continue;
    }
    todo.push_back(store::FileRecord{t.entry.path, "", t.language, t.status, blob});
  }
  std::vector<std::string> importers;
  if (paths_changed_) {
    // Paths came or went: their importers, and every file with an import
    // that names a stem or directory of theirs, resolve again.
    for (const auto& path : deleted_) {
      TRY_ASSIGN(const int64_t delta, store_.set_deps(path, {}, &report_.importers_moved));
      deps_delta_ += delta;
      TRY_ASSIGN(auto of, store_.importers_of(path));
      importers.insert(importers.end(), of.begin(), of.end());
    }
  }
  std::set<std::string> needles;
  for (const auto* list : {&added_, &deleted_}) {
    for (const auto& path : *list) {
      const std::string_view dir = dirname(path);
      const std::string_view name = std::string_view(path).substr(dir.empty() ? 0 : dir.size() + 1);
      needles.emplace(name.substr(0, name.find('.') == 0 ? name.size() : name.find('.')));
      if (!dir.empty()) needles.emplace(dir.substr(dir.rfind('/') + 1));
    }
  }
  for (const auto& path : importers) {
    TRY_ASSIGN(auto row, store_.file(path));
    if (row && done.insert(path).second) todo.push_back(std::move(*row));
  }
  for (const auto& needle : needles) {
    if (needle.empty()) continue;
    TRY_ASSIGN(auto rows, store_.files_importing_text(needle));
    for (auto& row : rows) {
      if (done.insert(row.path).second) todo.push_back(std::move(row));
    }
  }
  if (todo.empty()) return {};  // no resolver to build over every path
  TRY_ASSIGN(auto paths, store_.file_paths());
  const ImportResolver resolver(std::move(paths));
  for (const auto& f : todo) TRY(resolve_into_deps(resolver, f.path, f.language, f.blob_id));
  return {};
}

// Whether two stored blobs import the same things (lines may differ).
Result<bool> Pass::same_imports(int64_t a, int64_t b) {
  if (a == b) return true;
  if (a == 0 || b == 0) return false;
  TRY_ASSIGN(const auto x, store_.imports(a));
  TRY_ASSIGN(const auto y, store_.imports(b));
  return std::equal(x.begin(), x.end(), y.begin(), y.end(), [](const auto& i, const auto& j) {
    return i.source == j.source && i.names == j.names && i.kind == j.kind;
  });
}

// Before the files table changes: the old rows of the changed paths, and
// whether each blob involved was in the table.
Status Pass::note_old_rows() {
  if (!report_.incremental) return {};
  std::unordered_set<std::string> seen;
  auto note = [&](const std::string& path) -> Status {
    if (!seen.insert(path).second) return {};
    TRY_ASSIGN(auto row, store_.file(path));
    if (!row) return {};
    if (row->blob_id != 0) blob_was_present_[row->blob_id] = true;
    old_rows_.push_back(std::move(*row));
    return {};
  };
  for (const auto& path : deleted_) TRY(note(path));
  for (const auto& t : targets_) TRY(note(t.entry.path));
  for (const auto& t : targets_) {
    if (t.status != FileStatus::kIndexed || t.blob_id == 0) continue;
    if (blob_was_present_.count(t.blob_id)) continue;
    TRY_ASSIGN(blob_was_present_[t.blob_id], store_.blob_in_files(t.blob_id));
  }
  return {};
}

// In the transaction that switches the files table: the new commit's counts,
// moved from the previous commit's by the changed rows when they are stored
// (O(changed paths)), else counted from the tables. A symbol counts once per
// distinct blob of the commit, as symbol_count() counts it.
Status Pass::update_counts() {
  TRY_ASSIGN(auto stored, store_.meta("index_counts"));
  std::optional<Counts> counts;
  if (report_.incremental) counts = decode_counts(stored, report_.previous_commit);
  if (counts) {
    for (const auto& row : old_rows_) --counts->by_status[std::string(to_string(row.status))];
    for (const auto& t : targets_) ++counts->by_status[std::string(to_string(t.status))];
    for (const auto& [blob, was] : blob_was_present_) {
      TRY_ASSIGN(const bool is, store_.blob_in_files(blob));
      if (is == was) continue;
      TRY_ASSIGN(const int64_t n, store_.blob_symbol_count(blob));
      counts->symbols += is ? n : -n;
    }
    std::erase_if(counts->by_status, [](const auto& kv) { return kv.second == 0; });
    if (deps_recounted_) {
      TRY_ASSIGN(counts->deps, store_.dep_count());
    } else {
      counts->deps += deps_delta_;
    }
  } else {
    counts.emplace();
    TRY_ASSIGN(auto by_status, store_.status_counts());
    counts->by_status.insert(by_status.begin(), by_status.end());
    TRY_ASSIGN(counts->symbols, store_.symbol_count());
    TRY_ASSIGN(counts->deps, store_.dep_count());
  }
  report_.by_status = counts->by_status;
  for (const auto& [status, n] : counts->by_status) report_.files_total += n;
  report_.symbols = counts->symbols;
  report_.deps = counts->deps;
  return store_.set_meta("index_counts", encode_counts(report_.commit, *counts));
}

Result<IndexReport> Pass::run() {
  const auto t0 = std::chrono::steady_clock::now();
  auto last = t0;
  auto mark = [&](const char* phase) {
    const auto now = std::chrono::steady_clock::now();
    report_.phase_seconds[phase] = std::chrono::duration<double>(now - last).count();
    last = now;
  };
  TRY_ASSIGN(git::CommitInfo target, repo_.resolve_commit(options_.rev));
  report_.commit = target.id.hex();
  TRY(store_.restore_indexes());
  TRY(plan(target));
  if (config_.index.use_gitattributes) linguist_ = linguist_excludes(repo_, target.id);
  stcignore_ = stcignore_rules(repo_, target.id, report_.errors);

  const bool bulk = !report_.incremental && targets_.size() > 1000;
  TRY(load_known_blobs());
  if (bulk && known_.empty()) TRY(store_.drop_indexes());
  for (auto& t : targets_) classify(t);
  mark("plan");
  TRY(pull_shared());
  mark("share_pull");
  // A full index lists every blob it parses in write_files: their search
  // text is kept from the parse rather than unpacked again from the rows.
  struct KeepSearchText {
    store::IndexStore& store;
    explicit KeepSearchText(store::IndexStore& s, bool on) : store(s) {
      store.keep_search_text(on);
    }
    ~KeepSearchText() { store.keep_search_text(false); }
    KeepSearchText(const KeepSearchText&) = delete;
    KeepSearchText& operator=(const KeepSearchText&) = delete;
  } keep(store_, !report_.incremental);
  TRY(parse_missing());
  mark("parse");
  if (bulk) TRY(store_.restore_indexes());
  mark("secondary_indexes");
  TRY(push_shared());
  mark("share_push");

  // Switch the files table to the new commit in one transaction.
  TRY(store_.begin());
  auto st = note_old_rows();
  if (st) st = write_files();
  mark("files");
  if (st) st = update_deps();
  mark("deps");
  if (st) st = update_counts();
  mark("counts");
  if (st) st = store_.set_meta("indexed_commit", report_.commit);
  if (st) st = store_.set_meta("files_complete", "1");
  if (st) st = store_.set_meta("extractor_version", std::to_string(store::kExtractorVersion));
  if (st) st = store_.set_meta("index_fingerprint", index_fingerprint(config_));
  if (st) st = store_.set_meta("indexed_at", std::to_string(std::time(nullptr)));
  if (st) st = store_.set_meta("last_errors", std::to_string(report_.errors.size()));
  if (st) st = store_.commit();
  if (!st) {
    store_.rollback();
    return tl::unexpected(st.error());
  }
  mark("commit");
  report_.changed_paths = deleted_;
  for (const auto& t : targets_) report_.changed_paths.push_back(t.entry.path);
  report_.deps_rebuilt = deps_recounted_;
  if (deps_recounted_) report_.importers_moved.clear();
  auto& moved = report_.importers_moved;
  std::sort(moved.begin(), moved.end());
  moved.erase(std::unique(moved.begin(), moved.end()), moved.end());
  store_.checkpoint_if_larger(kCheckpointBytes);
  report_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return report_;
}

}  // namespace

Result<IndexReport> run_index(git::Repository& repo, store::IndexStore& store, const Config& config,
                              const IndexOptions& options, Progress& progress) {
  Pass pass(repo, store, config, options, progress);
  return pass.run();
}

}  // namespace stc::indexer
