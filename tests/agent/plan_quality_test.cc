// The agent on the sample repositories' feature tasks (offline provider):
// index mode beats the --no-index baseline in mean F1 at small budgets, no
// plan exceeds its budget, and plans are deterministic. Each task's index is
// built as of its parent commit, so nothing of the task's own change is known.

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <set>

#include "tests/agent/sample_tasks.h"
#include "tests/support/temp_repo.h"

namespace stc::agent::testing {
namespace {

using stc::testing::TempDir;

constexpr int64_t kBudgets[] = {500, 1000, 2000};

struct Scores {
  std::map<std::pair<int, int64_t>, double> sum;  // (mode, budget) -> F1 sum
  int tasks = 0;
};

class PlanQualityTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    ASSERT_TRUE(stc::testing::make_sample_repos(dir_->path()));
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  // pyweather's newest feature task, indexed as of its base commit.
  struct NewestTask {
    TempDir store_dir;
    Task task;
    std::unique_ptr<TaskIndex> index;
  };
  static std::unique_ptr<NewestTask> newest_pyweather_task() {
    const std::string repo_dir = dir_->path() + "/pyweather";
    auto out = std::make_unique<NewestTask>();
    auto repo = indexer::git::Repository::discover(repo_dir);
    EXPECT_TRUE(repo);
    if (!repo) return nullptr;
    const auto tasks = feature_tasks(*repo);
    EXPECT_FALSE(tasks.empty());
    if (tasks.empty()) return nullptr;
    out->task = tasks.back();
    out->index = index_at(repo_dir, out->store_dir.path() + "/index.db", out->task.base);
    return out;
  }
  static TempDir* dir_;
};

TempDir* PlanQualityTest::dir_ = nullptr;

void run_task(TaskIndex& ti, const Task& t, Scores& scores, bool verbose) {
  for (const Mode mode : {Mode::kIndex, Mode::kBaseline}) {
    for (const int64_t budget : kBudgets) {
      auto plan = make_plan(ti.env, t.description, {mode, budget});
      ASSERT_TRUE(plan) << plan.error().message;
      EXPECT_LE(plan->context.tokens, budget);
      EXPECT_LE(plan->prompt_tokens + plan->completion_tokens, budget);
      const double f = f1(plan->files, t.gold);
      scores.sum[{static_cast<int>(mode), budget}] += f;
      if (verbose && budget == 1000) {
        std::printf("  %-8s %.2f %s:", mode_name(mode), f, t.description.c_str());
        for (const auto& pf : plan->files) std::printf(" %s", pf.path.c_str());
        std::printf("\n     gold:");
        for (const auto& g : t.gold) std::printf(" %s", g.c_str());
        std::printf("\n");
      }
    }
  }
  ++scores.tasks;
}

TEST_F(PlanQualityTest, IndexModeBeatsBaselineAtSmallBudgets) {
  const bool verbose = std::getenv("STC_TEST_VERBOSE") != nullptr;
  Scores scores;
  for (const char* name : {"pyweather", "goqueue", "polyglot"}) {
    const std::string repo_dir = dir_->path() + "/" + name;
    TempDir store_dir;
    auto repo = indexer::git::Repository::discover(repo_dir);
    ASSERT_TRUE(repo);
    for (const auto& t : feature_tasks(*repo)) {
      auto ti = index_at(repo_dir, store_dir.path() + "/index.db", t.base);
      run_task(*ti, t, scores, verbose);
    }
  }
  ASSERT_GT(scores.tasks, 20);
  std::printf("mean F1 over %d sample tasks (offline provider):\n  budget   index  baseline\n",
              scores.tasks);
  for (const int64_t b : kBudgets) {
    const double idx = scores.sum[{0, b}] / scores.tasks;
    const double base = scores.sum[{1, b}] / scores.tasks;
    std::printf("  %6lld   %.3f  %.3f\n", static_cast<long long>(b), idx, base);
    if (b <= 1000) {
      EXPECT_GT(idx, base) << "budget " << b;
    }
  }
}

TEST_F(PlanQualityTest, PlansAreDeterministic) {
  auto t = newest_pyweather_task();
  ASSERT_TRUE(t && t->index);
  for (const Mode mode : {Mode::kIndex, Mode::kBaseline}) {
    auto a = make_plan(t->index->env, t->task.description, {mode, 1000});
    auto b = make_plan(t->index->env, t->task.description, {mode, 1000});
    ASSERT_TRUE(a && b);
    ASSERT_EQ(a->files.size(), b->files.size());
    for (size_t i = 0; i < a->files.size(); ++i) EXPECT_EQ(a->files[i].path, b->files[i].path);
    EXPECT_EQ(a->context.tokens, b->context.tokens);
    EXPECT_EQ(render_markdown(a->context), render_markdown(b->context));
  }
}

// A small budget lists many candidates: each is one short line (its path and
// its best reason, cut at a word), and the rest of its evidence (index mode) or
// its matching lines (baseline) are separate items that pack when there is
// room.
TEST_F(PlanQualityTest, SmallBudgetsListManyCandidatesInOneLineEach) {
  auto t = newest_pyweather_task();
  ASSERT_TRUE(t && t->index);
  const auto& ti = t->index;
  const std::string& feature = t->task.description;
  for (const Mode mode : {Mode::kIndex, Mode::kBaseline}) {
    auto plan = make_plan(ti->env, feature, {mode, 150});
    ASSERT_TRUE(plan) << plan.error().message;
    EXPECT_LE(plan->context.tokens, 150);
    size_t entries = 0;
    for (const auto& it : plan->context.items) {
      if (it.kind != "candidate" && it.kind != "grep") continue;
      ++entries;
      EXPECT_EQ(it.text.find('\n'), std::string::npos) << it.text;
      EXPECT_LE(it.tokens, 40) << it.text;
    }
    EXPECT_GE(entries, 4u) << mode_name(mode) << ": " << render_markdown(plan->context);
    EXPECT_GE(plan->files.size(), 2u) << mode_name(mode);
  }
  // With room, an entry's full evidence is in the context beside it.
  auto wide = build_context(ti->env, feature, 4000);
  ASSERT_TRUE(wide) << wide.error().message;
  std::set<std::string> listed, explained;
  for (const auto& it : wide->items) {
    if (it.kind == "candidate") listed.insert(it.path);
    if (it.kind == "evidence") {
      explained.insert(it.path);
      EXPECT_EQ(it.text.rfind(it.path + ": ", 0), 0u) << it.text;
    }
  }
  ASSERT_FALSE(explained.empty()) << render_markdown(*wide);
  for (const auto& p : explained) EXPECT_TRUE(listed.count(p)) << p;
  EXPECT_LT(render_markdown(*wide).find("## Candidate files"),
            render_markdown(*wide).find("## Evidence"));
}

}  // namespace
}  // namespace stc::agent::testing
