#pragma once
// The ranking model of index-mode retrieval: one weight per signal and the
// parameters of the cut (how many files to propose). The defaults are a
// model fit on other repositories' practice tasks (rank_model.cc); sleep-time rehearsal
// (rehearsal.h) learns a model per repository from its own history and
// stores it as an artifact, which the agent reads at test time.
//
// A candidate's score is the dot product of the model's weights with the
// candidate's raw signal values (Candidate::features), so a model can be
// re-applied to stored feature vectors without retrieving again.

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace stc::agent {

struct Candidate;

/// The signals of index-mode retrieval (retriever.h says how each is made).
enum class Signal : size_t {
  kFts = 0,       // BM25 over path tokens, symbols, docs and references
  kPath,          // share of the request's words in the path's tokens
  kAnticipation,  // an anticipated request's pre-computed plan
  kCommits,       // files of similar past commits
  kCochange,      // co-change partners of the seeds
  kNote,          // files named by the seeds' extension-point notes
  kImports,       // importers and imports of the seeds
  kFrequent,      // files most commits change
  kSibling,       // a new file beside its siblings
  kLesson,        // what rehearsal missed before, by request words
  kRead,          // overlap of the request with the summary/skeleton read (budget-bound)
  kRecent,        // changed by the newest commits (work in progress continues)
};
inline constexpr size_t kSignalCount = 12;
using Features = std::array<double, kSignalCount>;

/// "fts", "path", ... as used in evidence lines and the model's JSON.
const char* signal_name(Signal s);
/// Whether the signal named `name` is a prior that says nothing about the
/// request itself (recent work, files most commits change): plans list such
/// evidence after the evidence about the request.
bool is_prior_signal(std::string_view name);

/// How the cut is chosen: the shipped score-gap rule, or (learned models)
/// the k that maximizes the expected F1 under the model's probabilities.
enum class CutRule { kGap, kExpectedF1 };

struct CutParams {
  CutRule rule = CutRule::kGap;
  size_t min_keep = 3;  // keep at least this many (when there are)
  size_t max_keep = 8;  // never more
  double floor = 0.3;   // kGap: stop below floor x the top score
  double gap = 0.62;    // kGap: a drop to below gap x the previous score is a cut point
  /// kExpectedF1: the share of a change's files that retrieval finds at all
  /// (learned), so the expected size of the change is sum(p) / pool_recall.
  double pool_recall = 0.8;
};

struct RankModel {
  Features weights{};  // may be negative in a learned model (a signal that misleads)
  double bias = 0;     // learned models: P(file changes) = sigmoid(bias + score)
  CutParams cut;
  /// The shipped defaults.
  static RankModel defaults();
  [[nodiscard]] double weight(Signal s) const { return weights[static_cast<size_t>(s)]; }
  [[nodiscard]] double score(const Features& f) const;
  /// The probability that a candidate with `score` is part of the change
  /// (meaningful for learned models; kExpectedF1 cuts use it).
  [[nodiscard]] double probability(double score) const;
};

/// What rehearsal learned, as stored (artifact kind "rank_model").
struct LearnedModel {
  RankModel model;
  bool kept = false;  // validation beat the defaults; otherwise the defaults are used
  int64_t tasks = 0;  // practice tasks it was fit on
  int64_t validation_tasks = 0;
  double train_f1_default = 0, train_f1 = 0;
  double validation_f1_default = 0, validation_f1 = 0;
  int64_t newest_seq = 0;  // newest practice commit used
  std::string commit;      // the indexed commit it was learned at
  int64_t lessons = 0;
};

std::string encode_model(const LearnedModel& m);
/// Errors: kBadInput for malformed JSON or a wrong shape.
Result<LearnedModel> decode_model(const std::string& json);

/// Re-scores `ranked` with `model` (from the stored features), best first.
void rescore(const RankModel& model, std::vector<Candidate>& ranked);

/// How many of `ranked` (best first, scored by `model`) to propose: the
/// gap rule (candidates.h, choose_cut) or the expected-F1 rule.
size_t model_cut(const RankModel& model, const std::vector<Candidate>& ranked);

/// The expected-F1 cut over probabilities sorted best first: the k in
/// [min_keep, max_keep] maximizing 2 * sum(p[0..k)) / (k + sum(p) / pool_recall).
size_t expected_f1_cut(const std::vector<double>& probabilities, const CutParams& cut);

}  // namespace stc::agent
