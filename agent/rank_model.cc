#include "agent/rank_model.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "agent/candidates.h"

namespace stc::agent {
namespace {

constexpr std::array<const char*, kSignalCount> kNames = {
    "fts",     "path",     "anticipation", "commits", "cochange", "note",
    "imports", "frequent", "sibling",      "lesson",  "read",     "recent"};

}  // namespace

const char* signal_name(Signal s) { return kNames[static_cast<size_t>(s)]; }

bool is_prior_signal(std::string_view name) {
  return name == signal_name(Signal::kRecent) || name == signal_name(Signal::kFrequent);
}

// The shipped defaults: a logistic model with the expected-F1 cut, fit by
// `stc-eval fit-defaults` (rehearsal.h, fit_pooled) on the 1,065 practice
// tasks that rehearsal stored for three repositories that are not
// evaluation repositories: psf/black (Python), prometheus/prometheus (Go)
// and vitejs/vite (TypeScript) (eval/README.md, "The shipped defaults").
// Anticipation and new-file proposals never occur in practice tasks (they
// are built from the whole history), so they keep the weights they had:
// a matched anticipated plan or a new module scores like the best hit.
// Lessons count only where rehearsal learned they help.
RankModel RankModel::defaults() {
  RankModel m;
  auto set = [&](Signal s, double w) { m.weights[static_cast<size_t>(s)] = w; };
  set(Signal::kFts, 1.22);
  set(Signal::kPath, 0.24);
  set(Signal::kAnticipation, 1.0);
  set(Signal::kCommits, 1.91);
  set(Signal::kCochange, 1.07);
  set(Signal::kNote, -0.19);
  set(Signal::kImports, 0.71);
  set(Signal::kFrequent, -0.51);
  set(Signal::kSibling, 1.0);
  set(Signal::kLesson, 0.0);
  set(Signal::kRead, 1.18);
  set(Signal::kRecent, 0.89);
  m.bias = -3.73;
  m.cut.rule = CutRule::kExpectedF1;
  m.cut.min_keep = 1;
  m.cut.max_keep = 12;
  m.cut.pool_recall = 0.65;
  return m;
}

double RankModel::score(const Features& f) const {
  double s = 0;
  for (size_t i = 0; i < kSignalCount; ++i) s += weights[i] * f[i];
  return s;
}

double RankModel::probability(double s) const {
  return 1.0 / (1.0 + std::exp(-std::clamp(bias + s, -30.0, 30.0)));
}

std::string encode_model(const LearnedModel& m) {
  nlohmann::json w = nlohmann::json::object();
  for (size_t i = 0; i < kSignalCount; ++i) w[kNames[i]] = m.model.weights[i];
  nlohmann::json j = {{"weights", w},
                      {"bias", m.model.bias},
                      {"cut",
                       {{"rule", m.model.cut.rule == CutRule::kExpectedF1 ? "expected_f1" : "gap"},
                        {"pool_recall", m.model.cut.pool_recall},
                        {"min_keep", m.model.cut.min_keep},
                        {"max_keep", m.model.cut.max_keep},
                        {"floor", m.model.cut.floor},
                        {"gap", m.model.cut.gap}}},
                      {"kept", m.kept},
                      {"tasks", m.tasks},
                      {"validation_tasks", m.validation_tasks},
                      {"train_f1_default", m.train_f1_default},
                      {"train_f1", m.train_f1},
                      {"validation_f1_default", m.validation_f1_default},
                      {"validation_f1", m.validation_f1},
                      {"newest_seq", m.newest_seq},
                      {"commit", m.commit},
                      {"lessons", m.lessons}};
  return j.dump();
}

Result<LearnedModel> decode_model(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("weights") || !j["weights"].is_object() ||
      !j.contains("cut") || !j["cut"].is_object()) {
    return fail(ErrorCode::kBadInput, "malformed rank model");
  }
  LearnedModel m;
  m.model = RankModel::defaults();
  for (size_t i = 0; i < kSignalCount; ++i) {
    const auto& w = j["weights"];
    if (w.contains(kNames[i])) {
      if (!w[kNames[i]].is_number()) return fail(ErrorCode::kBadInput, "malformed rank model");
      m.model.weights[i] = std::clamp(w[kNames[i]].get<double>(), -20.0, 20.0);
    }
  }
  const auto& c = j["cut"];
  auto num = [](const nlohmann::json& o, const char* k, double d) {
    return o.contains(k) && o[k].is_number() ? o[k].get<double>() : d;
  };
  m.model.cut.min_keep = static_cast<size_t>(std::clamp(num(c, "min_keep", 3), 1.0, 20.0));
  m.model.cut.max_keep = static_cast<size_t>(
      std::clamp(num(c, "max_keep", 8), static_cast<double>(m.model.cut.min_keep), 40.0));
  m.model.cut.floor = std::clamp(num(c, "floor", 0.3), 0.0, 1.0);
  m.model.cut.gap = std::clamp(num(c, "gap", 0.62), 0.0, 1.0);
  m.model.cut.pool_recall = std::clamp(num(c, "pool_recall", 0.8), 0.05, 1.0);
  if (c.contains("rule") && c["rule"] == "expected_f1") m.model.cut.rule = CutRule::kExpectedF1;
  m.model.bias = std::clamp(num(j, "bias", 0), -50.0, 50.0);
  m.kept = j.value("kept", false);
  m.tasks = static_cast<int64_t>(num(j, "tasks", 0));
  m.validation_tasks = static_cast<int64_t>(num(j, "validation_tasks", 0));
  m.train_f1_default = num(j, "train_f1_default", 0);
  m.train_f1 = num(j, "train_f1", 0);
  m.validation_f1_default = num(j, "validation_f1_default", 0);
  m.validation_f1 = num(j, "validation_f1", 0);
  m.newest_seq = static_cast<int64_t>(num(j, "newest_seq", 0));
  m.lessons = static_cast<int64_t>(num(j, "lessons", 0));
  if (j.contains("commit") && j["commit"].is_string()) m.commit = j["commit"].get<std::string>();
  return m;
}

