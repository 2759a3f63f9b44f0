// `stc status`: freshness of the index and what it holds.

#include <CLI/CLI.hpp>

#include <cstdio>
#include <ctime>
#include <filesystem>

#include "cli/stc/cli_support.h"
#include "core/secrets.h"
#include "indexer/sleep/llm_stage.h"
#include "indexer/store/artifact_store.h"
#include "indexer/workspace.h"

namespace stc::cli {
namespace {

struct StatusFlags {
  bool json = false;
};

struct PassRow {
  int64_t started = 0, finished = 0;
  std::string trigger, commit, outcome, message;
  int64_t files_parsed = 0, commits_mined = 0, llm_calls = 0, sleep_tokens = 0, pending = 0;
};

Result<std::vector<PassRow>> last_passes(store::IndexStore& store, int n) {
  TRY_ASSIGN(auto st, store.db().prepare(
                          "SELECT started, COALESCE(finished, 0), trigger, commit_oid, outcome, "
                          "message, files_parsed, commits_mined, llm_calls, sleep_tokens, pending "
                          "FROM passes ORDER BY id DESC LIMIT ?"));
  st.bind(1, int64_t{n});
  std::vector<PassRow> out;
  while (true) {
    TRY_ASSIGN(bool row, st.step());
    if (!row) break;
    out.push_back(PassRow{st.column_int(0), st.column_int(1), st.column_text(2), st.column_text(3),
                          st.column_text(4), st.column_text(5), st.column_int(6), st.column_int(7),
                          st.column_int(8), st.column_int(9), st.column_int(10)});
  }
  return out;
}

// Units the configured provider still has to do: LLM summaries, or for the
// offline provider the modules without their extractive summary yet.
Result<int64_t> pending_units(store::IndexStore& store, const Config& config) {
  const std::string provider = resolved_llm(config.llm).provider;
  return sleep::count_llm_pending(store, provider, secret_deny_list(config.sleep.deny));
}

nlohmann::json passes_json(const std::vector<PassRow>& rows) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& p : rows) {
    out.push_back({{"started", p.started}, {"finished", p.finished}, {"trigger", p.trigger},
                   {"commit", p.commit}, {"outcome", p.outcome}, {"message", p.message},
                   {"files_parsed", p.files_parsed}, {"commits_mined", p.commits_mined},
                   {"llm_calls", p.llm_calls}, {"sleep_tokens", p.sleep_tokens}, {"pending", p.pending}});
  }
  return out;
}

int64_t file_size(const std::string& path) {
  std::error_code ec;
  const auto n = std::filesystem::file_size(path, ec);
  return ec ? 0 : static_cast<int64_t>(n);
}

