#include "eval/metrics.h"

#include <set>

namespace stc::eval {

Prf score(const std::vector<std::string>& predicted, const std::vector<std::string>& gold) {
  const std::set<std::string> p(predicted.begin(), predicted.end());
  const std::set<std::string> g(gold.begin(), gold.end());
  Prf out;
  out.predicted = static_cast<int>(p.size());
  out.gold = static_cast<int>(g.size());
  for (const std::string& path : p) out.hits += g.count(path) ? 1 : 0;
  if (out.predicted > 0) out.precision = static_cast<double>(out.hits) / out.predicted;
  if (out.gold > 0) out.recall = static_cast<double>(out.hits) / out.gold;
  const double sum = out.precision + out.recall;
  if (sum > 0) out.f1 = 2 * out.precision * out.recall / sum;
  return out;
}

TaskScores score_task(const std::vector<std::string>& predicted,
                      const std::vector<std::string>& gold_all,
                      const std::vector<std::string>& gold_src,
                      const std::unordered_set<std::string>& base_files) {
  TaskScores s;
  s.all = score(predicted, gold_all);
  s.src = score(predicted, gold_src);
  std::vector<std::string> p_existing, g_existing;
  for (const auto& path : predicted) {
    if (base_files.count(path)) p_existing.push_back(path);
  }
  for (const auto& path : gold_all) {
    if (base_files.count(path)) g_existing.push_back(path);
  }
  s.existing = score(p_existing, g_existing);
  return s;
}

}  // namespace stc::eval
