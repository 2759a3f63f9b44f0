#pragma once
// Context packing: choose which context items a plan reads within a token
// budget. Greedy by value per token (ties: earlier item first), skipping
// items that no longer fit and trying smaller ones after them, so the pack
// never exceeds the budget. The chosen items keep the caller's order, which
// is the order they appear in a prompt.

#include <cstdint>
#include <vector>

#include "agent/agent.h"

namespace stc::agent {

/// Packs `items` (tokens and values set) into at most `budget` tokens.
ContextPack pack_items(const std::vector<ContextItem>& items, int64_t budget);

/// Makes an item, estimating its tokens.
ContextItem make_item(std::string kind, std::string path, std::string text, double value);

}  // namespace stc::agent
