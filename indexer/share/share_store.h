#pragma once
// Every SQL statement the team share sends to PostgreSQL: the schema (a
// version table and numbered migrations, applied in one transaction under an
// advisory lock, each CREATE ... IF NOT EXISTS), and typed reads and writes
// of shared rows, each batch one statement. All rows live in a namespace
// (one per repository: its configured name and root commit), so teams can
// share a server without sharing their code's facts.
//
// Shared tables:
//   stc_schema_version(version)                       migrations applied
//   stc_blobs(ns, oid, lang, extractor, record)       structure facts (share_codec.h)
//   stc_artifacts(ns, kind, subject, input_key, prompt_version, provider, model,
//                 content, tokens)                     LLM artifacts
//   stc_queue(ns, kind, subject, input_key, commit_oid, state, lease_until,
//             worker, attempts)                        sleep work for `stc worker`
//   stc_records(ns, kind, key, version, variant, payload)
//                                                      other repository-level records
//                                                      (rehearsal practice tasks)
// Pushes are INSERT ... ON CONFLICT DO NOTHING: the same key pushed twice
// (two clones computing it at once) keeps the first row.
//
// Not thread-safe (one connection).

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "indexer/share/pg.h"
#include "indexer/share/shared_cache.h"
#include "indexer/store/artifact_store.h"

namespace stc::indexer::share {

/// The schema version this stc writes and reads.
inline constexpr int kShareSchemaVersion = 4;

/// A blob's facts as shared: key plus encoded record.
struct SharedBlob {
  std::string oid;
  std::string language;
  std::string record;  // share_codec.h
};

/// Rows of one namespace (`stc share status`).
struct ShareCounts {
  int64_t blobs = 0;
  std::vector<std::pair<std::string, int64_t>> artifacts;  // kind -> rows, by kind
  int64_t queue_pending = 0;  // units waiting (never claimed, or their lease expired)
  int64_t queue_leased = 0;   // units a worker holds now
  int64_t queue_done = 0;
  std::vector<std::pair<std::string, int64_t>> records;  // stc_records: kind -> rows
  struct QueueKind {
    std::string kind;
    int64_t pending = 0, leased = 0, done = 0;
  };
  std::vector<QueueKind> queue_by_kind;
};

/// Artifacts pushed since a time, and the server's time of the question.
struct ArtifactFeed {
  std::vector<store::Artifact> artifacts;
  std::string server_time;  // pass it as `since` next time
};

/// One unit of sleep work in the queue (shared_cache.h: WorkUnit).
using QueueUnit = WorkUnit;

class ShareStore {
 public:
  ShareStore(PgConnection& conn, std::string ns) : conn_(conn), ns_(std::move(ns)) {}

  /// Brings the server's schema to kShareSchemaVersion. A role that may not
  /// create tables passes when the schema is already current. kBadInput
  /// when the server's schema is newer than this stc; else the error of the
  /// failing statement (the transaction is rolled back).
  [[nodiscard]] Status migrate();

  /// The blobs of `keys` (oid, language) the share has for `extractor`.
  [[nodiscard]] Result<std::vector<SharedBlob>> pull_blobs(
      int extractor, const std::vector<std::pair<std::string, std::string>>& keys);
  /// Inserts `blobs` (one statement); existing keys are left as they are.
  [[nodiscard]] Status push_blobs(int extractor, const std::vector<SharedBlob>& blobs);

  /// The artifacts matching `keys` (kind, subject, input key, version,
  /// provider, model; content ignored), with content and tokens.
  [[nodiscard]] Result<std::vector<store::Artifact>> pull_artifacts(
      const std::vector<store::Artifact>& keys);
  /// The artifacts of `provider` and `model` pushed since `since` (a
  /// server_time of an earlier feed; rows of the ten minutes before it are
  /// read again, for pushes that were running then), and the server's time;
  /// `since` "": the server's time alone.
  [[nodiscard]] Result<ArtifactFeed> artifacts_since(const std::string& provider,
                                                     const std::string& model,
                                                     const std::string& since);
  /// Inserts `artifacts` (one statement); existing keys are left as they are.
  [[nodiscard]] Status push_artifacts(const std::vector<store::Artifact>& artifacts);

  /// The records of (kind, version, variant) among `keys`.
  [[nodiscard]] Result<std::vector<SharedRecord>> pull_records(
      const std::string& kind, int version, const std::string& variant,
      const std::vector<std::string>& keys);
  /// Inserts `records` (one statement); existing keys are left as they are.
  [[nodiscard]] Status push_records(const std::vector<SharedRecord>& records);

  [[nodiscard]] Result<ShareCounts> counts();

  /// Publishes `units` as pending; units already queued (pending, leased or
  /// done) are left as they are. Returns how many were new.
  [[nodiscard]] Result<int64_t> enqueue(const std::vector<QueueUnit>& units);
  /// Claims up to `limit` pending units (never leased, or whose lease has
  /// expired) for `worker` until now + `lease_seconds`, with SELECT ... FOR
  /// UPDATE SKIP LOCKED: concurrent workers never claim the same unit. Oldest
  /// first; of one publication, module summaries before rehearsal, then the
  /// overview and anticipation (which read the modules' summaries).
  [[nodiscard]] Result<std::vector<QueueUnit>> claim(const std::string& worker, size_t limit,
                                                     int lease_seconds);
  /// Marks `units` done (only while `worker` holds them).
  [[nodiscard]] Status complete(const std::string& worker, const std::vector<QueueUnit>& units);
  /// Gives `units` back at once (their lease ends now).
  [[nodiscard]] Status release(const std::string& worker, const std::vector<QueueUnit>& units);

  [[nodiscard]] const std::string& name_space() const { return ns_; }

 private:
  PgConnection& conn_;
  std::string ns_;
};

}  // namespace stc::indexer::share
