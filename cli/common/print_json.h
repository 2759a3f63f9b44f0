#pragma once
// JSON results of every stc binary: one document per call on stdout, pretty
// printed, invalid UTF-8 replaced (file contents may hold any bytes).

#include <nlohmann/json.hpp>

namespace stc::cli_common {

void print_json(const nlohmann::json& j);

}  // namespace stc::cli_common