Status run(const GlobalOptions& g, const StatusFlags& f) {
  TRY_ASSIGN(auto ws, indexer::open_workspace(g.directory));
  TRY_ASSIGN(auto store, indexer::open_store(ws, indexer::StoreAccess::kReadOnly));
  TRY_ASSIGN(auto indexed, store.meta("indexed_commit"));
  TRY_ASSIGN(auto indexed_at, store.meta("indexed_at"));
  auto head = ws.repo.resolve_commit("HEAD");
  const std::string head_hex = head ? head->id.hex() : "";
  int64_t pending = 0;
  if (indexed && head && *indexed != head_hex) {
    pending = -1;  // unknown: the indexed commit is not in this repository
    if (auto from = git::Oid::from_hex(*indexed)) {
      auto changes = ws.repo.diff_commits(*from, head->id);
      if (changes) pending = static_cast<int64_t>(changes->size());
    }
  }
  TRY_ASSIGN(auto counts, store.status_counts());
  TRY_ASSIGN(int64_t symbols, store.symbol_count());
  TRY_ASSIGN(int64_t deps, store.dep_count());
  int64_t total = 0;
  nlohmann::json skipped = nlohmann::json::object();
  for (const auto& [k, v] : counts) {
    total += v;
    if (k != "indexed" && k != "text") skipped[k] = v;
  }
  const int64_t store_bytes = file_size(ws.store_path) + file_size(ws.store_path + "-wal");
  store::ArtifactStore arts(store.db());
  TRY_ASSIGN(auto tokens, arts.token_totals());
  TRY_ASSIGN(auto passes, last_passes(store, 5));
  TRY_ASSIGN(int64_t units, pending_units(store, ws.config));
  TRY_ASSIGN(int64_t commits, store.db().query_int("SELECT COUNT(*) FROM commits"));
  TRY_ASSIGN(int64_t artifacts, store.db().query_int("SELECT COUNT(*) FROM artifacts"));
  const double per_query = tokens.test_calls ? static_cast<double>(tokens.sleep + tokens.test) /
                                                   static_cast<double>(tokens.test_calls)
                                             : 0.0;
  const bool fresh = indexed && *indexed == head_hex;
  if (f.json) {
    print_json({
        {"indexed_commit", indexed ? nlohmann::json(*indexed) : nlohmann::json()},
        {"head", head ? nlohmann::json(head_hex) : nlohmann::json()},
        {"fresh", fresh},
        {"pending", pending},
        {"indexed_at", indexed_at ? nlohmann::json(std::stoll(*indexed_at)) : nlohmann::json()},
        {"files_total", total},
        {"files_by_status", counts},
        {"skipped", skipped},
        {"symbols", symbols},
        {"deps", deps},
        {"store", ws.store_path},
        {"store_bytes", store_bytes},
        {"pending_units", units},
        {"commits_mined", commits},
        {"artifacts", artifacts},
        {"provider", resolved_llm(ws.config.llm).provider},
        {"tokens", {{"sleep", tokens.sleep}, {"test", tokens.test}, {"sleep_calls", tokens.sleep_calls},
                    {"test_calls", tokens.test_calls}, {"amortized_per_query", per_query}}},
        {"passes", passes_json(passes)},
    });
    return {};
  }
  std::printf("store:    %s (%.1f MB)\n", ws.store_path.c_str(), static_cast<double>(store_bytes) / 1e6);
  std::printf("indexed:  %s\n", indexed ? indexed->c_str() : "(nothing yet: run `stc index`)");
  std::printf("HEAD:     %s%s\n", head ? head_hex.c_str() : "(unborn)",
              fresh ? "  (up to date)" : "");
  if (!fresh && indexed && head) {
    std::printf("pending:  %lld changed files since the indexed commit; run `stc index`\n",
                static_cast<long long>(pending));
  }
  std::printf("files:    %s (%s parsed, %s path-only)\n", with_commas(total).c_str(),
              with_commas(counts["indexed"]).c_str(), with_commas(counts["text"]).c_str());
  for (const auto& [k, v] : skipped.items()) {
    std::printf("skipped:  %s %s\n", with_commas(v.get<int64_t>()).c_str(), k.c_str());
  }
  std::printf("symbols:  %s\ndeps:     %s import edges\n", with_commas(symbols).c_str(),
              with_commas(deps).c_str());
  std::printf("history:  %s commits mined; %s artifacts (provider %s, %s units pending)\n",
              with_commas(commits).c_str(), with_commas(artifacts).c_str(),
              resolved_llm(ws.config.llm).provider.c_str(), with_commas(units).c_str());
  std::printf("tokens:   sleep %s (%s calls), test %s (%s queries)", with_commas(tokens.sleep).c_str(),
              with_commas(tokens.sleep_calls).c_str(), with_commas(tokens.test).c_str(),
              with_commas(tokens.test_calls).c_str());
  if (tokens.test_calls) std::printf(", %.0f per query amortized", per_query);
  std::printf("\n");
  for (const auto& p : passes) {
    char when[32] = "";
    const std::time_t t = static_cast<std::time_t>(p.started);
    std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", std::localtime(&t));
    std::printf("pass:     %s %-7s %-8s %s parsed, %s commits, %s tokens%s%s\n", when,
                p.trigger.c_str(), p.outcome.c_str(), with_commas(p.files_parsed).c_str(),
                with_commas(p.commits_mined).c_str(), with_commas(p.sleep_tokens).c_str(),
                p.message.empty() ? "" : "  ", p.message.c_str());
  }
  return {};
}

}  // namespace

void register_status(CLI::App& app, const GlobalOptions& g, Command& out) {
  auto flags = std::make_shared<StatusFlags>();
  auto* cmd = app.add_subcommand("status", "Show how fresh the index is and what it holds");
  cmd->add_flag("--json", flags->json, "Print JSON on stdout");
  cmd->callback([&g, &out, flags] { out = [&g, flags] { return run(g, *flags); }; });
}

}  // namespace stc::cli
