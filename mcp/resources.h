#pragma once
// MCP resources: the repository overview (stc://overview) and one module's
// summary and likely-change notes (stc://module/{path}), as Markdown. Read
// only, like the tools. Protocol code: nlohmann-json appears here.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace stc::mcp {

inline constexpr const char* kOverviewUri = "stc://overview";
inline constexpr const char* kModuleUriPrefix = "stc://module/";

/// The `resources` array of resources/list: the overview and the overview's
/// key files that are text (parsed, or text without a grammar). kBadInput/kStore when the index
/// cannot be opened.
Result<nlohmann::json> list_resources(const std::string& directory);

/// The `resourceTemplates` array of resources/templates/list.
nlohmann::json resource_templates();

/// The `contents` array of resources/read for `uri`; nullopt when no such
/// resource exists (a path not in the index, or not a text file). kBadInput/kStore when the index
/// cannot be opened.
Result<std::optional<nlohmann::json>> read_resource(const std::string& directory,
                                                    const std::string& uri);

}  // namespace stc::mcp
