#pragma once
// Keeps an MCP tool result within the caller's token budget. A result is a
// JSON document; each tool names, least useful first, the parts that may be
// cut (an array's tail, a text's last lines, or the tail of an array inside
// every element of an array). fit_to_budget cuts them in that order, each
// by as little as makes the compact serialization fit, and returns what was
// left out so the result can say so. Estimates use core/tokens.h.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace stc::mcp {

enum class TrimUnit { kItems, kLines };

/// One part of a document that may be cut.
struct Trim {
  Trim(std::string field_, std::string each_ = "", TrimUnit unit_ = TrimUnit::kItems)
      : field(std::move(field_)), each(std::move(each_)), unit(unit_) {}

  std::string field;  // a top-level member: an array (kItems) or a string (kLines)
  std::string each;   // when set, `field` is an array of objects and each one's
                      // `each` member (an array) is cut to the same length
  TrimUnit unit;
};

/// What a cut left out: `kept` of `total` items or lines (summed over the
/// elements for an `each` trim).
struct Omission {
  std::string field;  // "symbols", "skeleton", "results[].symbols"
  int64_t kept = 0;
  int64_t total = 0;
  TrimUnit unit = TrimUnit::kItems;
};

/// Estimated tokens of `doc`'s compact serialization.
int64_t json_tokens(const nlohmann::json& doc);

/// The compact serialization (invalid UTF-8 replaced), as sent to a client.
std::string compact_json(const nlohmann::json& doc);

/// Cuts `doc` along `trims`, in order, until json_tokens(doc) <= max_tokens
/// or nothing is left to cut; returns the cuts made, in order. Parts not
/// present or of the wrong type are skipped.
std::vector<Omission> fit_to_budget(nlohmann::json& doc, int64_t max_tokens,
                                    const std::vector<Trim>& trims);

/// {"max_tokens", "tokens", "omitted": [{"field", "kept", "total", "unit"}]}
/// plus, when something was cut, a "note" telling a model how to see it.
nlohmann::json budget_json(int64_t max_tokens, int64_t tokens,
                           const std::vector<Omission>& omitted);

}  // namespace stc::mcp
