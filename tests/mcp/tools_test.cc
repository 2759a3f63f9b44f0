// Every tool through tools/call on a real indexed repository: the text is
// the structuredContent serialized, results stay within max_tokens and say
// what they left out, and a stale index is reported in every result.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/tokens.h"
#include "mcp/server.h"
#include "tests/mcp/indexed_repo.h"
#include "tests/support/temp_repo.h"

namespace stc::mcp {
namespace {

using nlohmann::json;

json call_tool(Server& server, const std::string& name, json args) {
  json msg = {{"jsonrpc", "2.0"},
              {"id", 1},
              {"method", "tools/call"},
              {"params", {{"name", name}, {"arguments", std::move(args)}}}};
  auto reply = server.handle_line(msg.dump());
  EXPECT_TRUE(reply);
  json parsed = json::parse(*reply);
  EXPECT_TRUE(parsed.contains("result")) << parsed;
  return parsed["result"];
}

std::string text_of(const json& result) { return result["content"][0]["text"].get<std::string>(); }

// A successful result: its text parses to its structuredContent, and both
// fit the budget the result reports.
void expect_consistent(const json& r) {
  ASSERT_FALSE(r["isError"].get<bool>()) << r;
  const json& s = r["structuredContent"];
  EXPECT_EQ(json::parse(text_of(r)), s);
  const int64_t max_tokens = s["output_budget"]["max_tokens"].get<int64_t>();
  EXPECT_LE(estimate_tokens(text_of(r)), max_tokens);
  EXPECT_LE(s["output_budget"]["tokens"].get<int64_t>(), max_tokens);
}

class ToolsTest : public ::testing::Test {
 protected:
  Server server_{ServerOptions{stc::testing::indexed_pyweather(), "test"}};
};

TEST_F(ToolsTest, IndexStatusReportsAFreshIndex) {
  json r = call_tool(server_, "index_status", json::object());
  expect_consistent(r);
  EXPECT_EQ(r["content"][0]["type"], "text");
  EXPECT_EQ(r["content"].size(), 1u);  // no staleness warning
  EXPECT_TRUE(r["structuredContent"]["fresh"].get<bool>());
  EXPECT_GT(r["structuredContent"]["files_total"].get<int>(), 10);
  EXPECT_TRUE(r["structuredContent"]["index"]["fresh"].get<bool>());
  EXPECT_EQ(r["structuredContent"]["output_budget"]["max_tokens"], 2000);
  EXPECT_TRUE(r["structuredContent"]["output_budget"]["omitted"].empty());
}

TEST_F(ToolsTest, ModuleContextGivesSummaryOutlineNotesAndPartners) {
  json r =
      call_tool(server_, "module_context", {{"path", "weather/client.py"}, {"max_tokens", 100000}});
  expect_consistent(r);
  const std::string text = text_of(r);
  for (const char* want : {"weather/client.py", "class WeatherClient", "docs/usage.md"}) {
    EXPECT_NE(text.find(want), std::string::npos) << want << "\n" << text;
  }
  const json& s = r["structuredContent"];
  EXPECT_TRUE(s["output_budget"]["omitted"].empty()) << s["output_budget"];
  EXPECT_FALSE(s["importers"].empty());
  EXPECT_FALSE(s["symbols"].empty());
  EXPECT_EQ(s["path"], "weather/client.py");
  EXPECT_FALSE(s["summary"].get<std::string>().empty());
  EXPECT_FALSE(s["notes"].empty());
  EXPECT_FALSE(s["co_change"].empty());
  EXPECT_LE(s["co_change"].size(), 8u);
  json few =
      call_tool(server_, "module_context", {{"path", "./weather/client.py"}, {"max_partners", 2}});
  EXPECT_EQ(few["structuredContent"]["co_change"].size(), 2u);
}

TEST_F(ToolsTest, ModuleContextCutsToMaxTokensAndSaysWhatItLeftOut) {
  json full =
      call_tool(server_, "module_context", {{"path", "weather/client.py"}, {"max_tokens", 100000}});
  const int64_t full_tokens = full["structuredContent"]["output_budget"]["tokens"].get<int64_t>();
  ASSERT_GT(full_tokens, 1200) << "the sample file is too small to need a cut";
  json r =
      call_tool(server_, "module_context", {{"path", "weather/client.py"}, {"max_tokens", 1000}});
  expect_consistent(r);
  const json& s = r["structuredContent"];
  const json& omitted = s["output_budget"]["omitted"];
  ASSERT_FALSE(omitted.empty()) << s["output_budget"];
  EXPECT_EQ(omitted[0]["field"], "symbols");  // the least useful part goes first
  for (const auto& o : omitted) {
    EXPECT_LT(o["kept"].get<int64_t>(), o["total"].get<int64_t>()) << o;
    const std::string field = o["field"];
    if (o["unit"] == "items") {
      EXPECT_EQ(s[field].size(), o["kept"].get<size_t>()) << field;
      EXPECT_EQ(full["structuredContent"][field].size(), o["total"].get<size_t>()) << field;
    }
  }
  EXPECT_NE(s["output_budget"]["note"].get<std::string>().find("larger max_tokens"),
            std::string::npos);
  EXPECT_EQ(s["summary"], full["structuredContent"]["summary"]);  // cut last
  // The default budget is about 2k tokens, and keeps what matters most here.
  json fallback = call_tool(server_, "module_context", {{"path", "weather/client.py"}});
  expect_consistent(fallback);
  const json& d = fallback["structuredContent"];
  EXPECT_EQ(d["output_budget"]["max_tokens"], 2000);
  for (const char* kept : {"summary", "skeleton", "notes", "importers", "depends_on"}) {
    EXPECT_EQ(d[kept], full["structuredContent"][kept]) << kept;
  }
}

TEST_F(ToolsTest, ModuleContextOfAnUnknownPathIsAToolError) {
  json r = call_tool(server_, "module_context", {{"path", "no/such/file.py"}});
  EXPECT_TRUE(r["isError"].get<bool>());
  EXPECT_NE(text_of(r).find("not in the indexed commit"), std::string::npos);
  EXPECT_FALSE(r.contains("structuredContent"));  // nothing to validate against the schema
}

TEST_F(ToolsTest, SearchIndexRanksFilesAndCommits) {
  json r = call_tool(server_, "search_index", {{"query", "retry backoff"}, {"limit", 3}});
  expect_consistent(r);
  const json& results = r["structuredContent"]["results"];
  ASSERT_FALSE(results.empty());
  EXPECT_LE(results.size(), 3u);
  EXPECT_NE(text_of(r).find(results[0]["path"].get<std::string>()), std::string::npos);
  EXPECT_TRUE(r["structuredContent"]["commits"].is_array());
  json none = call_tool(server_, "search_index", {{"query", "zzzqqqxxy"}});
  expect_consistent(none);
  EXPECT_TRUE(none["structuredContent"]["results"].empty());
}

TEST_F(ToolsTest, PlanFeatureNamesFilesWithReasons) {
  json r = call_tool(server_, "plan_feature",
                     {{"feature", "Add a new weather provider for the Norwegian met office API"},
                      {"budget", 3000}});
  expect_consistent(r);
  const json& s = r["structuredContent"];
  EXPECT_EQ(s["mode"], "index");
  EXPECT_EQ(s["budget"], 3000);
  ASSERT_FALSE(s["files"].empty()) << text_of(r);
  for (const auto& f : s["files"]) {
    EXPECT_TRUE(f["action"] == "modify" || f["action"] == "create") << f;
    EXPECT_NE(text_of(r).find(f["path"].get<std::string>()), std::string::npos);
  }
  EXPECT_LE(s["tokens"]["prompt"].get<int64_t>(), 3000);
}

TEST(ToolsStaleTest, EveryToolReportsAnIndexBehindHead) {
  stc::testing::TempRepo repo;
  repo.write("app/main.py", "\"\"\"Entry point.\"\"\"\n\ndef main():\n    return 1\n");
  repo.commit("first");
  std::string out;
  ASSERT_EQ(stc::testing::run_stc(repo.path(), "init -q", &out, true), 0) << out;
  repo.write("app/util.py", "def helper():\n    return 2\n");
  repo.commit("second");  // no hook: the index stays at the first commit
  Server server(ServerOptions{repo.path(), "test"});
  const std::vector<std::pair<std::string, json>> calls = {
      {"index_status", json::object()},
      {"module_context", {{"path", "app/main.py"}}},
      {"search_index", {{"query", "main"}}},
      {"plan_feature", {{"feature", "Add a command line flag to main"}}},
  };
  for (const auto& [name, args] : calls) {
    json r = call_tool(server, name, args);
    expect_consistent(r);
    ASSERT_EQ(r["content"].size(), 2u) << name;
    const std::string warning = r["content"][1]["text"];
    EXPECT_EQ(warning.rfind("WARNING: index is stale", 0), 0u) << name << ": " << warning;
    EXPECT_FALSE(r["structuredContent"]["index"]["fresh"].get<bool>()) << name;
    EXPECT_EQ(r["structuredContent"]["index"]["pending"], 1) << name;
  }
  // Read-only: no pass was started, the index still describes the first commit.
  ASSERT_EQ(stc::testing::run_stc(repo.path(), "status --json", &out), 0);
  EXPECT_FALSE(json::parse(out)["fresh"].get<bool>());
}

TEST(ToolsNoIndexTest, ToolsSayToRunInit) {
  stc::testing::TempRepo repo;
  repo.write("a.py", "x = 1\n");
  repo.commit("first");
  Server server(ServerOptions{repo.path(), "test"});
  json r = call_tool(server, "index_status", json::object());
  EXPECT_TRUE(r["isError"].get<bool>());
  EXPECT_NE(text_of(r).find("stc init"), std::string::npos) << text_of(r);
}

}  // namespace
}  // namespace stc::mcp
