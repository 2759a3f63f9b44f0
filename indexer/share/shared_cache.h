#pragma once
// The team share as a sleep-time pass sees it: a cache of everything derived
// from a blob (structure facts by blob id + language + extractor version) and
// of LLM artifacts (by kind, subject, input key, prompt version, provider,
// model), common to every clone of a repository. The pass asks it before it
// parses a blob or calls the LLM, stores what it gets in the local store (the
// only source of reads at test time), and offers it what it computed.
//
// A share never fails a pass: when the server is down, slow, refuses a push
// or runs out of disk, the implementation keeps one warning, goes on
// locally, and remembers unpushed keys in the local backlog for the next
// pass. Only local store failures are returned as errors.
//
// The PostgreSQL implementation is TeamShare (team_share.h); this header has
// no libpq type so that the indexer can call it without depending on libpq.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "indexer/store/artifact_store.h"
#include "indexer/store/index_store.h"

namespace stc::indexer::share {

/// A blob the pass needs facts for, with one path it appears at (the deny
/// list is checked against it before a push).
struct BlobKey {
  std::string oid;
  std::string language;
  std::string path;
};

/// The kind of a rehearsal practice task, as a queue unit and as a record.
inline constexpr const char* kRehearsalKind = "rehearsal";

/// A unit of sleep work for the share's queue (`stc worker`): kind
/// "summary" (subject = module path, input key = its blob), "overview" or
/// "anticipation" (subject "", input key = the offline artifact's input key),
/// or "rehearsal" (subject = the practice commit, input key = feature
/// version/variant), of `commit` (the commit the worker brings its index to).
struct WorkUnit {
  std::string kind;
  std::string subject;
  std::string input_key;
  std::string commit;
};

/// A repository-level record of the share that is neither a blob nor an LLM
/// artifact (stc_records): e.g. a rehearsal practice task, kind "rehearsal",
/// key = practice commit, version = feature version, variant = provider/model
/// of its lesson writer. The payload is opaque to the share (its owner's codec).
struct SharedRecord {
  std::string kind;
  std::string key;
  int version = 0;
  std::string variant;
  std::string payload;
};

/// What the share did in one pass (`stc pass --json`, the passes table,
/// `stc share status`).
struct ShareStats {
  int64_t lookups = 0;  // keys asked for
  int64_t asked = 0;    // ... of them sent one by one (the rest: rows pushed since the last pass)
  int64_t hits = 0;     // keys the share had: stored locally instead of computed
  int64_t pushed = 0;   // rows offered to the share (new or already there)
  int64_t backlog = 0;  // keys still waiting locally for a push after the pass
  std::string warning;  // the one warning line of the pass, "" when all went well
};

class SharedCache {
 public:
  virtual ~SharedCache() = default;

  /// Stores in `store` the facts of the `keys` the share has, in one
  /// transaction per batch; returns "oid:lang" -> the local blob of each.
  [[nodiscard]] virtual Result<std::unordered_map<std::string, store::KnownBlob>> pull_blobs(
      store::IndexStore& store, const std::vector<BlobKey>& keys) = 0;
  /// Offers the facts of `keys` (in `store`) to the share; deny-listed paths never leave.
  [[nodiscard]] virtual Status push_blobs(store::IndexStore& store,
                                          const std::vector<BlobKey>& keys) = 0;
  /// Stores in `store` the artifacts matching `keys` (content ignored) that
  /// the share has; returns how many.
  [[nodiscard]] virtual Result<int64_t> pull_artifacts(
      store::IndexStore& store, const std::vector<store::Artifact>& keys) = 0;
  /// pull_artifacts at a cost that does not grow with what stays missing:
  /// when the pass before this one (at `previous_commit`) asked the share
  /// about every key, only the keys of `changed` subjects (and the
  /// repository-wide ones) are asked again by key; for the others only the
  /// rows pushed since that pass are read. Otherwise every key is asked.
  /// `commit` is remembered for the next pass.
  [[nodiscard]] virtual Result<int64_t> pull_missing_artifacts(
      store::IndexStore& store, const std::vector<store::Artifact>& keys,
      const std::vector<std::string>& changed, const std::string& previous_commit,
      const std::string& commit) = 0;
  /// Offers artifacts computed by this pass; offline ones and deny-listed subjects never leave.
  [[nodiscard]] virtual Status push_artifacts(store::IndexStore& store,
                                              const std::vector<store::Artifact>& artifacts) = 0;
  /// Publishes the module units among `keys` (kind summary) of `commit` to
  /// the work queue; returns how many were new, or -1 when the share is
  /// down (the caller then does the work itself).
  [[nodiscard]] virtual Result<int64_t> enqueue(store::IndexStore& store,
                                                const std::vector<store::Artifact>& keys,
                                                const std::string& commit) = 0;
  /// Publishes `units` to the work queue; returns how many were new, or -1
  /// when the share is down or refuses (the caller then does the work itself).
  [[nodiscard]] virtual Result<int64_t> enqueue_units(store::IndexStore& store,
                                                      const std::vector<WorkUnit>& units) = 0;
  /// The records of `kind`, `version` and `variant` the share has among
  /// `keys` (counted as lookups and hits); empty when it is down.
  [[nodiscard]] virtual Result<std::vector<SharedRecord>> pull_records(
      store::IndexStore& store, const std::string& kind, int version, const std::string& variant,
      const std::vector<std::string>& keys) = 0;
  /// Offers records computed by this pass; the caller has kept deny-listed
  /// content out (the share cannot see inside a payload). When the share is
  /// down they wait, whole, in the local backlog for the next pass.
  [[nodiscard]] virtual Status push_records(store::IndexStore& store,
                                            const std::vector<SharedRecord>& records) = 0;
  /// Pushes what earlier passes could not (the local backlog).
  [[nodiscard]] virtual Status push_backlog(store::IndexStore& store) = 0;
  [[nodiscard]] virtual ShareStats stats() const = 0;
};

}  // namespace stc::indexer::share
