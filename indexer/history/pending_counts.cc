#include "indexer/history/pending_counts.h"

#include <algorithm>

namespace stc::indexer::history {

uint32_t PendingCounts::intern(const std::string& path) {
  auto [it, added] = id_of_.try_emplace(path, static_cast<uint32_t>(path_of_.size()));
  if (added) {
    path_of_.push_back(path);
    live_.push_back(true);
    files_.emplace_back();
  }
  return it->second;
}

void PendingCounts::count(const git::CommitChanges& commit, double weight) {
  std::vector<uint32_t> ids;
  ids.reserve(commit.files.size());
  for (const auto& f : commit.files) {
    if (f.kind != 'D') ids.push_back(intern(f.path));
  }
  for (const uint32_t id : ids) {
    FileCounts& fc = files_[id];
    ++fc.commits;
    fc.first_time = std::min(fc.first_time, commit.time);
    fc.last_time = std::max(fc.last_time, commit.time);
    fc.decayed += weight;
  }
  for (size_t i = 0; i < ids.size(); ++i) {
    for (size_t j = i + 1; j < ids.size(); ++j) {
      const uint64_t lo = std::min(ids[i], ids[j]), hi = std::max(ids[i], ids[j]);
      PairCounts& pc = pairs_[(lo << 32) | hi];
      ++pc.count;
      pc.decayed += weight;
      pc.last_time = std::max(pc.last_time, commit.time);
    }
  }
}

bool PendingCounts::can_move(const git::CommitChanges& commit) const {
  return std::none_of(commit.files.begin(), commit.files.end(), [&](const git::FileChange& f) {
    return f.kind == 'R' && id_of_.count(f.path) > 0;
  });
}

bool PendingCounts::move(const git::CommitChanges& commit) {
  if (!can_move(commit)) return false;
  for (const auto& f : commit.files) {
    if (f.kind != 'R' && f.kind != 'D') continue;
    const std::string& gone = f.kind == 'R' ? f.old_path : f.path;
    if (auto it = id_of_.find(gone); it != id_of_.end()) {
      const uint32_t id = it->second;
      id_of_.erase(it);
      if (f.kind == 'R') {
        path_of_[id] = f.path;
        id_of_.emplace(f.path, id);
      } else {
        live_[id] = false;
      }
    }
    moves_.push_back(Move{f.kind, f.path, f.old_path});
  }
  return true;
}

Status PendingCounts::write(HistoryTables& tables) {
  for (const auto& m : moves_) {
    if (m.kind == 'R') TRY(tables.rename(m.old_path, m.path));
    if (m.kind == 'D') TRY(tables.remove(m.path));
  }
  std::vector<uint32_t> ids;
  for (uint32_t id = 0; id < path_of_.size(); ++id) {
    if (live_[id]) ids.push_back(id);
  }
  std::sort(ids.begin(), ids.end(),
            [&](uint32_t x, uint32_t y) { return path_of_[x] < path_of_[y]; });
  std::vector<int64_t> row_id(path_of_.size(), 0);  // file_history.id by interned id
  for (const uint32_t id : ids) {
    TRY_ASSIGN(row_id[id], tables.add_file(path_of_[id], files_[id]));
  }

  // Pairs by (smaller id, larger id): the order of cochange's primary key.
  struct Row {
    int64_t a, b;
    const PairCounts* counts;
  };
  std::vector<Row> rows;
  rows.reserve(pairs_.size());
  for (const auto& [key, counts] : pairs_) {
    const uint32_t x = static_cast<uint32_t>(key >> 32), y = static_cast<uint32_t>(key);
    if (!live_[x] || !live_[y]) continue;
    rows.push_back(Row{std::min(row_id[x], row_id[y]), std::max(row_id[x], row_id[y]), &counts});
  }
  std::sort(rows.begin(), rows.end(),
            [](const Row& x, const Row& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; });
  for (const Row& r : rows) TRY(tables.add_pair(r.a, r.b, *r.counts));
  clear();
  return {};
}

void PendingCounts::clear() {
  path_of_.clear();
  live_.clear();
  id_of_.clear();
  files_.clear();
  pairs_.clear();
  moves_.clear();
}

}  // namespace stc::indexer::history
