#include "eval/metrics.h"

#include <gtest/gtest.h>

namespace stc::eval {
namespace {

TEST(MetricsTest, HandComputedPrecisionRecallF1) {
  const Prf p = score({"a", "b", "c", "d"}, {"a", "b", "e"});
  EXPECT_EQ(p.hits, 2);
  EXPECT_EQ(p.predicted, 4);
  EXPECT_EQ(p.gold, 3);
  EXPECT_DOUBLE_EQ(p.precision, 0.5);
  EXPECT_DOUBLE_EQ(p.recall, 2.0 / 3.0);
  EXPECT_NEAR(p.f1, 4.0 / 7.0, 1e-12);  // 2 * 0.5 * 0.667 / 1.167
}

TEST(MetricsTest, PerfectAndDisjoint) {
  EXPECT_DOUBLE_EQ(score({"x", "y"}, {"y", "x"}).f1, 1.0);
  const Prf none = score({"x"}, {"y"});
  EXPECT_EQ(none.hits, 0);
  EXPECT_DOUBLE_EQ(none.f1, 0.0);
}

TEST(MetricsTest, EmptySetsScoreZero) {
  const Prf nothing = score({}, {"a"});
  EXPECT_DOUBLE_EQ(nothing.precision, 0.0);
  EXPECT_DOUBLE_EQ(nothing.recall, 0.0);
  EXPECT_DOUBLE_EQ(nothing.f1, 0.0);
  const Prf no_gold = score({"a"}, {});
  EXPECT_DOUBLE_EQ(no_gold.recall, 0.0);
  EXPECT_DOUBLE_EQ(no_gold.f1, 0.0);
}

TEST(MetricsTest, DuplicatePredictionsCountOnce) {
  const Prf p = score({"a", "a", "b"}, {"a"});
  EXPECT_EQ(p.predicted, 2);
  EXPECT_DOUBLE_EQ(p.precision, 0.5);
  EXPECT_DOUBLE_EQ(p.recall, 1.0);
}

TEST(MetricsTest, ExistingVariantDropsNewFiles) {
  // gold: a (modified), new.py (added); src gold: a only. The plan names a,
  // new.py and guess.py (which does not exist at the base either).
  const std::unordered_set<std::string> base = {"a", "b", "tests/t.py"};
  const TaskScores s =
      score_task({"a", "new.py", "guess.py"}, {"a", "new.py", "tests/t.py"}, {"a"}, base);
  EXPECT_NEAR(s.all.precision, 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(s.all.recall, 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(s.src.precision, 1.0 / 3.0, 1e-12);
  EXPECT_DOUBLE_EQ(s.src.recall, 1.0);
  // existing: predicted {a}, gold {a, tests/t.py}
  EXPECT_EQ(s.existing.predicted, 1);
  EXPECT_EQ(s.existing.gold, 2);
  EXPECT_DOUBLE_EQ(s.existing.precision, 1.0);
  EXPECT_DOUBLE_EQ(s.existing.recall, 0.5);
  EXPECT_NEAR(s.existing.f1, 2.0 / 3.0, 1e-12);
}

}  // namespace
}  // namespace stc::eval
