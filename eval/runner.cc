// The evaluation runner (runner.h): validate every task, then per repository
// and in history order: pass to the base commit, plan each missing (mode,
// budget) cell, score, append the row.

#include "eval/runner.h"

#include "agent/rehearsal.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <unordered_set>

#include "core/text.h"
#include "eval/metrics.h"
#include "eval/result_row.h"
#include "eval/results_file.h"
#include "indexer/git/history_walk.h"
#include "indexer/sleep/sleep_pass.h"
#include "indexer/workspace.h"
#include "llm/provider.h"

namespace stc::eval {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Cell {
  agent::Mode mode;
  int64_t budget;
};

/// One repository of the run: its workspace, eval store and provider.
struct RepoContext {
  indexer::Workspace ws;
  std::optional<indexer::store::IndexStore> store;
  std::unique_ptr<llm::Provider> provider;
};

std::string repo_path_for(const Task& t, const RunOptions& o) {
  return o.repo_override.empty() ? t.repo_path : o.repo_override;
}

// Groups task indexes by repository path (first-seen order), each in history order.
std::vector<std::pair<std::string, std::vector<const Task*>>> group_tasks(
    const std::vector<Task>& tasks, const RunOptions& o) {
  std::vector<std::pair<std::string, std::vector<const Task*>>> groups;
  for (const Task& t : tasks) {
    const std::string path = repo_path_for(t, o);
    auto it = std::find_if(groups.begin(), groups.end(), [&](auto& g) { return g.first == path; });
    if (it == groups.end()) it = groups.insert(groups.end(), {path, {}});
    it->second.push_back(&t);
  }
  for (auto& [path, list] : groups) {
    std::stable_sort(list.begin(), list.end(),
                     [](const Task* a, const Task* b) { return a->seq < b->seq; });
  }
  return groups;
}

Status check_commits(const indexer::git::Repository& repo, const std::string& path,
                     const std::vector<const Task*>& tasks) {
  for (const Task* t : tasks) {
    for (const std::string* id : {&t->base, &t->commit}) {
      TRY_ASSIGN(const indexer::git::Oid oid, indexer::git::Oid::from_hex(*id));
      if (!repo.has_commit(oid)) {
        return fail(ErrorCode::kBadInput,
                    "task " + t->id + ": commit " + *id + " is not in the repository at " + path +
                        "; pass --repo with a clone that has it, or mine tasks again");
      }
    }
  }
  return {};
}

Status check_all(const std::vector<Task>& tasks, const RunOptions& o) {
  if (o.budgets.empty() || o.modes.empty()) {
    return fail(ErrorCode::kBadInput, "need at least one budget and one mode");
  }
  for (const auto& [path, list] : group_tasks(tasks, o)) {
    if (path.empty()) {
      return fail(ErrorCode::kBadInput,
                  "task " + list.front()->id + " names no repository path; pass --repo PATH");
    }
    auto repo = indexer::git::Repository::discover(path);
    if (!repo) {
      return fail(ErrorCode::kBadInput, "task " + list.front()->id + ": " + repo.error().message);
    }
    TRY(check_commits(*repo, path, list));
  }
  return {};
}

std::string store_name(const std::string& repo_path) {
  const std::string base = fs::path(repo_path).lexically_normal().filename().string();
  return (base.empty() ? "repo" : base) + "-" + stc::hash_hex(repo_path).substr(0, 8) + ".db";
}

Result<RepoContext> open_context(const std::string& path, const RunOptions& o) {
  TRY_ASSIGN(auto ws, indexer::open_workspace(path));
  ws.store_path = (fs::path(o.out_dir) / "stores" / store_name(path)).string();
  ws.config.store_path = ws.store_path;
  if (!o.provider.empty()) ws.config.llm.provider = o.provider;
  TRY_ASSIGN(auto provider, llm::make_provider(resolved_llm(ws.config.llm)));
  TRY_ASSIGN(auto store, indexer::open_store(ws, indexer::StoreAccess::kCreate));
  return RepoContext{std::move(ws), std::move(store), std::move(provider)};
}

// A store only ever moves forward along the first-parent chain: when `base`
// is not a descendant of the indexed commit, the store is recreated, so no
// row derived from a later commit (not even a cached one) can remain.
Status rewind_if_needed(RepoContext& ctx, const indexer::git::Oid& base) {
  TRY_ASSIGN(const auto indexed, ctx.store->meta("indexed_commit"));
  if (!indexed || indexed->empty()) return {};
  TRY_ASSIGN(const indexer::git::Oid at, indexer::git::Oid::from_hex(*indexed));
  TRY_ASSIGN(const bool forward, indexer::git::is_first_parent_ancestor(ctx.ws.repo, at, base));
  if (forward) return {};
  ctx.store.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::error_code ec;
    fs::remove(ctx.ws.store_path + suffix, ec);
    if (ec) return fail(ErrorCode::kIo, "cannot remove " + ctx.ws.store_path + suffix);
  }
  TRY_ASSIGN(auto store, indexer::open_store(ctx.ws, indexer::StoreAccess::kCreate));
  ctx.store.emplace(std::move(store));
  return {};
}

