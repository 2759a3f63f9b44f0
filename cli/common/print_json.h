#pragma once
// JSON results of every stc binary: one document per call on stdout, pretty
// printed, invalid UTF-8 in text replaced by U+FFFD (file contents may hold
// any bytes). File paths must be escaped by the caller with stc::escape_path
// (core/text.h) before they go in, so that they stay reversible.

#include <nlohmann/json.hpp>

namespace stc::cli::common {

void print_json(const nlohmann::json& j);

}  // namespace stc::cli::common
