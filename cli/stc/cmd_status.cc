// `stc status`: freshness of the index and what it holds.

#include <CLI/CLI.hpp>

#include <cstdio>
#include <ctime>
#include <filesystem>

#include "cli/stc/cli_support.h"
#include "indexer/workspace.h"

namespace stc::cli {
namespace {

struct StatusFlags {
  bool json = false;
};

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
    auto from = git::Oid::from_hex(*indexed);
    auto changes = from ? ws.repo.diff_commits(*from, head->id) : decltype(ws.repo.diff_commits({}, {})){};
    pending = changes ? static_cast<int64_t>(changes->size()) : -1;
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
        {"tokens", {{"sleep", 0}, {"test", 0}}},
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
  std::printf("tokens:   sleep 0, test 0 (no LLM passes yet)\n");
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
