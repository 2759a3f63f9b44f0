#include "agent/edit/implement.h"

#include <chrono>
#include <set>

#include "agent/edit/edit_apply.h"
#include "agent/edit/edit_prompt.h"
#include "agent/edit/safe_paths.h"
#include "core/secrets.h"
#include "indexer/git/patch.h"
#include "indexer/store/artifact_store.h"

namespace stc::agent::edit {
namespace {

using Clock = std::chrono::steady_clock;

/// One planned file, checked and read.
struct Job {
  const PlanFile* file = nullptr;
  Target target;
  Action action = Action::kModify;
  std::optional<std::string> current;
  bool secret = false;
};

int64_t ms_since(Clock::time_point t0) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
}

// The planned paths, then those the planner dropped.
std::vector<std::string> named_paths(const Plan& plan) {
  std::vector<std::string> paths;
  for (const auto& f : plan.files) paths.push_back(f.path);
  paths.insert(paths.end(), plan.rejected.begin(), plan.rejected.end());
  return paths;
}

// Checks every planned path (and, applying unforced, that none is dirty)
// before any token is spent.
Result<std::vector<Job>> prepare_jobs(const EditEnv& env, const Plan& plan,
                                      const ImplementOptions& options) {
  TRY_ASSIGN(const SafeTree tree, SafeTree::open(env.workdir, env.git_dir));
  if (const auto refused = refused_paths(tree, named_paths(plan)); !refused.empty()) {
    return fail(ErrorCode::kBadInput, refusal_message(refused));
  }
  const GlobSet deny = secret_deny_list(env.config->sleep.deny);
  std::vector<Job> jobs;
  std::vector<Target> targets;
  std::set<std::string> seen;
  for (const auto& f : plan.files) {
    TRY_ASSIGN(Target t, tree.resolve(f.path));
    if (!seen.insert(t.resolved).second) continue;
    TRY_ASSIGN(auto current, read_current(t));
    const Action action = current ? Action::kModify : Action::kCreate;
    const bool secret = deny.matches(t.resolved) || deny.matches(f.path);
    targets.push_back(t);
    jobs.push_back(Job{&f, std::move(t), action, std::move(current), secret});
  }
  if (options.apply == ApplyMode::kApply && options.overwrite == Overwrite::kRefuseUncommitted) {
    TRY_ASSIGN(const auto dirty, uncommitted_paths(env.git_dir));
    TRY(check_committed(targets, dirty));
  }
  return jobs;
}

// Sends one request and accounts for it in `out`.
Result<llm::Response> call(llm::Provider& provider, const llm::Request& req, const Job& job,
                           Implementation& out) {
  const auto t0 = Clock::now();
  auto resp = provider.complete(req);
  CallRecord rec{"edit", 0, 0, ms_since(t0), bool(resp), ""};
  if (resp) {
    rec.prompt_tokens = resp->usage.prompt_tokens;
    rec.completion_tokens = resp->usage.completion_tokens;
  } else {
    rec.error = resp.error().message;
  }
  out.prompt_tokens += rec.prompt_tokens;
  out.completion_tokens += rec.completion_tokens;
  out.calls.push_back(std::move(rec));
  out.call_paths.push_back(job.target.resolved);
  return resp;
}

Result<FileChange> change_from_reply(const Job& job, const std::string& reply) {
  TRY_ASSIGN(const FileEdit edit, parse_reply(reply, job.target.resolved, job.action));
  return compute_change(job.target, job.current, edit);
}

// Asks for the edit of one file, sending an unusable reply back once.
Result<FileChange> edit_file(const EditEnv& env, const std::string& feature, const Plan& plan,
                             const Job& job, const ImplementOptions& options, Implementation& out) {
  llm::Request req =
      edit_request(EditPromptInput{&feature, &plan, job.file, job.action, &job.current,
                                   options.max_file_bytes, options.max_output_tokens});
  for (int attempt = 1;; ++attempt) {
    auto resp = call(*env.provider, req, job, out);
    if (!resp) {
      return fail(resp.error().code,
                  "edit of " + job.target.resolved + ": " + resp.error().message);
    }
    auto change = change_from_reply(job, resp->text);
    if (change) return change;
    out.calls.back().ok = false;
    out.calls.back().error = change.error().message;
    if (attempt == 2) {
      return fail(ErrorCode::kUnavailable, "the model's edit of " + job.target.resolved +
                                               " was unusable twice: " + change.error().message);
    }
    req.messages.push_back({"assistant", resp->text});
    req.messages.push_back({"user", retry_message(job.action, change.error().message)});
  }
}

Status describe(const FileChange& change, EditOutcome& outcome) {
  outcome.action = action_name(change.old_content ? Action::kModify : Action::kCreate);
  if (!change.changes_anything()) {
    outcome.note = "no change needed";
    return {};
  }
  TRY_ASSIGN(outcome.diff, indexer::git::unified_diff(change.target.resolved, change.old_content,
                                                      change.new_content));
  return {};
}

// Computes every change (stopping at the first failure, kept in out.failure)
// and fills in the outcomes in plan order.
Result<std::vector<FileChange>> make_changes(const EditEnv& env, const std::string& feature,
                                             const Plan& plan, const std::vector<Job>& jobs,
                                             const ImplementOptions& options, Implementation& out) {
  std::vector<FileChange> changes;
  for (const auto& job : jobs) {
    EditOutcome outcome{job.target.resolved, action_name(job.action), false, "", ""};
    if (job.secret) {
      outcome.note = "matches the secret deny list; not sent to the model, not edited";
      out.edits.push_back(std::move(outcome));
      continue;
    }
    auto change = edit_file(env, feature, plan, job, options, out);
    if (!change) {
      out.failure = change.error();
      break;
    }
    TRY(describe(*change, outcome));
    out.edits.push_back(std::move(outcome));
    changes.push_back(std::move(*change));
  }
  return changes;
}

}  // namespace

Result<std::vector<Refusal>> check_plan_paths(const EditEnv& env, const Plan& plan) {
  TRY_ASSIGN(const SafeTree tree, SafeTree::open(env.workdir, env.git_dir));
  return refused_paths(tree, named_paths(plan));
}

Result<Implementation> implement(const EditEnv& env, const std::string& feature, const Plan& plan,
                                 const ImplementOptions& options) {
  if (!env.provider || env.provider->offline()) {
    return fail(ErrorCode::kBadInput,
                "edits need an LLM provider; set STC_PROVIDER (openai or anthropic) and its key");
  }
  const auto t0 = Clock::now();
  TRY_ASSIGN(const auto jobs, prepare_jobs(env, plan, options));
  Implementation out;
  TRY_ASSIGN(const auto changes, make_changes(env, feature, plan, jobs, options, out));
  if (!out.failure && options.apply == ApplyMode::kApply) {
    if (Status st = apply_all(changes); !st) {
      out.failure = st.error();
    } else {
      out.applied = true;
      for (auto& e : out.edits) e.applied = !e.diff.empty();
    }
  }
  out.seconds = static_cast<double>(ms_since(t0)) / 1000.0;
  return out;
}

Status record_edit_usage(indexer::store::IndexStore& store, const Implementation& result,
                         const std::string& provider, const std::string& model) {
  indexer::store::ArtifactStore arts = store.artifacts();
  for (const auto& c : result.calls) {
    TRY(arts.record_call(indexer::store::LlmCall{"test", provider, model, c.purpose,
                                                 c.prompt_tokens, c.completion_tokens, c.ms, c.ok,
                                                 c.error}));
  }
  return {};
}

}  // namespace stc::agent::edit
