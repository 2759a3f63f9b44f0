// The runner: no leakage of the task's change or later history into the
// index or the plans, bad task files, missing commits, resumption.

#include "eval/runner.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/text.h"
#include "eval/report.h"
#include "eval/result_row.h"
#include "indexer/store/deflate.h"
#include "indexer/store/index_store.h"
#include "llm/provider.h"
#include "tests/support/temp_repo.h"

namespace stc::eval {
namespace {

namespace fs = std::filesystem;
using stc::testing::TempDir;
using stc::testing::TempRepo;

constexpr const char* kTaskMarker = "zqxtaskmarker";
constexpr const char* kLaterMarker = "zqxlatermarker";

std::string py_module(const std::string& name, const std::string& extra = "") {
  return "\"\"\"The " + name + " module of the weather client.\"\"\"\n\n\ndef " + name +
         "_fetch(url):\n    \"\"\"Fetch " + name + " data " + extra + ".\"\"\"\n    return url\n";
}

// base -> task commit (marker 1) -> later commit (marker 2) -> one more.
struct RunnerFixture {
  TempRepo repo;
  TempDir out;
  std::string c0, c1, c2, c3;

  RunnerFixture() {
    for (const char* m : {"client", "config", "cache", "units"}) {
      repo.write(std::string("weather/") + m + ".py", py_module(m));
    }
    repo.write("tests/test_client.py", "from weather.client import client_fetch\n");
    c0 = repo.commit("Initial weather client with cache and config");
    repo.write("weather/proxy.py", py_module("proxy", kTaskMarker));
    repo.write("weather/client.py", py_module("client", std::string("via ") + kTaskMarker));
    repo.write("tests/test_proxy.py", "# " + std::string(kTaskMarker) + "\n");
    c1 = repo.commit(std::string("Add proxy support to the client ") + kTaskMarker);
    repo.write(std::string("weather/") + kLaterMarker + ".py", py_module("later", kLaterMarker));
    repo.write("weather/cache.py", py_module("cache", kLaterMarker));
    repo.write("weather/units.py", py_module("units", kLaterMarker));
    c2 = repo.commit(std::string("Add the later feature ") + kLaterMarker);
    repo.write("weather/config.py", py_module("config", "again"));
    repo.write("weather/units.py", py_module("units", "again"));
    repo.write("weather/cache.py", py_module("cache", "again"));
    c3 = repo.commit("Tune configuration, units and cache together");
  }

  Task task(const std::string& base, const std::string& commit, int64_t seq) const {
    Task t;
    t.id = "weather-" + commit.substr(0, 10);
    t.repo = "weather";
    t.repo_path = repo.path();
    t.base = base;
    t.commit = commit;
    t.seq = seq;
    t.description = "Add proxy support to the HTTP client";
    t.gold_all = {"weather/client.py", "weather/proxy.py", "tests/test_proxy.py"};
    t.gold_src = {"weather/client.py", "weather/proxy.py"};
    t.added = {"weather/proxy.py", "tests/test_proxy.py"};
    return t;
  }

  RunOptions options(std::vector<int64_t> budgets = {500, 4000}) const {
    RunOptions o;
    o.budgets = std::move(budgets);
    o.out_dir = out.path() + "/eval";
    o.provider = "offline";
    return o;
  }

