// The dispatcher driven with strings: the JSON-RPC envelope, protocol
// version negotiation, and protocol errors against tool input errors. Tool
// results are covered in tools_test.cc.

#include "mcp/server.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "mcp/repo_session.h"
#include "tests/mcp/indexed_repo.h"
#include "tests/support/temp_repo.h"

namespace stc::mcp {
namespace {

using nlohmann::json;

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

TEST_F(ServerTest, HandshakeEchoesASupportedVersion) {
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

TEST_F(ServerTest, HandshakeNegotiatesOnlyPublishedRevisions) {
  for (const char* asked : {"2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"}) {
    json reply =
        request("initialize", {{"protocolVersion", asked}, {"capabilities", json::object()}});
    EXPECT_EQ(reply["result"]["protocolVersion"], asked);
  }
  // Unknown or unpublished revisions get the newest published one.
  for (const char* asked : {"1999-01-01", "2026-07-28", "2024-10-07"}) {
    json reply =
        request("initialize", {{"protocolVersion", asked}, {"capabilities", json::object()}});
    EXPECT_EQ(reply["result"]["protocolVersion"], "2025-11-25") << asked;
  }
  EXPECT_EQ(std::string(kLatestVersion), "2025-11-25");
  EXPECT_EQ(error_code(request("initialize", json::object())), -32602);
  EXPECT_EQ(error_code(request("server/discover")), -32601);  // not in any published revision
}

TEST_F(ServerTest, ToolsListDescribesEveryToolWithBothSchemas) {
  json reply = request("tools/list");
  const json& r = reply.at("result");
  EXPECT_FALSE(r.contains("resultType"));
  std::vector<std::string> names;
  for (const auto& t : r["tools"]) {
    names.push_back(t["name"]);
    EXPECT_FALSE(t["description"].get<std::string>().empty());
    EXPECT_EQ(t["inputSchema"]["type"], "object");
    EXPECT_EQ(t["inputSchema"]["properties"]["max_tokens"]["default"], 2000) << t["name"];
    EXPECT_EQ(t["outputSchema"]["type"], "object");
    for (const char* member : {"index", "output_budget"}) {
      EXPECT_TRUE(t["outputSchema"]["properties"].contains(member)) << t["name"] << member;
    }
  }
  EXPECT_EQ(names, (std::vector<std::string>{"plan_feature", "module_context", "search_index",
                                             "index_status"}));
}

TEST_F(ServerTest, MalformedToolCallsAreJsonRpcErrors) {
  const std::vector<json> bad = {
      {{"name", "plan_feature"}, {"arguments", "add proxy"}},  // arguments not an object
      {{"name", "no_such_tool"}, {"arguments", json::object()}},
      {{"arguments", json::object()}},  // no name
      {{"name", 7}},
  };
  for (const auto& params : bad) {
    EXPECT_EQ(error_code(request("tools/call", params)), -32602) << params;
  }
  EXPECT_EQ(error_code(request("resources/read", json::object())), -32602);
  EXPECT_EQ(error_code(send(R"({"jsonrpc":"2.0","id":3,"method":"tools/list","params":[1]})")),
            -32602);
}

TEST_F(ServerTest, InvalidToolArgumentsAreToolErrorsTheModelCanAct) {
  const std::vector<std::pair<json, std::string>> bad = {
      {{{"name", "module_context"}, {"arguments", json::object()}},
       "missing required argument 'path'"},
      {{{"name", "module_context"}, {"arguments", {{"path", 42}}}},
       "argument 'path' must be a string"},
      {{{"name", "search_index"}, {"arguments", {{"query", "x"}, {"limit", 0}}}},
       "argument 'limit' must be at least 1"},
      {{{"name", "search_index"}, {"arguments", {{"query", "x"}, {"colour", 1}}}},
       "unknown argument 'colour'"},
      {{{"name", "index_status"}, {"arguments", {{"max_tokens", "lots"}}}},
       "argument 'max_tokens' must be an integer"},
  };
  for (const auto& [params, problem] : bad) {
    json reply = request("tools/call", params);
    ASSERT_TRUE(reply.contains("result")) << reply;
    const json& r = reply["result"];
    EXPECT_TRUE(r["isError"].get<bool>()) << params;
    EXPECT_FALSE(r.contains("structuredContent"));
    const std::string text = r["content"][0]["text"];
    EXPECT_NE(text.find(problem), std::string::npos) << text;
    EXPECT_NE(text.find(" takes "), std::string::npos) << text;  // says what to send instead
  }
  json missing = request("tools/call", {{"name", "module_context"}});  // no arguments at all
  EXPECT_NE(
      missing["result"]["content"][0]["text"].get<std::string>().find("path (string, required)"),
      std::string::npos)
      << missing;
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
  EXPECT_EQ(error_code(request("resources/read", {{"uri", "stc://nope"}})), -32002);
}

TEST(ResourcesTest, ListOnlyTextModules) {
  stc::testing::TempRepo repo;
  repo.write("app/main.py",
             "\"\"\"Entry point.\"\"\"\n\nimport app.util\n\ndef main():\n    return 1\n");
  repo.write("app/util.py", "def helper():\n    return 2\n");
  repo.write("assets/logo.png", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0", 18));
  repo.write("README.md", "# demo\n\nA demo application.\n");
  repo.commit("first");
  std::string out;
  ASSERT_EQ(stc::testing::run_stc(repo.path(), "init -q", &out, true), 0) << out;
  // The image is a module of the index (a binary file); only text modules are resources.

  Server server(ServerOptions{repo.path(), "test"});
  auto reply = server.handle_line(R"({"jsonrpc":"2.0","id":1,"method":"resources/list"})");
  ASSERT_TRUE(reply);
  std::vector<std::string> uris;
  const json list = json::parse(*reply);
  for (const auto& r : list["result"]["resources"]) uris.push_back(r["uri"]);
  EXPECT_EQ(std::find(uris.begin(), uris.end(), "stc://module/assets/logo.png"), uris.end());
  EXPECT_NE(std::find(uris.begin(), uris.end(), "stc://module/app/main.py"), uris.end());
  reply = server.handle_line(
      R"({"jsonrpc":"2.0","id":2,"method":"resources/read","params":{"uri":"stc://module/assets/logo.png"}})");
  EXPECT_EQ(json::parse(*reply)["error"]["code"], -32002);
}

}  // namespace
}  // namespace stc::mcp