Result<PassCost> bring_index(RepoContext& ctx, const Task& t, const RunOptions& o) {
  TRY_ASSIGN(const indexer::git::Oid base, indexer::git::Oid::from_hex(t.base));
  TRY(rewind_if_needed(ctx, base));
  indexer::PassOptions pass;
  pass.rev = t.base;
  pass.trigger = "eval";
  pass.sleep_budget = o.sleep_budget;
  pass.jobs = o.jobs;
  pass.extra_stages.push_back(agent::rehearsal_stage(ctx.ws, "eval"));
  NullProgress quiet;
  TRY_ASSIGN(const indexer::PassReport report,
             indexer::run_pass(ctx.ws, *ctx.store, ctx.provider.get(), pass, quiet));
  PassCost cost;
  cost.sleep_tokens = report.sleep_tokens;
  cost.seconds = report.seconds;
  cost.index_seconds = report.index.seconds;
  cost.files_parsed = report.index.files_parsed;
  cost.commits_mined = report.commits_mined;
  cost.artifacts_written = report.artifacts_written;
  return cost;
}

}  // namespace

namespace {

/// What every plan of one task shares.
struct TaskInputs {
  const Task& task;
  indexer::git::Oid base;
  PassCost pass;
  std::unordered_set<std::string> base_files;
};

ResultRow plan_cell(const agent::AgentEnv& env, const TaskInputs& in, const Cell& cell) {
  ResultRow row;
  row.task = in.task.id;
  row.repo = in.task.repo;
  row.mode = agent::mode_name(cell.mode);
  row.budget = cell.budget;
  row.pass = in.pass;
  row.tree_files = static_cast<int64_t>(in.base_files.size());
  row.description = in.task.description;
  row.gold = in.task.gold_all;
  const auto start = Clock::now();
  auto plan = agent::make_plan(env, in.task.description, {cell.mode, cell.budget});
  row.plan_seconds = seconds_since(start);
  if (!plan) {
    row.error = plan.error().message.empty() ? "plan failed" : plan.error().message;
  } else {
    for (const agent::PlanFile& f : plan->files) {
      row.files.push_back(f.path);
      row.reasons.push_back(f.reason);
    }
    row.prompt_tokens = plan->prompt_tokens;
    row.completion_tokens = plan->completion_tokens;
  }
  row.scores = score_task(row.files, in.task.gold_all, in.task.gold_src, in.base_files);
  return row;
}

/// Plans `cells` on `threads` threads, each with its own repository and store handles.
void plan_parallel(const RepoContext& ctx, const TaskInputs& in, const std::vector<Cell>& cells,
                   unsigned threads, const std::function<void(const ResultRow&)>& emit) {
  std::atomic<size_t> next{0};
  auto worker = [&] {
    auto repo = indexer::git::Repository::open(ctx.ws.repo.git_dir());
    auto store =
        indexer::store::IndexStore::open(ctx.ws.store_path, indexer::store::OpenMode::kReadWrite);
    for (size_t i = next++; i < cells.size(); i = next++) {
      if (!repo || !store) {
        ResultRow row;
        row.task = in.task.id;
        row.repo = in.task.repo;
        row.mode = agent::mode_name(cells[i].mode);
        row.budget = cells[i].budget;
        row.error = !repo ? repo.error().message : store.error().message;
        emit(row);
        continue;
      }
      agent::AgentEnv env{&*repo, in.base, &*store, ctx.provider.get(), &ctx.ws.config};
      emit(plan_cell(env, in, cells[i]));
    }
  };
  std::vector<std::thread> pool;
  for (unsigned i = 0; i < threads; ++i) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
}

Status run_task(RepoContext& ctx, const Task& t, const std::vector<Cell>& todo, const RunOptions& o,
                ResultsFile& out, RunStats& stats, Progress& progress) {
  TRY_ASSIGN(const PassCost cost, bring_index(ctx, t, o));
  stats.sleep_tokens += cost.sleep_tokens;
  TRY_ASSIGN(const indexer::git::Oid base, indexer::git::Oid::from_hex(t.base));
  TRY_ASSIGN(const auto tree, ctx.ws.repo.list_tree(base));
  TaskInputs in{t, base, cost, {}};
  for (const auto& e : tree) in.base_files.insert(e.path);
  std::mutex mutex;
  Status status;
  size_t done = 0;
  auto emit = [&](const ResultRow& row) {
    std::lock_guard lock(mutex);
    auto st = out.append(row);
    if (!st && status) status = st;
    ++stats.rows_written;
    if (!row.error.empty()) ++stats.rows_failed;
    progress.update(++done);
  };
  const unsigned threads = static_cast<unsigned>(std::min<size_t>(o.jobs, todo.size()));
  if (threads > 1) {
    plan_parallel(ctx, in, todo, threads, emit);
  } else {
    agent::AgentEnv env{&ctx.ws.repo, base, &*ctx.store, ctx.provider.get(), &ctx.ws.config};
    for (const Cell& cell : todo) emit(plan_cell(env, in, cell));
  }
  return status;
}

std::vector<Cell> missing_cells(const Task& t, const RunOptions& o,
                                const std::set<std::string>& done) {
  std::vector<Cell> cells;
  for (const agent::Mode mode : o.modes) {
    for (const int64_t budget : o.budgets) {
      const std::string key = t.id + "\t" + agent::mode_name(mode) + "\t" + std::to_string(budget);
      if (!done.count(key)) cells.push_back({mode, budget});
    }
  }
  return cells;
}

Result<std::set<std::string>> finished_keys(const std::string& path) {
  TRY_ASSIGN(const auto rows, read_results(path));
  std::set<std::string> keys;
  for (const ResultRow& r : rows) {
    if (r.error.empty()) keys.insert(r.key());
  }
  return keys;
}

}  // namespace

