// Sleep-time rehearsal (rehearsal.h): practice tasks from the mined history,
// feature vectors as of each, logistic regression and the expected-F1 cut, validation by
// time, lessons.

#include "agent/rehearsal.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "agent/candidates.h"
#include "agent/context_pack.h"
#include "agent/index_context.h"
#include "agent/query.h"
#include "agent/rehearsal_asof.h"
#include "agent/rehearsal_lessons.h"
#include "core/commit_message.h"
#include "core/path_kind.h"
#include "core/secrets.h"
#include "core/text.h"
#include "indexer/history/history_queries.h"
#include "indexer/store/artifact_store.h"
#include "indexer/store/rehearsal_store.h"

namespace stc::agent {
namespace {

constexpr int kModelVersion = 3;          // prompt_version of the model and lessons artifacts
constexpr size_t kReadDepth = 12;         // candidates whose summary/notes/skeleton are read
constexpr int64_t kContextBudget = 1500;  // tokens of context per practice task
constexpr size_t kScanWindow = 64;        // backlog commits read at a time
constexpr int64_t kMinFiles = 3;          // practice commits change 3..1000 paths
constexpr int64_t kMaxFiles = 1000;
constexpr size_t kMaxLessons = 300;
constexpr size_t kMinTasksToFit = 10;
constexpr size_t kMinValidation = 3;  // newest tasks the learned model must win on
constexpr double kKeepMargin = 0.02;  // by at least this much mean F1

// The miner's rules (eval/miner.h) applied to a mined commit; "" keeps it.
bool practice_of(const indexer::PastCommit& c, PracticeTask& out) {
  const Described d = describe_commit(c.message, c.parents > 1, 4);
  if (d.description.empty()) return false;
  bool pure_rename = true;
  int code = 0;
  bool src = false;
  for (const auto& [path, change] : c.files) {
    if (change != 'R') pure_rename = false;
    if (change == 'D') continue;
    const PathKind kind = classify_path(path);
    if (kind == PathKind::kIgnored) continue;
    out.gold.push_back(path);
    if (kind == PathKind::kSource || kind == PathKind::kOther) src = true;
    if (is_code_path(path)) ++code;
  }
  if (c.files.empty() || pure_rename || code < 3 || code > 30 || !src) return false;
  out.seq = c.seq;
  out.oid = c.oid;
  out.request = d.description;
  return true;
}

nlohmann::json encode_task(const PracticeTask& t) {
  nlohmann::json cands = nlohmann::json::array();
  for (const auto& c : t.candidates) {
    nlohmann::json row = nlohmann::json::array({c.path});
    for (double v : c.features) row.push_back(std::round(v * 1e4) / 1e4);
    cands.push_back(std::move(row));
  }
  nlohmann::json j = {{"r", t.request}, {"g", t.gold}, {"m", t.missed}, {"c", cands}};
  if (!t.lesson_text.empty()) {
    j["lt"] = t.lesson_text;
    j["lk"] = t.lesson_keywords;
  }
  return j;
}

std::optional<PracticeTask> decode_task(const indexer::store::RehearsalTaskRow& row) {
  auto j = nlohmann::json::parse(row.data, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  PracticeTask t;
  t.seq = row.seq;
  t.oid = row.commit_oid;
  try {
    t.request = j.at("r").get<std::string>();
    t.gold = j.at("g").get<std::vector<std::string>>();
    t.missed = j.at("m").get<std::vector<std::string>>();
    for (const auto& c : j.at("c")) {
      PracticeCandidate pc;
      pc.path = c.at(0).get<std::string>();
      for (size_t i = 0; i < kSignalCount && i + 1 < c.size(); ++i)
        pc.features[i] = c.at(i + 1).get<double>();
      t.candidates.push_back(std::move(pc));
    }
    if (j.contains("lt")) {
      t.lesson_text = j.at("lt").get<std::string>();
      t.lesson_keywords = j.at("lk").get<std::vector<std::string>>();
    }
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
  return t;
}

// The prediction of `model` for one task: indices into candidates, best first, cut.
std::vector<size_t> predict(const RankModel& model, const PracticeTask& t,
                            std::vector<double>& scratch) {
  std::vector<size_t> order(t.candidates.size());
  scratch.resize(t.candidates.size());
  for (size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
    scratch[i] = model.score(t.candidates[i].features);
  }
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return scratch[a] != scratch[b] ? scratch[a] > scratch[b]
                                    : t.candidates[a].path < t.candidates[b].path;
  });
  std::vector<double> sorted(order.size());
  for (size_t i = 0; i < order.size(); ++i) {
    sorted[i] = model.cut.rule == CutRule::kExpectedF1 ? model.probability(scratch[order[i]])
                                                       : scratch[order[i]];
  }
  const size_t n = model.cut.rule == CutRule::kExpectedF1
                       ? expected_f1_cut(sorted, model.cut)
                       : cut_scores(sorted, model.cut.min_keep, model.cut.max_keep, model.cut.floor,
                                    model.cut.gap);
  order.resize(std::min(n, order.size()));
  return order;
}

double task_f1(const RankModel& model, const PracticeTask& t, std::vector<double>& scratch) {
  if (t.gold.empty()) return 0;
  const auto picked = predict(model, t, scratch);
  if (picked.empty()) return 0;
  int hits = 0;
  for (size_t i : picked) {
    if (std::binary_search(t.gold.begin(), t.gold.end(), t.candidates[i].path)) ++hits;
  }
  return 2.0 * hits / static_cast<double>(picked.size() + t.gold.size());
}

// Adds the lesson signal to each task from the older tasks' misses.
void attach_lessons(std::vector<PracticeTask>& tasks) {
  std::vector<Query> queries;
  std::vector<Lesson> lessons;
  for (const auto& t : tasks) {
    queries.push_back(understand(t.request));
    lessons.push_back(lesson_of(t));
  }
  for (size_t i = 0; i < tasks.size(); ++i) {
    std::unordered_map<std::string, size_t> at;
    for (size_t k = 0; k < tasks[i].candidates.size(); ++k) at[tasks[i].candidates[k].path] = k;
    for (size_t j = 0; j < tasks.size(); ++j) {
      if (lessons[j].seq >= tasks[i].seq || lessons[j].files.empty()) continue;
      const double m = lesson_match(queries[i], lessons[j]);
      if (m <= 0) continue;
      for (const auto& f : lessons[j].files) {
        auto it = at.find(f);
        if (it == at.end()) {
          tasks[i].candidates.push_back(PracticeCandidate{f, {}});
          it = at.emplace(f, tasks[i].candidates.size() - 1).first;
        }
        tasks[i].candidates[it->second].features[static_cast<size_t>(Signal::kLesson)] += m;
      }
    }
  }
}

// Computes one practice task's candidates and features as of before it.
// The retrieval and context items of one practice task, with the files its
// commit modified as they were before it when `as_of` is given.
Result<std::pair<Retrieval, std::vector<ContextItem>>> retrieve_as_of(
    indexer::store::IndexStore& store, AsOfTree* as_of, indexer::FrequentFilesAsOf& frequent,
    const PracticeTask& t, const Query& q, const std::set<std::string>& absent,
    const GlobSet& deny) {
  const RankModel defaults = RankModel::defaults();
  RetrieveOptions opt;
  opt.model = &defaults;
  opt.before_seq = t.seq;
  opt.absent = &absent;
  opt.frequent = &frequent;
  if (as_of) {
    TRY(as_of->rewind(store, t.oid, static_cast<int64_t>(std::time(nullptr))));
  }
  auto r = retrieve(store, q, opt);
  Result<std::vector<ContextItem>> items = std::vector<ContextItem>{};
  if (r) items = index_context_items(store, *r, std::min(kReadDepth, r->ranked.size()), deny);
  if (as_of) TRY(as_of->restore(store));
  if (!r) return tl::unexpected(r.error());
  if (!items) return tl::unexpected(items.error());
  return std::make_pair(std::move(*r), std::move(*items));
}

Result<int64_t> extract(indexer::store::IndexStore& store, AsOfTree* as_of,
                        indexer::FrequentFilesAsOf& frequent, const std::set<std::string>& absent,
                        const std::set<std::string>& live, const GlobSet& deny, PracticeTask& t) {
  // Only files that still exist can be found (or created again) today.
  std::erase_if(t.gold, [&](const std::string& g) { return !live.count(g); });
  if (t.gold.empty()) return int64_t{-1};
  const Query q = understand(t.request);
  TRY_ASSIGN(auto found, retrieve_as_of(store, as_of, frequent, t, q, absent, deny));
  auto& [r, items] = found;
  // What a cheap plan would read, packed the way the agent packs it.
  const ContextPack pack = pack_items(items, kContextBudget);
  const int64_t tokens = pack.tokens;
  std::map<std::string, std::string> read;
  for (const auto& it : pack.items) {
    if (it.kind == "summary" || it.kind == "notes" || it.kind == "skeleton")
      read[it.path] += it.text + "\n";
  }
  std::sort(t.gold.begin(), t.gold.end());
  std::set<std::string> predicted;
  for (size_t i = 0; i < r.cut && i < r.ranked.size(); ++i) predicted.insert(r.ranked[i].path);
  for (const auto& g : t.gold) {
    if (!predicted.count(g) && !absent.count(g)) t.missed.push_back(g);
  }
  for (auto& c : r.ranked) {
    // A deny-listed candidate (a secrets file the newest commits touched)
    // is no training row: the task stays shareable with the team, and every
    // clone stores the same rows.
    if (deny.matches(c.path)) continue;
    if (auto it = read.find(c.path); it != read.end()) {
      c.features[static_cast<size_t>(Signal::kRead)] = coverage(q, it->second);
    }
    t.candidates.push_back(PracticeCandidate{c.path, c.features});
  }
  return tokens;
}

Status write_model(indexer::store::IndexStore& store, const LearnedModel& m,
                   const std::vector<Lesson>& lessons, int64_t tokens) {
  nlohmann::json ls = nlohmann::json::array();
  for (const auto& l : lessons) {
    nlohmann::json one = {{"seq", l.seq}, {"terms", l.terms}, {"files", l.files}};
    if (!l.text.empty()) one["text"] = l.text;
    ls.push_back(std::move(one));
  }
  indexer::store::ArtifactStore arts = store.artifacts();
  TRY(store.begin());
  const auto now = static_cast<int64_t>(std::time(nullptr));
  auto st = arts.put(indexer::store::Artifact{"rank_model", "", "", kModelVersion, "offline",
                                              "rehearsal", encode_model(m), 0, now});
  if (st) {
    st = arts.put(indexer::store::Artifact{"lessons", "", "", kModelVersion, "offline", "rehearsal",
                                           ls.dump(), 0, now});
  }
  if (st && tokens > 0) {
    st = arts.record_call(
        indexer::store::LlmCall{"sleep", "offline", "", "rehearsal", tokens, 0, 0, true, ""});
  }
  if (!st) {
    store.rollback();
    return st;
  }
  return store.commit();
}

LearnedModel learn(std::vector<PracticeTask>& tasks, const std::string& commit) {
  LearnedModel out;
  const RankModel defaults = RankModel::defaults();
  out.model = defaults;
  out.commit = commit;
  out.tasks = static_cast<int64_t>(tasks.size());
  if (!tasks.empty()) out.newest_seq = tasks.back().seq;
  out.train_f1_default = out.train_f1 = mean_f1(defaults, tasks);
  if (tasks.size() < kMinTasksToFit) return out;
  const size_t nval = std::max<size_t>(2, tasks.size() / 5);
  const std::vector<PracticeTask> train(tasks.begin(), tasks.end() - static_cast<long>(nval));
  const std::vector<PracticeTask> val(tasks.end() - static_cast<long>(nval), tasks.end());
  const RankModel prior = learning_prior();
  const RankModel fitted = fit_model(train, prior);
  out.validation_tasks = static_cast<int64_t>(nval);
  out.validation_f1_default = mean_f1(defaults, val);
  out.validation_f1 = mean_f1(fitted, val);
  out.train_f1_default = mean_f1(defaults, train);
  out.train_f1 = mean_f1(fitted, train);
  out.model = fitted;  // stored either way, so `stc status` can show what was tried
  // Small validation sets are noisy: demand a clear margin on enough tasks.
  if (nval >= kMinValidation && out.validation_f1 >= out.validation_f1_default + kKeepMargin) {
    out.kept = true;
    out.model = fit_model(tasks, prior);
  }
  return out;
}

}  // namespace

double mean_f1(const RankModel& model, const std::vector<PracticeTask>& tasks) {
  if (tasks.empty()) return 0;
  std::vector<double> scratch;
  double sum = 0;
  for (const auto& t : tasks) sum += task_f1(model, t, scratch);
  return sum / static_cast<double>(tasks.size());
}

namespace {

// Newer tasks weigh more (a repository's habits drift): a task's weight
// halves every kRecencyHalfLife tasks back from the newest.
constexpr double kRecencyHalfLife = 60;
constexpr double kPriorStrength = 20;  // the prior counts as this many candidate rows
constexpr int kIterations = 400;
constexpr double kStep = 0.5;

double sigmoid(double z) { return 1.0 / (1.0 + std::exp(-std::clamp(z, -30.0, 30.0))); }

struct Row {
  Features x;
  double y = 0, w = 0;
};

// One row per candidate of `t`, each of weight `w`.
void append_rows(const PracticeTask& t, double w, std::vector<Row>& rows) {
  for (const auto& c : t.candidates) {
    Row r{c.features, 0, w};
    r.x[static_cast<size_t>(Signal::kSibling)] = 0;  // fixed: see learning_prior
    r.y = std::binary_search(t.gold.begin(), t.gold.end(), c.path) ? 1 : 0;
    rows.push_back(r);
  }
}

std::vector<Row> training_rows(const std::vector<PracticeTask>& tasks) {
  std::vector<Row> rows;
  for (size_t i = 0; i < tasks.size(); ++i) {
    append_rows(tasks[i], std::exp2(-static_cast<double>(tasks.size() - 1 - i) / kRecencyHalfLife),
                rows);
  }
  return rows;
}

// Recency-weighted share of each task's files that retrieval found at all.
double pool_recall(const std::vector<PracticeTask>& tasks) {
  double sum = 0, total = 0;
  for (size_t i = 0; i < tasks.size(); ++i) {
    const auto& t = tasks[i];
    if (t.gold.empty()) continue;
    size_t found = 0;
    for (const auto& c : t.candidates)
      found += std::binary_search(t.gold.begin(), t.gold.end(), c.path) ? 1 : 0;
    const double w = std::exp2(-static_cast<double>(tasks.size() - 1 - i) / kRecencyHalfLife);
    sum += w * std::min(1.0, static_cast<double>(found) / static_cast<double>(t.gold.size()));
    total += w;
  }
  return total > 0 ? std::clamp(sum / total, 0.05, 1.0) : 0.8;
}

// Whether proposing new files (a module beside its siblings, and its test)
// pays in this repository: the sibling weight stays at the prior's when the
// practice tasks' proposals named a file the commit created often enough,
// and is 0 (no proposals) when they almost never did. Too few proposals to
// judge keep the prior.
double new_file_weight(const std::vector<PracticeTask>& tasks, double prior) {
  constexpr size_t kMinProposals = 5;
  constexpr double kMinHitRate = 0.1;
  size_t proposals = 0, hits = 0;
  for (const auto& t : tasks) {
    for (const auto& c : t.candidates) {
      if (c.features[static_cast<size_t>(Signal::kSibling)] <= 0) continue;
      ++proposals;
      hits += std::binary_search(t.gold.begin(), t.gold.end(), c.path) ? 1 : 0;
    }
  }
  if (proposals < kMinProposals) return prior;
  const double rate = (static_cast<double>(hits) + 0.5) / (static_cast<double>(proposals) + 1.0);
  return rate < kMinHitRate ? 0.0 : prior;
}

}  // namespace

// A learned model starts from the shipped defaults and is pulled toward them.
RankModel learning_prior() { return RankModel::defaults(); }

namespace {

// Gradient descent on the weighted logistic loss of `rows`, with an L2 pull
// toward `prior` worth kPriorStrength rows. Sibling is not fit (see
// learning_prior).
RankModel descend(const std::vector<Row>& rows, const RankModel& prior, int iterations) {
  RankModel m = prior;
  double total = kPriorStrength;
  for (const auto& r : rows) total += r.w;
  auto fixed = [](size_t i) { return static_cast<Signal>(i) == Signal::kSibling; };
  for (int it = 0; it < iterations; ++it) {
    Features grad{};
    double grad_bias = 0;
    for (const auto& r : rows) {
      const double e = r.w * (sigmoid(m.bias + m.score(r.x)) - r.y);
      grad_bias += e;
      for (size_t i = 0; i < kSignalCount; ++i) grad[i] += e * r.x[i];
    }
    for (size_t i = 0; i < kSignalCount; ++i) {
      if (fixed(i)) continue;
      grad[i] += kPriorStrength * (m.weights[i] - prior.weights[i]);
      m.weights[i] -= kStep * grad[i] / total;
    }
    grad_bias += kPriorStrength * (m.bias - prior.bias);
    m.bias -= kStep * grad_bias / total;
  }
  return m;
}

}  // namespace

RankModel fit_model(const std::vector<PracticeTask>& tasks, const RankModel& prior) {
  RankModel m = descend(training_rows(tasks), prior, kIterations);
  const size_t sibling = static_cast<size_t>(Signal::kSibling);
  m.weights[sibling] = new_file_weight(tasks, prior.weights[sibling]);
  m.cut.pool_recall = pool_recall(tasks);
  return m;
}

RankModel fit_pooled(const std::vector<std::vector<PracticeTask>>& repos, const RankModel& prior) {
  constexpr int kPooledIterations = 3000;  // a one-off fit over many rows: run it to convergence
  std::vector<Row> rows;
  size_t tasks = 0, used = 0;
  for (const auto& r : repos) {
    tasks += r.size();
    used += r.empty() ? 0 : 1;
  }
  double recall = 0;
  for (const auto& r : repos) {
    if (r.empty()) continue;
    // Every repository weighs the same, however long its history.
    const double w = static_cast<double>(tasks) / static_cast<double>(used * r.size());
    for (const auto& t : r) append_rows(t, w, rows);
    recall += pool_recall(r);
  }
  RankModel m = descend(rows, prior, kPooledIterations);
  if (used > 0) m.cut.pool_recall = recall / static_cast<double>(used);
  return m;
}

Result<std::vector<PracticeTask>> read_practice_tasks(indexer::store::IndexStore& store) {
  indexer::store::RehearsalStore rows = store.rehearsals();
  TRY_ASSIGN(auto all, rows.all(kRehearsalFeatureVersion));
  std::vector<PracticeTask> tasks;
  for (const auto& row : all) {
    if (auto t = decode_task(row)) tasks.push_back(std::move(*t));
  }
  return tasks;
}

namespace {

constexpr size_t kLessonDiffBytes = 6000;

// Has the LLM write the lesson of a task with misses, when the budget allows.
Status teach(llm::Provider& provider, indexer::store::IndexStore& store, const AsOfTree& as_of,
             const GlobSet& deny, int64_t budget, PracticeTask& t, RehearsalReport& report) {
  LessonInput in;
  in.request = t.request;
  in.changed = t.gold;
  in.missed = t.missed;
  TRY_ASSIGN(in.diff, as_of.diff(t.oid, t.missed, deny, kLessonDiffBytes));
  if (report.tokens + lesson_cost(in) > budget) return {};
  indexer::store::ArtifactStore calls = store.artifacts();
  int64_t tokens = 0;
  std::string problem;
  TRY_ASSIGN(auto draft, write_lesson(provider, calls, in, tokens, problem));
  report.tokens += tokens;
  if (!problem.empty()) report.errors.push_back(problem);
  if (!draft) return {};
  t.lesson_text = draft->text;
  t.lesson_keywords = draft->keywords;
  ++report.llm_lessons;
  return {};
}

}  // namespace

Lesson lesson_of(const PracticeTask& t) {
  std::vector<std::string> words = understand(t.request).words;
  for (const auto& k : t.lesson_keywords) {
    for (auto& w : understand(k).words) {
      if (std::find(words.begin(), words.end(), w) == words.end()) words.push_back(std::move(w));
    }
  }
  return Lesson{t.seq, stc::join(words, " "), t.missed, t.lesson_text};
}

namespace {

// The share's rehearsal records (indexer/share/shared_cache.h): key = the
// practice commit, version = kRehearsalFeatureVersion, variant = who wrote
// the lessons ("offline", or provider/model) @ the indexed commit, payload =
// encode_shared_task.
constexpr const char* kRehearsalRecord = indexer::share::kRehearsalKind;
constexpr const char* kSharedTaskMagic = "stc-rehearsal-task/1\n";

// The variant also names the indexed commit: a task's changed files are
// those still in the computing clone's tree, so a clone at another commit
// (an older one would learn which files later commits delete) computes its
// own instead of pulling that view. Clones and workers at one commit share.
std::string shared_variant(const llm::Provider* provider, const std::string& commit) {
  const std::string writer = !provider || provider->offline()
                                 ? std::string("offline")
                                 : provider->name() + "/" + provider->model();
  return writer + "@" + commit;
}

// A practice task as shared: a versioned header, its token cost, its row's JSON.
std::string encode_shared_task(int64_t tokens, const std::string& data) {
  return kSharedTaskMagic + std::to_string(tokens) + "\n" + data;
}

// (tokens, data) of a shared task; nullopt when not of this version or damaged.
std::optional<std::pair<int64_t, std::string>> decode_shared_task(std::string_view bytes) {
  const std::string_view magic = kSharedTaskMagic;
  if (bytes.substr(0, magic.size()) != magic) return std::nullopt;
  bytes.remove_prefix(magic.size());
  const size_t nl = bytes.find('\n');
  if (nl == std::string_view::npos || nl == 0 || nl > 18) return std::nullopt;
  int64_t tokens = 0;
  for (char c : bytes.substr(0, nl)) {
    if (c < '0' || c > '9') return std::nullopt;
    tokens = tokens * 10 + (c - '0');
  }
  std::string data(bytes.substr(nl + 1));
  if (!decode_task(indexer::store::RehearsalTaskRow{"", 0, tokens, data})) return std::nullopt;
  return std::make_pair(tokens, std::move(data));
}

// Whether a computed task may leave for the share: none of its paths is
// deny-listed (such a task is not pushed at all: dropping the paths would
// make it differ from what the other clone computes). A task whose LLM
// lesson could not be written (budget, a failed call) is shared as it is
// stored: this clone does not retry it either.
bool shareable(const PracticeTask& t, const GlobSet& deny) {
  auto denied = [&](const std::vector<std::string>& paths) {
    return std::any_of(paths.begin(), paths.end(),
                       [&](const std::string& p) { return deny.matches(p); });
  };
  if (denied(t.gold) || denied(t.missed)) return false;
  for (const auto& c : t.candidates) {
    if (deny.matches(c.path)) return false;
  }
  return true;
}

// Publishes the practice tasks this pass did not reach (the new commits
// after the budget ran out, then the backlog below `lo_seq`), at most `room`,
// as `rehearsal` units of the indexed commit for `stc worker`s. The cursor
// does not move past them: a later pass pulls what the workers pushed.
Status enqueue_rest(indexer::store::IndexStore& store, const RehearsalOptions& o,
                    const std::string& variant, const std::set<std::string>& known,
                    const std::vector<indexer::PastCommit>& unreached, int64_t lo_seq, size_t room,
                    RehearsalReport& report) {
  const std::string input_key = std::to_string(kRehearsalFeatureVersion) + "/" + variant;
  std::vector<indexer::share::WorkUnit> units;
  // A commit none of whose files is left in the tree gives no task (extract).
  TRY_ASSIGN(auto files, store.files());
  std::set<std::string> live;
  for (const auto& f : files) live.insert(f.path);
  auto add = [&](const indexer::PastCommit& c) {
    PracticeTask t;
    if (units.size() >= room || known.count(c.oid) || !practice_of(c, t)) return;
    if (std::none_of(t.gold.begin(), t.gold.end(),
                     [&](const std::string& g) { return live.count(g) > 0; }))
      return;
    units.push_back(indexer::share::WorkUnit{kRehearsalRecord, c.oid, input_key, o.commit});
  };
  for (const auto& c : unreached) add(c);
  // At most 4 x max_tasks commits read: a pass stays bounded however long
  // the history and however few of its commits are practice material.
  size_t read = 0;
  while (units.size() < room && lo_seq > 1 && read < 4 * o.max_tasks) {
    TRY_ASSIGN(auto older,
               indexer::past_commits(store, 0, lo_seq, kScanWindow, kMinFiles, kMaxFiles));
    if (older.empty()) break;
    read += older.size();
    report.commits_read += static_cast<int64_t>(older.size());
    for (const auto& c : older) add(c);
    lo_seq = older.back().seq;
  }
  if (units.empty()) return {};
  TRY_ASSIGN(report.enqueued, o.share->enqueue_units(store, units));
  return {};
}

Result<RehearsalReport> finish_rehearsal(
    indexer::store::IndexStore& store, const RehearsalOptions& o,
    const std::set<std::string>& known, const std::vector<indexer::share::SharedRecord>& to_push,
    RehearsalReport& report, std::chrono::steady_clock::time_point t0, Progress& progress);

}  // namespace

Result<RehearsalReport> rehearse(indexer::store::IndexStore& store, const RehearsalOptions& o,
                                 Progress& progress) {
  const auto t0 = std::chrono::steady_clock::now();
  RehearsalReport report;
  if (o.budget <= 0) return report;
  TRY_ASSIGN(const int64_t head_seq, indexer::last_mined_seq(store));
  if (head_seq == 0) return report;  // nothing mined
  report.ran = true;
  const GlobSet none;
  const GlobSet& deny = o.deny ? *o.deny : none;
  indexer::store::RehearsalStore rows = store.rehearsals();
  TRY(rows.prune(kRehearsalFeatureVersion));
  TRY_ASSIGN(auto known_list, rows.known(kRehearsalFeatureVersion));
  std::set<std::string> known(known_list.begin(), known_list.end());
  TRY_ASSIGN(const int64_t newest_known, rows.newest_seq(kRehearsalFeatureVersion));
  // Where earlier passes stopped looking (a rebuilt history invalidates it):
  // new commits are those above hi, the backlog continues below lo. Without
  // one, everything up to the newest stored task (or the head) is backlog.
  TRY_ASSIGN(auto stored_cursor, rows.cursor(kRehearsalFeatureVersion));
  indexer::store::RehearsalCursor cursor;
  bool valid = stored_cursor && stored_cursor->hi_seq <= head_seq;
  if (valid) {
    TRY_ASSIGN(auto oid, indexer::commit_at_seq(store, stored_cursor->hi_seq));
    valid = oid == stored_cursor->hi_oid;
  }
  if (valid) {
    cursor = *stored_cursor;
  } else {
    cursor.hi_seq = newest_known >= 0 ? std::min(newest_known, head_seq) : head_seq;
    TRY_ASSIGN(cursor.hi_oid, indexer::commit_at_seq(store, cursor.hi_seq));
    cursor.lo_seq = cursor.hi_seq + 1;
  }
  std::optional<std::set<std::string>> live;   // the tree's paths, read on first use
  std::optional<AsOfTree> as_of;               // opened on first use
  indexer::FrequentFilesAsOf frequent(store);  // one history scan, on first use
  // Every path's first addition, read on first use (backlog tasks).
  std::optional<std::vector<std::pair<std::string, int64_t>>> first_added;
  const bool use_llm = o.provider && !o.provider->offline();
  size_t total = known.size();
  size_t backlog = 0;
  // The team share's practice tasks (oid -> tokens, data), asked for before
  // computing; the tasks this pass computed, to offer it at the end.
  const std::string variant = shared_variant(o.provider, o.commit);
  std::unordered_map<std::string, std::pair<int64_t, std::string>> shared;
  std::vector<indexer::share::SharedRecord> to_push;
  auto prefetch = [&](const std::vector<indexer::PastCommit>& commits) -> Status {
    if (!o.share) return {};
    std::vector<std::string> keys;
    for (const auto& c : commits) {
      PracticeTask t;
      if (!known.count(c.oid) && !shared.count(c.oid) && practice_of(c, t)) keys.push_back(c.oid);
    }
    if (keys.empty()) return {};
    TRY_ASSIGN(auto records, o.share->pull_records(store, kRehearsalRecord,
                                                   kRehearsalFeatureVersion, variant, keys));
    for (const auto& r : records) {
      if (auto row = decode_shared_task(r.payload)) shared.emplace(r.key, std::move(*row));
    }
    return {};
  };
  // Rehearses one commit unless known or no practice material; false when
  // the budget is spent. A task the share has is stored as it is (free).
  auto rehearse_one = [&](const indexer::PastCommit& c, bool is_new) -> Result<bool> {
    if (known.count(c.oid)) return true;
    if (auto hit = shared.find(c.oid); hit != shared.end()) {
      TRY(rows.put({c.oid, c.seq, hit->second.first, hit->second.second},
                   kRehearsalFeatureVersion));
      known.insert(c.oid);
      ++report.tasks_pulled;
      ++total;
      return true;
    }
    if (report.tokens >= o.budget) return false;
    PracticeTask t;
    if (!practice_of(c, t)) return true;
    if (!live) {
      TRY_ASSIGN(auto files, store.files());
      live.emplace();
      for (const auto& f : files) live->insert(f.path);
      if (!o.git_dir.empty()) {
        TRY_ASSIGN(auto tree, AsOfTree::open(o.git_dir, o.max_file_bytes));
        as_of.emplace(std::move(tree));
      }
    }
    // Files absent before the task: from the commits after it for new
    // tasks (a few commits back); from every path's first addition, read
    // once per pass, for backlog tasks (which may be thousands back).
    std::set<std::string> absent;
    if (is_new) {
      TRY_ASSIGN(absent, indexer::added_since(store, t.seq));
    } else {
      if (!first_added) {
        TRY_ASSIGN(auto rows_added, indexer::first_added(store));
        first_added = std::move(rows_added);
      }
      for (const auto& [path, s] : *first_added) {
        if (s >= t.seq) absent.insert(path);
      }
    }
    TRY_ASSIGN(const int64_t tokens,
               extract(store, as_of ? &*as_of : nullptr, frequent, absent, *live, deny, t));
    if (tokens < 0) return true;
    report.tokens += tokens;
    if (!t.missed.empty() && use_llm && as_of) {
      TRY(teach(*o.provider, store, *as_of, deny, o.budget, t, report));
    }
    const std::string data = encode_task(t).dump();
    TRY(rows.put({t.oid, t.seq, tokens, data}, kRehearsalFeatureVersion));
    if (o.share && shareable(t, deny)) {
      to_push.push_back(indexer::share::SharedRecord{kRehearsalRecord, t.oid,
                                                     kRehearsalFeatureVersion, variant,
                                                     encode_shared_task(tokens, data)});
    }
    known.insert(t.oid);
    ++report.tasks_added;
    ++total;
    if (!is_new) ++backlog;
    progress.update(static_cast<size_t>(report.tasks_added));
    if (o.after_task) o.after_task(static_cast<size_t>(report.tasks_added));
    return true;
  };
  progress.start("rehearse", 0);
  if (!o.only_commits.empty()) {
    // `stc worker`'s rehearsal units: exactly these practice tasks, the
    // scan cursor untouched.
    std::vector<indexer::PastCommit> picked;
    for (const auto& oid : o.only_commits) {
      TRY_ASSIGN(const int64_t seq, indexer::seq_of_commit(store, oid));
      if (seq <= 0) continue;
      TRY_ASSIGN(auto one, indexer::past_commits(store, seq - 1, seq + 1, 1, kMinFiles, kMaxFiles));
      picked.insert(picked.end(), one.begin(), one.end());
    }
    report.commits_read += static_cast<int64_t>(picked.size());
    TRY(prefetch(picked));
    std::set<std::string> unreached_oids;  // the budget ran out before them
    for (size_t i = 0; i < picked.size(); ++i) {
      TRY_ASSIGN(bool go_on, rehearse_one(picked[i], false));
      if (go_on) continue;
      for (size_t j = i; j < picked.size(); ++j) unreached_oids.insert(picked[j].oid);
      break;
    }
    // Done: stored, or no practice task at all (not practice material here,
    // or none of its files left in the tree): nothing for anyone to compute.
    for (const auto& oid : o.only_commits) {
      if (!unreached_oids.count(oid)) report.practiced.push_back(oid);
    }
    return finish_rehearsal(store, o, known, to_push, report, t0, progress);
  }
  // Commits newer than the cursor are always rehearsed (the newest max_tasks
  // of them: older ones would not be kept); they are O(k) after a commit.
  bool all_new_done = true;
  std::vector<indexer::PastCommit> unreached;  // new commits the budget did not reach
  if (head_seq > cursor.hi_seq) {
    TRY_ASSIGN(auto fresh, indexer::past_commits(store, cursor.hi_seq, head_seq + 1, o.max_tasks,
                                                 kMinFiles, kMaxFiles));
    report.commits_read += static_cast<int64_t>(fresh.size());
    TRY(prefetch(fresh));
    for (size_t i = 0; i < fresh.size(); ++i) {
      TRY_ASSIGN(bool go_on, rehearse_one(fresh[i], true));
      if (!go_on) {
        all_new_done = false;
        unreached.assign(fresh.begin() + static_cast<std::ptrdiff_t>(i), fresh.end());
        break;
      }
    }
  }
  if (all_new_done && head_seq > cursor.hi_seq) {
    cursor.hi_seq = head_seq;
    TRY_ASSIGN(cursor.hi_oid, indexer::commit_at_seq(store, head_seq));
  }
  // Older commits (the backlog) only while there is room and this pass's
  // share is left, walking down from where the last pass stopped: every
  // commit is looked at once, not once per pass.
  bool budget_left = all_new_done;
  while (budget_left && cursor.lo_seq > 1 && total < o.max_tasks && backlog < o.backlog_per_pass) {
    TRY_ASSIGN(auto older,
               indexer::past_commits(store, 0, cursor.lo_seq, kScanWindow, kMinFiles, kMaxFiles));
    report.commits_read += static_cast<int64_t>(older.size());
    if (older.empty()) {
      cursor.lo_seq = 1;
      break;
    }
    TRY(prefetch(older));
    for (const auto& c : older) {
      if (total >= o.max_tasks || backlog >= o.backlog_per_pass) break;
      TRY_ASSIGN(budget_left, rehearse_one(c, false));
      if (!budget_left) break;
      cursor.lo_seq = c.seq;
    }
  }
  TRY(rows.set_cursor(kRehearsalFeatureVersion, cursor));
  if (o.enqueue && o.share && total < o.max_tasks) {
    TRY(enqueue_rest(store, o, variant, known, unreached, cursor.lo_seq, o.max_tasks - total,
                     report));
  }
  return finish_rehearsal(store, o, known, to_push, report, t0, progress);
}

namespace {

// After the practice tasks of a pass: the tasks it computed offered to the
// share, the rows kept to max_tasks, and the model refit when tasks arrived.
Result<RehearsalReport> finish_rehearsal(
    indexer::store::IndexStore& store, const RehearsalOptions& o,
    const std::set<std::string>& known, const std::vector<indexer::share::SharedRecord>& to_push,
    RehearsalReport& report, std::chrono::steady_clock::time_point t0, Progress& progress) {
  indexer::store::RehearsalStore rows = store.rehearsals();
  if (o.share && !to_push.empty()) {
    TRY(o.share->push_records(store, to_push));
    report.tasks_pushed = static_cast<int64_t>(to_push.size());
  }
  TRY(rows.keep_newest(kRehearsalFeatureVersion, o.max_tasks));
  progress.finish();
  TRY_ASSIGN(auto previous, read_learned_model(store));
  const auto stored = static_cast<int64_t>(std::min(known.size(), o.max_tasks));
  if (report.tasks_added + report.tasks_pulled == 0 && previous &&
      (previous->commit == o.commit || previous->tasks == stored)) {
    // Nothing new to learn from: the stored model stands (no refit).
    report.tasks_total = previous->tasks;
    report.model = previous;
    return report;
  }
  TRY_ASSIGN(auto tasks, read_practice_tasks(store));
  if (tasks.size() > o.max_tasks)
    tasks.erase(tasks.begin(), tasks.end() - static_cast<long>(o.max_tasks));
  report.tasks_total = static_cast<int64_t>(tasks.size());
  std::vector<Lesson> lessons;
  for (const auto& t : tasks) {
    if (!t.missed.empty()) lessons.push_back(lesson_of(t));
  }
  if (lessons.size() > kMaxLessons) lessons.erase(lessons.begin(), lessons.end() - kMaxLessons);
  const auto fit0 = std::chrono::steady_clock::now();
  attach_lessons(tasks);
  LearnedModel m = learn(tasks, o.commit);
  report.refit_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - fit0).count();
  m.lessons = static_cast<int64_t>(lessons.size());
  TRY(write_model(store, m, lessons, report.tokens));
  report.refit = true;
  report.model = m;
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return report;
}

}  // namespace

