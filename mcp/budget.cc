// Cutting a result to a token budget. For each trim in order, while the
// document is over budget: find by binary search the largest length k of
// that part (items or lines) at which the whole document fits, and cut it
// there; when even k = 0 does not fit, cut it to nothing and go on to the
// next trim. Fewer items never serialize longer, so the search is sound.

#include "mcp/budget.h"

#include <algorithm>

#include "core/tokens.h"

namespace stc::mcp {
namespace {

using nlohmann::json;

int64_t count_lines(const std::string& s) {
  if (s.empty()) return 0;
  const auto newlines = std::count(s.begin(), s.end(), '\n');
  return newlines + (s.back() == '\n' ? 0 : 1);
}

std::string head_lines(const std::string& s, int64_t n) {
  size_t pos = 0;
  for (int64_t i = 0; i < n && pos < s.size(); ++i) {
    const size_t nl = s.find('\n', pos);
    pos = nl == std::string::npos ? s.size() : nl + 1;
  }
  return s.substr(0, pos);
}

bool has_inner(const json& element, const Trim& t) {
  return element.is_object() && element.contains(t.each) && element[t.each].is_array();
}

// The part's length (the longest inner array for an `each` trim); -1 when
// absent or of another type. With `sum`, the inner arrays' total instead.
int64_t part_length(const json& doc, const Trim& t, bool sum = false) {
  const auto it = doc.find(t.field);
  if (it == doc.end()) return -1;
  if (!t.each.empty()) {
    if (!it->is_array()) return -1;
    int64_t longest = 0, total = 0;
    for (const auto& e : *it) {
      if (!has_inner(e, t)) continue;
      const auto n = static_cast<int64_t>(e[t.each].size());
      longest = std::max(longest, n);
      total += n;
    }
    return sum ? total : longest;
  }
  if (t.unit == TrimUnit::kLines) return it->is_string() ? count_lines(it->get<std::string>()) : -1;
  return it->is_array() ? static_cast<int64_t>(it->size()) : -1;
}

void cut_array(json& array, int64_t keep) {
  if (static_cast<int64_t>(array.size()) > keep) array.erase(array.begin() + keep, array.end());
}

void cut(json& doc, const Trim& t, int64_t keep) {
  json& part = doc[t.field];
  if (!t.each.empty()) {
    for (auto& e : part) {
      if (has_inner(e, t)) cut_array(e[t.each], keep);
    }
  } else if (t.unit == TrimUnit::kLines) {
    part = head_lines(part.get<std::string>(), keep);
  } else {
    cut_array(part, keep);
  }
}

// The largest length below `n` at which the cut document fits; 0 if none.
int64_t longest_fitting(const json& doc, const Trim& t, int64_t n, int64_t max_tokens) {
  int64_t lo = 0, hi = n - 1, best = 0;
  while (lo <= hi) {
    const int64_t mid = lo + (hi - lo) / 2;
    json probe = doc;
    cut(probe, t, mid);
    if (json_tokens(probe) <= max_tokens) {
      best = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return best;
}

}  // namespace

std::string compact_json(const json& doc) {
  return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

int64_t json_tokens(const json& doc) { return estimate_tokens(compact_json(doc)); }

std::vector<Omission> fit_to_budget(json& doc, int64_t max_tokens, const std::vector<Trim>& trims) {
  std::vector<Omission> omitted;
  if (!doc.is_object()) return omitted;
  for (const auto& t : trims) {
    if (json_tokens(doc) <= max_tokens) break;
    const int64_t n = part_length(doc, t);
    if (n <= 0) continue;
    const int64_t total = part_length(doc, t, /*sum=*/true);
    cut(doc, t, longest_fitting(doc, t, n, max_tokens));
    omitted.push_back({t.each.empty() ? t.field : t.field + "[]." + t.each,
                       part_length(doc, t, /*sum=*/true), total, t.unit});
  }
  return omitted;
}

json budget_json(int64_t max_tokens, int64_t tokens, const std::vector<Omission>& omitted) {
  json out = {{"max_tokens", max_tokens}, {"tokens", tokens}, {"omitted", json::array()}};
  for (const auto& o : omitted) {
    out["omitted"].push_back({{"field", o.field},
                              {"kept", o.kept},
                              {"total", o.total},
                              {"unit", o.unit == TrimUnit::kLines ? "lines" : "items"}});
  }
  if (!omitted.empty()) {
    out["note"] =
        "Parts listed in output_budget.omitted were cut to fit max_tokens; call again with a "
        "larger max_tokens to see them.";
  }
  return out;
}

}  // namespace stc::mcp
