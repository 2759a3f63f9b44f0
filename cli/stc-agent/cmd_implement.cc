// `stc-agent implement`: plan a feature, then (with an LLM provider) ask for
// each planned file's edit and show the unified diffs, or apply them all or
// nothing with --apply. Offline, it prints the plan and says edits need a
// provider. Test-time tokens and wall time go to stderr and the llm_calls table.

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>

#include "agent/edit/implement.h"
#include "cli/common/number_option.h"
#include "cli/stc-agent/cli_common.h"
#include "core/text.h"

namespace stc::cli {
namespace {

using SteadyClock = std::chrono::steady_clock;

struct ImplementFlags {
  std::string feature;
  int64_t budget = agent::kDefaultBudget;
  bool no_index = false;
  bool apply = false;
  bool force = false;
  bool json = false;
};

constexpr const char* kNeedsProvider =
    "stc-agent: edits need an LLM provider; showing the plan only. Set STC_PROVIDER=openai or "
    "anthropic (with STC_MODEL and the API key variable) to implement.\n";

double seconds_since(SteadyClock::time_point t0) {
  return std::chrono::duration<double>(SteadyClock::now() - t0).count();
}

nlohmann::json call_json(const agent::CallRecord& c) {
  return {{"purpose", c.purpose},
          {"prompt_tokens", c.prompt_tokens},
          {"completion_tokens", c.completion_tokens},
          {"ms", c.ms},
          {"ok", c.ok}};
}

nlohmann::json edit_json(const agent::edit::EditOutcome& e) {
  nlohmann::json j = {{"path", stc::escape_path(e.path)},
                      {"action", e.action},
                      {"applied", e.applied},
                      {"diff", e.diff}};
  if (!e.note.empty()) j["note"] = e.note;
  return j;
}

// The plan JSON of README.md extended with edits, calls and wall time.
nlohmann::json implement_json(const agent::Plan& plan, const agent::edit::Implementation& r,
                              double seconds) {
  nlohmann::json j = plan_json(plan, false);
  j["edits"] = nlohmann::json::array();
  for (const auto& e : r.edits) j["edits"].push_back(edit_json(e));
  j["applied"] = r.applied;
  j["tokens"] = {{"prompt", plan.prompt_tokens + r.prompt_tokens},
                 {"completion", plan.completion_tokens + r.completion_tokens}};
  j["calls"] = nlohmann::json::array();
  for (const auto& c : plan.calls) j["calls"].push_back(call_json(c));
  for (const auto& c : r.calls) j["calls"].push_back(call_json(c));
  j["seconds"] = seconds;
  if (r.failure) j["error"] = r.failure->message;
  return j;
}

void print_call(const agent::CallRecord& c, const std::string& subject) {
  std::fprintf(stderr, "  %-13s %-40s %7lld prompt + %6lld completion tokens %6lld ms%s\n",
               c.purpose.c_str(), subject.c_str(), static_cast<long long>(c.prompt_tokens),
               static_cast<long long>(c.completion_tokens), static_cast<long long>(c.ms),
               c.ok ? "" : "  (unusable)");
}

// Per-call test-time tokens and the totals, on stderr.
void print_usage(const agent::Plan& plan, const agent::edit::Implementation& r, double seconds) {
  std::fprintf(stderr, "test-time calls:\n");
  for (const auto& c : plan.calls) print_call(c, "");
  for (size_t i = 0; i < r.calls.size(); ++i) print_call(r.calls[i], r.call_paths[i]);
  std::fprintf(stderr, "test-time tokens: %lld prompt + %lld completion in %zu calls; %.2f s\n",
               static_cast<long long>(plan.prompt_tokens + r.prompt_tokens),
               static_cast<long long>(plan.completion_tokens + r.completion_tokens),
               plan.calls.size() + r.calls.size(), seconds);
}

// The diffs on stdout; what was (not) done on stderr.
void print_edits(const agent::edit::Implementation& r, bool apply) {
  size_t changed = 0;
  for (const auto& e : r.edits) {
    if (!e.note.empty()) std::fprintf(stderr, "%s: %s\n", e.path.c_str(), e.note.c_str());
    if (e.diff.empty()) continue;
    ++changed;
    std::fputs(e.diff.c_str(), stdout);
  }
  if (r.failure) {
    std::fprintf(stderr, "no file was changed\n");
  } else if (apply) {
    std::fprintf(stderr, "applied: %zu file%s changed\n", changed, changed == 1 ? "" : "s");
  } else if (changed > 0) {
    std::fprintf(stderr, "not applied: run again with --apply to write these changes\n");
  }
}

Status report_offline(const ImplementFlags& f, const agent::Plan& plan, double seconds) {
  if (f.json) {
    print_json(implement_json(plan, agent::edit::Implementation{}, seconds));
  } else {
    print_plan(plan, false);
  }
  std::fputs(kNeedsProvider, stderr);
  return {};
}

// A plan naming paths that may not be edited: nothing is asked or written;
// the refused paths go to stdout (JSON) and to the one-line error (exit 2).
Status report_refusals(const ImplementFlags& f, const agent::Plan& plan,
                       const std::vector<agent::edit::Refusal>& refused, double seconds) {
  const std::string message = agent::edit::refusal_message(refused);
  if (f.json) {
    nlohmann::json j = implement_json(plan, agent::edit::Implementation{}, seconds);
    j["refused"] = nlohmann::json::array();
    for (const auto& r : refused)
      j["refused"].push_back({{"path", stc::escape_path(r.path)}, {"reason", r.reason}});
    j["error"] = message;
    print_json(j);
  } else {
    print_plan(plan, false);
  }
  return fail(ErrorCode::kBadInput, message);
}

agent::edit::ImplementOptions options_for(const ImplementFlags& f) {
  agent::edit::ImplementOptions o;
  o.apply = f.apply ? agent::edit::ApplyMode::kApply : agent::edit::ApplyMode::kDiffOnly;
  o.overwrite =
      f.force ? agent::edit::Overwrite::kForce : agent::edit::Overwrite::kRefuseUncommitted;
  return o;
}

Status run(const GlobalOptions& g, const ImplementFlags& f) {
  const auto t0 = SteadyClock::now();
  const agent::Mode mode = f.no_index ? agent::Mode::kBaseline : agent::Mode::kIndex;
  TRY_ASSIGN(auto session, open_session(g, mode));
  TRY_ASSIGN(const agent::Plan plan,
             agent::make_plan(session->env, f.feature, agent::PlanOptions{mode, f.budget}));
  if (session->store) TRY(agent::record_usage(*session->store, plan));
  llm::Provider& provider = *session->provider;
  const agent::edit::EditEnv env{session->ws.repo.workdir(), session->ws.repo.git_dir(), &provider,
                                 &session->ws.config};
  TRY_ASSIGN(const auto refused, agent::edit::check_plan_paths(env, plan));
  if (!refused.empty()) return report_refusals(f, plan, refused, seconds_since(t0));
  if (provider.offline()) return report_offline(f, plan, seconds_since(t0));
  TRY_ASSIGN(const auto result, agent::edit::implement(env, f.feature, plan, options_for(f)));
  if (session->store) {
    TRY(agent::edit::record_edit_usage(*session->store, result, provider.name(), provider.model()));
  }
  const double seconds = seconds_since(t0);
  if (f.json) {
    print_json(implement_json(plan, result, seconds));
  } else {
    print_plan(plan, false);
    print_edits(result, f.apply);
  }
  if (!g.quiet) print_usage(plan, result, seconds);
  if (result.failure) return tl::unexpected(*result.failure);
  return {};
}

}  // namespace

void register_implement(CLI::App& app, const GlobalOptions& g, Command& out) {
  auto flags = std::make_shared<ImplementFlags>();
  auto* cmd = app.add_subcommand(
      "implement",
      "Plan a feature, then ask an LLM for the edits: a diff, or --apply to write them");
  cmd->add_option("feature", flags->feature, "The feature to implement, in words")->required();
  cmd->add_option("--budget", flags->budget, "Test-time context budget in tokens")
      ->capture_default_str()
      ->check(cli::common::whole_number(100, cli::common::kMaxBudget));
  cmd->add_flag("--no-index", flags->no_index,
                "Baseline: explore the raw tree, without sleep-time artifacts");
  cmd->add_flag("--apply", flags->apply, "Write the edits to the work tree (all or nothing)");
  cmd->add_flag("--force", flags->force, "Allow edits to files with uncommitted changes");
  cmd->add_flag("--json", flags->json, "Print JSON on stdout");
  cmd->callback([&g, &out, flags] { out = [&g, flags] { return run(g, *flags); }; });
}

}  // namespace stc::cli