  std::string store_path() const {
    for (const auto& e : fs::directory_iterator(out.path() + "/eval/stores")) {
      if (e.path().extension() == ".db") return e.path().string();
    }
    return "";
  }
};

Result<RunStats> run(const std::vector<Task>& tasks, const RunOptions& o) {
  NullProgress progress;
  return run_eval(tasks, o, progress);
}

int64_t count_marker(indexer::store::IndexStore& store, const std::string& table,
                     const std::string& columns, const char* marker) {
  auto n = indexer::store::connection(store).query_int("SELECT count(*) FROM " + table +
                                                       " WHERE instr(lower(" + columns + "), '" +
                                                       marker + "') > 0");
  EXPECT_TRUE(n) << table << ": " << n.error().message;
  return n ? *n : -1;
}

// Artifacts whose subject or content holds `marker`; long contents are
// stored deflated, so each is read back as the store reads it.
int64_t artifacts_with_marker(indexer::store::IndexStore& store, const char* marker) {
  auto s = indexer::store::connection(store).prepare("SELECT subject, content FROM artifacts");
  EXPECT_TRUE(s);
  int64_t n = 0;
  while (s && *s->step()) {
    std::string content = s->column_blob(1);
    if (s->column_is_blob(1)) {
      auto text = indexer::store::inflate_text(content);
      EXPECT_TRUE(text) << "artifact of " << s->column_text(0) << " does not inflate";
      content = text.value_or("");
    }
    const std::string text = stc::to_lower(s->column_text(0) + " " + content);
    if (text.find(marker) != std::string::npos) ++n;
  }
  return n;
}

TEST(RunnerTest, IndexForATaskSeesNeitherItsChangeNorLaterHistory) {
  RunnerFixture f;
  // The first task (by seq) brings the store to c2, which holds the later
  // marker; the second goes back to c0. Nothing of c1..c3 may remain.
  std::vector<Task> tasks = {f.task(f.c2, f.c3, 1), f.task(f.c0, f.c1, 2)};
  tasks[0].id = "weather-later";
  ASSERT_TRUE(run(tasks, f.options()));
  auto store =
      indexer::store::IndexStore::open(f.store_path(), indexer::store::OpenMode::kReadWrite);
  ASSERT_TRUE(store) << store.error().message;
  const std::vector<std::pair<std::string, std::string>> tables = {
      {"files", "path"},
      {"search", "path || ' ' || path_tokens || ' ' || names || ' ' || doc || ' ' || refs"},
      {"commits", "summary || ' ' || message"},
      {"history_paths", "path"},
      {"file_history", "path"},
      {"cochange JOIN file_history fa ON fa.id = cochange.a JOIN file_history fb ON fb.id = "
       "cochange.b",
       "fa.path || ' ' || fb.path"},
      {"dep_paths", "path"}};
  for (const char* marker : {kTaskMarker, kLaterMarker}) {
    for (const auto& [table, columns] : tables) {
      EXPECT_EQ(count_marker(*store, table, columns, marker), 0) << marker << " in " << table;
    }
    EXPECT_EQ(artifacts_with_marker(*store, marker), 0) << marker << " in artifacts";
    // The FTS5 indexes themselves (commit_search keeps no text to read back).
    for (const char* fts : {"search", "commit_search"}) {
      auto n = indexer::store::connection(*store).query_int(
          std::string("SELECT count(*) FROM ") + fts + " WHERE " + fts + " MATCH '" + marker + "'");
      ASSERT_TRUE(n) << fts << ": " << n.error().message;
      EXPECT_EQ(*n, 0) << marker << " in " << fts;
    }
  }
  // A plan made on that index reads no marker either.
  auto repo = indexer::git::Repository::discover(f.repo.path());
  ASSERT_TRUE(repo);
  Config config = default_config();
  auto provider = llm::make_provider(config.llm);
  ASSERT_TRUE(provider);
  const agent::AgentEnv env{&*repo, *indexer::git::Oid::from_hex(f.c0), &*store, provider->get(),
                            &config};
  for (const auto mode : {agent::Mode::kIndex, agent::Mode::kBaseline}) {
    auto plan = agent::make_plan(env, "Add proxy support to the HTTP client", {mode, 8000});
    ASSERT_TRUE(plan) << plan.error().message;
    for (const auto& item : plan->context.items) {
      EXPECT_EQ(item.text.find(kTaskMarker), std::string::npos) << item.kind << " " << item.path;
      EXPECT_EQ(item.text.find(kLaterMarker), std::string::npos) << item.kind << " " << item.path;
    }
    for (const auto& file : plan->files) {
      EXPECT_EQ(file.path.find(kLaterMarker), std::string::npos);
    }
  }
}

TEST(RunnerTest, WritesOneRowPerTaskModeAndBudgetAndTheReports) {
  RunnerFixture f;
  const auto stats = run({f.task(f.c0, f.c1, 1)}, f.options());
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_EQ(stats->rows_written, 4);
  const auto rows = read_results(f.options().out_dir + "/results.jsonl");
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 4u);
  for (const ResultRow& r : *rows) {
    EXPECT_TRUE(r.error.empty()) << r.error;
    EXPECT_GT(r.test_tokens(), 0);
    EXPECT_LE(r.test_tokens(), r.budget);
    EXPECT_EQ(r.scores.all.gold, 3);
    EXPECT_EQ(r.tree_files, 5);
  }
  const auto summary = write_reports(f.options().out_dir);
  ASSERT_TRUE(summary) << summary.error().message;
  for (const char* name : {"summary.json", "report.md", "pareto.svg"}) {
    EXPECT_TRUE(fs::exists(f.options().out_dir + "/" + name)) << name;
  }
}

TEST(RunnerTest, ResumesWithoutRedoingFinishedRows) {
  RunnerFixture f;
  const std::vector<Task> tasks = {f.task(f.c0, f.c1, 1)};
  ASSERT_TRUE(run(tasks, f.options({500})));
  // A kill in the middle of a row leaves a cut line behind.
  const std::string results = f.options().out_dir + "/results.jsonl";
  std::ofstream(results, std::ios::app) << "{\"task\": \"weather-";
  const auto again = run(tasks, f.options({500, 1000}));
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->rows_resumed, 2);
  EXPECT_EQ(again->rows_written, 2);
  const auto third = run(tasks, f.options({500, 1000}));
  ASSERT_TRUE(third);
  EXPECT_EQ(third->rows_written, 0);
  EXPECT_EQ(third->rows_resumed, 4);
  const auto rows = read_results(results);
  ASSERT_TRUE(rows);
  EXPECT_EQ(rows->size(), 4u);
}

