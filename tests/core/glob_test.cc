#include "core/glob.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

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

// matches() tests a pattern's literal text before the glob itself; the
// answers must be glob_match's on the compiled forms.
TEST(GlobTest, LiteralShortcutKeepsTheGlobsAnswers) {
  const std::vector<std::string> patterns = {"**/foo[0-9]bar/", "lib*.so", "[!]a]x.txt", "a/**/b.c",
                                             "node_modules/",   "*.pb.go", "x?y"};
  const char* const paths[] = {"a/foo1bar/z",
                               "foo2bar/q",
                               "fooxbar/q",
                               "libz.so",
                               "d/lib.so",
                               "bx.txt",
                               "ax.txt",
                               "]x.txt",
                               "a/b.c",
                               "a/x/y/b.c",
                               "b/a/b.c",
                               "node_modules",
                               "w/node_modules/k.js",
                               "m.pb.go",
                               "z/m.pb.go.txt",
                               "xzy",
                               "d/xzy/e",
                               "xy"};
  for (const auto& pattern : patterns) {
    GlobSet set({pattern});
    std::string_view p = pattern;
    const bool dir_only = p.back() == '/';
    if (dir_only) p.remove_suffix(1);
    const std::string base =
        p.find('/') != std::string_view::npos ? std::string(p) : "**/" + std::string(p);
    for (const char* path : paths) {
      const bool want = (!dir_only && glob_match(base, path)) || glob_match(base + "/**", path);
      EXPECT_EQ(set.matches(path), want) << pattern << " " << path;
    }
  }
}

}  // namespace
}  // namespace stc
