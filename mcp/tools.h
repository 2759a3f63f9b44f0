#pragma once
// The MCP tools stc serves: their names, descriptions written for a model,
// input schemas, and handlers over the repository's index. Every call opens
// the index read-only afresh (a pass may have moved it since the last call),
// never starts a pass, and reports a stale index in both halves of its
// result. Protocol code: nlohmann-json appears here.

#include <string>

#include <nlohmann/json.hpp>

namespace stc::mcp {

/// A tool's answer: text for the model, the same facts as JSON, and whether
/// the tool failed (a failure the model can act on, e.g. an unknown path).
struct ToolOutcome {
  std::string text;
  nlohmann::json structured = nlohmann::json::object();
  bool is_error = false;
};

/// The tool set of one repository. Not thread-safe.
class Tools {
 public:
  /// `directory`: anywhere inside the repository.
  explicit Tools(std::string directory) : directory_(std::move(directory)) {}

  /// The `tools` array of a tools/list result, in a fixed order.
  static nlohmann::json list();
  /// The input schema of `name`; nullptr when there is no such tool.
  static const nlohmann::json* input_schema(const std::string& name);

  /// Runs `name` with `args` (already checked against its schema, defaults
  /// filled in). Failures of the work come back as `is_error` outcomes.
  ToolOutcome call(const std::string& name, const nlohmann::json& args);

  const std::string& directory() const { return directory_; }

 private:
  std::string directory_;
};

}  // namespace stc::mcp
