// Message cleaning, skip rules and path classification of the miner.

#include <gtest/gtest.h>

#include "core/commit_message.h"
#include "core/path_kind.h"

namespace stc {
namespace {

std::string describe(const std::string& message, bool merge = false) {
  return describe_commit(message, merge, 4).description;
}
std::string reason(const std::string& message, bool merge = false) {
  return describe_commit(message, merge, 4).skip_reason;
}

TEST(MessageTest, StripsPrNumbersPrefixesAndTags) {
  EXPECT_EQ(describe("Add proxy support to the HTTP client (#1234)"),
            "Add proxy support to the HTTP client");
  EXPECT_EQ(describe("feat: add retry with exponential backoff"),
            "add retry with exponential backoff");
  EXPECT_EQ(describe("feat(cli)!: add a --json flag to every command."),
            "cli: add a --json flag to every command");
  EXPECT_EQ(
      describe("[core] Support custom JSON encoders per app\n\nLong body.\n\nSigned-off-by: X"),
      "Support custom JSON encoders per app");
  EXPECT_EQ(describe("Add streaming responses to the client, closes #77"),
            "Add streaming responses to the client");
}

TEST(MessageTest, PullRequestMergeUsesTheTitle) {
  EXPECT_EQ(describe("Merge pull request #12 from bob/csv\n\nAdd CSV export for reports", true),
            "Add CSV export for reports");
  EXPECT_EQ(describe("Merge pull request #12 from bob/add-csv-export-for-reports", true),
            "add csv export for reports");
  EXPECT_EQ(reason("Merge branch 'main' into feature", true), "merge");
  EXPECT_EQ(reason("Merge remote-tracking branch 'origin/2.0'", true), "merge");
}

TEST(MessageTest, SkipsChoresByReason) {
  EXPECT_EQ(reason("Revert \"Add proxy support to the client\""), "revert");
  EXPECT_EQ(reason("Bump version to 2.3.1"), "version");
  EXPECT_EQ(reason("Release 3.0.0"), "version");
  EXPECT_EQ(reason("v1.2.3"), "version");
  EXPECT_EQ(reason("Bump requests from 2.31.0 to 2.32.0"), "deps");
  EXPECT_EQ(reason("chore(deps): update all non-major dependencies"), "deps");
  EXPECT_EQ(reason("Update dependencies for the docs build"), "deps");
  EXPECT_EQ(reason("Reformat the code base with black"), "format");
  EXPECT_EQ(reason("style: apply prettier to the sources"), "chore");
  EXPECT_EQ(reason("Fix flake8 warnings in the test suite"), "lint");
  EXPECT_EQ(reason("Fix typos in comments and docstrings"), "typo");
  EXPECT_EQ(reason("Fix bug"), "short");
  EXPECT_EQ(reason("Add proxy support to the HTTP client"), "");
}

TEST(PathKindTest, ClassifiesTestsDocsBuildAndSources) {
  EXPECT_EQ(classify_path("src/flask/app.py"), PathKind::kSource);
  EXPECT_EQ(classify_path("tests/test_app.py"), PathKind::kTest);
  EXPECT_EQ(classify_path("pkg/client_test.go"), PathKind::kTest);
  EXPECT_EQ(classify_path("lib/router.spec.ts"), PathKind::kTest);
  EXPECT_EQ(classify_path("src/test/java/FooTest.java"), PathKind::kTest);
  EXPECT_EQ(classify_path("conftest.py"), PathKind::kTest);
  EXPECT_EQ(classify_path("docs/api.rst"), PathKind::kDoc);
  EXPECT_EQ(classify_path("CHANGES.rst"), PathKind::kDoc);
  EXPECT_EQ(classify_path("README.md"), PathKind::kDoc);
  EXPECT_EQ(classify_path("docs/conf.py"), PathKind::kDoc);
  EXPECT_EQ(classify_path("CMakeLists.txt"), PathKind::kBuild);
  EXPECT_EQ(classify_path("pyproject.toml"), PathKind::kBuild);
  EXPECT_EQ(classify_path(".github/workflows/ci.yml"), PathKind::kBuild);
  EXPECT_EQ(classify_path("requirements/dev.txt"), PathKind::kBuild);
  EXPECT_EQ(classify_path("package.json"), PathKind::kBuild);
  EXPECT_EQ(classify_path("config/settings.yaml"), PathKind::kOther);
  EXPECT_EQ(classify_path("go.sum"), PathKind::kIgnored);
  EXPECT_EQ(classify_path("package-lock.json"), PathKind::kIgnored);
  EXPECT_EQ(classify_path("vendor/lib/x.go"), PathKind::kIgnored);
  EXPECT_EQ(classify_path("static/logo.png"), PathKind::kIgnored);
  EXPECT_EQ(classify_path("dist/app.min.js"), PathKind::kIgnored);
  EXPECT_TRUE(is_code_path("tests/test_app.py"));
  EXPECT_FALSE(is_code_path("docs/index.md"));
}

}  // namespace
}  // namespace stc
