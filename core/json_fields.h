#pragma once
// The one way stc reads fields of parsed JSON it did not write itself
// (provider replies, artifacts, plans): non-throwing accessors that treat a
// missing field and a field of the wrong type alike. Codecs that must reject
// wrong types check them first (artifact_codec's check_*, task_codec) and
// then read with these.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace stc {

using nlohmann::json;

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

/// object[key] as a floating-point number, or nullopt when absent or not a number.
inline std::optional<double> number_member(const json& object, std::string_view key) {
  const json* m = member(object, key);
  if (!m || !m->is_number()) return std::nullopt;
  return m->get<double>();
}

/// The strings of the list object[key] (other elements skipped); empty when
/// absent or not a list.
inline std::vector<std::string> string_list_member(const json& object, std::string_view key) {
  std::vector<std::string> out;
  const json* m = member(object, key);
  if (!m || !m->is_array()) return out;
  for (const auto& e : *m) {
    if (e.is_string()) out.push_back(e.get<std::string>());
  }
  return out;
}

}  // namespace stc
