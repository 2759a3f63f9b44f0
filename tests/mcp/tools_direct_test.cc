// mcp::Tools called directly, without the JSON-RPC server in front
// (tools_test drives the same tools through Server): the fixed tool list,
// has(), a successful call's two contents, and a refused argument.

#include "mcp/tools.h"

#include <gtest/gtest.h>

#include "tests/mcp/indexed_repo.h"

namespace stc::mcp {
namespace {

using nlohmann::json;

TEST(ToolsDirectTest, ListNamesEveryToolWithBothSchemasAndHasAgrees) {
  const json list = Tools::list();
  ASSERT_TRUE(list.is_array());
  ASSERT_FALSE(list.empty());
  for (const auto& tool : list) {
    const std::string name = tool["name"].get<std::string>();
    EXPECT_TRUE(Tools::has(name)) << name;
    EXPECT_TRUE(tool.contains("description")) << name;
    EXPECT_EQ(tool["inputSchema"]["type"], "object") << name;
    EXPECT_EQ(tool["outputSchema"]["type"], "object") << name;
  }
  EXPECT_FALSE(Tools::has("no_such_tool"));
}

TEST(ToolsDirectTest, IndexStatusCarriesStructuredContentAndItsText) {
  Tools tools(stc::testing::indexed_pyweather());
  const json r = tools.call("index_status", json::object());
  ASSERT_FALSE(r.value("isError", false)) << r.dump();
  ASSERT_TRUE(r.contains("structuredContent"));
  EXPECT_TRUE(r["structuredContent"]["fresh"].get<bool>());
  EXPECT_EQ(r["content"][0]["type"], "text");
  EXPECT_EQ(json::parse(r["content"][0]["text"].get<std::string>()), r["structuredContent"])
      << "the text content is the structured document serialized";
}

TEST(ToolsDirectTest, AnArgumentTheSchemaRefusesIsAToolError) {
  Tools tools(stc::testing::indexed_pyweather());
  const json r = tools.call("module_context", {{"path", 12}});
  EXPECT_TRUE(r["isError"].get<bool>());
  EXPECT_FALSE(r.contains("structuredContent"));
  EXPECT_EQ(r["content"][0]["type"], "text");
}

}  // namespace
}  // namespace stc::mcp
