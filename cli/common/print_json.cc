#include "cli/common/print_json.h"

#include <iostream>

namespace stc::cli::common {

void print_json(const nlohmann::json& j) {
  std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace stc::cli::common
