// The tree before a practice commit (rehearsal_asof.h): its modified files
// rewound to their first-parent blobs inside a savepoint.

#include "agent/rehearsal_asof.h"

#include <algorithm>
#include <optional>

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
  return AsOfTree(std::move(repo), max_file_bytes);
}

AsOfTree::AsOfTree(indexer::git::Repository repo, uint64_t max_file_bytes)
    : repo_(std::move(repo)),
      extractor_(std::make_unique<indexer::ExtractorHandle>()),
      max_file_bytes_(max_file_bytes) {}

Status AsOfTree::put_old(indexer::store::IndexStore& store, const indexer::git::Change& change,
                         int64_t now) {
  TRY_ASSIGN(auto current, store.file(change.path));
  if (!current) return {};  // not in the indexed tree: never a candidate
  indexer::store::FileRecord old = *current;
  old.oid = change.old_oid.hex();
  old.blob_id = 0;
  if (current->status != indexer::store::FileStatus::kIndexed || current->language.empty()) {
    // Path-only today (text, binary, excluded): path-only before too.
    return store.put_file(old);
  }
  TRY_ASSIGN(auto known, store.lookup_blob(old.oid, old.language));
  if (known) {
    old.blob_id = known->id;
  } else {
    indexer::ParseOutcome o = indexer::parse_one(
        repo_, *extractor_, indexer::ParseTask{change.old_oid, old.language, old.path},
        max_file_bytes_);
    old.status = o.status;
    if (o.status == indexer::store::FileStatus::kIndexed) {
      TRY_ASSIGN(old.blob_id, store.put_blob(o.record));
    }
  }
  TRY(store.put_file(old));
  if (old.blob_id == 0 || !indexer::sleep::is_module_path(old.path)) return {};
  // The summary a reader finds for the old blob (read_module_view looks it
  // up by blob id first), so no summary of the later content shows through.
  TRY_ASSIGN(auto facts, indexer::sleep::load_module(store, old, now));
  indexer::store::ArtifactStore arts = store.artifacts();
  return arts.put(indexer::store::Artifact{
      indexer::sleep::kSummary, old.path, old.oid, indexer::sleep::kSummaryVersion, "offline", "",
      indexer::sleep::encode(indexer::sleep::offline_summary(facts)), 0, now});
}

Result<size_t> AsOfTree::rewind(indexer::store::IndexStore& store, const std::string& commit_oid,
                                int64_t now) {
  TRY(restore(store));
  auto parent = repo_.resolve_commit(commit_oid + "^");
  if (!parent) return size_t{0};  // a root commit, or its parent is not here
  TRY_ASSIGN(auto self, indexer::git::Oid::from_hex(commit_oid));
  TRY_ASSIGN(auto changes, repo_.diff_commits(parent->id, self));
  indexer::store::RehearsalStore overlay = store.rehearsals();
  TRY(overlay.begin_overlay());
  open_ = true;
  size_t rewound = 0;
  for (const auto& c : changes) {
    if (c.kind != indexer::git::Change::Kind::kModified) continue;
    if (auto st = put_old(store, c, now); !st) {
      (void)restore(store);
      return tl::unexpected(st.error());
    }
    ++rewound;
  }
  return rewound;
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