Result<std::optional<LearnedModel>> read_learned_model(indexer::store::IndexStore& store) {
  indexer::store::ArtifactStore arts = store.artifacts();
  TRY_ASSIGN(auto a, arts.best("rank_model", "", "", kModelVersion));
  if (!a || a->prompt_version != kModelVersion) return std::optional<LearnedModel>();
  auto m = decode_model(a->content);
  if (!m) return std::optional<LearnedModel>();  // a damaged artifact: the defaults stand
  return std::optional<LearnedModel>(std::move(*m));
}

Result<RankModel> active_model(indexer::store::IndexStore& store) {
  TRY_ASSIGN(auto m, read_learned_model(store));
  if (m && m->kept) return m->model;
  return RankModel::defaults();
}

Result<std::vector<Lesson>> read_lessons(indexer::store::IndexStore& store) {
  indexer::store::ArtifactStore arts = store.artifacts();
  std::vector<Lesson> out;
  TRY_ASSIGN(auto a, arts.best("lessons", "", "", kModelVersion));
  if (!a || a->prompt_version != kModelVersion) return out;
  auto j = nlohmann::json::parse(a->content, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& l : j) {
    if (!l.is_object() || !l.contains("terms") || !l["terms"].is_string() || !l.contains("files") ||
        !l["files"].is_array())
      continue;
    Lesson lesson;
    lesson.seq = l.value("seq", int64_t{0});
    lesson.terms = l["terms"].get<std::string>();
    if (l.contains("text") && l["text"].is_string()) lesson.text = l["text"].get<std::string>();
    for (const auto& f : l["files"]) {
      if (f.is_string()) lesson.files.push_back(f.get<std::string>());
    }
    out.push_back(std::move(lesson));
  }
  return out;
}

}  // namespace stc::agent

