#pragma once
// Non-throwing accessors over nlohmann::json for the provider codecs. Private
// to llm/: the only header that includes nlohmann, so that JSON stays inside
// the files that know a wire format.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace stc::llm::wire {

using nlohmann::json;

/// The parsed document, or a discarded value (is_discarded()) when `text` is not JSON.
inline json parse(std::string_view text) { return json::parse(text, nullptr, false); }

/// Serializes with invalid UTF-8 replaced (file contents may hold any bytes).
inline std::string dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

/// object[key] when `object` is an object holding `key`, else nullptr.
inline const json* member(const json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

/// object[key] as a string, or "" when absent or not a string.
inline std::string string_member(const json& object, std::string_view key) {
  const json* m = member(object, key);
  return m && m->is_string() ? m->get<std::string>() : std::string();
}

/// object[key] as an integer, or nullopt when absent or not a number.
inline std::optional<int64_t> int_member(const json& object, std::string_view key) {
  const json* m = member(object, key);
  if (!m || !m->is_number()) return std::nullopt;
  return m->is_number_float() ? static_cast<int64_t>(m->get<double>()) : m->get<int64_t>();
}

}  // namespace stc::llm::wire
