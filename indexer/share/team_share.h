#pragma once
// TeamShare: the SharedCache of a PostgreSQL server (share.url /
// STC_SHARE_URL). It connects at its first use in a process, migrates the
// server's schema, and from then on moves rows in batches (kBatch keys per
// statement, each push batch one statement, each pull batch one local
// transaction).
//
// Faults: the first failure (server down, too slow, restarted, disk full)
// becomes the one warning of the process, the share is not contacted again
// by it, and every key it could not push goes to the local backlog
// (store::ShareBacklogStore), pushed by the next pass that reaches the
// server. A refused push (a read-only role) is also one warning, but its
// keys are not kept: retrying would not help. Pulls go on for such a role.
//
// Not thread-safe; one per process, used by the thread running the pass.

#include <future>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/config.h"
#include "core/glob.h"
#include "indexer/git/repository.h"
#include "indexer/share/pg.h"
#include "indexer/share/share_store.h"
#include "indexer/share/shared_cache.h"

namespace stc::indexer::share {

/// Keys per pull or push statement.
inline constexpr size_t kBatch = 500;
/// Records per push statement (their payloads are kilobytes each).
inline constexpr size_t kRecordBatch = 100;

/// What `stc share status` reports.
struct ShareStatus {
  bool reachable = false;
  std::string target;      // the URL without a password
  std::string name_space;  // name@root-commit
  std::string error;       // why it is not reachable
  ShareCounts counts;
  int64_t backlog = 0;       // keys waiting locally
  int64_t last_lookups = 0;  // of the newest pass that asked the share
  int64_t last_hits = 0;
};

class TeamShare final : public SharedCache {
 public:
  /// `deny`: paths whose facts and artifacts never leave (secret_deny_list).
  TeamShare(const ShareConfig& config, const git::Repository& repo, GlobSet deny);

  Result<std::unordered_map<std::string, store::KnownBlob>> pull_blobs(
      store::IndexStore& store, const std::vector<BlobKey>& keys) override;
  Status push_blobs(store::IndexStore& store, const std::vector<BlobKey>& keys) override;
  Result<int64_t> pull_artifacts(store::IndexStore& store,
                                 const std::vector<store::Artifact>& keys) override;
  Result<int64_t> pull_missing_artifacts(store::IndexStore& store,
                                         const std::vector<store::Artifact>& keys,
                                         const std::vector<std::string>& changed,
                                         const std::string& previous_commit,
                                         const std::string& commit) override;
  Status push_artifacts(store::IndexStore& store,
                        const std::vector<store::Artifact>& artifacts) override;
  Result<int64_t> enqueue(store::IndexStore& store, const std::vector<store::Artifact>& keys,
                          const std::string& commit) override;
  Result<int64_t> enqueue_units(store::IndexStore& store,
                                const std::vector<WorkUnit>& units) override;
  Result<std::vector<SharedRecord>> pull_records(store::IndexStore& store, const std::string& kind,
                                                 int version, const std::string& variant,
                                                 const std::vector<std::string>& keys) override;
  Status push_records(store::IndexStore& store, const std::vector<SharedRecord>& records) override;
  Status push_backlog(store::IndexStore& store) override;
  ShareStats stats() const override { return stats_; }

  /// Reachability, rows of the namespace, local backlog and the last pass's hits.
  Result<ShareStatus> status(store::IndexStore& store);

  /// The namespace: share.namespace (or the work tree's directory name) and
  /// the root commit of HEAD, remembered in the store's meta table.
  Result<std::string> name_space(store::IndexStore& store);

  /// Starts connecting on another thread, so that the connection (tens of
  /// milliseconds on a loaded machine) overlaps the pass's local work
  /// before its first question to the share. `find_root`: the store is new
  /// and does not know the namespace's root commit; find it there too.
  void connect_ahead(bool find_root = false);

  /// The open session, connecting and migrating first; nullptr when the
  /// share is down (the warning says why). For `stc worker`.
  ShareStore* session(store::IndexStore& store);

 private:
  // Push one batch of backlog-style keys; false when the share failed (noted).
  Result<bool> push_blob_batch(store::IndexStore& store, const std::vector<std::string>& keys);
  Result<bool> push_artifact_batch(store::IndexStore& store, const std::vector<std::string>& keys);
  // Pushes records; false when the share failed (noted).
  bool push_record_batch(store::IndexStore& store, const std::vector<SharedRecord>& records);
  // One backlog batch of `kind` (blob, artifact or record).
  Result<bool> push_batch(store::IndexStore& store, const char* kind,
                          const std::vector<std::string>& keys);
  // Pushes `keys` in batches; what is left after a fault goes to the backlog.
  Status push_keys(store::IndexStore& store, const char* kind,
                   const std::vector<std::string>& keys);
  // The first fault or refusal: the warning, and no more contact (or pushes).
  void note(const Error& e);
  // Stores the fetched `rows` (those matching `wanted`'s artifact_key when
  // given), in one transaction; returns how many.
  Result<int64_t> store_matching(store::IndexStore& store, std::vector<store::Artifact> rows,
                                 const std::unordered_set<std::string>* wanted);
  // Waits for connect_ahead's thread (if started) and keeps what it found.
  void await_ahead();

  ShareConfig config_;
  const git::Repository& repo_;
  GlobSet deny_;
  /// What connect_ahead()'s thread found: the connection and the root commit.
  struct Ahead {
    Result<PgConnection> conn;
    std::string root;  // "" when not asked for or not found
  };
  std::future<Ahead> connecting_;
  std::optional<Result<PgConnection>> connected_ahead_;
  std::string root_ahead_;
  std::optional<PgConnection> conn_;
  std::optional<ShareStore> session_;
  bool down_ = false;     // a fault: no more contact in this process
  bool refused_ = false;  // pushes refused (read-only role)
  std::string last_error_;
  ShareStats stats_;
};

/// A TeamShare when share.url is set (already connecting: connect_ahead), else null.
/// `new_store`: the store does not exist yet (a new clone), so the thread
/// connecting also finds the root commit of the namespace.
std::unique_ptr<TeamShare> make_team_share(const Config& config, const git::Repository& repo,
                                           bool new_store = false);

}  // namespace stc::indexer::share
