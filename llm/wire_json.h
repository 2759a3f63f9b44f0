#pragma once
// Parsing and serializing for the provider codecs, with the field accessors
// of core/json_fields.h. Private to llm/, so that JSON stays inside the files
// that know a wire format.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/json_fields.h"

namespace stc::llm::wire {

using nlohmann::json;

/// The parsed document, or a discarded value (is_discarded()) when `text` is not JSON.
inline json parse(std::string_view text) { return json::parse(text, nullptr, false); }

/// Serializes with invalid UTF-8 replaced (file contents may hold any bytes).
inline std::string dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// Field accessors: the one JSON field reader of core/json_fields.h.
using stc::int_member;
using stc::member;
using stc::string_member;

}  // namespace stc::llm::wire
