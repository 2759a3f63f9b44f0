// `stc share status`: the team share (reachable?, namespace, rows per kind,
// local backlog, queue, hit rate of the last pass); `stc worker`: serves its
// queue of sleep work (indexer/share/worker.h).

#include <CLI/CLI.hpp>

#include <cstdio>

#include "agent/rehearsal.h"
#include "cli/common/number_option.h"
#include "cli/stc/cli_support.h"
#include "indexer/share/team_share.h"
#include "indexer/share/worker.h"
#include "indexer/triggers/pass_runner.h"
#include "indexer/workspace.h"

namespace stc::cli {
namespace {

struct ShareFlags {
  bool json = false;
};

struct WorkerFlags {
  size_t batch = 4;
  int lease = 600;
  bool forever = false;
  bool json = false;
};

Result<std::unique_ptr<indexer::share::TeamShare>> configured_share(const indexer::Workspace& ws) {
  auto share = indexer::share::make_team_share(ws.config, ws.repo);
  if (!share) {
    return fail(ErrorCode::kBadInput,
                "no team share configured: set STC_SHARE_URL or share.url to a PostgreSQL URI "
                "(postgresql://host/db)");
  }
  return share;
}

nlohmann::json status_json(const indexer::share::ShareStatus& s) {
  nlohmann::json rows = {{"blobs", s.counts.blobs}};
  for (const auto& [kind, n] : s.counts.artifacts) rows[kind] = n;
  for (const auto& [kind, n] : s.counts.records) rows[kind] = n;
  nlohmann::json by_kind = nlohmann::json::object();
  for (const auto& q : s.counts.queue_by_kind) {
    by_kind[q.kind] = {{"pending", q.pending}, {"leased", q.leased}, {"done", q.done}};
  }
  const double rate =
      s.last_lookups ? static_cast<double>(s.last_hits) / static_cast<double>(s.last_lookups) : 0.0;
  return {{"reachable", s.reachable},
          {"url", s.target},
          {"namespace", s.name_space},
          {"error", s.error.empty() ? nlohmann::json() : nlohmann::json(s.error)},
          {"rows", rows},
          {"backlog", s.backlog},
          {"queue",
           {{"pending", s.counts.queue_pending},
            {"leased", s.counts.queue_leased},
            {"done", s.counts.queue_done},
            {"by_kind", by_kind}}},
          {"last_pass", {{"lookups", s.last_lookups}, {"hits", s.last_hits}, {"hit_rate", rate}}}};
}

void print_status(const indexer::share::ShareStatus& s) {
  std::printf("share: %s (%s)\n", s.target.c_str(),
              s.reachable ? "reachable" : ("unreachable: " + s.error).c_str());
  std::printf("namespace: %s\n", s.name_space.c_str());
  if (s.reachable) {
    std::printf("shared: %s blobs", with_commas(s.counts.blobs).c_str());
    for (const auto& [kind, n] : s.counts.artifacts) {
      std::printf(", %s %s", with_commas(n).c_str(), kind.c_str());
    }
    for (const auto& [kind, n] : s.counts.records) {
      std::printf(", %s %s", with_commas(n).c_str(), kind.c_str());
    }
    std::printf(
        "\nqueue: %s pending, %s leased, %s done\n", with_commas(s.counts.queue_pending).c_str(),
        with_commas(s.counts.queue_leased).c_str(), with_commas(s.counts.queue_done).c_str());
    for (const auto& q : s.counts.queue_by_kind) {
      std::printf("  %s: %s pending, %s leased, %s done\n", q.kind.c_str(),
                  with_commas(q.pending).c_str(), with_commas(q.leased).c_str(),
                  with_commas(q.done).c_str());
    }
  }
  std::printf("local backlog: %s keys\n", with_commas(s.backlog).c_str());
  if (s.last_lookups > 0) {
    std::printf("last pass: %s of %s keys from the share (%.0f%%)\n",
                with_commas(s.last_hits).c_str(), with_commas(s.last_lookups).c_str(),
                100.0 * static_cast<double>(s.last_hits) / static_cast<double>(s.last_lookups));
  }
}

Status run_status(const GlobalOptions& g, const ShareFlags& f) {
  TRY_ASSIGN(auto ws, indexer::open_workspace(g.directory));
  TRY_ASSIGN(auto share, configured_share(ws));
  TRY_ASSIGN(auto store, indexer::open_store(ws, indexer::StoreAccess::kReadOnly));
  TRY_ASSIGN(auto status, share->status(store));
  if (f.json) {
    print_json(status_json(status));
  } else {
    print_status(status);
  }
  return {};
}

Status run_worker(const GlobalOptions& g, const WorkerFlags& f) {
  TRY_ASSIGN(auto ws, indexer::open_workspace(g.directory));
  TRY_ASSIGN(auto share, configured_share(ws));
  const auto provider = provider_or_offline(ws.config, g.quiet || f.json, "stc worker");
  if (!provider || provider->offline()) {
    return fail(ErrorCode::kBadInput,
                "stc worker needs an LLM provider: set llm.provider (or STC_PROVIDER) and its key");
  }
  // The worker takes the pass lock itself, only while it writes to the store
  // (indexer/share/worker.h): a hook's pass runs while it waits for the LLM.
  TRY_ASSIGN(auto store, indexer::open_store(ws, indexer::StoreAccess::kCreate));
  auto progress = make_progress(g.quiet || f.json);
  indexer::share::WorkerOptions options;
  options.batch = f.batch;
  options.lease_seconds = f.lease;
  options.until_empty = !f.forever;
  options.rehearse = agent::rehearsal_units(ws, *share);
  options.follow_up_stages.push_back(agent::rehearsal_stage(ws, "hook"));
  TRY_ASSIGN(auto r, indexer::share::run_worker(ws, store, *provider, *share, options, *progress));
  if (f.json) {
    print_json({{"claimed", r.claimed},
                {"done", r.done},
                {"released", r.released},
                {"llm_calls", r.llm_calls},
                {"sleep_tokens", r.tokens},
                {"follow_up_passes", r.follow_up_passes},
                {"errors", r.errors}});
  } else if (!g.quiet) {
    std::fprintf(stderr,
                 "worker: %s units claimed, %s done, %s released, %s LLM calls (%s tokens)\n",
                 with_commas(r.claimed).c_str(), with_commas(r.done).c_str(),
                 with_commas(r.released).c_str(), with_commas(r.llm_calls).c_str(),
                 with_commas(r.tokens).c_str());
    for (size_t i = 0; i < r.errors.size() && i < 10; ++i) {
      std::fprintf(stderr, "warning: %s\n", r.errors[i].c_str());
    }
  }
  return {};
}

}  // namespace

void register_share(CLI::App& app, const GlobalOptions& g, Command& out) {
  auto* share = app.add_subcommand("share", "The team share (a PostgreSQL server; STC_SHARE_URL)");
  share->require_subcommand(1);
  auto flags = std::make_shared<ShareFlags>();
  auto* status = share->add_subcommand(
      "status", "Is the share reachable; what it holds; local backlog, queue, last pass's hits");
  status->add_flag("--json", flags->json, "Print the status as JSON on stdout");
  status->callback([&g, &out, flags] { out = [&g, flags] { return run_status(g, *flags); }; });
}

void register_worker(CLI::App& app, const GlobalOptions& g, Command& out) {
  auto flags = std::make_shared<WorkerFlags>();
  auto* cmd = app.add_subcommand(
      "worker",
      "Do sleep work from the team share's queue (units published by passes with "
      "--enqueue or share.enqueue), then exit when it is empty");
  cmd->add_option("--batch", flags->batch, "Units per claim (default 4)")
      ->check(cli::common::whole_number(1, 1000));
  cmd->add_option("--lease", flags->lease,
                  "Seconds a claim is held; a dead worker's units return after it (default 600)")
      ->check(cli::common::whole_number(1, 86400));
  cmd->add_flag("--forever", flags->forever,
                "Keep polling the queue instead of exiting when empty");
  cmd->add_flag("--json", flags->json, "Print the report as JSON on stdout");
  cmd->callback([&g, &out, flags] { out = [&g, flags] { return run_worker(g, *flags); }; });
}

}  // namespace stc::cli
