#pragma once
// Checks tool arguments against the small subset of JSON Schema our tools
// declare: an object with typed properties (string, integer, boolean),
// `required`, `minLength`, `minimum`, `maximum`, `default` and
// `additionalProperties: false`. Arguments that fail come back to the model
// as a tool result with isError (SEP-1303), naming the argument and what the
// tool takes, so the model can correct the call.

#include <string>

#include <nlohmann/json.hpp>

namespace stc::mcp {

/// Validates `args` against `schema` and fills in defaults. Returns "" when
/// valid, else one sentence naming the offending argument.
std::string check_arguments(const nlohmann::json& schema, nlohmann::json& args);

/// One line describing what `schema` accepts, for an error a model reads:
/// "path (string, required), max_partners (integer 0..50, default 8)".
std::string describe_arguments(const nlohmann::json& schema);

}  // namespace stc::mcp