TEST(RunnerTest, MalformedTaskFileIsBadInput) {
  TempDir dir;
  const std::string path = dir.path() + "/tasks.jsonl";
  const std::vector<std::string> bad = {
      "{not json",
      R"({"id": "a", "repo": "r", "base": "123", "commit": "456", "description": "x", "gold_all": ["a"]})",
      R"({"id": "a", "repo": "r", "description": "Add a thing", "gold_all": ["a"]})",
      R"({"id": "a", "repo": "r", "base": "0123456789012345678901234567890123456789",
          "commit": "0123456789012345678901234567890123456789", "description": "x", "gold_all": "a"})",
      ""};
  for (const std::string& content : bad) {
    std::ofstream(path, std::ios::trunc) << content << "\n";
    const auto tasks = read_tasks(path);
    ASSERT_FALSE(tasks) << content;
    EXPECT_EQ(tasks.error().code, ErrorCode::kBadInput) << content;
  }
  EXPECT_EQ(read_tasks(dir.path() + "/missing.jsonl").error().code, ErrorCode::kBadInput);
}

TEST(RunnerTest, MissingBaseCommitIsBadInputBeforeAnyWork) {
  RunnerFixture f;
  Task t = f.task(f.c0, f.c1, 1);
  t.base = "0123456789abcdef0123456789abcdef01234567";
  const auto stats = run({t}, f.options());
  ASSERT_FALSE(stats);
  EXPECT_EQ(stats.error().code, ErrorCode::kBadInput);
  EXPECT_NE(stats.error().message.find("not in the repository"), std::string::npos);
  EXPECT_FALSE(fs::exists(f.options().out_dir + "/results.jsonl"));
}

TEST(RunnerTest, ParsesModesAndBudgets) {
  EXPECT_EQ(parse_modes("index,baseline")->size(), 2u);
  EXPECT_FALSE(parse_modes("index,oracle"));
  EXPECT_EQ(*parse_budgets("500, 1000"), (std::vector<int64_t>{500, 1000}));
  EXPECT_FALSE(parse_budgets("50"));
  EXPECT_FALSE(parse_budgets("abc"));
}

}  // namespace
}  // namespace stc::eval