namespace stc::agent {

std::string describe_model(const LearnedModel& m) {
  char buf[256];
  if (m.validation_tasks == 0) {
    std::snprintf(buf, sizeof buf,
                  "%lld practice tasks (fewer than %zu: the default weights are used)",
                  static_cast<long long>(m.tasks), kMinTasksToFit);
    return buf;
  }
  char why[96];
  if (m.kept) {
    std::snprintf(why, sizeof why, "kept");
  } else if (m.validation_tasks < static_cast<int64_t>(kMinValidation)) {
    std::snprintf(why, sizeof why, "too few to judge, %zu needed: the defaults are used",
                  kMinValidation);
  } else {
    std::snprintf(why, sizeof why, "not better by %.2f: the defaults are used", kKeepMargin);
  }
  std::snprintf(buf, sizeof buf,
                "learned from %lld practice tasks: validation F1 %.3f vs %.3f with the defaults "
                "on the newest %lld (%s)",
                static_cast<long long>(m.tasks), m.validation_f1, m.validation_f1_default,
                static_cast<long long>(m.validation_tasks), why);
  std::string out = buf;
  if (m.kept && m.model.weight(Signal::kSibling) == 0)
    out += "; new files are not proposed (earlier proposals did not match created files)";
  return out;
}

indexer::PassStage rehearsal_stage(const indexer::Workspace& ws, const std::string& trigger) {
  auto deny = std::make_shared<GlobSet>(secret_deny_list(ws.config.sleep.deny));
  indexer::PassStage stage;
  stage.name = "rehearsal";
  const bool background = trigger == "hook" || trigger == "watch";
  stage.run =
      [deny, background, git_dir = ws.repo.git_dir(), max_bytes = ws.config.index.max_file_bytes](
          indexer::store::IndexStore& store, llm::Provider* provider, int64_t budget,
          const indexer::PassOptions& pass, Progress& progress) -> Result<indexer::StageReport> {
    RehearsalOptions o;
    o.budget = budget;
    o.deny = deny.get();
    o.git_dir = git_dir;
    o.max_file_bytes = max_bytes;
    o.provider = provider;
    o.share = pass.share;
    o.enqueue = pass.enqueue;
    if (background) o.backlog_per_pass = kHookBacklog;
    TRY_ASSIGN(auto commit, store.meta("indexed_commit"));
    o.commit = commit.value_or("");
    if (const char* kill = std::getenv("STC_TEST_KILL_REHEARSAL_AFTER"); kill && *kill) {
      const size_t n = static_cast<size_t>(std::atoll(kill));
      o.after_task = [n](size_t done) {
        if (done >= n) std::_Exit(137);
      };
    }
    TRY_ASSIGN(RehearsalReport r, rehearse(store, o, progress));
    indexer::StageReport out;
    out.tokens = r.tokens;
    out.units = r.tasks_added;
    out.pulled = r.tasks_pulled;
    out.enqueued = r.enqueued;
    out.errors = r.errors;
    if (r.ran && r.model) {
      char fit[64] = "";
      if (r.refit) std::snprintf(fit, sizeof fit, " (refit %.2f s)", r.refit_seconds);
      out.summary =
          "rehearsal: " + std::to_string(r.tasks_added) + " new practice tasks" +
          (r.tasks_pulled > 0 ? " (+" + std::to_string(r.tasks_pulled) + " from the team share)"
                              : std::string()) +
          (r.enqueued > 0 ? " (" + std::to_string(r.enqueued) + " queued for workers)"
                          : std::string()) +
          fit +
          (r.llm_lessons > 0 ? ", " + std::to_string(r.llm_lessons) + " lessons by the LLM"
                             : std::string()) +
          ", " + describe_model(*r.model);
    }
    return out;
  };
  return stage;
}

std::function<Result<std::vector<std::string>>(indexer::store::IndexStore&, llm::Provider&,
                                               const std::vector<indexer::share::WorkUnit>&,
                                               int64_t, Progress&)>
rehearsal_units(const indexer::Workspace& ws, indexer::share::SharedCache& share) {
  auto deny = std::make_shared<GlobSet>(secret_deny_list(ws.config.sleep.deny));
  return [deny, &share, git_dir = ws.repo.git_dir(), max_bytes = ws.config.index.max_file_bytes](
             indexer::store::IndexStore& store, llm::Provider& provider,
             const std::vector<indexer::share::WorkUnit>& units, int64_t budget,
             Progress& progress) -> Result<std::vector<std::string>> {
    TRY_ASSIGN(auto commit, store.meta("indexed_commit"));
    std::vector<std::string> practiced;
    // Units of an offline publisher get offline lessons; those of the
    // worker's own provider and model, the LLM's; others are not done here.
    for (llm::Provider* writer : {static_cast<llm::Provider*>(nullptr), &provider}) {
      RehearsalOptions o;
      o.budget = budget;
      o.deny = deny.get();
      o.git_dir = git_dir;
      o.max_file_bytes = max_bytes;
      o.provider = writer;
      o.share = &share;
      o.commit = commit.value_or("");
      const std::string input_key =
          std::to_string(kRehearsalFeatureVersion) + "/" + shared_variant(writer, o.commit);
      for (const auto& u : units) {
        if (u.kind == kRehearsalRecord && u.input_key == input_key)
          o.only_commits.push_back(u.subject);
      }
      if (o.only_commits.empty() || (writer && writer->offline())) continue;
      TRY_ASSIGN(RehearsalReport r, rehearse(store, o, progress));
      practiced.insert(practiced.end(), r.practiced.begin(), r.practiced.end());
    }
    return practiced;
  };
}

}  // namespace stc::agent
