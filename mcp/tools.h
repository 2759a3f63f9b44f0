#pragma once
// The MCP tools stc serves: their names, descriptions written for a model,
// input and output schemas, and handlers over the repository's index. Every
// call opens the index read-only afresh (a pass may have moved it since the
// last call), never starts a pass, and reports a stale index. A result's
// structuredContent is a JSON document cut to the caller's `max_tokens`
// (what was cut is listed in its `output_budget` member); its text content is that
// document serialized, as the specification asks of tools with an output
// schema. Protocol code: nlohmann-json appears here.

#include <string>

#include <nlohmann/json.hpp>

namespace stc::mcp {

/// The tool set of one repository. Not thread-safe.
class Tools {
 public:
  /// `directory`: anywhere inside the repository.
  explicit Tools(std::string directory) : directory_(std::move(directory)) {}

  /// The `tools` array of a tools/list result, in a fixed order.
  static nlohmann::json list();
  /// Whether `name` is one of the tools.
  static bool has(const std::string& name);

  /// The CallToolResult of tool `name` (one of list()) with `args` (an
  /// object). Arguments the input schema refuses, and failures of the work
  /// (an unknown path, no index yet), come back with isError: true and one
  /// message saying what to do; success carries structuredContent and its
  /// serialization, plus a text warning when the index is older than HEAD.
  nlohmann::json call(const std::string& name, nlohmann::json args);

  const std::string& directory() const { return directory_; }

 private:
  std::string directory_;
};

}  // namespace stc::mcp
