// History mining: per-file churn and the co-change graph.
//
// Every commit on the first-parent chain of the target is read once, oldest
// first (git::walk_first_parent), and recorded with its changed paths. A
// commit changing at most max_files_per_commit files is "counted": each path
// it leaves behind (added, modified, renamed-to) gets +1 commit, and each
// unordered pair of those paths gets +1 "together". The co-change confidence
// of B given A is together(A, B) / commits(A): the share of A's commits that
// also changed B, so it is asymmetric although the pair count is not.
// Recency: a commit at time t adds w = exp((t - T0) / tau) to the `decayed`
// sums of its files and pairs (T0 = 2000-01-01, tau = half_life / ln 2), so a
// sum read as of `now` is multiplied by exp((T0 - now) / tau): each commit then
// weighs 2^(-age / half_life) and new commits only ever add, which keeps
// mining incremental. Renames move a path's file row and pair rows to the new
// path (merging), deletions remove them, so only live paths carry history.
// Counts are aggregated in memory per batch of commits and UPSERTed when the
// batch commits together with meta history_head; a rename or deletion first
// writes out the pending counts so that it applies to everything before it.

#include "indexer/history/history_miner.h"

#include <chrono>
#include <unordered_map>
#include <utility>

#include "indexer/git/history_walk.h"
#include "indexer/history/decay.h"
#include "indexer/history/history_tables.h"

namespace stc::indexer {
namespace {

using history::FileCounts;
using history::HistoryTables;
using history::PairCounts;

constexpr size_t kBatchCommits = 1000;
constexpr size_t kMaxPendingPairs = 500'000;  // bounds memory on pair-heavy batches
constexpr int64_t kCheckpointBytes = 64 << 20;

struct PairHash {
  size_t operator()(const std::pair<std::string, std::string>& p) const noexcept {
    const size_t h = std::hash<std::string>()(p.first);
    return h ^ (std::hash<std::string>()(p.second) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
  }
};

std::string options_key(const HistoryOptions& o) {
  return "max_files=" + std::to_string(o.max_files_per_commit) +
         ";half_life_days=" + history::real_text(o.half_life_days);
}

// Consumes the walk: records commits and batches counts into the store.
class Miner {
 public:
  Miner(store::IndexStore& store, HistoryTables& tables, const HistoryOptions& options,
        Progress& progress, HistoryReport& report)
      : store_(store), tables_(tables), options_(options), progress_(progress), report_(report),
        tau_(history::tau_seconds(options.half_life_days)) {}

  Status start(bool rebuild) {
    rebuild_ = rebuild;
    if (rebuild) return {};
    TRY_ASSIGN(int64_t last, store_.db().query_int("SELECT COALESCE(MAX(seq), 0) FROM commits"));
    seq_ = last;
    return {};
  }

  Status visit(const git::CommitChanges& c) {
    if (c.position == 1) progress_.start("history", c.total);
    if (!txn_) TRY(begin_batch());
    const bool skipped = c.files.size() > options_.max_files_per_commit;
    TRY(tables_.put_commit(c, ++seq_, skipped));
    TRY(apply_moves(c));
    if (!skipped) count(c);
    ++report_.commits_mined;
    report_.commits_skipped += skipped ? 1 : 0;
    ++in_batch_;
    if (in_batch_ >= kBatchCommits || pairs_.size() >= kMaxPendingPairs) TRY(end_batch(c));
    if (c.position % 256 == 0 || c.position == c.total) progress_.update(c.position);
    return {};
  }

  /// Commits the last batch (the one ending at `last`).
  Status finish(const git::CommitChanges* last) {
    if (txn_ && last) TRY(end_batch(*last));
    if (report_.commits_mined > 0) progress_.finish();
    return {};
  }

 private:
  Status begin_batch() {
    txn_.emplace(store_.db());
    TRY(txn_->begin());
    if (rebuild_) {
      TRY(tables_.clear());
      rebuild_ = false;
    }
    return {};
  }

  Status end_batch(const git::CommitChanges& last) {
    TRY(flush());
    TRY(store_.set_meta(history::kHeadKey, last.id.hex()));
    TRY(store_.set_meta(history::kHeadTimeKey, std::to_string(last.time)));
    TRY(store_.set_meta(history::kOptionsKey, options_key(options_)));
    TRY(store_.set_meta(history::kHalfLifeKey, history::real_text(options_.half_life_days)));
    TRY(txn_->commit());
    txn_.reset();
    in_batch_ = 0;
    store_.db().checkpoint_if_larger(kCheckpointBytes);
    return {};
  }

