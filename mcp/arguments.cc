#include "mcp/arguments.h"

#include <algorithm>

namespace stc::mcp {
namespace {

bool has_type(const nlohmann::json& value, const std::string& type) {
  if (type == "string") return value.is_string();
  if (type == "integer") {
    return value.is_number_integer() ||
           (value.is_number_float() &&
            value.get<double>() == static_cast<double>(static_cast<int64_t>(value.get<double>())));
  }
  if (type == "boolean") return value.is_boolean();
  if (type == "number") return value.is_number();
  return true;
}

// One property's checks; "" when it passes.
std::string check_property(const std::string& name, const nlohmann::json& spec,
                           nlohmann::json& value) {
  const std::string type = spec.value("type", "");
  if (!has_type(value, type))
    return "argument '" + name + "' must be " + (type == "integer" ? "an " : "a ") + type;
  if (type == "integer" && value.is_number_float())
    value = static_cast<int64_t>(value.get<double>());
  if (type == "string" && spec.contains("minLength")) {
    const auto min = spec["minLength"].get<size_t>();
    if (value.get<std::string>().find_first_not_of(" \t\r\n") == std::string::npos && min > 0) {
      return "argument '" + name + "' must not be empty";
    }
  }
  if (type == "integer" || type == "number") {
    const double v = value.get<double>();
    if (spec.contains("minimum") && v < spec["minimum"].get<double>()) {
      return "argument '" + name + "' must be at least " + spec["minimum"].dump();
    }
    if (spec.contains("maximum") && v > spec["maximum"].get<double>()) {
      return "argument '" + name + "' must be at most " + spec["maximum"].dump();
    }
  }
  return "";
}

}  // namespace

std::string check_arguments(const nlohmann::json& schema, nlohmann::json& args) {
  if (args.is_null()) args = nlohmann::json::object();
  if (!args.is_object()) return "arguments must be an object";
  const auto& props =
      schema.contains("properties") ? schema["properties"] : nlohmann::json::object();
  for (const auto& name : schema.value("required", nlohmann::json::array())) {
    if (!args.contains(name.get<std::string>())) {
      return "missing required argument '" + name.get<std::string>() + "'";
    }
  }
  for (auto& [name, value] : args.items()) {
    if (!props.contains(name)) {
      if (schema.value("additionalProperties", true)) continue;
      return "unknown argument '" + name + "'";
    }
    std::string problem = check_property(name, props[name], value);
    if (!problem.empty()) return problem;
  }
  for (const auto& [name, spec] : props.items()) {
    if (!args.contains(name) && spec.contains("default")) args[name] = spec["default"];
  }
  return "";
}

std::string describe_arguments(const nlohmann::json& schema) {
  const auto& props =
      schema.contains("properties") ? schema["properties"] : nlohmann::json::object();
  const auto required = schema.value("required", nlohmann::json::array());
  std::string out;
  for (const auto& [name, spec] : props.items()) {
    std::string what = spec.value("type", "any");
    if (spec.contains("minimum") && spec.contains("maximum"))
      what += " " + spec["minimum"].dump() + ".." + spec["maximum"].dump();
    if (std::find(required.begin(), required.end(), name) != required.end()) what += ", required";
    if (spec.contains("default")) what += ", default " + spec["default"].dump();
    out += (out.empty() ? "" : ", ") + name + " (" + what + ")";
  }
  return out.empty() ? "no arguments" : out;
}

}  // namespace stc::mcp
