#include "core/path_scope.h"

#include <gtest/gtest.h>

namespace stc {
namespace {

TEST(PathScopeTest, WholeRepositoryContainsEveryPath) {
  const PathScope whole;
  EXPECT_TRUE(whole.whole());
  EXPECT_TRUE(whole.contains("a.py"));
  EXPECT_TRUE(whole.contains("deep/down/b.go"));
  for (const char* dir : {"", ".", "./", "./."}) {
    auto s = PathScope::under(dir);
    ASSERT_TRUE(s) << dir;
    EXPECT_TRUE(s->whole()) << dir;
  }
}

TEST(PathScopeTest, SubtreeContainsOnlyPathsUnderIt) {
  auto s = PathScope::under("./services//billing/");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->prefix(), "services/billing/");
  EXPECT_TRUE(s->contains("services/billing/retry.py"));
  EXPECT_TRUE(s->contains("services/billing/api/v1.py"));
  EXPECT_FALSE(s->contains("services/billing"));  // the directory itself is no file in it
  EXPECT_FALSE(s->contains("services/billing2/retry.py"));
  EXPECT_FALSE(s->contains("services/shipping/retry.py"));
  EXPECT_FALSE(s->contains("README.md"));
}

TEST(PathScopeTest, RejectsPathsOutsideTheRepository) {
  EXPECT_EQ(PathScope::under("../elsewhere").error().code, ErrorCode::kBadInput);
  EXPECT_EQ(PathScope::under("a/../../b").error().code, ErrorCode::kBadInput);
  EXPECT_EQ(PathScope::under("/etc").error().code, ErrorCode::kBadInput);
}

}  // namespace
}  // namespace stc
