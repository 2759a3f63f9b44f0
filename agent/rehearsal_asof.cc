// The tree before a practice commit (rehearsal_asof.h): its modified files
// rewound to their first-parent blobs inside a savepoint.

#include "agent/rehearsal_asof.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <optional>
#include <thread>

#include "core/text.h"
#include "indexer/git/patch.h"
#include "indexer/sleep/artifact_codec.h"
#include "indexer/sleep/artifacts.h"
#include "indexer/sleep/module_facts.h"
#include "indexer/sleep/offline_builders.h"
#include "indexer/store/artifact_store.h"
#include "indexer/store/rehearsal_store.h"
#include "indexer/syntax/extractor.h"

namespace stc::agent {

Result<AsOfTree> AsOfTree::open(const std::string& git_dir, uint64_t max_file_bytes) {
  TRY_ASSIGN(auto repo, indexer::git::Repository::open(git_dir));
  return AsOfTree(git_dir, std::move(repo), max_file_bytes);
}

AsOfTree::AsOfTree(std::string git_dir, indexer::git::Repository repo, uint64_t max_file_bytes)
    : git_dir_(std::move(git_dir)),
      repo_(std::move(repo)),
      extractor_(std::make_unique<indexer::ExtractorHandle>()),
      max_file_bytes_(max_file_bytes) {}

std::vector<indexer::ParseOutcome> AsOfTree::parse_all(
    const std::vector<indexer::ParseTask>& tasks) {
  std::vector<indexer::ParseOutcome> out(tasks.size());
  if (tasks.size() >= 2 && !helper_tried_) {
    helper_tried_ = true;
    if (std::thread::hardware_concurrency() >= 2) {
      if (auto repo = indexer::git::Repository::open(git_dir_)) {
        helper_ = std::make_unique<Helper>(
            Helper{std::move(*repo), std::make_unique<indexer::ExtractorHandle>()});
      }  // else: parse on this thread alone
    }
  }
  auto parse = [&](const indexer::git::Repository& repo, indexer::ExtractorHandle& extractor,
                   size_t i) {
    out[i] = indexer::parse_one(repo, extractor, tasks[i], max_file_bytes_);
  };
  if (!helper_ || tasks.size() < 2) {
    for (size_t i = 0; i < tasks.size(); ++i) parse(repo_, *extractor_, i);
    return out;
  }
  // Both threads take the next unparsed blob until none is left.
  std::atomic<size_t> next{0};
  auto work = [&](const indexer::git::Repository& repo, indexer::ExtractorHandle& extractor) {
    for (size_t i = next++; i < tasks.size(); i = next++) parse(repo, extractor, i);
  };
  std::thread other([&] { work(helper_->repo, *helper_->extractor); });
  work(repo_, *extractor_);
  other.join();
  return out;
}

Status AsOfTree::put_old(indexer::store::IndexStore& store,
                         const std::vector<indexer::store::FileRecord>& rows, int64_t now) {
  TRY(store.put_files(rows));
  indexer::store::ArtifactStore arts = store.artifacts();
  for (const auto& old : rows) {
    if (old.blob_id == 0 || !indexer::sleep::is_module_path(old.path)) continue;
    // The summary a reader finds for the old blob (read_module_view looks it
    // up by blob id first), so no summary of the later content shows through.
    TRY_ASSIGN(auto facts, indexer::sleep::load_module(store, old, now));
    TRY(arts.put(indexer::store::Artifact{
        indexer::sleep::kSummary, old.path, old.oid, indexer::sleep::kSummaryVersion, "offline", "",
        indexer::sleep::encode(indexer::sleep::offline_summary(facts)), 0, now}));
  }
  return {};
}

Result<size_t> AsOfTree::rewind(indexer::store::IndexStore& store, const std::string& commit_oid,
                                int64_t now) {
  TRY(restore(store));
  auto parent = repo_.resolve_commit(commit_oid + "^");
  if (!parent) return size_t{0};  // a root commit, or its parent is not here
  TRY_ASSIGN(auto self, indexer::git::Oid::from_hex(commit_oid));
  TRY_ASSIGN(auto changes, repo_.diff_commits(parent->id, self));
  // The modified files in the indexed tree as they were before the commit:
  // an old blob already indexed is used as it is; the others are parsed
  // (each distinct blob once) before the overlay opens, and stored in it.
  struct Rewound {
    indexer::store::FileRecord row;  // the old row; blob_id 0 until stored
    size_t task;                     // into `tasks`, or npos: no parse
  };
  std::vector<Rewound> files;
  std::vector<indexer::ParseTask> tasks;
  std::map<std::pair<std::string, std::string>, size_t> task_of;  // (oid, language)
  for (const auto& c : changes) {
    if (c.kind != indexer::git::Change::Kind::kModified) continue;
    TRY_ASSIGN(auto current, store.file(c.path));
    if (!current) continue;  // not in the indexed tree: never a candidate
    Rewound r{*current, std::string::npos};
    r.row.oid = c.old_oid.hex();
    r.row.blob_id = 0;
    // Path-only today (text, binary, excluded): path-only before too.
    if (current->status == indexer::store::FileStatus::kIndexed && !current->language.empty()) {
      TRY_ASSIGN(auto known, store.lookup_blob(r.row.oid, current->language));
      if (known) {
        r.row.blob_id = known->id;
      } else {
        auto [it, added] =
            task_of.emplace(std::make_pair(r.row.oid, current->language), tasks.size());
        if (added) tasks.push_back(indexer::ParseTask{c.old_oid, current->language, c.path});
        r.task = it->second;
      }
    }
    files.push_back(std::move(r));
  }
  std::vector<indexer::ParseOutcome> parsed = parse_all(tasks);
  indexer::store::RehearsalStore overlay = store.rehearsals();
  TRY(overlay.begin_overlay());
  open_ = true;
  std::vector<int64_t> stored(tasks.size(), 0);  // blob id per parsed task, once stored
  std::vector<indexer::store::FileRecord> rows;
  Status st;
  for (auto& f : files) {
    if (f.task != std::string::npos) {
      const indexer::ParseOutcome& o = parsed[f.task];
      f.row.status = o.status;
      if (o.status == indexer::store::FileStatus::kIndexed && stored[f.task] == 0) {
        auto id = store.put_blob(o.record);
        if (!id) {
          st = tl::unexpected(id.error());
          break;
        }
        stored[f.task] = *id;
      }
      f.row.blob_id = stored[f.task];
    }
    rows.push_back(std::move(f.row));
  }
  if (st) st = put_old(store, rows, now);
  if (!st) {
    (void)restore(store);
    return tl::unexpected(st.error());
  }
  return files.size();
}

Status AsOfTree::restore(indexer::store::IndexStore& store) {
  if (!open_) return {};
  open_ = false;
  indexer::store::RehearsalStore overlay = store.rehearsals();
  return overlay.end_overlay();
}

Result<std::string> AsOfTree::diff(const std::string& commit_oid,
                                   const std::vector<std::string>& paths, const GlobSet& deny,
                                   size_t max_bytes) const {
  auto parent = repo_.resolve_commit(commit_oid + "^");
  if (!parent) return std::string();
  TRY_ASSIGN(auto self, indexer::git::Oid::from_hex(commit_oid));
  TRY_ASSIGN(auto changes, repo_.diff_commits(parent->id, self));
  auto read = [&](const indexer::git::Oid& oid) -> std::optional<std::string> {
    auto b = repo_.read_blob(oid);
    if (!b || b->content.find('\0') != std::string::npos) return std::nullopt;
    return std::move(b->content);
  };
  std::string out;
  for (const auto& c : changes) {
    if (out.size() >= max_bytes) break;
    if (std::find(paths.begin(), paths.end(), c.path) == paths.end() || deny.matches(c.path))
      continue;
    std::optional<std::string> before, after;
    if (c.kind != indexer::git::Change::Kind::kAdded && !(before = read(c.old_oid))) continue;
    if (c.kind != indexer::git::Change::Kind::kDeleted && !(after = read(c.new_oid))) continue;
    TRY_ASSIGN(auto d, indexer::git::unified_diff(c.path, before, after));
    out += d;
  }
  if (out.size() > max_bytes) out = stc::truncate_utf8(out, max_bytes) + "\n[diff cut]\n";
  return out;
}

}  // namespace stc::agent
