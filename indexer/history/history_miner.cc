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
// Counts are aggregated in memory per batch of commits (PendingCounts, which
// applies renames and deletions to them as they happen and replays those on
// the stored rows first) and UPSERTed when the batch commits, in the same
// transaction as meta history_head. The walk runs on a second thread, so
// reading git objects overlaps writing the store.

#include "indexer/history/history_miner.h"

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <thread>
#include <utility>

#include "indexer/git/history_walk.h"
#include "indexer/history/decay.h"
#include "indexer/history/history_queries.h"
#include "indexer/history/history_tables.h"
#include "indexer/history/pending_counts.h"

namespace stc::indexer {
namespace {

using history::HistoryTables;
using history::PendingCounts;

// A batch commits after at least kMinBatch commits once kBatchTime has passed
// (each commit rewrites the pages its rows landed on, and rows keyed by
// commit id land everywhere, so fewer, larger batches write far less), or at
// kMaxBatch commits, or when the pending pairs reach kMaxPendingPairs (memory).
constexpr size_t kMinBatch = 1000;
constexpr size_t kMaxBatch = 20'000;
constexpr auto kBatchTime = std::chrono::seconds(2);
constexpr size_t kMaxPendingPairs = 500'000;
constexpr int64_t kCheckpointBytes = 64 << 20;
constexpr size_t kQueueCommits = 256;   // walked commits waiting to be written
constexpr size_t kQueueFiles = 50'000;  // ... and their changed files

std::string options_key(const HistoryOptions& o) {
  return "max_files=" + std::to_string(o.max_files_per_commit) +
         ";half_life_days=" + history::real_text(o.half_life_days);
}

// Consumes the walk: records commits and writes counts in batches.
class Miner {
 public:
  Miner(store::IndexStore& store, HistoryTables& tables, const HistoryOptions& options,
        Progress& progress, HistoryReport& report)
      : store_(store),
        tables_(tables),
        options_(options),
        progress_(progress),
        report_(report),
        tau_(history::tau_seconds(options.half_life_days)) {}

  Status start(bool rebuild) {
    rebuild_ = rebuild;
    if (rebuild) return {};
    TRY_ASSIGN(auto seq, store_.meta(history::kSeqKey));
    if (seq) {
      seq_ = std::atoll(seq->c_str());
      return {};
    }
    TRY_ASSIGN(seq_, last_mined_seq(store_));
    return {};
  }

  Status visit(const git::CommitChanges& c) {
    if (c.position == 1) progress_.start("history", c.total);
    if (!txn_) TRY(begin_batch());
    const bool skipped = c.files.size() > options_.max_files_per_commit;
    TRY(tables_.put_commit(c, ++seq_, skipped));
    if (!pending_.move(c)) {
      TRY(pending_.write(tables_));
      (void)pending_.move(c);  // nothing pending now, so it cannot refuse
    }
    if (!skipped) pending_.count(c, history::stored_weight(c.time, tau_));
    ++report_.commits_mined;
    report_.commits_skipped += skipped ? 1 : 0;
    last_ = {c.id, c.time};
    if (batch_full()) TRY(end_batch());
    if (c.position % 256 == 0 || c.position == c.total) progress_.update(c.position);
    return {};
  }

  /// Commits the last batch.
  Status finish() {
    if (txn_) TRY(end_batch());
    if (report_.commits_mined > 0) progress_.finish();
    return {};
  }

 private:
  bool batch_full() {
    ++in_batch_;
    if (in_batch_ >= kMaxBatch || pending_.pair_count() >= kMaxPendingPairs) return true;
    return in_batch_ >= kMinBatch && std::chrono::steady_clock::now() - batch_start_ >= kBatchTime;
  }

  Status begin_batch() {
    batch_start_ = std::chrono::steady_clock::now();
    txn_.emplace(store::connection(store_));
    TRY(txn_->begin());
    if (rebuild_) {
      TRY(tables_.clear());
      rebuild_ = false;
    }
    return {};
  }

  Status end_batch() {
    TRY(pending_.write(tables_));
    TRY(store_.set_meta(history::kHeadKey, last_.first.hex()));
    TRY(store_.set_meta(history::kHeadTimeKey, std::to_string(last_.second)));
    TRY(store_.set_meta(history::kSeqKey, std::to_string(seq_)));
    TRY(store_.set_meta(history::kOptionsKey, options_key(options_)));
    TRY(store_.set_meta(history::kHalfLifeKey, history::real_text(options_.half_life_days)));
    TRY(txn_->commit());
    txn_.reset();
    in_batch_ = 0;
    store_.checkpoint_if_larger(kCheckpointBytes);
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
  std::chrono::steady_clock::time_point batch_start_;
  std::pair<git::Oid, int64_t> last_;  // id and time of the last visited commit
  std::optional<store::Transaction> txn_;
  PendingCounts pending_;
};

// Hands walked commits from the walking thread to the writing thread,
// holding a bounded number of them.
class CommitQueue {
 public:
  /// Blocks while the queue is full; false once the consumer has cancelled.
  bool push(const git::CommitChanges& c) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] {
      return cancelled_ || items_.empty() ||
             (items_.size() < kQueueCommits && files_ + c.files.size() <= kQueueFiles);
    });
    if (cancelled_) return false;
    files_ += c.files.size();
    items_.push_back(c);
    changed_.notify_all();
    return true;
  }

  /// Blocks until a commit is available; false when the walk has ended.
  bool pop(git::CommitChanges& out) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return !items_.empty() || ended_; });
    if (items_.empty()) return false;
    out = std::move(items_.front());
    items_.pop_front();
    files_ -= out.files.size();
    changed_.notify_all();
    return true;
  }

  void end(Status walk_status) {
    std::lock_guard lock(mutex_);
    walk_status_ = std::move(walk_status);
    ended_ = true;
    changed_.notify_all();
  }

  void cancel() {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    changed_.notify_all();
  }

  /// The walk's outcome; valid after pop() returned false.
  Status walk_status() {
    std::lock_guard lock(mutex_);
    return walk_status_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<git::CommitChanges> items_;
  size_t files_ = 0;
  bool ended_ = false;
  bool cancelled_ = false;
  Status walk_status_;
};

// Walks on a second thread (reading git objects) while this one writes.
Status walk_into(const git::Repository& repo, std::optional<git::Oid> from, const git::Oid& target,
                 Miner& miner) {
  CommitQueue queue;
  std::thread walker([&] {
    queue.end(git::walk_first_parent(repo, from, target, [&](const git::CommitChanges& c) {
      return queue.push(c) ? Status{} : fail(ErrorCode::kInternal, "history walk cancelled");
    }));
  });
  Status status;
  git::CommitChanges commit;
  while (status && queue.pop(commit)) status = miner.visit(commit);
  if (!status) queue.cancel();
  walker.join();
  if (!status) return status;
  return queue.walk_status();
}

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
    TRY_ASSIGN(int64_t rows, mined_commit_count(store));
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
  TRY_ASSIGN(HistoryTables tables, HistoryTables::prepare(store::connection(store)));
  Miner miner(store, tables, options, progress, report);
  TRY(miner.start(start.rebuild));
  TRY(walk_into(repo, start.from, target, miner));
  TRY(miner.finish());
  report.rebuilt = start.rebuild;
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace stc::indexer