Result<RunStats> run_eval(const std::vector<Task>& tasks, const RunOptions& o, Progress& progress) {
  const auto start = Clock::now();
  TRY(check_all(tasks, o));
  std::error_code ec;
  fs::create_directories(fs::path(o.out_dir) / "stores", ec);
  if (ec) return fail(ErrorCode::kIo, "cannot create " + o.out_dir + ": " + ec.message());
  const std::string results = (fs::path(o.out_dir) / "results.jsonl").string();
  TRY_ASSIGN(const auto done, finished_keys(results));
  TRY_ASSIGN(auto out, ResultsFile::open(results));
  RunStats stats;
  size_t position = 0;
  for (const auto& [path, list] : group_tasks(tasks, o)) {
    std::optional<RepoContext> ctx;
    for (const Task* t : list) {
      ++position;
      ++stats.tasks;
      const auto todo = missing_cells(*t, o, done);
      stats.rows_resumed += static_cast<int64_t>(o.modes.size() * o.budgets.size() - todo.size());
      if (todo.empty()) continue;
      if (!ctx) {
        TRY_ASSIGN(auto opened, open_context(path, o));
        ctx.emplace(std::move(opened));
      }
      progress.start(t->id + " " + std::to_string(position) + "/" + std::to_string(tasks.size()),
                     todo.size());
      TRY(run_task(*ctx, *t, todo, o, out, stats, progress));
      progress.finish();
    }
  }
  stats.seconds = seconds_since(start);
  return stats;
}

Result<std::vector<agent::Mode>> parse_modes(const std::string& list) {
  std::vector<agent::Mode> modes;
  for (const auto part : stc::split(list, ',')) {
    const std::string name(stc::trim(part));
    if (name == "index") {
      modes.push_back(agent::Mode::kIndex);
    } else if (name == "baseline") {
      modes.push_back(agent::Mode::kBaseline);
    } else {
      return fail(ErrorCode::kBadInput, "unknown mode '" + name + "': use index and/or baseline");
    }
  }
  if (modes.empty()) return fail(ErrorCode::kBadInput, "--modes is empty");
  return modes;
}

Result<std::vector<int64_t>> parse_budgets(const std::string& list) {
  std::vector<int64_t> budgets;
  for (const auto part : stc::split(list, ',')) {
    const std::string s(stc::trim(part));
    char* end = nullptr;
    const long long v = std::strtoll(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0' || v < 100) {
      return fail(ErrorCode::kBadInput, "bad budget '" + s + "': budgets are integers >= 100");
    }
    budgets.push_back(v);
  }
  if (budgets.empty()) return fail(ErrorCode::kBadInput, "--budgets is empty");
  return budgets;
}

}  // namespace stc::eval
