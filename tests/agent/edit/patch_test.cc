#include "indexer/git/patch.h"

#include <gtest/gtest.h>

namespace stc::indexer::git {
namespace {

TEST(UnifiedDiffTest, ShowsChangedLinesWithContext) {
  auto diff =
      unified_diff("src/a.py", std::string("one\ntwo\nthree\n"), std::string("one\nTWO\nthree\n"));
  ASSERT_TRUE(diff) << diff.error().message;
  EXPECT_NE(diff->find("--- a/src/a.py\n+++ b/src/a.py\n"), std::string::npos) << *diff;
  EXPECT_NE(diff->find("-two\n+TWO\n"), std::string::npos) << *diff;
  EXPECT_NE(diff->find("@@ -1,3 +1,3 @@"), std::string::npos) << *diff;
}

TEST(UnifiedDiffTest, NewFileComesFromDevNull) {
  auto diff = unified_diff("pkg/new.go", std::nullopt, std::string("package pkg\n"));
  ASSERT_TRUE(diff) << diff.error().message;
  EXPECT_NE(diff->find("--- /dev/null\n+++ b/pkg/new.go\n"), std::string::npos) << *diff;
  EXPECT_NE(diff->find("+package pkg\n"), std::string::npos) << *diff;
}

TEST(UnifiedDiffTest, EqualTextsGiveNothing) {
  auto diff = unified_diff("a", std::string("x\n"), std::string("x\n"));
  ASSERT_TRUE(diff);
  EXPECT_EQ(*diff, "");
}

}  // namespace
}  // namespace stc::indexer::git
