// The dispatcher driven with strings: the JSON-RPC envelope, both protocol
// eras, and protocol errors. Tool results are covered in tools_test.cc.

#include "mcp/server.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/mcp/indexed_repo.h"

namespace stc::mcp {
namespace {

using nlohmann::json;

const json kModernMeta = {{"io.modelcontextprotocol/protocolVersion", kModernVersion},
                          {"io.modelcontextprotocol/clientCapabilities", json::object()}};

class ServerTest : public ::testing::Test {
 protected:
  ServerTest() : server_(ServerOptions{stc::testing::indexed_pyweather(), "9.9.9"}) {}

  json send(const std::string& line) {
    auto reply = server_.handle_line(line);
    if (!reply) return nullptr;
    EXPECT_EQ(reply->find('\n'), std::string::npos) << "a reply must be one line";
    return json::parse(*reply);
  }
  json request(const std::string& method, json params = json::object(), json id = 1) {
    json msg = {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
    if (!params.is_null()) msg["params"] = std::move(params);
    return send(msg.dump());
  }
  static int error_code(const json& reply) { return reply.at("error").at("code").get<int>(); }

  Server server_;
};

TEST_F(ServerTest, LegacyHandshakeEchoesASupportedVersion) {
  json reply = request("initialize", {{"protocolVersion", "2025-06-18"},
                                      {"capabilities", json::object()},
                                      {"clientInfo", {{"name", "test"}, {"version", "1"}}}});
  ASSERT_TRUE(reply.contains("result")) << reply;
  const json& r = reply["result"];
  EXPECT_EQ(reply["id"], 1);
  EXPECT_EQ(r["protocolVersion"], "2025-06-18");
  EXPECT_EQ(r["serverInfo"]["name"], "stc");
  EXPECT_EQ(r["serverInfo"]["version"], "9.9.9");
  EXPECT_TRUE(r["capabilities"].contains("tools"));
  EXPECT_TRUE(r["capabilities"].contains("resources"));
  EXPECT_FALSE(r.contains("resultType"));
  EXPECT_TRUE(send(R"({"jsonrpc":"2.0","method":"notifications/initialized"})").is_null());
  EXPECT_EQ(request("ping", nullptr, "p")["result"], json::object());
}

TEST_F(ServerTest, LegacyHandshakeOffersTheNewestLegacyVersionForAnUnknownOne) {
  for (const char* asked : {"1999-01-01", kModernVersion}) {
    json reply =
        request("initialize", {{"protocolVersion", asked}, {"capabilities", json::object()}});
    EXPECT_EQ(reply["result"]["protocolVersion"], kLatestLegacyVersion) << asked;
  }
  EXPECT_EQ(error_code(request("initialize", json::object())), -32602);
}

TEST_F(ServerTest, ModernDiscoverListsVersionsWithCacheHints) {
  json reply = request("server/discover", {{"_meta", kModernMeta}}, "d1");
  const json& r = reply.at("result");
  EXPECT_EQ(reply["id"], "d1");
  EXPECT_EQ(r["resultType"], "complete");
  EXPECT_EQ(r["supportedVersions"], json::array({kModernVersion}));
  EXPECT_TRUE(r["capabilities"].contains("tools"));
  EXPECT_EQ(r["_meta"]["io.modelcontextprotocol/serverInfo"]["name"], "stc");
  EXPECT_GE(r["ttlMs"].get<int64_t>(), 0);
  EXPECT_EQ(r["cacheScope"], "public");
}

TEST_F(ServerTest, ModernRequestWithAnUnknownVersionGetsUnsupportedProtocolVersion) {
  json meta = kModernMeta;
  meta["io.modelcontextprotocol/protocolVersion"] = "1900-01-01";
  json reply = request("tools/list", {{"_meta", meta}});
  EXPECT_EQ(error_code(reply), -32022);
  EXPECT_EQ(reply["error"]["data"]["requested"], "1900-01-01");
  EXPECT_EQ(reply["error"]["data"]["supported"], json::array({kModernVersion}));
}

TEST_F(ServerTest, ModernRequestWithoutCapabilitiesIsInvalidParams) {
  json meta = {{"io.modelcontextprotocol/protocolVersion", kModernVersion}};
  EXPECT_EQ(error_code(request("tools/list", {{"_meta", meta}})), -32602);
}

TEST_F(ServerTest, ToolsListDescribesEveryToolWithASchema) {
  json reply = request("tools/list", {{"_meta", kModernMeta}});
  const json& r = reply.at("result");
  EXPECT_EQ(r["resultType"], "complete");
  EXPECT_TRUE(r.contains("ttlMs"));
  std::vector<std::string> names;
  for (const auto& t : r["tools"]) {
    names.push_back(t["name"]);
    EXPECT_FALSE(t["description"].get<std::string>().empty());
    EXPECT_EQ(t["inputSchema"]["type"], "object");
  }
  EXPECT_EQ(names, (std::vector<std::string>{"plan_feature", "module_context", "search_index",
                                             "index_status"}));
  json legacy = request("tools/list");
  EXPECT_FALSE(legacy["result"].contains("resultType"));
  EXPECT_EQ(legacy["result"]["tools"], r["tools"]);
}

TEST_F(ServerTest, InvalidParamsAreJsonRpcErrors) {
  const std::vector<json> bad = {
      {{"name", "module_context"}, {"arguments", json::object()}},                 // missing path
      {{"name", "module_context"}, {"arguments", {{"path", 42}}}},                 // wrong type
      {{"name", "search_index"}, {"arguments", {{"query", "x"}, {"limit", 0}}}},   // out of range
      {{"name", "search_index"}, {"arguments", {{"query", "x"}, {"colour", 1}}}},  // unknown
      {{"name", "plan_feature"}, {"arguments", "add proxy"}},                      // not an object
      {{"name", "no_such_tool"}, {"arguments", json::object()}},
      {{"arguments", json::object()}},  // no name
  };
  for (const auto& params : bad) {
    EXPECT_EQ(error_code(request("tools/call", params)), -32602) << params;
  }
  EXPECT_EQ(error_code(request("resources/read", json::object())), -32602);
  EXPECT_EQ(error_code(send(R"({"jsonrpc":"2.0","id":3,"method":"tools/list","params":[1]})")),
            -32602);
}

TEST_F(ServerTest, UnknownMethodIsMethodNotFound) {
  json reply = request("tools/frobnicate", json::object(), 7);
  EXPECT_EQ(error_code(reply), -32601);
  EXPECT_EQ(reply["id"], 7);
  EXPECT_TRUE(send(R"({"jsonrpc":"2.0","method":"notifications/unknown"})").is_null());  // no reply
}

TEST_F(ServerTest, MalformedMessagesAreAnsweredWithNullIds) {
  const std::vector<std::pair<std::string, int>> cases = {
      {"{not json", -32700},
      {R"({"jsonrpc":"2.0","id":1,"method":"ping")", -32700},
      {R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])", -32600},
      {R"("just a string")", -32600},
      {R"({"id":1,"method":"ping"})", -32600},
      {R"({"jsonrpc":"1.0","id":1,"method":"ping"})", -32600},
      {R"({"jsonrpc":"2.0","id":1.5,"method":"ping"})", -32600},
      {R"({"jsonrpc":"2.0","id":null,"method":"ping"})", -32600},
      {R"({"jsonrpc":"2.0","id":1})", -32600},
      {std::string(10000, '[') + std::string(10000, ']'), -32600},
  };
  for (const auto& [line, code] : cases) {
    json reply = send(line);
    ASSERT_TRUE(reply.is_object()) << line.substr(0, 80);
    EXPECT_EQ(error_code(reply), code) << line.substr(0, 80);
    EXPECT_TRUE(reply["id"].is_null()) << line.substr(0, 80);
    EXPECT_EQ(reply["jsonrpc"], "2.0");
  }
  EXPECT_EQ(error_code(send(R"({"jsonrpc":"2.0","id":"x","method":5})")), -32600);
  EXPECT_TRUE(send("   ").is_null());                                      // blank line
  EXPECT_TRUE(send(R"({"jsonrpc":"2.0","id":9,"result":{}})").is_null());  // a response
  EXPECT_EQ(error_code(json::parse(server_.line_too_long(1024))), -32600);
}

TEST_F(ServerTest, ResourcesListAndRead) {
  json list = request("resources/list");
  ASSERT_TRUE(list.contains("result")) << list;
  const json& resources = list["result"]["resources"];
  ASSERT_FALSE(resources.empty());
  EXPECT_EQ(resources[0]["uri"], "stc://overview");
  json overview = request("resources/read", {{"uri", "stc://overview"}});
  const json& content = overview.at("result").at("contents").at(0);
  EXPECT_EQ(content["mimeType"], "text/markdown");
  EXPECT_NE(content["text"].get<std::string>().find("# Repository overview"), std::string::npos);
  json module = request("resources/read", {{"uri", "stc://module/weather/client.py"}});
  EXPECT_NE(module["result"]["contents"][0]["text"].get<std::string>().find("Likely changes"),
            std::string::npos);
  json templates = request("resources/templates/list");
  EXPECT_EQ(templates["result"]["resourceTemplates"][0]["uriTemplate"], "stc://module/{path}");
  EXPECT_EQ(error_code(request("resources/read", {{"uri", "stc://module/nope.py"}})), -32002);
  EXPECT_EQ(error_code(request("resources/read", {{"uri", "stc://nope"}, {"_meta", kModernMeta}})),
            -32602);
}

}  // namespace
}  // namespace stc::mcp
