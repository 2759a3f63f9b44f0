#pragma once
// Sleep-time artifacts and LLM call accounting in the index database.
//
// An artifact is keyed by (kind, subject, input_key, prompt_version,
// provider), the primary key of its table (schema 13: no rowid, no second
// copy of the key in a unique index); its `id` numbers the writes (meta
// `artifact_id` holds the last one), and ties of `created_at` go to the
// later write. input_key is a content key (a blob id, or a hash of the inputs
// of a roll-up), so unchanged inputs are never summarized twice and a file
// reverted to an old version gets its old summary back. Readers ask for the
// best artifact: current prompt version before stale ones, an LLM provider's
// before the offline one.
//
// Not thread-safe; shares the IndexStore's connection. The per-artifact
// lookups (put, has, exact, best) reuse their prepared statements for the
// life of the object: keep one for a batch of them.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "indexer/store/sqlite.h"

namespace stc::indexer::store {

struct Artifact {
  std::string kind;
  std::string subject;
  std::string input_key;
  int prompt_version = 0;
  std::string provider;  // offline, openai, anthropic
  std::string model;
  std::string content;  // JSON
  int64_t tokens = 0;
  int64_t created_at = 0;
  [[nodiscard]] bool offline() const { return provider == "offline"; }
};

struct LlmCall {
  std::string phase;  // sleep or test
  std::string provider;
  std::string model;
  std::string purpose;
  int64_t prompt_tokens = 0;
  int64_t completion_tokens = 0;
  int64_t ms = 0;
  bool ok = true;
  std::string error;
};

struct TokenTotals {
  int64_t sleep = 0;
  int64_t test = 0;
  int64_t sleep_calls = 0;
  int64_t test_calls = 0;
};

/// How many artifacts of one kind one provider has written (`stc report`).
struct KindCount {
  std::string kind;
  std::string provider;
  int64_t count = 0;
  int64_t newest = 0;  // created_at of the newest, seconds since the epoch
};

class ArtifactStore {
 public:
  explicit ArtifactStore(Database& db) : db_(db) {}

  /// Inserts or replaces the artifact with the same key.
  [[nodiscard]] Status put(const Artifact& a);

  /// True when an artifact with exactly this key exists.
  [[nodiscard]] Result<bool> has(const std::string& kind, const std::string& subject,
                                 const std::string& input_key, int prompt_version,
                                 const std::string& provider);

  /// The artifact with exactly this key; nullopt when there is none.
  [[nodiscard]] Result<std::optional<Artifact>> exact(const std::string& kind,
                                                      const std::string& subject,
                                                      const std::string& input_key,
                                                      int prompt_version,
                                                      const std::string& provider);

  /// The best artifact for (kind, subject): matching `input_key` when given
  /// (empty: any input), current `prompt_version` first, then LLM over
  /// offline, then newest. nullopt when there is none.
  [[nodiscard]] Result<std::optional<Artifact>> best(const std::string& kind,
                                                     const std::string& subject,
                                                     const std::string& input_key,
                                                     int prompt_version);

  /// The newest artifact of (kind, subject) by `provider` with `prompt_version`
  /// (what `best` returns when no other provider has one); nullopt when none.
  [[nodiscard]] Result<std::optional<Artifact>> newest_of(const std::string& kind,
                                                          const std::string& subject,
                                                          int prompt_version,
                                                          const std::string& provider);

  /// True when some artifact of `kind` has `prompt_version` (any provider).
  [[nodiscard]] Result<bool> any_of_version(const std::string& kind, int prompt_version);

  /// Distinct subjects of `kind` ending with `suffix` ("/" for directories),
  /// without loading any content.
  [[nodiscard]] Result<std::vector<std::string>> subjects(const std::string& kind,
                                                          const std::string& suffix);

  /// All subjects with an artifact of `kind` (for roll-ups and anticipation).
  [[nodiscard]] Result<std::vector<Artifact>> all_of_kind(const std::string& kind);

  /// Artifacts per (kind, provider), by kind then provider.
  [[nodiscard]] Result<std::vector<KindCount>> kind_counts();
  /// The `limit` most recently written artifacts, newest first.
  [[nodiscard]] Result<std::vector<Artifact>> newest(size_t limit);

  /// Number of artifacts of every kind.
  [[nodiscard]] Result<int64_t> count();

  /// Paths of indexed files lacking a `summary` of `prompt_version` by
  /// `provider` for their current blob (an anti-join, so a killed pass
  /// resumes where it stopped), by path.
  [[nodiscard]] Result<std::vector<std::string>> modules_missing_summary(
      int prompt_version, const std::string& provider);
  /// Paths of indexed files with no artifact of `kind` at all, by path.
  [[nodiscard]] Result<std::vector<std::string>> modules_missing(const std::string& kind);

  [[nodiscard]] Status record_call(const LlmCall& call);
  [[nodiscard]] Result<TokenTotals> token_totals();

 private:
  /// Meta key of the last artifact id handed out.
  static constexpr const char* kLastIdKey = "artifact_id";
  [[nodiscard]] Result<int64_t> next_id();
  [[nodiscard]] Status put_row(const Artifact& a);

  Database& db_;
  StatementCache stmts_;
};

}  // namespace stc::indexer::store
