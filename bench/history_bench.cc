// history_bench: times history mining on one repository and prints JSON.
//
//   history_bench REPO_DIR [--rev REV] [--store PATH] [--walk-only]
//                 [--max-files N] [--half-life DAYS]
//
// Default: mines REV (HEAD) into a fresh store (PATH, default a temporary
// file removed afterwards) with stc::indexer::mine_history. --walk-only runs
// only the first-parent walk with its tree comparisons (no store). Prints
// {"mode", "commits", "skipped", "file_changes", "seconds", "commits_per_s"}.

#include <unistd.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "core/progress.h"
#include "indexer/git/history_walk.h"
#include "indexer/git/repository.h"
#include "indexer/history/history_miner.h"
#include "indexer/history/history_queries.h"
#include "indexer/store/index_store.h"

namespace {

struct Args {
  std::string repo;
  std::string rev = "HEAD";
  std::string store;
  bool walk_only = false;
  stc::indexer::HistoryOptions options;
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "history_bench: %s\nusage: history_bench REPO_DIR [--rev REV] "
               "[--store PATH] [--walk-only] [--max-files N] [--half-life DAYS]\n",
               why);
  std::exit(2);
}

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(("missing value for " + arg).c_str());
      return argv[++i];
    };
    if (arg == "--rev")
      a.rev = value();
    else if (arg == "--store")
      a.store = value();
    else if (arg == "--walk-only")
      a.walk_only = true;
    else if (arg == "--max-files")
      a.options.max_files_per_commit = std::stoul(value());
    else if (arg == "--half-life")
      a.options.half_life_days = std::stod(value());
    else if (!arg.empty() && arg[0] == '-')
      usage(("unknown option " + arg).c_str());
    else if (a.repo.empty())
      a.repo = arg;
    else
      usage("one repository only");
  }
  if (a.repo.empty()) usage("no repository given");
  return a;
}

[[noreturn]] void die(const stc::Error& e) {
  std::fprintf(stderr, "history_bench: %s\n", e.message.c_str());
  std::exit(1);
}

struct Counts {
  int64_t commits = 0, skipped = 0, file_changes = 0;
  double seconds = 0;  // of the walk or of mine_history, without process start-up
};

Counts walk_only(const stc::indexer::git::Repository& repo, const stc::indexer::git::Oid& head) {
  Counts c;
  const auto started = std::chrono::steady_clock::now();
  auto st = stc::indexer::git::walk_first_parent(
      repo, std::nullopt, head, [&](const stc::indexer::git::CommitChanges& ch) -> stc::Status {
        ++c.commits;
        c.file_changes += static_cast<int64_t>(ch.files.size());
        return {};
      });
  if (!st) die(st.error());
  c.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return c;
}

Counts mine(const stc::indexer::git::Repository& repo, const stc::indexer::git::Oid& head,
            const Args& a) {
  std::string path = a.store;
  if (path.empty()) {
    path = (std::filesystem::temp_directory_path() /
            ("history_bench." + std::to_string(::getpid()) + ".db"))
               .string();
  }
  Counts c;
  {
    auto store = stc::indexer::store::IndexStore::open(
        path, stc::indexer::store::OpenMode::kReadWriteCreate);
    if (!store) die(store.error());
    stc::NullProgress progress;
    auto report = stc::indexer::mine_history(repo, *store, head, a.options, progress);
    if (!report) die(report.error());
    c.commits = report->commits_mined;
    c.skipped = report->commits_skipped;
    c.seconds = report->seconds;
    auto files =
        stc::indexer::store::connection(*store).query_int("SELECT COUNT(*) FROM commit_files");
    c.file_changes = files ? *files : -1;
  }
  if (a.store.empty()) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  }
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  const Args a = parse(argc, argv);
  auto repo = stc::indexer::git::Repository::discover(a.repo);
  if (!repo) die(repo.error());
  auto head = repo->resolve_commit(a.rev);
  if (!head) die(head.error());
  const Counts c = a.walk_only ? walk_only(*repo, head->id) : mine(*repo, head->id, a);
  const double seconds = c.seconds;
  std::printf(
      "{\"mode\": \"%s\", \"commits\": %lld, \"skipped\": %lld, \"file_changes\": %lld, "
      "\"seconds\": %.3f, \"commits_per_s\": %.0f}\n",
      a.walk_only ? "walk" : "mine", static_cast<long long>(c.commits),
      static_cast<long long>(c.skipped), static_cast<long long>(c.file_changes), seconds,
      seconds > 0 ? static_cast<double>(c.commits) / seconds : 0.0);
  return 0;
}
