#pragma once
// The secret deny list: files whose content must never reach an LLM.

#include <string>
#include <vector>

#include "core/glob.h"

namespace stc {

/// Built-in secret patterns (.env*, *.pem, *.key, id_*, credentials...) plus `extra`.
GlobSet secret_deny_list(const std::vector<std::string>& extra = {});

}  // namespace stc
