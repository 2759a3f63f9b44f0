// `stc init` and `stc index`: create the store and bring it to a commit.

#include <CLI/CLI.hpp>

#include <cstdio>

#include "cli/stc/cli_support.h"
#include "indexer/indexer.h"
#include "indexer/workspace.h"

namespace stc::cli {
namespace {

struct IndexFlags {
  std::string at = "HEAD";
  bool full = false;
  bool json = false;
  unsigned jobs = 0;
};

nlohmann::json report_json(const indexer::IndexReport& r, const std::string& store) {
  nlohmann::json skipped = nlohmann::json::object();
  for (const auto& [status, n] : r.by_status) {
    if (status != "indexed" && status != "text") skipped[status] = n;
  }
  return {
      {"commit", r.commit},
      {"previous_commit", r.previous_commit.empty() ? nlohmann::json() : nlohmann::json(r.previous_commit)},
      {"incremental", r.incremental},
      {"files_total", r.files_total},
      {"files_changed", r.files_changed},
      {"files_parsed", r.files_parsed},
      {"files_cached", r.files_cached},
      {"files_deleted", r.files_deleted},
      {"files_by_status", r.by_status},
      {"skipped", skipped},
      {"symbols", r.symbols},
      {"deps", r.deps},
      {"bytes_parsed", r.bytes_parsed},
      {"sleep_tokens", 0},
      {"errors", r.errors},
      {"seconds", r.seconds},
      {"store", store},
  };
}

void print_human(const indexer::IndexReport& r) {
  std::fprintf(stderr, "%s %s: %s files, %s parsed, %s reused, %s deleted, %s symbols, %s deps in %.2fs\n",
               r.incremental ? "indexed (incremental)" : "indexed", r.commit.substr(0, 12).c_str(),
               with_commas(r.files_total).c_str(), with_commas(r.files_parsed).c_str(),
               with_commas(r.files_cached).c_str(), with_commas(r.files_deleted).c_str(),
               with_commas(r.symbols).c_str(), with_commas(r.deps).c_str(), r.seconds);
  std::string skipped;
  for (const auto& [status, n] : r.by_status) {
    if (status == "indexed" || status == "text") continue;
    skipped += (skipped.empty() ? "" : ", ") + std::to_string(n) + " " + status;
  }
  if (!skipped.empty()) std::fprintf(stderr, "skipped: %s\n", skipped.c_str());
  for (size_t i = 0; i < r.errors.size() && i < 10; ++i) {
    std::fprintf(stderr, "warning: %s\n", r.errors[i].c_str());
  }
  if (r.errors.size() > 10) std::fprintf(stderr, "warning: ... and %zu more\n", r.errors.size() - 10);
}

Status run(const GlobalOptions& g, const IndexFlags& f, indexer::StoreAccess access) {
  TRY_ASSIGN(auto ws, indexer::open_workspace(g.directory));
  TRY_ASSIGN(auto store, indexer::open_store(ws, access));
  auto progress = make_progress(g.quiet || f.json);
  indexer::IndexOptions options;
  options.rev = f.at;
  options.mode = f.full ? indexer::IndexMode::kFull : indexer::IndexMode::kIncremental;
  options.jobs = f.jobs;
  TRY_ASSIGN(auto report, indexer::run_index(ws.repo, store, ws.config, options, *progress));
  if (f.json) {
    print_json(report_json(report, ws.store_path));
  } else {
    print_human(report);
  }
  return {};
}

void add_common(CLI::App* cmd, IndexFlags& f) {
  cmd->add_option("--at", f.at, "Index this revision instead of HEAD (commit, branch, tag)");
  cmd->add_flag("--json", f.json, "Print the report as JSON on stdout");
  cmd->add_option("-j,--jobs", f.jobs, "Parser threads (default: one per core)");
}

}  // namespace

void register_init(CLI::App& app, const GlobalOptions& g, Command& out) {
  auto flags = std::make_shared<IndexFlags>();
  auto* cmd = app.add_subcommand("init", "Create the index for this repository and build it");
  add_common(cmd, *flags);
  cmd->callback([&g, &out, flags] {
    out = [&g, flags] { return run(g, *flags, indexer::StoreAccess::kCreate); };
  });
}

void register_index(CLI::App& app, const GlobalOptions& g, Command& out) {
  auto flags = std::make_shared<IndexFlags>();
  auto* cmd = app.add_subcommand(
      "index", "Bring the index to HEAD (or --at REV), parsing only what changed");
  add_common(cmd, *flags);
  cmd->add_flag("--full", flags->full, "Rebuild the file table from the whole tree");
  cmd->callback([&g, &out, flags] {
    out = [&g, flags] { return run(g, *flags, indexer::StoreAccess::kCreate); };
  });
}

}  // namespace stc::cli
