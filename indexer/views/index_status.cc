#include "indexer/views/index_status.h"

#include <filesystem>

#include "core/secrets.h"
#include "indexer/history/history_queries.h"
#include "indexer/sleep/llm_stage.h"
#include "indexer/store/artifact_store.h"

namespace stc::indexer {
namespace {

int64_t file_size(const std::string& path) {
  std::error_code ec;
  const auto n = std::filesystem::file_size(path, ec);
  return ec ? 0 : static_cast<int64_t>(n);
}

// File counts, the skipped ones apart.
Status fill_counts(store::IndexStore& store, IndexStatus& s) {
  TRY_ASSIGN(auto counts, store.status_counts());
  for (const auto& [k, v] : counts) {
    s.files_by_status[k] = v;
    s.files_total += v;
    if (k != "indexed" && k != "text") s.skipped[k] = v;
  }
  TRY_ASSIGN(s.symbols, store.symbol_count());
  TRY_ASSIGN(s.deps, store.dep_count());
  return {};
}

// Tokens by phase, artifacts, mined commits and the provider's pending units.
Status fill_sleep_facts(const Workspace& ws, store::IndexStore& store, IndexStatus& s) {
  store::ArtifactStore arts = store.artifacts();
  TRY_ASSIGN(auto tokens, arts.token_totals());
  s.sleep_tokens = tokens.sleep;
  s.test_tokens = tokens.test;
  s.sleep_calls = tokens.sleep_calls;
  s.test_calls = tokens.test_calls;
  s.amortized_per_query = tokens.test_calls ? static_cast<double>(tokens.sleep + tokens.test) /
                                                  static_cast<double>(tokens.test_calls)
                                            : 0.0;
  s.provider = resolved_llm(ws.config.llm).provider;
  TRY_ASSIGN(s.pending_units,
             sleep::count_llm_pending(store, s.provider, secret_deny_list(ws.config.sleep.deny)));
  TRY_ASSIGN(s.commits_mined, mined_commit_count(store));
  TRY_ASSIGN(s.artifacts, arts.count());
  return {};
}

}  // namespace

Result<Freshness> compute_freshness(const Workspace& ws, store::IndexStore& store) {
  Freshness f;
  TRY_ASSIGN(f.indexed_commit, store.meta("indexed_commit"));
  if (auto head = ws.repo.resolve_commit("HEAD")) f.head = head->id.hex();
  f.fresh = f.indexed_commit && f.head && *f.indexed_commit == *f.head;
  if (f.indexed_commit && f.head && !f.fresh) {
    f.pending = -1;  // unknown: the indexed commit is not in this repository
    auto from = git::Oid::from_hex(*f.indexed_commit);
    auto to = git::Oid::from_hex(*f.head);
    if (from && to) {
      auto changes = ws.repo.diff_commits(*from, *to);
      if (changes) f.pending = static_cast<int64_t>(changes->size());
    }
  }
  return f;
}

Result<IndexStatus> compute_index_status(const Workspace& ws, store::IndexStore& store,
                                         int passes) {
  IndexStatus s;
  TRY_ASSIGN(s.freshness, compute_freshness(ws, store));
  TRY_ASSIGN(auto indexed_at, store.meta("indexed_at"));
  if (indexed_at) s.indexed_at = std::stoll(*indexed_at);
  TRY(fill_counts(store, s));
  s.store_path = ws.store_path;
  s.store_bytes = file_size(ws.store_path) + file_size(ws.store_path + "-wal");
  TRY(fill_sleep_facts(ws, store, s));
  TRY_ASSIGN(s.passes, store.passes().last(passes));
  return s;
}

std::string staleness_warning(const Freshness& f) {
  if (f.fresh) return "";
  if (!f.indexed_commit) return "nothing is indexed yet; run `stc init` (or `stc pass`)";
  if (!f.head) return "HEAD has no commits; the index describes " + f.indexed_commit->substr(0, 12);
  std::string changed = f.pending < 0 ? "the indexed commit is not in this repository"
                                      : std::to_string(f.pending) + " file" +
                                            (f.pending == 1 ? "" : "s") + " changed since";
  return "index is stale: it describes " + f.indexed_commit->substr(0, 12) + " but HEAD is " +
         f.head->substr(0, 12) + " (" + changed +
         "); results may miss recent changes; run `stc pass` or wait for the post-commit hook";
}

}  // namespace stc::indexer
