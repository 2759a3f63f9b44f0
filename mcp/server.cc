// The JSON-RPC dispatcher. One line is parsed, checked (JSON-RPC 2.0 shape,
// id type, nesting depth) and routed through a table of methods; protocol
// failures become JSON-RPC errors, and a tool's invalid arguments and
// failures become results with isError (see tools.h).

#include "mcp/server.h"

#include <algorithm>
#include <exception>
#include <vector>

#include <nlohmann/json.hpp>

#include "mcp/line_io.h"
#include "mcp/resources.h"
#include "mcp/tools.h"

namespace stc::mcp {
// Named (not anonymous): Server::Impl's method table holds pointers to
// functions taking them, and a member of an internal-linkage type is
// -Wsubobject-linkage in a unity build.
namespace server_detail {

struct RpcError {
  int code = -32603;  // kInternalError
  std::string message;
  nlohmann::json data;
};

struct Request {
  nlohmann::json id;
  std::string method;
  nlohmann::json params = nlohmann::json::object();
};

}  // namespace server_detail

namespace {

using nlohmann::json;

constexpr int kParseError = -32700;
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;
constexpr int kInternalError = -32603;
constexpr int kResourceNotFound = -32002;
constexpr size_t kMaxDepth = 64;

const std::vector<std::string> kVersions = {kLatestVersion, "2025-06-18", "2025-03-26",
                                            "2024-11-05"};

const char* const kInstructions =
    "stc serves a sleep-time index of this git repository: summaries, likely-change notes, "
    "co-change history and anticipated requests computed while the user was idle. Before a change "
    "that may touch several files, call plan_feature; use module_context instead of reading a "
    "file to learn what it does and what changes with it; use search_index to locate code. "
    "Results are JSON cut to max_tokens (default 2000; output_budget.omitted lists what was left "
    "out) "
    "and say when the index is older than HEAD.";

using server_detail::RpcError;
using RpcResult = tl::expected<json, RpcError>;

tl::unexpected<RpcError> rpc_error(int code, std::string message, json data = nullptr) {
  return tl::unexpected(RpcError{code, std::move(message), std::move(data)});
}

using server_detail::Request;

bool contains(const std::vector<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

// Deepest nesting of arrays/objects in `text`, outside strings; stops at `cap`.
size_t nesting_depth(std::string_view text, size_t cap) {
  size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest > cap) return deepest;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string error_line(const json& id, const RpcError& e) {
  json err = {{"code", e.code}, {"message", e.message}};
  if (!e.data.is_null()) err["data"] = e.data;
  return dump({{"jsonrpc", "2.0"}, {"id", id}, {"error", err}});
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  Tools tools;

  explicit Impl(ServerOptions o) : options(std::move(o)), tools(options.directory) {}

  json server_info() const {
    return {{"name", "stc"}, {"title", "stc sleep-time index"}, {"version", options.version}};
  }
  json capabilities() const {
    return {{"tools", {{"listChanged", false}}}, {"resources", {{"listChanged", false}}}};
  }

  RpcResult initialize(const Request& r) {
    const json& requested =
        r.params.contains("protocolVersion") ? r.params["protocolVersion"] : json();
    if (!requested.is_string())
      return rpc_error(kInvalidParams, "initialize needs params.protocolVersion");
    const std::string version = requested.get<std::string>();
    return json{{"protocolVersion", contains(kVersions, version) ? version : kLatestVersion},
                {"capabilities", capabilities()},
                {"serverInfo", server_info()},
                {"instructions", kInstructions}};
  }

  RpcResult ping(const Request&) { return json::object(); }

  RpcResult tools_list(const Request&) { return json{{"tools", Tools::list()}}; }

  // Protocol errors only (no name, an unknown tool, arguments that are not an
  // object); the tool reports invalid arguments itself, as a result.
  RpcResult tools_call(const Request& r) {
    const json& name = r.params.contains("name") ? r.params["name"] : json();
    if (!name.is_string())
      return rpc_error(kInvalidParams, "tools/call needs params.name (a string)");
    if (!Tools::has(name.get<std::string>()))
      return rpc_error(kInvalidParams, "Unknown tool: " + name.get<std::string>());
    json args = r.params.contains("arguments") ? r.params["arguments"] : json::object();
    if (args.is_null()) args = json::object();
    if (!args.is_object())
      return rpc_error(kInvalidParams, "tools/call params.arguments must be an object");
    return tools.call(name.get<std::string>(), std::move(args));
  }

  RpcResult resources_list(const Request&) {
    auto list = list_resources(options.directory);
    if (!list) return rpc_error(kInternalError, list.error().message);
    return json{{"resources", *list}};
  }

  RpcResult templates_list(const Request&) {
    return json{{"resourceTemplates", resource_templates()}};
  }

  RpcResult resources_read(const Request& r) {
    const json& uri = r.params.contains("uri") ? r.params["uri"] : json();
    if (!uri.is_string())
      return rpc_error(kInvalidParams, "resources/read needs params.uri (a string)");
    auto contents = read_resource(options.directory, uri.get<std::string>());
    if (!contents) return rpc_error(kInternalError, contents.error().message);
    if (!*contents) {
      return rpc_error(kResourceNotFound, "Resource not found: " + uri.get<std::string>(),
                       json{{"uri", uri}});
    }
    return json{{"contents", **contents}};
  }

  struct Method {
    const char* name;
    RpcResult (Impl::*fn)(const Request&);
  };
  static const std::vector<Method>& methods() {
    static const std::vector<Method> table = {
        {"initialize", &Impl::initialize},
        {"ping", &Impl::ping},
        {"tools/list", &Impl::tools_list},
        {"tools/call", &Impl::tools_call},
        {"resources/list", &Impl::resources_list},
        {"resources/templates/list", &Impl::templates_list},
        {"resources/read", &Impl::resources_read},
    };
    return table;
  }

  std::string dispatch(const Request& r) {
    const auto& table = methods();
    const auto it = std::find_if(table.begin(), table.end(),
                                 [&](const Method& m) { return r.method == m.name; });
    if (it == table.end())
      return error_line(r.id, {kMethodNotFound, "Method not found: " + r.method, nullptr});
    RpcResult result = (this->*(it->fn))(r);
    if (!result) return error_line(r.id, result.error());
    return dump({{"jsonrpc", "2.0"}, {"id", r.id}, {"result", *result}});
  }

  std::optional<std::string> handle(std::string_view line);
};

std::optional<std::string> Server::Impl::handle(std::string_view line) {
  if (line.find_first_not_of(" \t\r") == std::string_view::npos) return std::nullopt;  // blank line
  if (nesting_depth(line, kMaxDepth) > kMaxDepth) {
    return error_line(nullptr, {kInvalidRequest, "Invalid Request: nested too deeply", nullptr});
  }
  json msg = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (msg.is_discarded())
    return error_line(nullptr, {kParseError, "Parse error: not valid JSON", nullptr});
  if (msg.is_array()) {
    return error_line(nullptr,
                      {kInvalidRequest, "Invalid Request: batches are not supported", nullptr});
  }
  if (!msg.is_object() || msg.value("jsonrpc", json()) != "2.0") {
    return error_line(nullptr,
                      {kInvalidRequest, "Invalid Request: not a JSON-RPC 2.0 message", nullptr});
  }
  const bool has_id = msg.contains("id");
  if (!msg.contains("method")) {
    if (has_id && (msg.contains("result") || msg.contains("error")))
      return std::nullopt;  // a response
    return error_line(nullptr, {kInvalidRequest, "Invalid Request: no method", nullptr});
  }
  const json id = has_id ? msg["id"] : json();
  if (has_id && !id.is_string() && !id.is_number_integer()) {
    return error_line(
        nullptr, {kInvalidRequest, "Invalid Request: id must be a string or an integer", nullptr});
  }
  if (!msg["method"].is_string())
    return error_line(id, {kInvalidRequest, "Invalid Request: method must be a string", nullptr});
  if (!has_id) return std::nullopt;  // notifications (initialized, cancelled, ...) need no answer
  Request r{id, msg["method"].get<std::string>()};
  if (msg.contains("params")) {
    if (!msg["params"].is_object())
      return error_line(id, {kInvalidParams, "Invalid params: params must be an object", nullptr});
    r.params = msg["params"];
  }
  return dispatch(r);
}

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Server::~Server() = default;

std::optional<std::string> Server::handle_line(std::string_view line) {
  try {
    return impl_->handle(line);
  } catch (const std::exception& e) {  // a bug; answer rather than die
    return error_line(nullptr,
                      {kInternalError, std::string("Internal error: ") + e.what(), nullptr});
  }
}

std::string Server::line_too_long(size_t max_bytes) const {
  return error_line(
      nullptr,
      {kInvalidRequest,
       "Invalid Request: message longer than " + std::to_string(max_bytes) + " bytes", nullptr});
}

Status serve(Server& server, int in_fd, int out_fd, size_t max_line_bytes) {
  LineReader reader(in_fd, max_line_bytes);
  while (true) {
    TRY_ASSIGN(auto line, reader.next());
    if (line.kind == LineReader::Kind::kEof) return {};
    std::optional<std::string> reply = line.kind == LineReader::Kind::kTooLong
                                           ? server.line_too_long(max_line_bytes)
                                           : server.handle_line(line.text);
    if (reply) TRY(write_line(out_fd, *reply));
  }
}

}  // namespace stc::mcp
