// `stc init` and `stc index`: create the store and bring it to a commit.

#include <CLI/CLI.hpp>

#include "agent/rehearsal.h"

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "cli/common/number_option.h"
#include "cli/stc/cli_support.h"
#include "cli/stc/trigger_output.h"
#include "indexer/indexer.h"
#include "indexer/share/team_share.h"
#include "indexer/triggers/hooks.h"
#include "indexer/triggers/pass_runner.h"
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
      {"previous_commit",
       r.previous_commit.empty() ? nlohmann::json() : nlohmann::json(r.previous_commit)},
      {"incremental", r.incremental},
      {"files_total", r.files_total},
      {"files_changed", r.files_changed},
      {"files_parsed", r.files_parsed},
      {"files_pulled", r.files_pulled},
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
      {"phase_seconds", r.phase_seconds},
      {"store", store},
  };
}

void print_human(const indexer::IndexReport& r) {
  const std::string pulled =
      r.files_pulled > 0 ? ", " + with_commas(r.files_pulled) + " pulled from the team share" : "";
  std::fprintf(
      stderr, "%s %s: %s files, %s parsed%s, %s reused, %s deleted, %s symbols, %s deps in %.2fs\n",
      r.incremental ? "indexed (incremental)" : "indexed", r.commit.substr(0, 12).c_str(),
      with_commas(r.files_total).c_str(), with_commas(r.files_parsed).c_str(), pulled.c_str(),
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
  if (r.errors.size() > 10)
    std::fprintf(stderr, "warning: ... and %zu more\n", r.errors.size() - 10);
}

Status run(const GlobalOptions& g, const IndexFlags& f, indexer::StoreAccess access) {
  TRY_ASSIGN(auto ws, indexer::open_workspace(g.directory));
  // A bad revision (or an empty repository) leaves nothing behind.
  TRY(ws.repo.resolve_commit(f.at));
  // One writer at a time: a running pass (or another `stc index`) finishes first.
  TRY_ASSIGN(auto lock, indexer::triggers::wait_for_pass_lock(ws));
  std::error_code ec;
  const bool new_store = !std::filesystem::exists(ws.store_path, ec);
  TRY_ASSIGN(auto store, indexer::open_store(ws, access));
  auto progress = make_progress(g.quiet || f.json);
  indexer::IndexOptions options;
  options.rev = f.at;
  options.mode = f.full ? indexer::IndexMode::kFull : indexer::IndexMode::kIncremental;
  options.jobs = f.jobs;
  const auto share = indexer::share::make_team_share(ws.config, ws.repo, new_store);
  options.share = share.get();
  TRY_ASSIGN(auto report, indexer::run_index(ws.repo, store, ws.config, options, *progress));
  if (!g.quiet) print_share_warning(share.get());
  if (f.json) {
    print_json(report_json(report, ws.store_path));
  } else {
    print_human(report);
  }
  return {};
}

// A store the first pass has just built took most of its rows in no key
// order (co-change pairs, commit paths, artifacts): rewriting it once leaves
// its pages full (bench/README.md, seventh session). Best effort: a store
// another process is writing stays as it is.
void compact_new_store(const indexer::Workspace& ws) {
  auto lock = indexer::triggers::wait_for_pass_lock(ws);
  if (!lock) return;
  auto store = indexer::open_store(ws, indexer::StoreAccess::kExisting);
  if (store) (void)store->compact();
}

// `stc init`: the first pass (waiting for one already running), then the hooks.
Result<nlohmann::json> init_hooks(const indexer::Workspace& ws) {
  nlohmann::json hooks = nlohmann::json::array();
  if (hooks_disabled()) return hooks;
  TRY_ASSIGN(const std::string binary, stc_binary_path());
  TRY_ASSIGN(auto report, indexer::triggers::install_hooks(ws.repo, binary));
  return hooks_json(report);
}

Status run_init(const GlobalOptions& g, const IndexFlags& f) {
  TRY_ASSIGN(auto ws, indexer::open_workspace(g.directory));
  auto progress = make_progress(g.quiet || f.json);
  indexer::triggers::RunnerOptions options;
  options.pass.rev = f.at;
  options.pass.trigger = "init";
  options.pass.jobs = f.jobs;
  options.pass.extra_stages.push_back(agent::rehearsal_stage(ws, options.pass.trigger));
  options.access = indexer::StoreAccess::kCreate;
  options.wait = indexer::triggers::LockWait::kWait;
  const auto provider = provider_or_offline(ws.config, g.quiet || f.json, "stc");
  std::error_code ec;
  const bool new_store = !std::filesystem::exists(ws.store_path, ec);
  const auto share = indexer::share::make_team_share(ws.config, ws.repo, new_store);
  options.pass.share = share.get();
  options.pass.enqueue = ws.config.share.enqueue;
  TRY_ASSIGN(auto ran,
             indexer::triggers::run_pass_exclusive(ws, provider.get(), options, *progress));
  if (new_store && ran.outcome == indexer::triggers::PassOutcome::kRan) {
    const auto t0 = std::chrono::steady_clock::now();
    compact_new_store(ws);
    ran.report.stage_seconds["compact"] =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  if (!g.quiet) print_share_warning(share.get());
  TRY_ASSIGN(auto hooks, init_hooks(ws));
  const auto& pass = ran.report;
  if (f.json) {
    nlohmann::json j = report_json(pass.index, ws.store_path);
    const nlohmann::json pass_fields = pass_json(ran);
    for (const auto& [key, value] : pass_fields.items()) {
      const bool pass_wins = key == "sleep_tokens" || key == "errors" || key == "seconds";
      if (!j.contains(key) || pass_wins) j[key] = value;
    }
    j["hooks"] = hooks;
    print_json(j);
    return {};
  }
  print_human(pass.index);
  if (pass.commits_mined || pass.artifacts_written) {
    std::fprintf(stderr, "history: %s commits mined; %s artifacts written\n",
                 with_commas(pass.commits_mined).c_str(),
                 with_commas(pass.artifacts_written).c_str());
  }
  if (hooks_disabled()) {
    std::fprintf(stderr, "hooks: not installed (STC_NO_HOOK=1); `stc hook install` adds them\n");
  } else {
    std::fprintf(stderr, "hooks: installed (%zu); every commit now starts a background pass\n",
                 hooks.size());
  }
  return {};
}

void add_common(CLI::App* cmd, IndexFlags& f) {
  cmd->add_option("--at", f.at, "Index this revision instead of HEAD (commit, branch, tag)");
  cmd->add_flag("--json", f.json, "Print the report as JSON on stdout");
  cmd->add_option("-j,--jobs", f.jobs, "Parser threads (default: one per core)")
      ->check(cli::common::whole_number(0, cli::common::kMaxJobs, "0 means one per core"));
}

}  // namespace

void register_init(CLI::App& app, const GlobalOptions& g, Command& out) {
  auto flags = std::make_shared<IndexFlags>();
  auto* cmd = app.add_subcommand(
      "init",
      "Create the index, run the first pass and install the git hooks (unless STC_NO_HOOK=1)");
  add_common(cmd, *flags);
  cmd->callback([&g, &out, flags] { out = [&g, flags] { return run_init(g, *flags); }; });
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
