#pragma once
// The read side of the mined history (history_miner.h writes it): file
// churn, co-change partners, commit search, past commits for rehearsal, and
// the counts the sleep pass and `stc status` need. Every query on the
// history tables lives in history_queries.cc. Works on a read-only store;
// the store is used from the calling thread only.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/result.h"
#include "indexer/store/index_store.h"

namespace stc::indexer {

struct FileHistory {
  std::string path;
  int64_t id = 0;       // its file_history row (set by file_history())
  int64_t commits = 0;  // counted commits that changed it (over-threshold ones excluded)
  int64_t first_time = 0;
  int64_t last_time = 0;
  double recent = 0;  // sum of the commits' recency weights as of now_time (1 = a commit now)
};

struct CoChange {
  std::string path;       // the partner
  int64_t together = 0;   // counted commits that changed both files
  int64_t base = 0;       // counted commits of the queried file
  double confidence = 0;  // together / base: how often the partner changes with it
  double recent = 0;      // recency-weighted `together`, as of the newest mined commit
  int64_t last_time = 0;  // last commit that changed both
};

struct CommitHit {
  std::string oid;
  std::string summary;
  int64_t time = 0;
  double score = 0;                // higher is better (negated BM25)
  std::vector<std::string> paths;  // changed paths (the first 200 for mass changes)
};

/// History of one (current) path; nullopt when no counted commit touched it.
Result<std::optional<FileHistory>> file_history(store::IndexStore& store, const std::string& path,
                                                int64_t now_time);

/// Partners of `path` with at least `min_together` shared commits, by
/// confidence, then recency, then path; at most `limit`.
Result<std::vector<CoChange>> cochange_partners(store::IndexStore& store, const std::string& path,
                                                size_t limit, int64_t min_together = 2);

/// One pair of the co-change graph.
struct CoChangePair {
  std::string a, b;      // a < b
  int64_t together = 0;  // counted commits that changed both
  int64_t last_time = 0;
};

/// The strongest pairs of the whole graph: at least `min_together` shared
/// commits, by count, then recency, then paths; at most `limit`.
Result<std::vector<CoChangePair>> strongest_pairs(store::IndexStore& store, size_t limit,
                                                  int64_t min_together = 2);

/// Commits whose message or changed paths match the words of `query`
/// (FTS5, BM25), best first, with their changed paths; at most `limit`.
/// With `before_seq` > 0 only commits older than that position of the mined
/// chain count (rehearsal: the history as it was before a past commit).
Result<std::vector<CommitHit>> search_commits(store::IndexStore& store, const std::string& query,
                                              size_t limit, int64_t before_seq = 0);
/// cochange_partners as it would have been before the commit at `before_seq`
/// (> 0): counted from commit_files over older, counted commits only.
Result<std::vector<CoChange>> cochange_partners_before(store::IndexStore& store,
                                                       const std::string& path, size_t limit,
                                                       int64_t min_together, int64_t before_seq);
/// Paths whose first addition (A or R) in the mined history is at `seq` or
/// later: files that did not exist before that commit. Reads only the
/// commits from `seq` on, and the path index for each path they added.
Result<std::set<std::string>> added_since(store::IndexStore& store, int64_t seq);
/// The position of the first mined commit that added each path (A or R):
/// one read of the whole history, for passes that take many older tasks.
Result<std::vector<std::pair<std::string, int64_t>>> first_added(store::IndexStore& store);
/// The oid of the mined commit at `seq`, empty when there is none.
Result<std::string> commit_at_seq(store::IndexStore& store, int64_t seq);
/// The position of the mined commit `oid`, 0 when it is not mined.
Result<int64_t> seq_of_commit(store::IndexStore& store, const std::string& oid);
/// One mined commit with its changed paths (rehearsal's practice material).
struct PastCommit {
  std::string oid;
  int64_t seq = 0;
  int64_t time = 0;
  std::string message;
  int64_t parents = 0;
  bool skipped = false;
  std::vector<std::pair<std::string, char>> files;  // path, change (A, M, D, R)
};
/// Mined commits with `after_seq` < seq < `before_seq`, newest first, with
/// `min_files`..`max_files` changed paths; at most `limit`. Errors: kStore.
Result<std::vector<PastCommit>> past_commits(store::IndexStore& store, int64_t after_seq,
                                             int64_t before_seq, size_t limit, int64_t min_files,
                                             int64_t max_files);

/// Files by recency-weighted churn, then commit count; at most `limit`.
Result<std::vector<FileHistory>> hottest_files(store::IndexStore& store, size_t limit,
                                               int64_t now_time);

struct RecentFile {
  std::string path;
  double recency = 0;   // sum of exp(-age / tau) over the recent commits that changed it
  int64_t age = 0;      // commits since its newest change among them (0 = the newest commit)
  std::string summary;  // that commit's summary line
};

/// Files changed by the newest `window` counted commits (each changing at
/// most `max_files` paths and not a maintenance commit: no revert, bump,
/// formatting), with a recency that halves about every `tau` x ln 2 commits;
/// by recency, then path. With `before_seq` > 0, the newest commits older
/// than that position (rehearsal). Reads only those commits' rows.
Result<std::vector<RecentFile>> recent_files(store::IndexStore& store, size_t window, double tau,
                                             int64_t max_files, int64_t before_seq = 0);

struct FrequentFile {
  std::string path;
  double share = 0;  // counted commits that changed it / commits of the mined history
};

/// Files changed by at least `min_share` of the mined commits (changelogs,
/// release notes, central registries), most frequent first; at most `limit`.
/// With `before_seq` > 0, as it was before the commit at that position.
Result<std::vector<FrequentFile>> frequent_files(store::IndexStore& store, double min_share,
                                                 size_t limit, int64_t before_seq = 0);

/// frequent_files() as of many positions, for rehearsal, which asks once per
/// practice task: the counted commit files are read once (on the first
/// call, one scan of commit_files), then each position is answered in
/// memory by moving a running count from the previous position, so a pass's
/// rehearsal costs one scan instead of one grouped query per task. Gives
/// exactly frequent_files(store, min_share, limit, before_seq). The history
/// must not change while it is in use.
class FrequentFilesAsOf {
 public:
  explicit FrequentFilesAsOf(store::IndexStore& store) : store_(&store) {}
  Result<std::vector<FrequentFile>> at(double min_share, size_t limit, int64_t before_seq);

