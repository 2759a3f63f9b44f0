// The AGENTS.md section: merging keeps the user's text, exporting twice is a
// no-op, and the real `stc export agents-md` writes a section from the index.

#include "mcp/agents_md.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/mcp/indexed_repo.h"
#include "tests/support/temp_repo.h"

namespace stc::mcp {
namespace {

const std::string kSection = std::string(kBeginMarker) + "\nnew body\n" + kEndMarker + "\n";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(MergeSectionTest, EmptyFileBecomesTheSection) {
  EXPECT_EQ(*merge_section("", kSection), kSection);
}

TEST(MergeSectionTest, AppendsAfterUserTextWithABlankLine) {
  EXPECT_EQ(*merge_section("# Notes\nkeep me", kSection), "# Notes\nkeep me\n\n" + kSection);
  EXPECT_EQ(*merge_section("# Notes\n", kSection), "# Notes\n\n" + kSection);
}

TEST(MergeSectionTest, ReplacesOnlyBetweenTheMarkers) {
  const std::string before = "# Project\n\nIntro.\n\n";
  const std::string after = "\n## Rules\n- never push on Fridays\n";
  const std::string old = std::string(kBeginMarker) + "\nold body\n" + kEndMarker + "\n";
  EXPECT_EQ(*merge_section(before + old + after, kSection), before + kSection + after);
  // No newline after the end marker at the end of the file.
  EXPECT_EQ(*merge_section(before + old.substr(0, old.size() - 1), kSection), before + kSection);
}

TEST(MergeSectionTest, IsIdempotent) {
  const std::string once = *merge_section("user text\n", kSection);
  EXPECT_EQ(*merge_section(once, kSection), once);
}

TEST(MergeSectionTest, RefusesUnbalancedMarkers) {
  EXPECT_FALSE(merge_section(std::string("x\n") + kBeginMarker + "\nno end\n", kSection));
  EXPECT_FALSE(merge_section(std::string(kEndMarker) + "\n" + kBeginMarker + "\n", kSection));
  EXPECT_FALSE(merge_section(std::string(kBeginMarker) + kBeginMarker + kEndMarker, kSection));
}

TEST(WriteSectionTest, CreatesUpdatesAndLeavesUnchanged) {
  stc::testing::TempDir dir;
  const std::string path = dir.path() + "/AGENTS.md";
  EXPECT_EQ(*write_section(path, kSection), WriteOutcome::kCreated);
  EXPECT_EQ(read_file(path), kSection);
  EXPECT_EQ(*write_section(path, kSection), WriteOutcome::kUnchanged);
  std::ofstream(path, std::ios::app) << "\nmine\n";
  const std::string other = std::string(kBeginMarker) + "\nother\n" + kEndMarker + "\n";
  EXPECT_EQ(*write_section(path, other), WriteOutcome::kUpdated);
  EXPECT_EQ(read_file(path), other + "\nmine\n");
}

TEST(WriteSectionTest, FollowsASymlink) {
  stc::testing::TempDir dir;
  std::ofstream(dir.path() + "/AGENTS.md") << "# Agents\n";
  std::filesystem::create_symlink("AGENTS.md", dir.path() + "/CLAUDE.md");
  EXPECT_EQ(*write_section(dir.path() + "/CLAUDE.md", kSection), WriteOutcome::kUpdated);
  EXPECT_TRUE(std::filesystem::is_symlink(dir.path() + "/CLAUDE.md"));
  EXPECT_EQ(read_file(dir.path() + "/AGENTS.md"), "# Agents\n\n" + kSection);
}

TEST(ExportAgentsMdTest, WritesTheOverviewAndNotesAndIsIdempotent) {
  stc::testing::TempDir dir;
  const std::string repo = dir.path() + "/repo";
  std::string out;
  ASSERT_EQ(
      stc::testing::run_command("cp -a '" + stc::testing::indexed_pyweather() + "' '" + repo + "'"),
      0);
  const std::string user = "# Working here\n\nRun `make test` before pushing.\n";
  std::ofstream(repo + "/CLAUDE.md") << user;
  ASSERT_EQ(stc::testing::run_stc(repo, "export agents-md --file CLAUDE.md", &out, true), 0) << out;
  EXPECT_NE(out.find("updated"), std::string::npos) << out;
  const std::string first = read_file(repo + "/CLAUDE.md");
  EXPECT_EQ(first.rfind(user, 0), 0u) << "user text must stay first, unchanged";
  for (const char* want :
       {kBeginMarker, kEndMarker, "### Key files", "### Likely changes", "`weather/"}) {
    EXPECT_NE(first.find(want), std::string::npos) << want << "\n" << first;
  }
  ASSERT_EQ(stc::testing::run_stc(repo, "export agents-md --file CLAUDE.md --json", &out), 0);
  EXPECT_NE(out.find("\"unchanged\""), std::string::npos) << out;
  EXPECT_EQ(read_file(repo + "/CLAUDE.md"), first);
  // Default target: AGENTS.md at the root, also from a subdirectory.
  ASSERT_EQ(stc::testing::run_stc(repo + "/weather", "export agents-md", &out, true), 0) << out;
  EXPECT_NE(out.find("created"), std::string::npos) << out;
  EXPECT_TRUE(std::filesystem::exists(repo + "/AGENTS.md"));
  EXPECT_FALSE(std::filesystem::exists(repo + "/weather/AGENTS.md"));
}

}  // namespace
}  // namespace stc::mcp
