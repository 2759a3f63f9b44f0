#include "indexer/sleep/change_patterns.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "core/path_kind.h"
#include "indexer/history/pattern_memo.h"
#include "indexer/syntax/extractor.h"

namespace stc::indexer::sleep {
namespace {

struct CommitFiles {
  std::string oid;
  std::string summary;
  int64_t time = 0;
  std::vector<std::pair<char, std::string>> files;  // change, path
};

// Memo rows (newest first) of the last `limit` mined commits, optionally
// only those that added a file (indexer/history/pattern_memo.h).
Result<std::vector<CommitFiles>> load_commits(store::IndexStore& store, bool additions_only,
                                              size_t limit) {
  TRY_ASSIGN(auto window, indexer::pattern_window(store, limit, additions_only));
  std::vector<CommitFiles> out;
  for (auto& c : window) {
    out.push_back(CommitFiles{std::move(c.oid), std::move(c.summary), c.time, std::move(c.files)});
  }
  return out;
}

std::string extension_of(const std::string& path) {
  const size_t dot = path.rfind('.');
  const size_t slash = path.rfind('/');
  return dot == std::string::npos || (slash != std::string::npos && dot < slash) ? ""
                                                                                 : path.substr(dot);
}

// The files in at least half of `total` commits (and two), most frequent
// first, at most `max` of those still in the tree. Whether a file is there
// does not change another's count: asked only of the files that could be kept.
template <typename Counts>
Result<std::vector<std::pair<std::string, int>>> frequent(const Counts& counts, int total,
                                                          size_t max, const PathExists& exists) {
  std::vector<std::pair<std::string, int>> all;
  for (const auto& [file, n] : counts) {
    if (n >= 2 && 2 * n >= total) all.emplace_back(file, n);
  }
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  std::vector<std::pair<std::string, int>> out;
  for (auto& f : all) {
    if (out.size() >= max) break;
    TRY_ASSIGN(const bool there, exists(f.first));
    if (there) out.push_back(std::move(f));
  }
  return out;
}

}  // namespace

Result<std::vector<SiblingPattern>> sibling_patterns(store::IndexStore& store,
                                                     const PathExists& exists) {
  TRY_ASSIGN(auto commits, load_commits(store, true, indexer::kPatternWindow));
  std::map<std::string, SiblingPattern> by_dir;
  std::unordered_map<std::string, std::unordered_map<std::string, int>> companions;
  for (const auto& c : commits) {
    std::map<std::string, std::vector<std::string>> added;  // dir -> source files added
    for (const auto& [change, path] : c.files) {
      if (change != 'A') continue;
      // New modules only: not docs, build files, data or images; not in the root.
      std::string dir = dir_of(path);
      if (!dir.empty() && classify_path(path) == PathKind::kSource) {
        added[std::move(dir)].push_back(path);
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
      auto& counts = companions[dir];
      for (const auto& [change, path] : c.files) {
        if (std::find(files.begin(), files.end(), path) == files.end()) ++counts[path];
      }
    }
  }
  std::vector<SiblingPattern> out;
  for (auto& [dir, p] : by_dir) {
    if (p.additions < 2) continue;
    TRY_ASSIGN(p.companions, frequent(companions[dir], p.additions, 8, exists));
    out.push_back(std::move(p));
  }
  return out;
}

Result<std::vector<ChangeCluster>> change_clusters(store::IndexStore& store,
                                                   const PathExists& exists, size_t max_commits) {
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
    for (const auto& f : files) ++home->counts[f];
  }
  std::vector<ChangeCluster> out;
  for (auto& w : work) {
    if (w.cluster.commits < 2) continue;
    TRY_ASSIGN(w.cluster.files, frequent(w.counts, w.cluster.commits, 12, exists));
    if (w.cluster.files.size() >= 2) out.push_back(std::move(w.cluster));
  }
  return out;
}

}  // namespace stc::indexer::sleep
