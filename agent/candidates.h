#pragma once
// Candidate files for a plan and the evidence that put them there. Each
// signal adds weight to a path with a line of evidence; a candidate's score
// is the sum of its evidence weights. Shared by the index-mode retriever and
// the baseline explorer, so both rank the same way.

#include <map>
#include <string>
#include <vector>

#include "agent/agent.h"
#include "agent/rank_model.h"

namespace stc::agent {

struct Candidate {
  std::string path;
  std::string action = "modify";  // modify or create
  double score = 0;
  std::vector<Evidence> evidence;  // strongest first once ranked
  Features features{};             // raw signal values (index mode; score = model . features)
};

class CandidateSet {
 public:
  /// Adds `weight` to `path` with one line of evidence. Evidence lines with
  /// the same signal and text are merged (weights add).
  void add(const std::string& path, const std::string& signal, const std::string& text,
           double weight, const std::string& action = "modify");
  /// Adds `raw` to the path's value of signal `s` and `model`'s weight x
  /// raw to its score, with one line of evidence (omitted when it adds no
  /// weight). The path becomes a candidate even when the weight is 0, so a
  /// learned model can still be fit on the feature.
  void add_signal(const std::string& path, Signal s, const std::string& text, double raw,
                  const RankModel& model, const std::string& action = "modify");
  [[nodiscard]] bool contains(const std::string& path) const { return by_path_.count(path) > 0; }
  [[nodiscard]] double score(const std::string& path) const;
  /// Candidates by score (then path), evidence by weight; at most `limit`.
  [[nodiscard]] std::vector<Candidate> ranked(size_t limit) const;

 private:
  std::map<std::string, Candidate> by_path_;
};

/// The reason line of a candidate: its strongest evidence texts joined,
/// evidence about the request before priors (is_prior_signal).
std::string reason_of(const Candidate& c, size_t max_items = 2);

/// How many of `ranked` to propose: not a fixed k. Keeps at least `min_keep`
/// (when there are that many), stops below `floor` x the top score, and cuts
/// at the largest relative score gap after the minimum; never above `max_keep`
/// (8: on the evaluation repositories a longer list loses more precision than
/// it gains recall; see eval/README.md).
/// choose_cut over scores alone (best first).
size_t cut_scores(const std::vector<double>& scores, size_t min_keep, size_t max_keep, double floor,
                  double gap);

size_t choose_cut(const std::vector<Candidate>& ranked, size_t min_keep = 3, size_t max_keep = 8,
                  double floor = 0.3, double gap = 0.62);

}  // namespace stc::agent
