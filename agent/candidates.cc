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

void CandidateSet::add_signal(const std::string& path, Signal s, const std::string& text,
                              double raw, const RankModel& model, const std::string& action) {
  if (path.empty() || raw <= 0) return;
  auto& c = by_path_[path];
  c.path = path;
  if (action == "create") c.action = "create";
  c.features[static_cast<size_t>(s)] += raw;
  const double w = model.weight(s) * raw;
  c.score += w;  // a learned model may weigh a misleading signal below zero
  if (w <= 0) return;
  for (auto& e : c.evidence) {
    if (e.signal == signal_name(s) && e.text == text) {
      e.weight += w;
      return;
    }
  }
  c.evidence.push_back(Evidence{signal_name(s), text, w});
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
  // Evidence about the request first; priors ("changed 2 commits ago",
  // "changes in 30% of commits") only when there is room left.
  std::string out;
  size_t n = 0;
  for (const bool prior : {false, true}) {
    for (const auto& e : c.evidence) {
      if (n == max_items) return out;
      if (is_prior_signal(e.signal) != prior) continue;
      if (!out.empty()) out += "; ";
      out += e.text;
      ++n;
    }
  }
  return out;
}

size_t choose_cut(const std::vector<Candidate>& ranked, size_t min_keep, size_t max_keep,
                  double floor, double gap) {
  std::vector<double> scores;
  scores.reserve(ranked.size());
  for (const auto& c : ranked) scores.push_back(c.score);
  return cut_scores(scores, min_keep, max_keep, floor, gap);
}

size_t cut_scores(const std::vector<double>& s, size_t min_keep, size_t max_keep, double floor,
                  double gap) {
  if (s.empty()) return 0;
  const double top = s.front();
  size_t n = 0;
  while (n < s.size() && n < max_keep && s[n] > 0 && s[n] >= floor * top) ++n;
  if (n <= min_keep) return std::min(s.size(), std::max(n, std::min(min_keep, s.size())));
  // The largest relative drop after the minimum: s[i] / s[i-1].
  size_t cut = n;
  double worst = gap;  // a drop to below gap x the previous score counts as a cut point
  for (size_t i = min_keep; i < n; ++i) {
    const double ratio = s[i] / std::max(s[i - 1], 1e-9);
    if (ratio < worst) {
      worst = ratio;
      cut = i;
    }
  }
  return cut;
}

}  // namespace stc::agent
