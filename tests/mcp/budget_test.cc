#include "mcp/budget.h"

#include <gtest/gtest.h>

namespace stc::mcp {
namespace {

using nlohmann::json;

json numbered(const std::string& prefix, int n) {
  json out = json::array();
  for (int i = 0; i < n; ++i) out.push_back(prefix + " number " + std::to_string(i));
  return out;
}

std::string lines(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += "def function_" + std::to_string(i) + "(a, b):\n";
  return out;
}

TEST(FitToBudgetTest, LeavesADocumentThatFitsAlone) {
  json doc = {{"path", "a.py"}, {"symbols", numbered("sym", 3)}};
  const json before = doc;
  EXPECT_TRUE(fit_to_budget(doc, 1000, {{"symbols"}}).empty());
  EXPECT_EQ(doc, before);
}

TEST(FitToBudgetTest, CutsTheFirstPartOnlyAsFarAsNeeded) {
  json doc = {
      {"summary", "short"}, {"symbols", numbered("symbol", 200)}, {"notes", numbered("note", 20)}};
  const int64_t notes_tokens = json_tokens(json{{"notes", doc["notes"]}});
  const int64_t budget = notes_tokens + 300;
  auto omitted = fit_to_budget(doc, budget, {{"symbols"}, {"notes"}});
  EXPECT_LE(json_tokens(doc), budget);
  ASSERT_EQ(omitted.size(), 1u);
  EXPECT_EQ(omitted[0].field, "symbols");
  EXPECT_EQ(omitted[0].total, 200);
  EXPECT_GT(omitted[0].kept, 0);
  EXPECT_EQ(doc["symbols"].size(), static_cast<size_t>(omitted[0].kept));
  EXPECT_EQ(doc["notes"].size(), 20u);  // untouched: the first cut was enough
  // One more symbol would not have fitted.
  json more = doc;
  more["symbols"].push_back("symbol number " + std::to_string(omitted[0].kept));
  EXPECT_GT(json_tokens(more), budget);
}

TEST(FitToBudgetTest, CutsTextByLinesAndInnerArraysEvenly) {
  json doc = {{"skeleton", lines(300)},
              {"results", json::array({{{"path", "a"}, {"symbols", numbered("s", 100)}},
                                       {{"path", "b"}, {"symbols", numbered("t", 50)}}})}};
  auto omitted =
      fit_to_budget(doc, 400, {{"skeleton", "", TrimUnit::kLines}, {"results", "symbols"}});
  EXPECT_LE(json_tokens(doc), 400);
  ASSERT_EQ(omitted.size(), 2u);
  EXPECT_EQ(omitted[0].field, "skeleton");
  EXPECT_EQ(omitted[0].kept, 0);
  EXPECT_EQ(omitted[0].total, 300);
  EXPECT_EQ(doc["skeleton"], "");
  EXPECT_EQ(omitted[1].field, "results[].symbols");
  EXPECT_EQ(omitted[1].total, 150);
  const size_t kept = doc["results"][0]["symbols"].size();
  EXPECT_GT(kept, 0u);
  EXPECT_EQ(doc["results"][1]["symbols"].size(), std::min<size_t>(kept, 50));
  EXPECT_EQ(omitted[1].kept, static_cast<int64_t>(kept + std::min<size_t>(kept, 50)));

  json text = {{"skeleton", lines(10)}};
  fit_to_budget(text, json_tokens(json{{"skeleton", lines(4)}}),
                {{"skeleton", "", TrimUnit::kLines}});
  EXPECT_EQ(text["skeleton"], lines(4));
}

TEST(FitToBudgetTest, ReportsWhatItCouldNotSave) {
  json doc = {{"summary", std::string(4000, 'x')}, {"symbols", numbered("s", 10)}};
  auto omitted = fit_to_budget(doc, 50, {{"symbols"}, {"missing"}, {"summary"}});
  ASSERT_EQ(omitted.size(), 1u);  // absent and wrongly typed parts are skipped
  EXPECT_EQ(omitted[0].kept, 0);
  EXPECT_GT(json_tokens(doc), 50);  // still over: the caller reports the real size
}

TEST(BudgetJsonTest, SaysHowToSeeMore) {
  json b = budget_json(
      2000, 1990,
      {{"symbols", 10, 154, TrimUnit::kItems}, {"skeleton", 40, 300, TrimUnit::kLines}});
  EXPECT_EQ(b["max_tokens"], 2000);
  EXPECT_EQ(b["tokens"], 1990);
  EXPECT_EQ(b["omitted"][1],
            (json{{"field", "skeleton"}, {"kept", 40}, {"total", 300}, {"unit", "lines"}}));
  EXPECT_NE(b["note"].get<std::string>().find("larger max_tokens"), std::string::npos);
  EXPECT_FALSE(budget_json(2000, 10, {}).contains("note"));
}

}  // namespace
}  // namespace stc::mcp