void rescore(const RankModel& model, std::vector<Candidate>& ranked) {
  for (auto& c : ranked) c.score = model.score(c.features);
  std::stable_sort(ranked.begin(), ranked.end(), [](const Candidate& a, const Candidate& b) {
    return a.score != b.score ? a.score > b.score : a.path < b.path;
  });
}

size_t expected_f1_cut(const std::vector<double>& p, const CutParams& cut) {
  if (p.empty()) return 0;
  double total = 0;
  for (double x : p) total += x;
  const double expected_gold = std::max(1.0, total / std::max(cut.pool_recall, 0.05));
  const size_t lo = std::min(std::max<size_t>(cut.min_keep, 1), p.size());
  const size_t hi = std::min(std::max(cut.max_keep, lo), p.size());
  size_t best_k = lo;
  double best = -1, sum = 0;
  for (size_t k = 1; k <= hi; ++k) {
    sum += p[k - 1];
    const double f1 = 2.0 * sum / (static_cast<double>(k) + expected_gold);
    if (k >= lo && f1 > best + 1e-12) {
      best = f1;
      best_k = k;
    }
  }
  return best_k;
}

size_t model_cut(const RankModel& model, const std::vector<Candidate>& ranked) {
  const CutParams& cut = model.cut;
  if (cut.rule == CutRule::kGap)
    return choose_cut(ranked, cut.min_keep, cut.max_keep, cut.floor, cut.gap);
  std::vector<double> p;
  p.reserve(ranked.size());
  for (const auto& c : ranked) p.push_back(model.probability(c.score));
  return expected_f1_cut(p, cut);
}

}  // namespace stc::agent
