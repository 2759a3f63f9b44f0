#include "core/glob.h"

#include <gtest/gtest.h>

namespace stc {
namespace {

TEST(GlobTest, StarStopsAtSlashDoubleStarDoesNot) {
  EXPECT_TRUE(glob_match("*.py", "a.py"));
  EXPECT_FALSE(glob_match("*.py", "dir/a.py"));
  EXPECT_TRUE(glob_match("**/*.py", "dir/sub/a.py"));
  EXPECT_TRUE(glob_match("**/*.py", "a.py"));
  EXPECT_TRUE(glob_match("a?c", "abc"));
  EXPECT_TRUE(glob_match("[a-c]x", "bx"));
  EXPECT_FALSE(glob_match("[!a-c]x", "bx"));
}

TEST(GlobTest, BasenamePatternsMatchAtAnyDepth) {
  GlobSet set({"*.min.js"});
  EXPECT_TRUE(set.matches("web/static/app.min.js"));
  EXPECT_TRUE(set.matches("app.min.js"));
  EXPECT_FALSE(set.matches("app.js"));
}

TEST(GlobTest, DirectoryPatternsMatchEverythingBelow) {
  GlobSet set({"vendor/", "docs/generated/"});
  EXPECT_TRUE(set.matches("vendor/lib/a.go"));
  EXPECT_TRUE(set.matches("src/vendor/x.c"));
  EXPECT_TRUE(set.matches("docs/generated/api.md"));
  EXPECT_FALSE(set.matches("src/generated/api.md"));
  EXPECT_FALSE(set.matches("vendored.go"));
}

TEST(GlobTest, AnchoredPatternsStartAtTheRoot) {
  GlobSet set({"/build/*.c", "gen/*.ts"});
  EXPECT_TRUE(set.matches("build/a.c"));
  EXPECT_FALSE(set.matches("x/build/a.c"));
  EXPECT_TRUE(set.matches("gen/a.ts"));
  EXPECT_FALSE(set.matches("src/gen/a.ts"));
}

}  // namespace
}  // namespace stc
