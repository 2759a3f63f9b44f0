#include "llm/json_reply.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

namespace stc::llm {
namespace {

std::string extracted(std::string_view reply) {
  auto r = extract_json(reply);
  EXPECT_TRUE(r) << reply;
  return r ? *r : "";
}

TEST(JsonReplyTest, WholeTextIsJson) {
  EXPECT_EQ(extracted(R"({"a": 1, "b": [true, null]})"), R"({"a":1,"b":[true,null]})");
  EXPECT_EQ(extracted("  [1, 2]\n"), "[1,2]");
  EXPECT_EQ(extracted(R"("just a string")"), R"("just a string")");
}

TEST(JsonReplyTest, JsonFence) {
  EXPECT_EQ(extracted("Here you go:\n```json\n{\"summary\": \"x\"}\n```\nAnything else?"),
            R"({"summary":"x"})");
}

TEST(JsonReplyTest, BareFence) { EXPECT_EQ(extracted("```\n[\"a\", \"b\"]\n```"), R"(["a","b"])"); }

TEST(JsonReplyTest, PrefersTheJsonFenceOverOtherFences) {
  const std::string reply =
      "Example:\n```python\nprint({'x': 1})\n```\nAnswer:\n```JSON\n{\"x\": 2}\n```\n";
  EXPECT_EQ(extracted(reply), R"({"x":2})");
}

TEST(JsonReplyTest, UnclosedFenceOfATruncatedReply) {
  EXPECT_EQ(extracted("```json\n{\"a\": 1}\n"), R"({"a":1})");
}

TEST(JsonReplyTest, ObjectInProseWithTrailingText) {
  EXPECT_EQ(
      extracted(R"(Sure! {"files": ["a.py"], "why": "it {really} matters"} Hope this helps.)"),
      R"({"files":["a.py"],"why":"it {really} matters"})");
}

TEST(JsonReplyTest, BracketsInsideStringsAndEscapedQuotes) {
  EXPECT_EQ(extracted(R"(x {"s": "a \"}\" b", "t": "]"} y)"), R"({"s":"a \"}\" b","t":"]"})");
}

TEST(JsonReplyTest, SkipsBracketedProseThatIsNotJson) {
  EXPECT_EQ(extracted(R"(Note [see above] then {"ok": true})"), R"({"ok":true})");
  EXPECT_EQ(extracted(R"({not json} and then [1, 2])"), "[1,2]");
}

TEST(JsonReplyTest, NestedValues) {
  const std::string out = extracted(R"(Result: {"a": {"b": [{"c": 1}, {"d": [2, 3]}]}}.)");
  EXPECT_EQ(nlohmann::json::parse(out)["a"]["b"][1]["d"][1], 3);
}

TEST(JsonReplyTest, ToleratesComments) {
  EXPECT_EQ(extracted("{\n  // the summary\n  \"a\": 1 /* one */\n}"), R"({"a":1})");
}

TEST(JsonReplyTest, NoJsonIsAnError) {
  for (std::string_view reply :
       {"", "I cannot help with that.", "{\"a\": 1", "```json\n{oops\n```"}) {
    auto r = extract_json(reply);
    ASSERT_FALSE(r) << reply;
    EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
  }
}

TEST(JsonReplyTest, OutputParsesAnywhere) {
  const std::string out = extracted("{\"text\": \"caf\xc3\xa9 \\u00e9\"}");
  EXPECT_EQ(nlohmann::json::parse(out)["text"], "caf\xc3\xa9 \xc3\xa9");
}

TEST(JsonReplyTest, DeepNestingIsRefusedNotAStackOverflow) {
  // Found by fuzz/plan_reply: dumping a value nested 100,000 deep overflowed the stack.
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_FALSE(extract_json(deep));
  EXPECT_FALSE(extract_json("Here: " + deep + " done"));
  const std::string ok = std::string(500, '[') + std::string(500, ']');
  EXPECT_EQ(extracted(ok), ok);
}

TEST(JsonReplyTest, ManyUnclosedBracketsEndQuickly) {
  // Found by fuzzing: every unclosed '{' was scanned to the end (minutes for 60,000).
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_FALSE(extract_json(std::string(200000, '{')));
  EXPECT_EQ(extracted(std::string(2000, '{') + R"({"a": 1})"), R"({"a":1})");
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(10));
}

TEST(JsonReplyTest, SchemaInstructionCarriesTheSchema) {
  const std::string s = schema_instruction(R"({"type":"object"})");
  EXPECT_NE(s.find("JSON"), std::string::npos);
  EXPECT_NE(s.find(R"({"type":"object"})"), std::string::npos);
}

}  // namespace
}  // namespace stc::llm
