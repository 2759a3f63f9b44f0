#include "indexer/sleep/sleep_pass.h"

#include <chrono>
#include <ctime>

namespace stc::indexer {
namespace {

Result<int64_t> begin_pass_record(store::IndexStore& store, const PassOptions& options) {
  TRY_ASSIGN(auto st, store.db().prepare(
                          "INSERT INTO passes(started, trigger, commit_oid, outcome, files_parsed, "
                          "commits_mined, llm_calls, sleep_tokens, pending, message) "
                          "VALUES(?, ?, '', 'running', 0, 0, 0, 0, 0, '')"));
  st.bind(1, static_cast<int64_t>(std::time(nullptr))).bind(2, options.trigger);
  TRY(st.run());
  return store.db().last_insert_rowid();
}

Status finish_pass_record(store::IndexStore& store, int64_t id, const PassReport& r,
                          const std::string& outcome, const std::string& message) {
  TRY_ASSIGN(auto st, store.db().prepare(
                          "UPDATE passes SET finished = ?, commit_oid = ?, outcome = ?, "
                          "files_parsed = ?, commits_mined = ?, llm_calls = ?, sleep_tokens = ?, "
                          "pending = ?, message = ? WHERE id = ?"));
  st.bind(1, static_cast<int64_t>(std::time(nullptr))).bind(2, r.index.commit).bind(3, outcome);
  st.bind(4, r.index.files_parsed).bind(5, r.commits_mined).bind(6, r.llm_calls);
  st.bind(7, r.sleep_tokens).bind(8, r.pending).bind(9, message).bind(10, id);
  return st.run();
}

}  // namespace

Result<PassReport> run_pass(Workspace& ws, store::IndexStore& store, llm::Provider* provider,
                            const PassOptions& options, Progress& progress) {
  (void)provider;
  const auto t0 = std::chrono::steady_clock::now();
  TRY_ASSIGN(const int64_t pass_id, begin_pass_record(store, options));
  PassReport report;
  IndexOptions index_options;
  index_options.rev = options.rev;
  index_options.mode = options.mode;
  index_options.jobs = options.jobs;
  auto indexed = run_index(ws.repo, store, ws.config, index_options, progress);
  if (!indexed) {
    (void)finish_pass_record(store, pass_id, report, "failed", indexed.error().message);
    return tl::unexpected(indexed.error());
  }
  report.index = std::move(*indexed);
  report.errors = report.index.errors;
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  TRY(finish_pass_record(store, pass_id, report, report.errors.empty() ? "ok" : "partial", ""));
  return report;
}

}  // namespace stc::indexer
