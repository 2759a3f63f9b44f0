#include "indexer/sleep/change_patterns.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>
#include <unordered_map>

#include "core/commit_message.h"
#include "core/path_kind.h"
#include "indexer/syntax/extractor.h"

namespace stc::sleep {
namespace {

struct CommitFiles {
  std::string oid;
  std::string summary;
  int64_t time = 0;
  std::vector<std::pair<char, std::string>> files;  // change, path
};

constexpr const char* kMemoMark = "history_patterns_seq";  // kClear drops history_* keys

// The commit rows of seqs (from, to], grouped per commit, as memo rows:
// only commits a pattern can use (counted, with a parent, no maintenance,
// adding a file or changing at least 3 paths).
Result<std::vector<std::pair<int64_t, CommitFiles>>> commits_after(store::IndexStore& store,
                                                                   int64_t from) {
  TRY_ASSIGN(auto st,
             store.db().prepare(
                 "SELECT c.seq, c.oid, c.summary, c.time, cf.change, cf.path FROM commits c "
                 "CROSS JOIN commit_files cf ON cf.commit_oid = c.oid WHERE c.seq > ? AND "
                 "c.skipped = 0 AND c.parents > 0 ORDER BY c.seq, cf.path"));
  st.bind(1, from);
  std::vector<std::pair<int64_t, CommitFiles>> out;
  auto keep = [&] {
    if (out.empty()) return;
    const auto& files = out.back().second.files;
    const bool adds =
        std::any_of(files.begin(), files.end(), [](const auto& f) { return f.first == 'A'; });
    // Reverts, dependency and version bumps are no pattern of the project's work.
    if ((!adds && files.size() < 3) || is_maintenance_commit(out.back().second.summary))
      out.pop_back();
  };
  while (true) {
    TRY_ASSIGN(bool row, st.step());
    if (!row) break;
    const int64_t seq = st.column_int(0);
    if (out.empty() || out.back().first != seq) {
      keep();
      out.emplace_back(seq,
                       CommitFiles{st.column_text(1), st.column_text(2), st.column_int(3), {}});
    }
    const std::string change = st.column_text(4);
    out.back().second.files.emplace_back(change.empty() ? 'M' : change[0], st.column_text(5));
  }
  keep();
  return out;
}

// "<change><length> <path>" per file: paths may hold any byte but NUL.
std::string encode_files(const CommitFiles& c) {
  std::string out;
  for (const auto& [change, path] : c.files) {
    out += change + std::to_string(path.size()) + ' ' + path;
  }
  return out;
}

std::vector<std::pair<char, std::string>> decode_files(const std::string& text) {
  std::vector<std::pair<char, std::string>> out;
  size_t i = 0;
  while (i < text.size()) {
    const size_t space = text.find(' ', i);
    if (space == std::string::npos) break;
    const size_t length = std::strtoull(text.c_str() + i + 1, nullptr, 10);
    if (space + 1 + length > text.size()) break;
    out.emplace_back(text[i], text.substr(space + 1, length));
    i = space + 1 + length;
  }
  return out;
}

}  // namespace

Status update_pattern_commits(store::IndexStore& store) {
  TRY_ASSIGN(const int64_t head, store.db().query_int("SELECT COALESCE(MAX(seq), 0) FROM commits"));
  TRY_ASSIGN(auto mark_text, store.meta(kMemoMark));
  int64_t mark = mark_text ? std::atoll(mark_text->c_str()) : 0;
  if (mark == head) return {};
  TRY(store.begin());
  auto st = [&]() -> Status {
    if (mark > head) {  // history shrank without a clear: start over
      TRY(store.db().exec("DELETE FROM pattern_commits"));
      mark = 0;
    }
    const int64_t oldest = head - static_cast<int64_t>(kPatternWindow);
    TRY_ASSIGN(auto rows, commits_after(store, std::max(mark, oldest)));
    TRY_ASSIGN(auto put, store.db().prepare("INSERT OR REPLACE INTO pattern_commits(seq, oid, "
                                            "time, summary, files) VALUES(?, ?, ?, ?, ?)"));
    for (const auto& [seq, c] : rows) {
      put.bind(1, seq).bind(2, c.oid).bind(3, c.time).bind(4, c.summary);
      TRY(put.bind(5, encode_files(c)).run());
    }
    TRY_ASSIGN(auto prune, store.db().prepare("DELETE FROM pattern_commits WHERE seq <= ?"));
    TRY(prune.bind(1, oldest).run());
    return store.set_meta(kMemoMark, std::to_string(head));
  }();
  if (!st) {
    store.rollback();
    return st;
  }
  return store.commit();
}

namespace {

// Memo rows (newest first) of the last `limit` mined commits, optionally
// only those that added a file.
Result<std::vector<CommitFiles>> load_commits(store::IndexStore& store, bool additions_only,
                                              size_t limit) {
  TRY_ASSIGN(auto st, store.db().prepare(
                          "SELECT oid, summary, time, files FROM pattern_commits WHERE seq > "
                          "(SELECT COALESCE(MAX(seq), 0) FROM commits) - ? ORDER BY seq DESC"));
  st.bind(1, static_cast<int64_t>(std::min(limit, kPatternWindow)));
  std::vector<CommitFiles> out;
  while (true) {
    TRY_ASSIGN(bool row, st.step());
    if (!row) break;
    CommitFiles c{st.column_text(0), st.column_text(1), st.column_int(2),
                  decode_files(st.column_text(3))};
    const bool adds =
        std::any_of(c.files.begin(), c.files.end(), [](const auto& f) { return f.first == 'A'; });
    if (adds || !additions_only) out.push_back(std::move(c));
  }
  return out;
}

std::string extension_of(const std::string& path) {
  const size_t dot = path.rfind('.');
  const size_t slash = path.rfind('/');
  return dot == std::string::npos || (slash != std::string::npos && dot < slash) ? ""
                                                                                 : path.substr(dot);
}

std::vector<std::pair<std::string, int>> frequent(const std::map<std::string, int>& counts,
                                                  int total, size_t max) {
  std::vector<std::pair<std::string, int>> out;
  for (const auto& [file, n] : counts) {
    if (n >= 2 && 2 * n >= total) out.emplace_back(file, n);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (out.size() > max) out.resize(max);
  return out;
}

}  // namespace

Result<std::vector<SiblingPattern>> sibling_patterns(
    store::IndexStore& store, const std::unordered_set<std::string>& exists) {
  TRY_ASSIGN(auto commits, load_commits(store, true, kPatternWindow));
  std::map<std::string, SiblingPattern> by_dir;
  std::map<std::string, std::map<std::string, int>> companions;
  for (const auto& c : commits) {
    std::map<std::string, std::vector<std::string>> added;  // dir -> source files added
    for (const auto& [change, path] : c.files) {
      // New modules only: not docs, build files, data or images; not in the root.
      if (change == 'A' && classify_path(path) == PathKind::kSource && !dir_of(path).empty()) {
        added[dir_of(path)].push_back(path);
      }
    }
    for (const auto& [dir, files] : added) {
      if (files.size() >= 4) continue;  // bulk import or scaffolding
      SiblingPattern& p = by_dir[dir];
      p.dir = dir;
      if (p.additions == 0) p.extension = extension_of(files.front());
      ++p.additions;
      p.last_time = std::max(p.last_time, c.time);
      if (p.examples.size() < 5) p.examples.push_back(c.summary);
      for (const auto& f : files) {
        if (p.added.size() < 8) p.added.push_back(f);
      }
      const std::set<std::string> own(files.begin(), files.end());
      for (const auto& [change, path] : c.files) {
        if (!own.count(path) && exists.count(path)) ++companions[dir][path];
      }
    }
  }
  std::vector<SiblingPattern> out;
  for (auto& [dir, p] : by_dir) {
    if (p.additions < 2) continue;
    p.companions = frequent(companions[dir], p.additions, 8);
    out.push_back(std::move(p));
  }
  return out;
}

Result<std::vector<ChangeCluster>> change_clusters(store::IndexStore& store,
                                                   const std::unordered_set<std::string>& exists,
                                                   size_t max_commits) {
  TRY_ASSIGN(auto commits, load_commits(store, false, max_commits));
  struct Work {
    ChangeCluster cluster;
    std::vector<int> seed;  // interned paths, sorted
    std::map<std::string, int> counts;
  };
  std::unordered_map<std::string, int> ids;  // path -> interned id
  std::vector<Work> work;
  for (const auto& c : commits) {
    std::set<std::string> files;
    int sources = 0;
    for (const auto& [change, path] : c.files) {
      files.insert(path);
      if (!syntax::language_for_path(path).empty()) ++sources;
    }
    if (files.size() < 3 || files.size() > 30 || sources < 3) continue;
    std::vector<int> mine;
    for (const auto& f : files)
      mine.push_back(ids.emplace(f, static_cast<int>(ids.size())).first->second);
    std::sort(mine.begin(), mine.end());
    Work* home = nullptr;
    for (auto& w : work) {
      size_t inter = 0;
      for (size_t i = 0, j = 0; i < mine.size() && j < w.seed.size();) {
        if (mine[i] < w.seed[j]) {
          ++i;
        } else if (w.seed[j] < mine[i]) {
          ++j;
        } else {
          ++inter, ++i, ++j;
        }
      }
      const size_t uni = files.size() + w.seed.size() - inter;
      if (uni && static_cast<double>(inter) / static_cast<double>(uni) >= 0.3) {
        home = &w;
        break;
      }
    }
    if (!home) {
      work.push_back(Work{{}, std::move(mine), {}});
      home = &work.back();
    }
    ++home->cluster.commits;
    home->cluster.last_time = std::max(home->cluster.last_time, c.time);
    if (home->cluster.summaries.size() < 5) home->cluster.summaries.push_back(c.summary);
    for (const auto& f : files) {
      if (exists.count(f)) ++home->counts[f];
    }
  }
  std::vector<ChangeCluster> out;
  for (auto& w : work) {
    if (w.cluster.commits < 2) continue;
    w.cluster.files = frequent(w.counts, w.cluster.commits, 12);
    if (w.cluster.files.size() >= 2) out.push_back(std::move(w.cluster));
  }
  return out;
}

}  // namespace stc::sleep
