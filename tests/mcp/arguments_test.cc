#include "mcp/arguments.h"

#include <gtest/gtest.h>

namespace stc::mcp {
namespace {

const nlohmann::json kSchema = nlohmann::json::parse(R"({
  "type": "object",
  "properties": {
    "query": {"type": "string", "minLength": 1},
    "limit": {"type": "integer", "minimum": 1, "maximum": 50, "default": 10}
  },
  "required": ["query"],
  "additionalProperties": false
})");

TEST(CheckArgumentsTest, FillsDefaults) {
  nlohmann::json args = {{"query", "retry"}};
  EXPECT_EQ(check_arguments(kSchema, args), "");
  EXPECT_EQ(args["limit"], 10);
}

TEST(CheckArgumentsTest, AcceptsIntegralFloats) {
  nlohmann::json args = {{"query", "retry"}, {"limit", 5.0}};
  EXPECT_EQ(check_arguments(kSchema, args), "");
  EXPECT_TRUE(args["limit"].is_number_integer());
}

TEST(CheckArgumentsTest, RejectsWhatTheSchemaForbids) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({})", "missing required argument 'query'"},
      {R"({"query": 3})", "argument 'query' must be a string"},
      {R"({"query": "  "})", "argument 'query' must not be empty"},
      {R"({"query": "a", "limit": 0})", "argument 'limit' must be at least 1"},
      {R"({"query": "a", "limit": 51})", "argument 'limit' must be at most 50"},
      {R"({"query": "a", "limit": 2.5})", "argument 'limit' must be an integer"},
      {R"({"query": "a", "extra": true})", "unknown argument 'extra'"},
      {R"([1])", "arguments must be an object"},
  };
  for (const auto& [text, want] : cases) {
    nlohmann::json args = nlohmann::json::parse(text);
    EXPECT_EQ(check_arguments(kSchema, args), want) << text;
  }
}

TEST(CheckArgumentsTest, NullArgumentsMeanNone) {
  const nlohmann::json schema = {{"type", "object"}, {"properties", nlohmann::json::object()}};
  nlohmann::json args;
  EXPECT_EQ(check_arguments(schema, args), "");
  EXPECT_TRUE(args.is_object());
}

}  // namespace
}  // namespace stc::mcp
