#pragma once
// Index-mode retrieval: candidate files for a feature request from the
// sleep-time index, fused into one ranking with evidence per file.
//
// Signals (rank_model.h), each a raw value per path; a candidate's score
// is the model's weights . its values (defaults in RankModel::defaults, or
// the model sleep-time rehearsal learned for this repository):
//   fts          BM25 over path tokens, symbols, docs and references,
//                relative to the best hit;
//   path         share of the request's words among the path's tokens;
//   anticipation an anticipated request whose title covers the query:
//                its pre-computed plan's files, x coverage;
//   commits      files changed by past commits whose messages resemble
//                the request (commit-message FTS over reachable history),
//                relative to the best hit and damped by the commit's size;
//   cochange     partners of the strongest seeds, by confidence x seed;
//   note         files named by the seeds' extension-point and
//                new-sibling notes, by note confidence x seed;
//   imports      importers and imports of the strongest seeds, damped by
//                fan-out, only when they also matched the query (tests that
//                import a seed count double);
//   frequent     files most commits change (a changelog): share of commits
//                (25% or more), relative to the top seed;
//   lesson       files rehearsal missed on past requests with these words;
//   recent       files the newest 30 commits changed, by exp(-age / 8 commits);
//   sibling      new files next to their siblings (new_files.h).
// Seeds are the top candidates after the direct signals (fts, anticipation,
// commits); expansion never seeds further expansion.
//
// Rehearsal (rehearsal.h) retrieves "as of" a past commit: with
// `before_seq`, only older commits count for commits, co-change and frequent
// files; anticipation and history-derived notes (built from the whole
// history) are not used, and paths that did not exist yet are no candidates.
// With a `scope` (agent/scope.h), only paths inside that subtree are.

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "agent/candidates.h"
#include "agent/query.h"
#include "agent/rank_model.h"
#include "core/path_scope.h"
#include "core/result.h"
#include "indexer/history/history_queries.h"
#include "indexer/sleep/artifacts.h"
#include "indexer/store/index_store.h"

namespace stc::agent {

struct MatchedRequest {
  indexer::sleep::AnticipatedRequest request;
  double coverage = 0;
};

struct Retrieval {
  std::vector<Candidate> ranked;            // best first, at most 40
  size_t cut = 0;                           // how many to propose (choose_cut)
  std::vector<MatchedRequest> anticipated;  // matching anticipated requests
  std::vector<indexer::CommitHit> commits;  // similar past commits used
};

/// A lesson of rehearsal: the words of a past request and the files the
/// plan for it missed.
struct Lesson {
  int64_t seq = 0;  // position of the practice commit in the mined history
  std::string terms;
  std::vector<std::string> files;
  std::string text;  // the LLM's sentence (rehearsal_lessons.h); "" offline
};

struct RetrieveOptions {
  const RankModel* model = nullptr;               // nullptr: RankModel::defaults()
  int64_t before_seq = 0;                         // > 0: as of before that commit
  const std::set<std::string>* absent = nullptr;  // paths that did not exist then
  const std::vector<Lesson>* lessons = nullptr;   // test time: the stored lessons
  PathScope scope{};                              // candidates only inside this subtree
  // Rehearsal: answers the frequent files as of `before_seq` from one scan
  // shared by every practice task of a pass (nullptr: one query per call).
  indexer::FrequentFilesAsOf* frequent = nullptr;
};

/// Retrieves candidates for `query` from `store` (its indexed commit).
/// Errors: kStore from the store.
Result<Retrieval> retrieve(indexer::store::IndexStore& store, const Query& query,
                           const RetrieveOptions& options = {});

/// How well a lesson's words match the query: 0, or its coverage when at
/// least half the query's words are among them.
double lesson_match(const Query& query, const Lesson& lesson);

/// Adds the lesson signal of `lessons` to `set` (only lessons older than
/// `before_seq` when it is > 0; only paths for which `live` is true).
void add_lessons(const Query& query, const std::vector<Lesson>& lessons, int64_t before_seq,
                 const std::function<bool(const std::string&)>& live, const RankModel& model,
                 CandidateSet& set);

}  // namespace stc::agent
