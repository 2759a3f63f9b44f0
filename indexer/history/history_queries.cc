// Read side of the history tables: file churn, co-change partners, commit
// search and the hottest files. Recency weights are explained in decay.h and
// history_miner.cc.

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "core/commit_message.h"
#include "core/text.h"
#include "indexer/history/decay.h"
#include "indexer/history/history_miner.h"
#include "indexer/history/history_queries.h"
#include "indexer/store/schema.h"

namespace stc::indexer {
namespace {

constexpr int64_t kMaxHitPaths = 200;

// Tau of the stored sums (the half-life the history was mined with).
Result<double> stored_tau(store::IndexStore& store) {
  TRY_ASSIGN(auto half_life, store.meta(history::kHalfLifeKey));
  double days = history::kDefaultHalfLifeDays;
  if (half_life) {
    char* end = nullptr;
    const double parsed = std::strtod(half_life->c_str(), &end);
    if (end && *end == '\0' && parsed > 0) days = parsed;
  }
  return history::tau_seconds(days);
}

FileHistory read_history_row(const store::Statement& s, int64_t now_time, double tau) {
  FileHistory h;
  h.path = s.column_text(0);
  h.commits = s.column_int(1);
  h.first_time = s.column_int(2);
  h.last_time = s.column_int(3);
  h.recent = history::weight_as_of(s.column_double(4), now_time, tau);
  return h;
}

Status load_paths(store::IndexStore& store, CommitHit& hit) {
  TRY_ASSIGN(auto s, store::connection(store).prepare(
                         "SELECT p.path FROM commit_files cf JOIN history_paths p ON p.id = "
                         "cf.path_id WHERE cf.seq = (" +
                         store::schema::commit_seq_by_oid("?1") + ") ORDER BY p.path LIMIT ?2"));
  s.bind(1, hit.oid).bind(2, kMaxHitPaths);
  TRY_ASSIGN(hit.paths, s.first_column_texts());
  return {};
}

}  // namespace

Result<std::optional<FileHistory>> file_history(store::IndexStore& store, const std::string& path,
                                                int64_t now_time) {
  TRY_ASSIGN(double tau, stored_tau(store));
  TRY_ASSIGN(auto s,
             store::cached_statement(store,
                                     "SELECT path, commits, first_time, last_time, decayed, "
                                     "id FROM file_history WHERE path = ?"));
  s->bind(1, path);
  TRY_ASSIGN(bool row, s->step());
  if (!row) return std::optional<FileHistory>();
  FileHistory h = read_history_row(*s, now_time, tau);
  h.id = s->column_int(5);
  return std::optional<FileHistory>(std::move(h));
}

Result<std::vector<CoChange>> cochange_partners(store::IndexStore& store, const std::string& path,
                                                size_t limit, int64_t min_together) {
  std::vector<CoChange> out;
  TRY_ASSIGN(auto base, file_history(store, path, 0));
  if (!base || base->commits == 0) return out;
  TRY_ASSIGN(double tau, stored_tau(store));
  TRY_ASSIGN(auto head_time, store.meta(history::kHeadTimeKey));
  const int64_t as_of = head_time ? std::atoll(head_time->c_str()) : base->last_time;
  TRY_ASSIGN(auto s,
             store::cached_statement(
                 store,
                 "SELECT f.path, c.count, c.decayed, c.last_time FROM ("
                 "SELECT b AS other, count, decayed, last_time FROM cochange WHERE a = ?1 "
                 "UNION ALL SELECT a, count, decayed, last_time FROM cochange WHERE b = ?1) c "
                 "JOIN file_history f ON f.id = c.other WHERE c.count >= ?2 "
                 "ORDER BY c.count DESC, c.decayed DESC, f.path LIMIT ?3"));
  s->bind(1, base->id).bind(2, min_together).bind(3, static_cast<int64_t>(limit));
  while (true) {
    TRY_ASSIGN(bool row, s->step());
    if (!row) break;
    CoChange c;
    c.path = s->column_text(0);
    c.together = s->column_int(1);
    c.base = base->commits;
    c.confidence = static_cast<double>(c.together) / static_cast<double>(c.base);
    c.recent = history::weight_as_of(s->column_double(2), as_of, tau);
    c.last_time = s->column_int(3);
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<CoChangePair>> strongest_pairs(store::IndexStore& store, size_t limit,
                                                  int64_t min_together) {
  TRY_ASSIGN(auto s,
             store::connection(store).prepare(
                 "SELECT min(fa.path, fb.path) AS x, max(fa.path, fb.path) AS y, "
                 "c.count, c.last_time FROM cochange c "
                 "JOIN file_history fa ON fa.id = c.a JOIN file_history fb ON fb.id = c.b "
                 "WHERE c.count >= ?1 ORDER BY c.count DESC, c.decayed DESC, x, y LIMIT ?2"));
  s.bind(1, min_together).bind(2, static_cast<int64_t>(limit));
  std::vector<CoChangePair> out;
  while (true) {
    TRY_ASSIGN(bool row, s.step());
    if (!row) break;
    out.push_back({s.column_text(0), s.column_text(1), s.column_int(2), s.column_int(3)});
  }
  return out;
}

Result<std::vector<CommitHit>> search_commits(store::IndexStore& store, const std::string& query,
                                              size_t limit, int64_t before_seq) {
  std::vector<CommitHit> hits;
  const std::string match = store::fts_match_any(store::query_words(query));
  if (match.empty()) return hits;
  // The best `limit` from the full-text index alone (its rowid is the
  // commit's seq), then their commits: a common word matches thousands of
  // messages of a long history, and joining each of them cost more than
  // ranking it.
  TRY_ASSIGN(auto s, store::connection(store).prepare(
                         "SELECT commits.oid, best.score, commits.summary, commits.time, "
                         "commits.message FROM "
                         "(SELECT rowid, bm25(commit_search, 1.0, 0.5) AS score FROM commit_search "
                         "WHERE commit_search MATCH ?1 AND (?3 <= 0 OR rowid < ?3) "
                         "ORDER BY score, rowid DESC LIMIT ?2) AS best "
                         "JOIN commits ON commits.seq = best.rowid "
                         "ORDER BY best.score, commits.seq DESC"));
  s.bind(1, match).bind(2, static_cast<int64_t>(limit)).bind(3, before_seq);
  while (true) {
    TRY_ASSIGN(bool row, s.step());
    if (!row) break;
    std::string summary = row_summary(s, 2, 4);
    hits.push_back(
        CommitHit{s.column_text(0), std::move(summary), s.column_int(3), -s.column_double(1), {}});
  }
  for (auto& hit : hits) TRY(load_paths(store, hit));
  return hits;
}

Result<std::vector<FileHistory>> hottest_files(store::IndexStore& store, size_t limit,
                                               int64_t now_time) {
  TRY_ASSIGN(double tau, stored_tau(store));
  TRY_ASSIGN(auto s, store::connection(store).prepare(
                         "SELECT path, commits, first_time, last_time, decayed "
                         "FROM file_history ORDER BY decayed DESC, commits DESC, "
                         "path LIMIT ?"));
  s.bind(1, static_cast<int64_t>(limit));
  std::vector<FileHistory> out;
  while (true) {
    TRY_ASSIGN(bool row, s.step());
    if (!row) break;
    out.push_back(read_history_row(s, now_time, tau));
  }
  return out;
}

Result<std::vector<FrequentFile>> frequent_files(store::IndexStore& store, double min_share,
                                                 size_t limit, int64_t before_seq) {
  TRY_ASSIGN(auto count,
             store::connection(store).prepare("SELECT COUNT(*) FROM commits WHERE files > 0 "
                                              "AND (?1 <= 0 OR seq < ?1)"));
  count.bind(1, before_seq);
  TRY(count.step());
  const int64_t total = count.column_int(0);
  std::vector<FrequentFile> out;
  if (total < 10) return out;  // too little history to call anything frequent
  const char* live =
      "SELECT path, commits FROM file_history "
      "WHERE commits >= ?1 ORDER BY commits DESC, path LIMIT ?2";
  const char* as_of =
      "SELECT p.path, t.n FROM (SELECT cf.path_id AS id, COUNT(*) AS n FROM commit_files cf "
      "JOIN commits c ON c.seq = cf.seq WHERE c.seq < ?3 AND c.skipped = 0 AND "
      "cf.change <> 'D' GROUP BY cf.path_id HAVING n >= ?1) t "
      "JOIN history_paths p ON p.id = t.id ORDER BY t.n DESC, p.path LIMIT ?2";
  TRY_ASSIGN(auto s, store::connection(store).prepare(before_seq > 0 ? as_of : live));
  s.bind(1, static_cast<int64_t>(min_share * static_cast<double>(total) + 0.999))
      .bind(2, static_cast<int64_t>(limit));
  if (before_seq > 0) s.bind(3, before_seq);
  while (true) {
    TRY_ASSIGN(bool row, s.step());
    if (!row) break;
    out.push_back(
        {s.column_text(0), static_cast<double>(s.column_int(1)) / static_cast<double>(total)});
  }
  return out;
}

Status FrequentFilesAsOf::load() {
  auto& db = store::connection(*store_);
  TRY_ASSIGN(auto commits, db.prepare("SELECT seq FROM commits WHERE files > 0 ORDER BY seq"));
  while (true) {
    TRY_ASSIGN(bool row, commits.step());
    if (!row) break;
    commit_seqs_.push_back(commits.column_int(0));
  }
  // The rows frequent_files' as-of query counts: not deletions, not in a
  // skipped (over-threshold) commit.
  TRY_ASSIGN(auto files, db.prepare("SELECT seq, path_id FROM commit_files WHERE change <> 'D' "
                                    "AND seq NOT IN (SELECT seq FROM commits WHERE skipped <> 0) "
                                    "ORDER BY seq"));
  int64_t max_id = 0;
  while (true) {
    TRY_ASSIGN(bool row, files.step());
    if (!row) break;
    rows_.emplace_back(files.column_int(0), files.column_int(1));
    max_id = std::max(max_id, rows_.back().second);
  }
  counts_.assign(static_cast<size_t>(max_id) + 1, 0);
  loaded_ = true;
  return {};
}

Result<std::vector<FrequentFile>> FrequentFilesAsOf::at(double min_share, size_t limit,
                                                        int64_t before_seq) {
  if (before_seq <= 0) return frequent_files(*store_, min_share, limit, before_seq);
  if (!loaded_) TRY(load());
  const auto total =
      static_cast<int64_t>(std::lower_bound(commit_seqs_.begin(), commit_seqs_.end(), before_seq) -
                           commit_seqs_.begin());
  std::vector<FrequentFile> out;
  if (total < 10) return out;  // as frequent_files
  const auto end = static_cast<size_t>(
      std::lower_bound(rows_.begin(), rows_.end(), std::make_pair(before_seq, int64_t{0})) -
      rows_.begin());
  for (; pos_ < end; ++pos_) ++counts_[static_cast<size_t>(rows_[pos_].second)];
  for (; pos_ > end; --pos_) --counts_[static_cast<size_t>(rows_[pos_ - 1].second)];
  const auto need = static_cast<int64_t>(min_share * static_cast<double>(total) + 0.999);
  std::vector<std::pair<int64_t, int64_t>> hits;  // (count, path_id)
  for (size_t id = 0; id < counts_.size(); ++id) {
    if (counts_[id] > 0 && counts_[id] >= need) hits.emplace_back(counts_[id], id);
  }
  if (hits.empty()) return out;
  TRY_ASSIGN(auto path_of,
             store::connection(*store_).prepare("SELECT path FROM history_paths WHERE id = ?"));
  std::vector<std::pair<int64_t, std::string>> named;
  for (const auto& [n, id] : hits) {
    auto it = paths_.find(id);
    if (it == paths_.end()) {
      path_of.reset();
      path_of.bind(1, id);
      TRY_ASSIGN(bool row, path_of.step());
      it = paths_.emplace(id, row ? path_of.column_text(0) : std::string()).first;
    }
    if (!it->second.empty()) named.emplace_back(n, it->second);  // the query's inner join
  }
  // The query's order: count descending, then path.
  std::sort(named.begin(), named.end(), [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first > y.first : x.second < y.second;
  });
  for (size_t i = 0; i < named.size() && i < limit; ++i) {
    out.push_back(
        {named[i].second, static_cast<double>(named[i].first) / static_cast<double>(total)});
  }
  return out;
}

Result<std::vector<RecentFile>> recent_files(store::IndexStore& store, size_t window, double tau,
                                             int64_t max_files, int64_t before_seq) {
  // Newest first along the rowid, stopping after `window` commits: `+files`
  // keeps SQLite from ranging over commits_files instead (every commit's row
  // looked up, then sorted).
  TRY_ASSIGN(auto commits, store::connection(store).prepare(
                               "SELECT seq, summary, message FROM commits WHERE skipped = 0 AND "
                               "+files > 0 "
                               "AND +files <= ?2 AND (?1 <= 0 OR seq < ?1) ORDER BY seq DESC"));
  commits.bind(1, before_seq).bind(2, max_files);
  std::vector<std::pair<int64_t, std::string>> newest;
  while (newest.size() < window) {
    TRY_ASSIGN(bool row, commits.step());
    if (!row) break;
    std::string summary = row_summary(commits, 1, 2);
    if (is_maintenance_commit(summary)) continue;
    newest.emplace_back(commits.column_int(0), std::move(summary));
  }
  TRY_ASSIGN(auto files, store::connection(store).prepare(
                             "SELECT p.path FROM commit_files cf JOIN history_paths p ON "
                             "p.id = cf.path_id WHERE cf.seq = ?1 AND cf.change <> 'D' "
                             "ORDER BY p.path"));
  std::unordered_map<std::string, size_t> at;
  std::vector<RecentFile> out;
  for (size_t age = 0; age < newest.size(); ++age) {
    files.reset();
    files.bind(1, newest[age].first);
    const double w = std::exp(-static_cast<double>(age) / tau);
    while (true) {
      TRY_ASSIGN(bool row, files.step());
      if (!row) break;
      std::string path = files.column_text(0);
      auto [it, fresh] = at.emplace(path, out.size());
      if (fresh) {
        out.push_back({std::move(path), 0, static_cast<int64_t>(age), newest[age].second});
      }
      out[it->second].recency += w;
    }
  }
  std::sort(out.begin(), out.end(), [](const RecentFile& a, const RecentFile& b) {
    return a.recency != b.recency ? a.recency > b.recency : a.path < b.path;
  });
  return out;
}

Result<std::vector<CoChange>> cochange_partners_before(store::IndexStore& store,
                                                       const std::string& path, size_t limit,
                                                       int64_t min_together, int64_t before_seq) {
  std::vector<CoChange> out;
  TRY_ASSIGN(auto b, store::connection(store).prepare(
                         "SELECT COUNT(*) FROM commit_files cf JOIN commits c ON c.seq = "
                         "cf.seq WHERE cf.path_id = (SELECT id FROM history_paths WHERE path = "
                         "?1) AND cf.seq < ?2 AND c.skipped = 0"));
  b.bind(1, path).bind(2, before_seq);
  TRY(b.step());
  const int64_t base = b.column_int(0);
  if (base == 0) return out;
  TRY_ASSIGN(auto s, store::connection(store).prepare(
                         "SELECT p.path, t.n, t.last_time FROM (SELECT o.path_id AS id, "
                         "COUNT(*) AS n, MAX(c.time) AS last_time, MAX(c.seq) AS last_seq "
                         "FROM commit_files cf "
                         "JOIN commits c ON c.seq = cf.seq AND c.seq < ?2 AND c.skipped = 0 "
                         "JOIN commit_files o ON o.seq = cf.seq AND o.path_id <> cf.path_id "
                         "WHERE cf.path_id = (SELECT id FROM history_paths WHERE path = ?1) "
                         "AND o.change <> 'D' GROUP BY o.path_id HAVING n >= ?3) t "
                         "JOIN history_paths p ON p.id = t.id "
                         "ORDER BY t.n DESC, t.last_seq DESC, p.path LIMIT ?4"));
  s.bind(1, path).bind(2, before_seq).bind(3, min_together).bind(4, static_cast<int64_t>(limit));
  while (true) {
    TRY_ASSIGN(bool row, s.step());
    if (!row) break;
    CoChange c;
    c.path = s.column_text(0);
    c.together = s.column_int(1);
    c.base = base;
    c.confidence = static_cast<double>(c.together) / static_cast<double>(base);
    c.last_time = s.column_int(2);
    out.push_back(std::move(c));
  }
  return out;
}

// A range of commit_files' primary key (seq, path_id) for the commits at
// and after `seq`, and for each added path one lookup of commit_files_path
// (path_id, seq): never a scan of every addition by path.
Result<std::set<std::string>> added_since(store::IndexStore& store, int64_t seq) {
  TRY_ASSIGN(auto s, store::connection(store).prepare(
                         "SELECT DISTINCT p.path FROM commit_files cf JOIN history_paths p ON "
                         "p.id = cf.path_id WHERE cf.seq >= ?1 AND cf.change IN ('A', 'R') AND "
                         "NOT EXISTS (SELECT 1 FROM commit_files e WHERE e.path_id = cf.path_id "
                         "AND e.change IN ('A', 'R') AND e.seq < ?1)"));
  s.bind(1, seq);
  std::set<std::string> out;
  while (true) {
    TRY_ASSIGN(bool row, s.step());
    if (!row) break;
    out.insert(s.column_text(0));
  }
  return out;
}

Result<std::vector<std::pair<std::string, int64_t>>> first_added(store::IndexStore& store) {
  TRY_ASSIGN(auto s, store::connection(store).prepare(
                         "SELECT p.path, t.first FROM (SELECT path_id AS id, MIN(seq) AS first "
                         "FROM commit_files WHERE change IN ('A', 'R') GROUP BY path_id) t "
                         "JOIN history_paths p ON p.id = t.id ORDER BY p.path"));
  std::vector<std::pair<std::string, int64_t>> out;
  while (true) {
    TRY_ASSIGN(bool row, s.step());
    if (!row) break;
    out.emplace_back(s.column_text(0), s.column_int(1));
  }
  return out;
}

Result<std::string> commit_at_seq(store::IndexStore& store, int64_t seq) {
  TRY_ASSIGN(auto s, store::connection(store).prepare("SELECT oid FROM commits WHERE seq = ?"));
  s.bind(1, seq);
  TRY_ASSIGN(bool row, s.step());
  return row ? s.column_text(0) : std::string();
}

Result<int64_t> seq_of_commit(store::IndexStore& store, const std::string& oid) {
  TRY_ASSIGN(auto s, store::connection(store).prepare(store::schema::commit_seq_by_oid("?1")));
  s.bind(1, oid);
  TRY_ASSIGN(bool row, s.step());
  return row ? s.column_int(0) : int64_t{0};
}

Result<std::vector<PastCommit>> past_commits(store::IndexStore& store, int64_t after_seq,
                                             int64_t before_seq, size_t limit, int64_t min_files,
                                             int64_t max_files) {
  std::vector<PastCommit> out;
  TRY_ASSIGN(auto s, store::connection(store).prepare(
                         "SELECT oid, seq, time, message, parents, skipped FROM commits "
                         "WHERE seq > ?1 AND seq < ?2 AND files BETWEEN ?3 AND ?4 "
                         "ORDER BY seq DESC LIMIT ?5"));
  s.bind(1, after_seq).bind(2, before_seq).bind(3, min_files).bind(4, max_files);
  s.bind(5, static_cast<int64_t>(limit));
  while (true) {
    TRY_ASSIGN(bool row, s.step());
    if (!row) break;
    PastCommit c;
    c.oid = s.column_text(0);
    c.seq = s.column_int(1);
    c.time = s.column_int(2);
    c.message = s.column_text(3);
    c.parents = s.column_int(4);
    c.skipped = s.column_int(5) != 0;
    out.push_back(std::move(c));
  }
  TRY_ASSIGN(auto f, store::connection(store).prepare(
                         "SELECT p.path, cf.change FROM commit_files cf JOIN history_paths p ON "
                         "p.id = cf.path_id WHERE cf.seq = ? ORDER BY p.path"));
  for (auto& c : out) {
    f.reset();
    f.bind(1, c.seq);
    while (true) {
      TRY_ASSIGN(bool row, f.step());
      if (!row) break;
      const std::string change = f.column_text(1);
      c.files.emplace_back(f.column_text(0), change.empty() ? 'M' : change[0]);
    }
  }
  return out;
}

Result<std::unordered_map<std::string, int64_t>> commit_counts(store::IndexStore& store) {
  TRY_ASSIGN(auto st, store::connection(store).prepare("SELECT path, commits FROM file_history"));
  return st.text_int_map();
}

Result<std::unordered_map<std::string, int64_t>> commit_counts_in(store::IndexStore& store,
                                                                  const std::string& dir) {
  TRY_ASSIGN(auto st, store::connection(store).prepare(
                          dir.empty() ? "SELECT path, commits FROM file_history WHERE "
                                        "instr(path, '/') = 0"
                                      : "SELECT path, commits FROM file_history WHERE path > ?1 || "
                                        "'/' AND path < ?1 || '0' AND instr(substr(path, "
                                        "length(?1) + 2), '/') = 0"));
  if (!dir.empty()) st.bind(1, dir);
  return st.text_int_map();
}

Result<int64_t> mined_commit_count(store::IndexStore& store) {
  return store::connection(store).query_int("SELECT COUNT(*) FROM commits");
}

Result<int64_t> last_mined_seq(store::IndexStore& store) {
  return store::connection(store).query_int("SELECT COALESCE(MAX(seq), 0) FROM commits");
}

// A range of commit_files' primary key (seq, path_id): only the new commits' rows.
Result<std::vector<std::string>> paths_mined_after(store::IndexStore& store, int64_t after_seq) {
  // Not DISTINCT: SQLite would scan the whole path index for it.
  TRY_ASSIGN(auto st, store::connection(store).prepare("SELECT p.path FROM commit_files cf JOIN "
                                                       "history_paths p ON p.id = cf.path_id WHERE "
                                                       "cf.seq > ?"));
  st.bind(1, after_seq);
  TRY_ASSIGN(auto paths, st.first_column_texts());
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
  return paths;
}

std::string row_summary(const store::Statement& s, int summary_column, int message_column) {
  std::string summary = s.column_text(summary_column);
  return summary.empty() ? commit_summary(s.column_text(message_column)) : summary;
}

}  // namespace stc::indexer
