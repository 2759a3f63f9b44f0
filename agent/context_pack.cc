#include "agent/context_pack.h"

#include <algorithm>
#include <numeric>

#include "core/tokens.h"

namespace stc::agent {

ContextItem make_item(std::string kind, std::string path, std::string text, double value) {
  ContextItem it{std::move(kind), std::move(path), std::move(text), 0, value};
  it.tokens = std::max<int64_t>(1, estimate_tokens(it.text));
  return it;
}

ContextPack pack_items(const std::vector<ContextItem>& items, int64_t budget) {
  std::vector<size_t> order(items.size());
  std::iota(order.begin(), order.end(), size_t{0});
  auto density = [&](size_t i) {
    return items[i].value / static_cast<double>(std::max<int64_t>(1, items[i].tokens));
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return density(a) > density(b); });
  std::vector<bool> chosen(items.size(), false);
  int64_t used = 0;
  for (size_t i : order) {
    if (items[i].value <= 0 || items[i].tokens <= 0) continue;
    if (used + items[i].tokens > budget) continue;
    used += items[i].tokens;
    chosen[i] = true;
  }
  ContextPack pack;
  pack.budget = budget;
  pack.tokens = used;
  for (size_t i = 0; i < items.size(); ++i) {
    if (chosen[i]) pack.items.push_back(items[i]);
  }
  return pack;
}

std::string render_markdown(const ContextPack& pack) {
  static const std::pair<const char*, const char*> kSections[] = {
      {"overview", "Repository overview"},
      {"anticipation", "Anticipated requests"},
      {"commits", "Similar past commits"},
      {"listing", "Tree"},
      {"candidate", "Candidate files"},
      {"evidence", "Evidence"},
      {"grep", "Grep hits"},
      {"hits", "Matching lines"},
      {"summary", "Module summaries"},
      {"notes", "Likely-change notes"},
      {"skeleton", "Skeletons"},
      {"head", "File heads"}};
  std::string out;
  for (const auto& [kind, title] : kSections) {
    std::string body;
    for (const auto& it : pack.items) {
      if (it.kind == kind) body += it.text + (it.text.ends_with("\n") ? "" : "\n");
    }
    if (!body.empty()) out += std::string("## ") + title + "\n" + body + "\n";
  }
  return out;
}

}  // namespace stc::agent
