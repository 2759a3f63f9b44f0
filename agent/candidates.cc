#include "agent/candidates.h"

#include <algorithm>

namespace stc::agent {

void CandidateSet::add(const std::string& path, const std::string& signal, const std::string& text,
                       double weight, const std::string& action) {
  if (path.empty() || weight <= 0) return;
  auto& c = by_path_[path];
  c.path = path;
  if (action == "create") c.action = "create";
  c.score += weight;
  for (auto& e : c.evidence) {
    if (e.signal == signal && e.text == text) {
      e.weight += weight;
      return;
    }
  }
  c.evidence.push_back(Evidence{signal, text, weight});
}

double CandidateSet::score(const std::string& path) const {
  auto it = by_path_.find(path);
  return it == by_path_.end() ? 0.0 : it->second.score;
}

std::vector<Candidate> CandidateSet::ranked(size_t limit) const {
  std::vector<Candidate> out;
  out.reserve(by_path_.size());
  for (const auto& [path, c] : by_path_) out.push_back(c);
  std::sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) {
    return a.score != b.score ? a.score > b.score : a.path < b.path;
  });
  if (out.size() > limit) out.resize(limit);
  for (auto& c : out) {
    std::stable_sort(c.evidence.begin(), c.evidence.end(),
                     [](const Evidence& a, const Evidence& b) { return a.weight > b.weight; });
  }
  return out;
}

std::string reason_of(const Candidate& c, size_t max_items) {
  std::string out;
  for (size_t i = 0; i < c.evidence.size() && i < max_items; ++i) {
    if (!out.empty()) out += "; ";
    out += c.evidence[i].text;
  }
  return out;
}

size_t choose_cut(const std::vector<Candidate>& ranked, size_t min_keep, size_t max_keep,
                  double floor) {
  if (ranked.empty()) return 0;
  const double top = ranked.front().score;
  size_t n = 0;
  while (n < ranked.size() && n < max_keep && ranked[n].score >= floor * top) ++n;
  if (n <= min_keep) return std::min(ranked.size(), std::max(n, std::min(min_keep, ranked.size())));
  // The largest relative drop after the minimum: s[i] / s[i-1].
  size_t cut = n;
  double worst = 0.62;  // a drop to below 62% of the previous score counts as a gap
  for (size_t i = min_keep; i < n; ++i) {
    const double ratio = ranked[i].score / std::max(ranked[i - 1].score, 1e-9);
    if (ratio < worst) {
      worst = ratio;
      cut = i;
    }
  }
  return cut;
}

}  // namespace stc::agent
