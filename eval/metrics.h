#pragma once
// Precision, recall and F1 of a predicted file set against a gold set.
//
// Sets compare exact repository-relative paths; duplicates count once.
// Conventions for empty sets: precision is 0 when nothing was predicted,
// recall is 0 when the gold set is empty, F1 is 0 when precision + recall is 0.
// Means over tasks are macro averages (each task weighs the same).

#include <string>
#include <unordered_set>
#include <vector>

namespace stc::eval {

struct Prf {
  double precision = 0;
  double recall = 0;
  double f1 = 0;
  int hits = 0;       // |predicted ∩ gold|
  int predicted = 0;  // |predicted|
  int gold = 0;       // |gold|
};

/// Scores `predicted` against `gold`.
Prf score(const std::vector<std::string>& predicted, const std::vector<std::string>& gold);

/// The three scores of one plan (see README "Metrics").
struct TaskScores {
  Prf all;       // against gold_all
  Prf src;       // against gold_src
  Prf existing;  // files of the base tree only: gold_all minus added files,
                 // predictions that do not exist in the base tree dropped
};

/// Scores a plan's files for a task. `base_files` holds the paths of the
/// base commit's tree.
TaskScores score_task(const std::vector<std::string>& predicted,
                      const std::vector<std::string>& gold_all,
                      const std::vector<std::string>& gold_src,
                      const std::unordered_set<std::string>& base_files);

}  // namespace stc::eval