  // Renames and deletions apply to the counts of all earlier commits.
  Status apply_moves(const git::CommitChanges& c) {
    bool flushed = false;
    for (const auto& f : c.files) {
      if (f.kind != 'R' && f.kind != 'D') continue;
      if (!flushed) TRY(flush());
      flushed = true;
      if (f.kind == 'R') TRY(tables_.rename(f.old_path, f.path));
      if (f.kind == 'D') TRY(tables_.remove(f.path));
    }
    return {};
  }

  void count(const git::CommitChanges& c) {
    const double w = history::stored_weight(c.time, tau_);
    std::vector<const std::string*> paths;
    paths.reserve(c.files.size());
    for (const auto& f : c.files) {
      if (f.kind != 'D') paths.push_back(&f.path);
    }
    for (const std::string* p : paths) {
      FileCounts& fc = files_[*p];
      ++fc.commits;
      fc.first_time = std::min(fc.first_time, c.time);
      fc.last_time = std::max(fc.last_time, c.time);
      fc.decayed += w;
    }
    for (size_t i = 0; i < paths.size(); ++i) {
      for (size_t j = i + 1; j < paths.size(); ++j) {
        const bool ordered = *paths[i] < *paths[j];
        PairCounts& pc = pairs_[{ordered ? *paths[i] : *paths[j], ordered ? *paths[j] : *paths[i]}];
        ++pc.count;
        pc.decayed += w;
        pc.last_time = std::max(pc.last_time, c.time);
      }
    }
  }

  Status flush() {
    for (const auto& [path, counts] : files_) TRY(tables_.add_file(path, counts));
    for (const auto& [pair, counts] : pairs_) TRY(tables_.add_pair(pair.first, pair.second, counts));
    files_.clear();
    pairs_.clear();
    return {};
  }

  store::IndexStore& store_;
  HistoryTables& tables_;
  const HistoryOptions& options_;
  Progress& progress_;
  HistoryReport& report_;
  const double tau_;
  bool rebuild_ = false;
  int64_t seq_ = 0;
  size_t in_batch_ = 0;
  std::optional<store::Transaction> txn_;
  std::unordered_map<std::string, FileCounts> files_;
  std::unordered_map<std::pair<std::string, std::string>, PairCounts, PairHash> pairs_;
};

// Where mining starts: after the stored head, or from the root (rebuild)
// when the head is not on target's first-parent chain or options changed.
struct StartPoint {
  std::optional<git::Oid> from;
  bool rebuild = false;
};

Result<StartPoint> start_point(const git::Repository& repo, store::IndexStore& store,
                               const git::Oid& target, const HistoryOptions& options) {
  TRY_ASSIGN(auto head, store.meta(history::kHeadKey));
  TRY_ASSIGN(auto stored_options, store.meta(history::kOptionsKey));
  if (!head) {
    TRY_ASSIGN(int64_t rows, store.db().query_int("SELECT COUNT(*) FROM commits"));
    return StartPoint{std::nullopt, rows > 0};
  }
  auto head_oid = git::Oid::from_hex(*head);
  if (!head_oid || stored_options != options_key(options)) return StartPoint{std::nullopt, true};
  TRY_ASSIGN(bool ancestor, git::is_first_parent_ancestor(repo, *head_oid, target));
  if (!ancestor) return StartPoint{std::nullopt, true};
  return StartPoint{*head_oid, false};
}

}  // namespace

Result<HistoryReport> mine_history(const git::Repository& repo, store::IndexStore& store,
                                   const git::Oid& target, const HistoryOptions& options,
                                   Progress& progress) {
  const auto started = std::chrono::steady_clock::now();
  HistoryReport report;
  report.head = target.hex();
  TRY_ASSIGN(StartPoint start, start_point(repo, store, target, options));
  if (start.from && *start.from == target) return report;
  TRY_ASSIGN(HistoryTables tables, HistoryTables::prepare(store.db()));
  Miner miner(store, tables, options, progress, report);
  TRY(miner.start(start.rebuild));
  git::CommitChanges last;
  TRY(git::walk_first_parent(repo, start.from, target, [&](const git::CommitChanges& c) -> Status {
    TRY(miner.visit(c));
    last.id = c.id;
    last.time = c.time;
    return {};
  }));
  TRY(miner.finish(report.commits_mined > 0 ? &last : nullptr));
  report.rebuilt = start.rebuild;
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace stc::indexer
