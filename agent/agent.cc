// make_plan: the two modes share one pipeline (see agent.h): candidates with
// evidence -> context items -> pack within the budget -> offline cut or LLM
// plan. Only files whose entry made it into the pack can be proposed.

#include "agent/agent.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <set>

#include "agent/context_pack.h"
#include "agent/explorer.h"
#include "agent/index_context.h"
#include "agent/llm_planner.h"
#include "agent/query.h"
#include "agent/rehearsal.h"
#include "agent/retriever.h"
#include "core/secrets.h"
#include "indexer/store/artifact_store.h"

namespace stc::agent {
namespace {

// What either mode found, ready to pack.
struct Findings {
  std::vector<Candidate> ranked;
  size_t cut = 0;
  std::vector<ContextItem> items;
  std::vector<std::string> paths;
  std::optional<RankModel> model;  // index mode: the model the ranking used
};

size_t entry_count(size_t cut, size_t ranked) {
  return std::min(ranked, std::max(cut + 5, cut * 3 / 2));
}

Result<Findings> index_findings(const AgentEnv& env, const Query& q, const GlobSet& deny) {
  TRY_ASSIGN(auto indexed, env.store->meta("indexed_commit"));
  if (!indexed)
    return fail(ErrorCode::kBadInput, "the index is empty; run `stc init` or `stc index`");
  TRY_ASSIGN(const RankModel model, active_model(*env.store));
  TRY_ASSIGN(const auto lessons, read_lessons(*env.store));
  RetrieveOptions opt;
  opt.model = &model;
  opt.lessons = &lessons;
  opt.scope = env.scope;
  TRY_ASSIGN(Retrieval r, retrieve(*env.store, q, opt));
  Findings f;
  f.model = model;
  TRY_ASSIGN(f.items,
             index_context_items(*env.store, r, entry_count(r.cut, r.ranked.size()), deny));
  f.ranked = std::move(r.ranked);
  f.cut = r.cut;
  if (!env.provider->offline()) {  // the LLM planner checks the paths it names
    TRY_ASSIGN(f.paths, env.store->file_paths());
    std::erase_if(f.paths, [&](const std::string& p) { return !env.scope.contains(p); });
  }
  return f;
}

Result<Findings> baseline_findings(const AgentEnv& env, const Query& q, const GlobSet& deny) {
  TRY_ASSIGN(Exploration x,
             explore(*env.repo, env.commit, q, deny, env.config->index.max_file_bytes, env.scope));
  Findings f;
  const double top = x.ranked.empty() ? 1.0 : std::max(x.ranked.front().score, 1e-9);
  for (auto& it : x.extras) {
    it.value = it.kind == "listing" ? 1.5 : 0.6;
    if (it.kind == "head" || it.kind == "hits") {
      for (const auto& c : x.ranked) {
        if (c.path == it.path) it.value = (it.kind == "head" ? 0.6 : 1.0) * c.score / top;
      }
    }
    f.items.push_back(std::move(it));
  }
  const size_t n = entry_count(x.cut, x.ranked.size());
  for (size_t i = 0; i < n; ++i) {
    x.entries[i].value = 3.0 * x.ranked[i].score / top;
    f.items.push_back(std::move(x.entries[i]));
  }
  f.ranked = std::move(x.ranked);
  f.cut = x.cut;
  f.paths = std::move(x.paths);
  return f;
}

bool is_reading(const ContextItem& it) {
  return it.kind == "summary" || it.kind == "notes" || it.kind == "skeleton" || it.kind == "head";
}

// What the offline planner reads: the entry lines of the candidates it
// found, then, as the budget allows, what there is to read about them
// (index: summaries, notes, skeletons; baseline: file heads), by value per
// token. offline_plan re-ranks with what it read, so a larger budget buys
// a better-informed plan.
std::vector<ContextItem> decision_items(const Findings& f) {
  std::set<std::string> proposable;
  const size_t n = entry_count(f.cut, f.ranked.size());
  for (size_t i = 0; i < n && i < f.ranked.size(); ++i) proposable.insert(f.ranked[i].path);
  std::vector<ContextItem> out;
  for (const auto& it : f.items) {
    const bool entry = it.kind == "candidate" || it.kind == "grep";
    // Index mode reads only when its model uses what it reads.
    const bool read = is_reading(it) && (!f.model || f.model->weight(Signal::kRead) > 0);
    if ((entry || read) && proposable.count(it.path)) out.push_back(it);
  }
  return out;
}

// Baseline: how much a read that fully covers the request adds, x the top score.
constexpr double kBaselineRead = 0.5;

std::set<std::string> packed_entries(const ContextPack& pack) {
  std::set<std::string> out;
  for (const auto& it : pack.items) {
    if (it.kind == "candidate" || it.kind == "grep") out.insert(it.path);
  }
  return out;
}

void offline_plan(const Findings& f, const Query& q, Plan& plan) {
  const auto packed = packed_entries(plan.context);
  std::vector<Candidate> read;
  for (const auto& c : f.ranked) {
    if (packed.count(c.path)) read.push_back(c);
  }
  // What was read about each candidate re-ranks it.
  std::map<std::string, std::string> texts;
  for (const auto& it : plan.context.items) {
    if (is_reading(it)) texts[it.path] += it.text + "\n";
  }
  const double top = read.empty() ? 1.0 : std::max(read.front().score, 1e-9);
  for (auto& c : read) {
    auto it = texts.find(c.path);
    if (it == texts.end()) continue;
    const double overlap = coverage(q, it->second);
    c.features[static_cast<size_t>(Signal::kRead)] = overlap;
    const double w =
        f.model ? f.model->weight(Signal::kRead) * overlap : kBaselineRead * top * overlap;
    if (w <= 0) continue;
    if (!f.model) c.score += w;
    c.evidence.push_back(Evidence{
        "read",
        f.model ? "its summary and outline match the request" : "its first lines match the request",
        w});
  }
  size_t cut = 0;
  if (f.model) {
    rescore(*f.model, read);
    cut = model_cut(*f.model, read);
  } else {
    std::stable_sort(read.begin(), read.end(),
                     [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
    cut = choose_cut(read);
  }
  for (size_t i = 0; i < cut && i < read.size(); ++i) {
    const Candidate& c = read[i];
    plan.files.push_back(PlanFile{c.path, c.action, reason_of(c, 2), {}, c.score, c.evidence});
  }
  plan.prompt_tokens = plan.context.tokens;
  plan.calls.push_back(CallRecord{"context", plan.context.tokens, 0, 0, true, ""});
}

Status llm_plan(const AgentEnv& env, const std::string& feature, const Findings& f,
                const GlobSet& deny, int max_output, Plan& plan) {
  const TreePaths tree = TreePaths::from(f.paths);
  LlmPlanInput in{feature, &plan.context, plan.budget, max_output, &tree, nullptr};
  if (env.store) {
    in.skeleton_of = [&](const std::string& p) { return index_skeleton(*env.store, p, deny); };
  }
  TRY_ASSIGN(LlmPlanOutcome out, plan_with_llm(*env.provider, in));
  std::map<std::string, const Candidate*> by_path;
  for (const auto& c : f.ranked) by_path[c.path] = &c;
  for (auto& pf : out.files) {
    if (auto it = by_path.find(pf.path); it != by_path.end()) {
      pf.score = it->second->score;
      pf.evidence = it->second->evidence;
    }
    plan.files.push_back(std::move(pf));
  }
  plan.calls = std::move(out.calls);
  plan.prompt_tokens = out.prompt_tokens;
  plan.completion_tokens = out.completion_tokens;
  plan.model = out.model;
  plan.warnings.insert(plan.warnings.end(), out.warnings.begin(), out.warnings.end());
  plan.rejected = std::move(out.rejected);
  return {};
}

Status check_env(const AgentEnv& env, Mode mode, const std::string& feature, int64_t budget) {
  if (!env.repo || !env.provider || !env.config)
    return fail(ErrorCode::kInternal, "incomplete agent environment");
  if (mode == Mode::kIndex && !env.store) {
    return fail(ErrorCode::kBadInput,
                "index mode needs an index; run `stc init` (or use --no-index)");
  }
  if (understand(feature).words.empty()) {
    return fail(ErrorCode::kBadInput,
                "describe the feature in words, e.g. \"Add proxy support to the HTTP client\"");
  }
  if (budget < 100) return fail(ErrorCode::kBadInput, "--budget must be at least 100 tokens");
  return {};
}

}  // namespace

const char* mode_name(Mode mode) { return mode == Mode::kIndex ? "index" : "baseline"; }

Result<Plan> make_plan(const AgentEnv& env, const std::string& feature,
                       const PlanOptions& options) {
  TRY(check_env(env, options.mode, feature, options.budget));
  const auto t0 = std::chrono::steady_clock::now();
  const Query q = understand(feature);
  const GlobSet deny = secret_deny_list(env.config->sleep.deny);
  const bool offline = env.provider->offline();
  const int max_output = resolved_llm(env.config->llm).max_output_tokens;
  Findings f;
  if (options.mode == Mode::kIndex) {
    TRY_ASSIGN(f, index_findings(env, q, deny));
  } else {
    TRY_ASSIGN(f, baseline_findings(env, q, deny));
  }
  Plan plan;
  plan.mode = options.mode;
  plan.budget = options.budget;
  plan.provider = env.provider->name();
  plan.commit = env.commit.hex();
  const int64_t ctx_budget =
      offline ? options.budget : context_budget_for_llm(options.budget, max_output);
  plan.context = pack_items(offline ? decision_items(f) : f.items, ctx_budget);
  if (offline) {
    offline_plan(f, q, plan);
  } else {
    TRY(llm_plan(env, feature, f, deny, max_output, plan));
  }
  plan.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return plan;
}

Result<ContextPack> build_context(const AgentEnv& env, const std::string& feature, int64_t budget) {
  TRY(check_env(env, Mode::kIndex, feature, budget));
  const GlobSet deny = secret_deny_list(env.config->sleep.deny);
  TRY_ASSIGN(Findings f, index_findings(env, understand(feature), deny));
  return pack_items(f.items, budget);
}

Status record_usage(indexer::store::IndexStore& store, const Plan& plan) {
  indexer::store::ArtifactStore arts = store.artifacts();
  for (const auto& c : plan.calls) {
    indexer::store::LlmCall call{"test",
                                 plan.provider,
                                 plan.model,
                                 c.purpose == "context" ? "plan" : c.purpose,
                                 c.prompt_tokens,
                                 c.completion_tokens,
                                 c.ms,
                                 c.ok,
                                 c.error};
    TRY(arts.record_call(call));
  }
  return {};
}

}  // namespace stc::agent