 private:
  Status load();
  store::IndexStore* store_;
  bool loaded_ = false;
  std::vector<int64_t> commit_seqs_;               // commits with files > 0, ascending
  std::vector<std::pair<int64_t, int64_t>> rows_;  // counted (seq, path_id), by seq
  std::vector<int64_t> counts_;                    // by path_id, over rows_[0, pos_)
  size_t pos_ = 0;
  std::unordered_map<int64_t, std::string> paths_;  // path_id -> path, read on demand
};

/// Counted commits per (current) path, from file_history.
Result<std::unordered_map<std::string, int64_t>> commit_counts(store::IndexStore& store);
/// The same for the paths directly in `dir` ('' for the root; not in its sub-directories).
Result<std::unordered_map<std::string, int64_t>> commit_counts_in(store::IndexStore& store,
                                                                  const std::string& dir);
/// Number of mined commits (0 before the first history stage).
Result<int64_t> mined_commit_count(store::IndexStore& store);
/// Position of the newest mined commit on the first-parent chain (0: none).
Result<int64_t> last_mined_seq(store::IndexStore& store);
/// Distinct paths touched by commits mined after position `after_seq` (all
/// mined paths when 0), sorted.
Result<std::vector<std::string>> paths_mined_after(store::IndexStore& store, int64_t after_seq);

/// A commit's summary from its row: column `summary_column` as stored, or,
/// when that is empty (schema 13 stores it only where commit_summary would
/// not give it back), the summary of the message in `message_column`.
std::string row_summary(const store::Statement& s, int summary_column, int message_column);

}  // namespace stc::indexer
