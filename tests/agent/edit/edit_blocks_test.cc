#include "agent/edit/edit_blocks.h"

#include <gtest/gtest.h>

namespace stc::agent::edit {
namespace {

TEST(EditBlocksTest, ParsesBlocksAroundProseAndFences) {
  const std::string reply =
      "Here is the change.\n```python\nsrc/app.py\n<<<<<<< SEARCH\ndef a():\n    pass\n=======\n"
      "def a():\n    return 1\n>>>>>>> REPLACE\n```\nand\r\n<<<<<<<< search\r\nx = 1\r\n=======\r\n"
      "x = 2\r\n>>>>>>>\r\n";
  auto edit = parse_reply(reply, "src/app.py", Action::kModify);
  ASSERT_TRUE(edit) << edit.error().message;
  ASSERT_EQ(edit->blocks.size(), 2u);
  EXPECT_EQ(edit->blocks[0].search, "def a():\n    pass\n");
  EXPECT_EQ(edit->blocks[0].replace, "def a():\n    return 1\n");
  EXPECT_EQ(edit->blocks[1].search, "x = 1\n");
  EXPECT_EQ(edit->blocks[1].replace, "x = 2\n");
}

TEST(EditBlocksTest, EmptyReplaceDeletes) {
  auto edit = parse_reply("<<<<<<< SEARCH\ngone\n=======\n>>>>>>> REPLACE\n", "a", Action::kModify);
  ASSERT_TRUE(edit);
  ASSERT_EQ(edit->blocks.size(), 1u);
  EXPECT_EQ(edit->blocks[0].replace, "");
}

TEST(EditBlocksTest, RejectsReplyWithoutBlocks) {
  auto edit = parse_reply("I would change the function a.", "a", Action::kModify);
  ASSERT_FALSE(edit);
  EXPECT_EQ(edit.error().code, ErrorCode::kUnavailable);
}

TEST(EditBlocksTest, RejectsUnclosedBlocks) {
  EXPECT_FALSE(parse_reply("<<<<<<< SEARCH\na\n=======\nb\n", "a", Action::kModify));
  EXPECT_FALSE(parse_reply("<<<<<<< SEARCH\na\n>>>>>>> REPLACE\n", "a", Action::kModify));
  EXPECT_FALSE(
      parse_reply("<<<<<<< SEARCH\na\n=======\nb\n<<<<<<< SEARCH\n", "a", Action::kModify));
}

TEST(EditBlocksTest, NoChangesMeansNoBlocks) {
  auto edit = parse_reply("  no_changes.\n", "a", Action::kModify);
  ASSERT_TRUE(edit);
  EXPECT_TRUE(edit->blocks.empty());
}

TEST(EditBlocksTest, NewFileFromFenceBlockOrWholeReply) {
  auto fenced = parse_reply("New file:\n```go\npackage x\n```\n", "x.go", Action::kCreate);
  ASSERT_TRUE(fenced);
  EXPECT_EQ(fenced->content, "package x\n");
  auto block =
      parse_reply("<<<<<<< SEARCH\n=======\nhello\n>>>>>>> REPLACE\n", "h", Action::kCreate);
  ASSERT_TRUE(block);
  EXPECT_EQ(block->content, "hello\n");
  auto whole = parse_reply("just text", "t", Action::kCreate);
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->content, "just text\n");
  EXPECT_FALSE(parse_reply(" \n", "t", Action::kCreate));
}

TEST(EditBlocksTest, MarkdownFenceKeepsInnerFences) {
  auto edit = parse_reply("```markdown\n# T\n```sh\nls\n```\n```\n", "d.md", Action::kCreate);
  ASSERT_TRUE(edit);
  EXPECT_EQ(edit->content, "# T\n```sh\nls\n```\n");
}

TEST(EditBlocksTest, AppliesBlocksInOrder) {
  auto out = apply_blocks("a\nb\nc\n", {{"b\n", "B\n"}, {"B\nc\n", "C\n"}});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, "a\nC\n");
}

TEST(EditBlocksTest, SearchMustMatchExactlyOnce) {
  auto missing = apply_blocks("a\nb\n", {{"x\n", "y\n"}});
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("not found"), std::string::npos);
  auto twice = apply_blocks("a\na\n", {{"a\n", "b\n"}});
  ASSERT_FALSE(twice);
  EXPECT_NE(twice.error().message.find("more than once"), std::string::npos);
}

TEST(EditBlocksTest, MatchesLastLineWithoutLineBreak) {
  auto out = apply_blocks("a\nend", {{"end\n", "END\n"}});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, "a\nEND");
}

TEST(EditBlocksTest, EmptySearchOnlyForEmptyFile) {
  EXPECT_EQ(*apply_blocks("", {{"", "x\n"}}), "x\n");
  EXPECT_FALSE(apply_blocks("y\n", {{"", "x\n"}}));
}

}  // namespace
}  // namespace stc::agent::edit
