#include "indexer/git/ignore_rules.h"

#include <gtest/gtest.h>

namespace stc::indexer::git {
namespace {

IgnoreRules rules_of(const std::string& text) {
  auto rules = IgnoreRules::parse(text);
  EXPECT_TRUE(rules) << rules.error().message;
  return rules ? std::move(*rules) : IgnoreRules{};
}

TEST(IgnoreRulesTest, FollowsGitignoreSemantics) {
  const IgnoreRules r = rules_of(
      "# comment\n"
      "vendor/\n"
      "*.gen.go\n"
      "!keep.gen.go\n"
      "/top.txt\n"
      "docs/**/*.md\n");
  EXPECT_FALSE(r.empty());
  EXPECT_TRUE(r.ignores("vendor/a.go"));        // a directory rule covers what is under it
  EXPECT_TRUE(r.ignores("lib/vendor/b/c.go"));  // unanchored: at any depth
  EXPECT_TRUE(r.ignores("x.gen.go"));
  EXPECT_TRUE(r.ignores("pkg/y.gen.go"));
  EXPECT_FALSE(r.ignores("pkg/keep.gen.go"));  // negation re-includes
  EXPECT_TRUE(r.ignores("top.txt"));
  EXPECT_FALSE(r.ignores("sub/top.txt"));  // a leading slash anchors at the root
  EXPECT_TRUE(r.ignores("docs/a/b/c.md"));
  EXPECT_FALSE(r.ignores("docs/a/b/c.py"));
  EXPECT_FALSE(r.ignores("src/main.go"));
  EXPECT_FALSE(r.ignores("vendor"));  // a file named like the directory rule
}

TEST(IgnoreRulesTest, EmptyAndCommentOnlyRulesIgnoreNothing) {
  EXPECT_TRUE(IgnoreRules{}.empty());
  EXPECT_FALSE(IgnoreRules{}.ignores("a.py"));
  const IgnoreRules r = rules_of("# nothing here\n\n   \n");
  EXPECT_TRUE(r.empty());
  EXPECT_FALSE(r.ignores("a.py"));
}

// Isolation from the user's global excludes is checked end to end (a fresh
// process, HOME pointing at a ~/.config/git/ignore) in tests/e2e/scope_test.sh.

}  // namespace
}  // namespace stc::indexer::git
