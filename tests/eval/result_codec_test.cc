// results.jsonl rows: the round trip, and rows the fuzzer found malformed.

#include <gtest/gtest.h>

#include "eval/result_row.h"

namespace stc::eval {
namespace {

TEST(ResultCodecTest, RowRoundTrips) {
  ResultRow row;
  row.task = "gin-0123456789";
  row.mode = "index";
  row.budget = 4000;
  row.files = {"client.go"};
  row.prompt_tokens = 1200;
  row.scores.all.hits = 1;
  auto back = row_from_json_line(row_to_json_line(row), "results.jsonl:1");
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->task, row.task);
  EXPECT_EQ(back->budget, 4000);
  EXPECT_EQ(back->files, row.files);
  EXPECT_EQ(back->prompt_tokens, 1200);
  EXPECT_EQ(back->scores.all.hits, 1);
}

TEST(ResultCodecTest, FloatIntegersInRangeAreTruncated) {
  auto row = row_from_json_line(
      R"({"task":"t","mode":"index","budget":500.0,"tokens":{"prompt":12.7},"all":{"hits":2.0}})",
      "r:1");
  ASSERT_TRUE(row) << row.error().message;
  EXPECT_EQ(row->budget, 500);
  EXPECT_EQ(row->prompt_tokens, 12);
  EXPECT_EQ(row->scores.all.hits, 2);
}

TEST(ResultCodecTest, OutOfRangeFloatIntegerIsMalformed) {
  // Found by fuzz/task_line: converting 1e300 to int64_t was undefined behaviour.
  for (const char* line :
       {R"({"task":"t","mode":"index","budget":1e300})",
        R"({"task":"t","mode":"index","budget":1,"tokens":{"completion":-1e19}})",
        R"({"task":"t","mode":"index","budget":1,"src":{"gold":3e9}})",
        R"({"task":"t","mode":"index","budget":1,"pass":{"files_parsed":1e30}})"}) {
    auto row = row_from_json_line(line, "results.jsonl:7");
    ASSERT_FALSE(row) << line;
    EXPECT_NE(row.error().message.find("results.jsonl:7"), std::string::npos);
    EXPECT_NE(row.error().message.find("out of range"), std::string::npos);
  }
}

}  // namespace
}  // namespace stc::eval
