#pragma once
// The ranking model of index-mode retrieval: one weight per signal and the
// parameters of the cut (how many files to propose). The defaults are the
// hand-set constants the agent shipped with; sleep-time rehearsal
// (rehearsal.h) learns a model per repository from its own history and
// stores it as an artifact, which the agent reads at test time.
//
// A candidate's score is the dot product of the model's weights with the
// candidate's raw signal values (Candidate::features), so a model can be
// re-applied to stored feature vectors without retrieving again.

#include <array>
#include <cstddef>
#include <string>
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
};
inline constexpr size_t kSignalCount = 11;
using Features = std::array<double, kSignalCount>;

/// "fts", "path", ... as used in evidence lines and the model's JSON.
const char* signal_name(Signal s);

struct CutParams {
  size_t min_keep = 3;  // keep at least this many (when there are)
  size_t max_keep = 8;  // never more
  double floor = 0.3;   // stop below floor x the top score
  double gap = 0.62;    // a drop to below gap x the previous score is a cut point
};

struct RankModel {
  Features weights{};
  CutParams cut;
  /// The shipped defaults.
  static RankModel defaults();
  [[nodiscard]] double weight(Signal s) const { return weights[static_cast<size_t>(s)]; }
  [[nodiscard]] double score(const Features& f) const;
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

/// How many of `ranked` to propose under `cut` (see candidates.h, choose_cut).
size_t model_cut(const CutParams& cut, const std::vector<Candidate>& ranked);

}  // namespace stc::agent
