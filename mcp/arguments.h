#pragma once
// Checks tool arguments against the small subset of JSON Schema our tools
// declare: an object with typed properties (string, integer, boolean),
// `required`, `minLength`, `minimum`, `maximum`, `default` and
// `additionalProperties: false`. Arguments that fail are a JSON-RPC
// "invalid params" error, not a tool failure.

#include <string>

#include <nlohmann/json.hpp>

namespace stc::mcp {

/// Validates `args` against `schema` and fills in defaults. Returns "" when
/// valid, else one sentence naming the offending argument.
std::string check_arguments(const nlohmann::json& schema, nlohmann::json& args);

}  // namespace stc::mcp
