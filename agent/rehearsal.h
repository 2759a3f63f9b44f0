#pragma once
// Sleep-time rehearsal: the repository's own history as a training set.
//
// Every past feature-like commit (the rules of `stc-eval mine`: a
// descriptive message, 3 to 30 code files, a source file among them, not a
// pure rename) is a practice request with a known answer. For each, newest
// first and as many as the sleep budget allows, retrieval runs as it would
// have before that commit (retriever.h, `before_seq`: its own message and
// every later commit are out of the commit index, co-change and frequent
// files count older commits only, files it created are create targets, not
// candidates), and the candidates' feature vectors are stored
// (rehearsal_tasks), so a later pass computes only new practice tasks.
//
// Fitting: pointwise logistic regression of "this candidate is one of the
// change's files" on its signal values (recency-weighted, L2-regularized
// toward global prior weights, so thin histories stay near them); the cut
// then picks the number of files that maximizes the expected F1 under the
// model's probabilities (rank_model.h). Validated by time: fit on the older four fifths, score on
// the newest fifth, and keep the learned model only if it beats the defaults there; the kept model
// is then refit on every task. Lessons: the existing files the default ranking missed, with the
// request's words, become a signal of their own ("lesson"), for later practice tasks and for the
// agent at test time.
//
// Cost: each practice task costs the estimated tokens of the context it
// assembled (as offline test-time plans are counted); the pass stops adding
// tasks when the budget is spent. Budget 0: no rehearsal at all.
// Crash safety: each practice task commits alone; the model and lessons are
// written together in one transaction at the end, so a killed rehearsal
// leaves the previous model in use.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "agent/rank_model.h"
#include "agent/retriever.h"
#include "core/glob.h"
#include "core/progress.h"
#include "core/result.h"
#include "indexer/share/shared_cache.h"
#include "indexer/store/index_store.h"
#include "llm/provider.h"

