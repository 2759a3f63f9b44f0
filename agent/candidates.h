#pragma once
// Candidate files for a plan and the evidence that put them there. Each
// signal adds weight to a path with a line of evidence; a candidate's score
// is the sum of its evidence weights. Shared by the index-mode retriever and
// the baseline explorer, so both rank the same way.

#include <map>
#include <string>
#include <vector>

#include "agent/agent.h"

namespace stc::agent {

struct Candidate {
  std::string path;
  std::string action = "modify";  // modify or create
  double score = 0;
  std::vector<Evidence> evidence;  // strongest first once ranked
};

class CandidateSet {
 public:
  /// Adds `weight` to `path` with one line of evidence. Evidence lines with
  /// the same signal and text are merged (weights add).
  void add(const std::string& path, const std::string& signal, const std::string& text,
           double weight, const std::string& action = "modify");
  [[nodiscard]] bool contains(const std::string& path) const { return by_path_.count(path) > 0; }
  [[nodiscard]] double score(const std::string& path) const;
  /// Candidates by score (then path), evidence by weight; at most `limit`.
  [[nodiscard]] std::vector<Candidate> ranked(size_t limit) const;

 private:
  std::map<std::string, Candidate> by_path_;
};

/// The reason line of a candidate: its strongest evidence texts joined.
std::string reason_of(const Candidate& c, size_t max_items = 2);

/// How many of `ranked` to propose: not a fixed k. Keeps at least `min_keep`
/// (when there are that many), stops below `floor` x the top score, and cuts
/// at the largest relative score gap after the minimum; never above `max_keep`
/// (8: on the evaluation repositories a longer list loses more precision than
/// it gains recall; see eval/README.md).
size_t choose_cut(const std::vector<Candidate>& ranked, size_t min_keep = 3, size_t max_keep = 8,
                  double floor = 0.3);

}  // namespace stc::agent
