// Aggregation, the headline and the report renderers on hand-made rows.

#include "eval/summary.h"

#include <gtest/gtest.h>

namespace stc::eval {
namespace {

ResultRow row(const std::string& task, const std::string& mode, int64_t budget, double f1,
              int64_t tokens) {
  ResultRow r;
  r.task = task;
  r.repo = "demo";
  r.mode = mode;
  r.budget = budget;
  r.scores.all.f1 = f1;
  r.prompt_tokens = tokens;
  r.pass.sleep_tokens = 100;
  r.pass.seconds = 1;
  return r;
}

std::vector<ResultRow> rows() {
  // Per task the same numbers, so means equal them.
  std::vector<ResultRow> out;
  for (const char* t : {"t1", "t2"}) {
    out.push_back(row(t, "baseline", 500, 0.2, 480));
    out.push_back(row(t, "baseline", 1000, 0.4, 990));
    out.push_back(row(t, "baseline", 2000, 0.35, 1900));
    out.push_back(row(t, "index", 500, 0.3, 450));
    out.push_back(row(t, "index", 1000, 0.45, 700));
    out.push_back(row(t, "index", 2000, 0.5, 1200));
  }
  return out;
}

TEST(SummaryTest, HeadlineIsTheFirstIndexBudgetReachingBaselinesBest) {
  const Summary s = summarize(rows());
  ASSERT_EQ(s.repos.size(), 1u);
  const Headline& h = s.repos[0].headline;
  EXPECT_TRUE(h.comparable);
  EXPECT_DOUBLE_EQ(h.baseline_best_f1, 0.4);
  EXPECT_EQ(h.baseline_budget, 1000);
  EXPECT_TRUE(h.matched);
  EXPECT_EQ(h.index_budget, 1000);
  EXPECT_NEAR(h.token_ratio, 990.0 / 700.0, 1e-9);
  EXPECT_EQ(h.index_best_budget, 2000);
  EXPECT_EQ(h.smallest_budget, 500);
  EXPECT_DOUBLE_EQ(h.index_f1_smallest, 0.3);
  EXPECT_DOUBLE_EQ(h.baseline_f1_smallest, 0.2);
}

// Index mode run at smaller budgets than the baseline: the side-by-side
// column compares the smallest budget both ran, not 0 for the baseline.
TEST(SummaryTest, SmallestBudgetIsOneBothModesRan) {
  std::vector<ResultRow> rs = rows();
  for (const char* t : {"t1", "t2"}) rs.push_back(row(t, "index", 100, 0.1, 95));
  const Headline h = summarize(rs).repos[0].headline;
  EXPECT_EQ(h.smallest_budget, 500);
  EXPECT_DOUBLE_EQ(h.index_f1_smallest, 0.3);
  EXPECT_DOUBLE_EQ(h.baseline_f1_smallest, 0.2);
}

TEST(SummaryTest, CostsCountEachTaskPassOnce) {
  const Summary s = summarize(rows());
  const Costs& c = s.overall.costs;
  EXPECT_EQ(c.sleep_tokens, 200);
  EXPECT_EQ(c.index_queries, 6);
  EXPECT_EQ(c.index_test_tokens, 2 * (450 + 700 + 1200));
  EXPECT_NEAR(c.amortized_index, (200.0 + 4700.0) / 6.0, 1e-9);
  EXPECT_DOUBLE_EQ(c.pass_seconds, 2.0);
  EXPECT_EQ(s.overall.tasks, 2);
}

TEST(SummaryTest, UnmatchedHeadlineSaysSo) {
  std::vector<ResultRow> r = {row("t", "baseline", 500, 0.6, 400),
                              row("t", "index", 500, 0.5, 300)};
  const Summary s = summarize(r);
  EXPECT_FALSE(s.overall.headline.matched);
  EXPECT_NE(render_report_md(s).find("does **not** reach"), std::string::npos);
}

TEST(SummaryTest, RenderersShowEveryCell) {
  const Summary s = summarize(rows());
  const std::string md = render_report_md(s);
  EXPECT_NE(md.find("1.4x fewer test-time tokens"), std::string::npos) << md;
  EXPECT_NE(md.find("| index | 2000 | 0.500 |"), std::string::npos) << md;
  const std::string svg = render_pareto_svg(s);
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  size_t lines = 0;
  for (size_t p = svg.find("<polyline"); p != std::string::npos; p = svg.find("<polyline", p + 1)) {
    ++lines;
  }
  EXPECT_EQ(lines, 2u);
  EXPECT_NE(summary_to_json(s).find("\"token_ratio\""), std::string::npos);
}

}  // namespace
}  // namespace stc::eval
