// `stc-eval mine`: feature tasks from a repository's history into a task file.

#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "cli/common/number_option.h"
#include "cli/stc-eval/cli_common.h"
#include "eval/miner.h"

namespace stc::cli {
namespace {

struct MineFlags {
  std::string repo;
  std::string since;
  std::string output;
  eval::MineOptions options;
  bool json = false;
};

nlohmann::json stats_json(const eval::MineResult& r, const std::string& output) {
  return {{"output", output},
          {"tasks", r.tasks.size()},
          {"candidates", r.candidates},
          {"commits_scanned", r.commits_scanned},
          {"skipped", r.skipped}};
}

void print_stats(const eval::MineResult& r, const std::string& output) {
  std::string skipped;
  for (const auto& [reason, n] : r.skipped) {
    skipped += (skipped.empty() ? "" : ", ") + reason + " " + std::to_string(n);
  }
  std::fprintf(stderr, "mined %zu tasks (%lld candidates) from %lld commits into %s\nskipped: %s\n",
               r.tasks.size(), static_cast<long long>(r.candidates),
               static_cast<long long>(r.commits_scanned), output.c_str(), skipped.c_str());
}

Status run(const GlobalOptions& g, MineFlags f) {
  if (f.json && f.output == "-") {
    return fail(ErrorCode::kUsage, "--json prints statistics on stdout; write tasks with -o FILE");
  }
  if (!f.since.empty()) {
    TRY_ASSIGN(f.options.since, eval::parse_date(f.since));
  }
  TRY_ASSIGN(const auto repo, indexer::git::Repository::discover(f.repo));
  auto progress = cli::common::make_phase_progress(g.quiet || f.json);
  TRY_ASSIGN(const auto result, eval::mine_tasks(repo, f.options, *progress));
  if (f.output == "-") {
    for (const auto& t : result.tasks) std::cout << eval::task_to_json_line(t) << "\n";
  } else {
    TRY(eval::write_tasks(f.output, result.tasks));
  }
  if (f.json) print_json(stats_json(result, f.output));
  if (!g.quiet) print_stats(result, f.output == "-" ? "stdout" : f.output);
  return {};
}

}  // namespace

void register_mine(CLI::App& app, const GlobalOptions& g, Command& out) {
  auto f = std::make_shared<MineFlags>();
  auto* cmd = app.add_subcommand("mine", "Mine feature tasks from a repository's history");
  cmd->add_option("REPO", f->repo, "The repository (a work tree)")->required();
  cmd->add_option("--since", f->since, "Only commits from this date on (YYYY-MM-DD)");
  cmd->add_option("--min-files", f->options.min_files,
                  "Fewest added or modified code files (tests count)")
      ->capture_default_str()
      ->check(cli::common::whole_number(1, 10000));
  cmd->add_option("--max-files", f->options.max_files, "Most added or modified code files")
      ->capture_default_str()
      ->check(cli::common::whole_number(1, 10000));
  cmd->add_option("--limit", f->options.limit,
                  "Keep at most N tasks, a deterministic sample (0: all)")
      ->check(cli::common::whole_number(0, 1000000, "0 means every task"));
  cmd->add_option("--rev", f->options.rev, "Walk the first-parent history of this revision")
      ->capture_default_str();
  cmd->add_option("--name", f->options.repo_name,
                  "Repository name in task ids (default: the directory name)");
  cmd->add_option("--min-words", f->options.min_words, "Fewest words a cleaned message needs")
      ->capture_default_str()
      ->check(cli::common::whole_number(0, 1000));
  cmd->add_option("-o,--output", f->output, "Task file to write (- for stdout)")->required();
  cmd->add_flag("--json", f->json, "Print mining statistics as JSON on stdout");
  cmd->callback([&g, &out, f] { out = [&g, f] { return run(g, *f); }; });
}

}  // namespace stc::cli