namespace stc::agent {

/// Version of the stored feature vectors; bump when a signal changes.
/// 2: FTS5 stems, no maintenance commits; 3: the practice commit's files as
/// they were before it (rehearsal_asof.h); 4: the recent signal.
inline constexpr int kRehearsalFeatureVersion = 4;
/// Older practice tasks a hook- or watch-triggered pass adds at most, so the
/// pass after a commit stays short while the backlog is worked off.
inline constexpr size_t kHookBacklog = 2;

struct RehearsalOptions {
  int64_t budget = 0;      // estimated tokens this pass may spend; 0: no rehearsal
  size_t max_tasks = 400;  // practice tasks kept at most (the newest)
  std::string commit;      // the indexed commit (recorded in the model)
  const GlobSet* deny = nullptr;
  /// The repository, to read each practice commit's files as they were
  /// before it (rehearsal_asof.h); "" skips that (tests of the history
  /// signals alone), and the indexed content is used.
  std::string git_dir;
  uint64_t max_file_bytes = 1 << 20;
  /// Practice tasks older than the newest stored one ("backlog") this pass
  /// may add; commits newer than it are always added (within the budget).
  size_t backlog_per_pass = SIZE_MAX;
  /// An LLM provider writes the lessons of tasks with misses (within the
  /// budget; rehearsal_lessons.h); nullptr or offline: extractive lessons.
  llm::Provider* provider = nullptr;
  /// Called after each practice task is stored (tests: kill points).
  std::function<void(size_t)> after_task;
  /// The team share: practice tasks it has (same commit, feature version and
  /// lesson writer) are stored as they are instead of computed — a hit that
  /// costs no budget (reading a row costs no model tokens) — and the tasks
  /// computed here are offered to it at the end (none with a deny-listed
  /// path; a rehearsal killed before the end pushes nothing, and its tasks
  /// are not pushed later). The model is refit locally from the stored
  /// tasks either way (cheap: milliseconds). Null: none.
  indexer::share::SharedCache* share = nullptr;
  /// With a share: publish the practice tasks this pass does not reach
  /// (budget, backlog_per_pass) as `rehearsal` units for `stc worker`s.
  bool enqueue = false;
  /// Non-empty: compute exactly these practice commits (a worker's units),
  /// leaving the scan cursor alone.
  std::vector<std::string> only_commits;
};

struct RehearsalReport {
  bool ran = false;                    // false with budget 0 or no history
  int64_t tasks_added = 0;             // practice tasks computed by this pass
  int64_t tasks_pulled = 0;            // practice tasks taken from the team share (not computed)
  int64_t tasks_pushed = 0;            // computed tasks offered to the team share
  int64_t enqueued = -1;               // rehearsal units newly published; -1: none published
  std::vector<std::string> practiced;  // only_commits done: stored, or no task to compute
  int64_t tasks_total = 0;             // practice tasks stored
  int64_t tokens = 0;                  // estimated tokens spent by this pass
  int64_t commits_read = 0;  // mined commits this pass looked at (O(new commits) once caught up)
  int64_t llm_lessons = 0;   // lessons written by the LLM in this pass
  std::vector<std::string> errors;  // LLM problems (the extractive lesson stood)
  bool refit = false;               // the model was refit (new tasks)
  double refit_seconds = 0;         // time of the fit and validation alone
  std::optional<LearnedModel> model;
  double seconds = 0;
};

/// Runs rehearsal on the store's mined history. Errors: kStore.
Result<RehearsalReport> rehearse(indexer::store::IndexStore& store, const RehearsalOptions& options,
                                 Progress& progress);

/// The stored model (kept or not), nullopt before any rehearsal.
Result<std::optional<LearnedModel>> read_learned_model(indexer::store::IndexStore& store);
/// The model the agent should use: the learned one when it was kept.
Result<RankModel> active_model(indexer::store::IndexStore& store);
/// The stored lessons (empty before any rehearsal).
Result<std::vector<Lesson>> read_lessons(indexer::store::IndexStore& store);

// Exposed for tests.
struct PracticeCandidate {
  std::string path;
  Features features{};
};
struct PracticeTask {
  int64_t seq = 0;
  std::string oid;
  std::string request;
  std::vector<std::string> gold;    // changed paths (not deleted)
  std::vector<std::string> missed;  // existing gold files the default plan missed
  std::vector<PracticeCandidate> candidates;
  std::string lesson_text;                   // the LLM's lesson, "" offline
  std::vector<std::string> lesson_keywords;  // its words for later requests
};
/// The lesson a practice task teaches (empty files when it missed nothing):
/// the request's words, plus the LLM's keywords and sentence when written.
Lesson lesson_of(const PracticeTask& t);
/// Mean file-level F1 of `model` over `tasks` (candidates as stored).
double mean_f1(const RankModel& model, const std::vector<PracticeTask>& tasks);
/// The global defaults a learned model starts from and is pulled toward:
/// the shipped defaults (RankModel::defaults).
RankModel learning_prior();
/// Fits a model on `tasks` (pointwise logistic regression of "this candidate
/// is one of the change's files" on its signal values, recency-weighted, with
/// an L2 pull toward `prior` worth kPriorStrength rows, so thin histories stay
/// near the prior); the cut is the expected-F1 rule with the learned
/// pool recall. New-file proposals are not fit but gated: their weight is
/// the prior's, or 0 when at least 5 proposals of the practice tasks hit a
/// created file less than one time in ten.
RankModel fit_model(const std::vector<PracticeTask>& tasks, const RankModel& prior);
/// One model over the practice tasks of several repositories, each
/// repository weighing the same and no recency weighting, fit to
/// convergence; the pool recall is the repositories' mean. This is how the
/// shipped defaults are made (`stc-eval fit-defaults`).
RankModel fit_pooled(const std::vector<std::vector<PracticeTask>>& repos, const RankModel& prior);
/// The practice tasks stored in `store` (this feature version), oldest
/// first. Errors: kStore.
Result<std::vector<PracticeTask>> read_practice_tasks(indexer::store::IndexStore& store);

}  // namespace stc::agent

#include "indexer/sleep/sleep_pass.h"

namespace stc::agent {

/// The rehearsal stage for run_pass (PassOptions::extra_stages), with the
/// workspace's secret deny list (their content is never read into contexts)
/// and repository. `trigger` is the pass's: a hook or watch pass adds at most
/// kHookBacklog older practice tasks besides the new commits.
indexer::PassStage rehearsal_stage(const indexer::Workspace& ws, const std::string& trigger);

/// One line about a learned model, e.g. "learned from 42 practice tasks:
/// validation F1 0.41 vs 0.36 with the defaults (kept)".
std::string describe_model(const LearnedModel& m);

/// `stc worker`'s rehearsal units (indexer/share/worker.h,
/// WorkerOptions::rehearse): computes the practice commits of the units
/// of this feature version whose lesson writer is `offline` (offline
/// lessons) or the worker's `provider` and model (its lessons), pushes them
/// to `share`, and returns those now stored.
std::function<Result<std::vector<std::string>>(indexer::store::IndexStore&, llm::Provider&,
                                               const std::vector<indexer::share::WorkUnit>&,
                                               int64_t, Progress&)>
rehearsal_units(const indexer::Workspace& ws, indexer::share::SharedCache& share);

}  // namespace stc::agent
