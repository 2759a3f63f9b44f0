#include "cli/stc-agent/cli_common.h"

#include <cstdio>
#include <iostream>

#include "core/text.h"

namespace stc::cli {
namespace {

Status point_at_indexed_commit(Session& s, bool quiet) {
  TRY_ASSIGN(auto indexed, s.store->meta("indexed_commit"));
  if (!indexed) return fail(ErrorCode::kBadInput, "the index is empty; run `stc index`");
  TRY_ASSIGN(s.env.commit, indexer::git::Oid::from_hex(*indexed));
  auto head = s.ws.repo.resolve_commit("HEAD");
  if (head && head->id != s.env.commit && !quiet) {
    std::fprintf(stderr,
                 "stc-agent: warning: the index is at %.12s but HEAD is %.12s; planning for the "
                 "indexed commit (run `stc index` to catch up)\n",
                 indexed->c_str(), head->id.hex().c_str());
  }
  return {};
}

}  // namespace

Result<std::unique_ptr<Session>> open_session(const GlobalOptions& g, agent::Mode mode) {
  TRY_ASSIGN(auto ws, indexer::open_workspace(g.directory));
  auto s = std::make_unique<Session>(std::move(ws));
  auto store = indexer::open_store(s->ws, indexer::StoreAccess::kExisting);
  if (store) {
    s->store.emplace(std::move(*store));
  } else if (mode == agent::Mode::kIndex) {
    return tl::unexpected(store.error());
  }
  s->provider = cli::common::provider_or_offline(s->ws.config, g.quiet, "stc-agent");
  if (!s->provider) return fail(ErrorCode::kInternal, "no provider available");
  s->env = agent::AgentEnv{&s->ws.repo, {}, nullptr, s->provider.get(), &s->ws.config};
  if (!g.scope.empty()) {
    TRY_ASSIGN(s->env.scope, indexer::resolve_scope(s->ws, g.directory, g.scope));
  }
  if (mode == agent::Mode::kIndex) {
    s->env.store = &*s->store;
    TRY(point_at_indexed_commit(*s, g.quiet));
  } else {
    auto head = s->ws.repo.resolve_commit("HEAD");
    if (!head) {
      return fail(ErrorCode::kBadInput,
                  "the repository has no commits yet; commit something first");
    }
    s->env.commit = head->id;
  }
  return s;
}

nlohmann::json plan_json(const agent::Plan& plan, bool explain) {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& f : plan.files) {
    nlohmann::json j = {
        {"path", stc::escape_path(f.path)}, {"action", f.action}, {"reason", f.reason}};
    if (explain) {
      j["score"] = f.score;
      j["steps"] = f.steps;
      nlohmann::json ev = nlohmann::json::array();
      for (const auto& e : f.evidence)
        ev.push_back({{"signal", e.signal}, {"text", e.text}, {"weight", e.weight}});
      j["evidence"] = ev;
    }
    files.push_back(std::move(j));
  }
  nlohmann::json out = {
      {"mode", agent::mode_name(plan.mode)},
      {"budget", plan.budget},
      {"files", files},
      {"tokens", {{"prompt", plan.prompt_tokens}, {"completion", plan.completion_tokens}}}};
  if (!explain) return out;
  nlohmann::json ctx = nlohmann::json::array();
  for (const auto& it : plan.context.items) {
    ctx.push_back({{"kind", it.kind},
                   {"path", stc::escape_path(it.path)},
                   {"tokens", it.tokens},
                   {"value", it.value}});
  }
  nlohmann::json calls = nlohmann::json::array();
  for (const auto& c : plan.calls) {
    calls.push_back({{"purpose", c.purpose},
                     {"prompt_tokens", c.prompt_tokens},
                     {"completion_tokens", c.completion_tokens},
                     {"ms", c.ms},
                     {"ok", c.ok}});
  }
  out["explain"] = {{"context", ctx},         {"context_tokens", plan.context.tokens},
                    {"calls", calls},         {"provider", plan.provider},
                    {"commit", plan.commit},  {"warnings", plan.warnings},
                    {"seconds", plan.seconds}};
  return out;
}

void print_plan(const agent::Plan& plan, bool explain) {
  std::printf("Plan (%s mode, budget %lld tokens, %s):\n", agent::mode_name(plan.mode),
              static_cast<long long>(plan.budget), plan.provider.c_str());
  int i = 0;
  for (const auto& f : plan.files) {
    std::printf("%3d. %-7s %s\n       %s\n", ++i, f.action.c_str(), f.path.c_str(),
                f.reason.c_str());
    for (const auto& s : f.steps) std::printf("       - %s\n", s.c_str());
    if (!explain) continue;
    for (const auto& e : f.evidence) {
      std::printf("       [%s %.2f] %s\n", e.signal.c_str(), e.weight, e.text.c_str());
    }
    for (const auto& it : plan.context.items) {
      if (it.path == f.path)
        std::printf("       context %-9s %lld tokens\n", it.kind.c_str(),
                    static_cast<long long>(it.tokens));
    }
  }
  if (plan.files.empty()) std::printf("  (no files: the request matched nothing in the budget)\n");
  if (explain) {
    for (const auto& it : plan.context.items) {
      if (it.path.empty())
        std::printf("context %-12s %lld tokens\n", it.kind.c_str(),
                    static_cast<long long>(it.tokens));
    }
  }
  for (const auto& w : plan.warnings) std::fprintf(stderr, "stc-agent: warning: %s\n", w.c_str());
  std::printf("test-time tokens: %lld prompt + %lld completion (context %lld of %lld); %.0f ms\n",
              static_cast<long long>(plan.prompt_tokens),
              static_cast<long long>(plan.completion_tokens),
              static_cast<long long>(plan.context.tokens), static_cast<long long>(plan.budget),
              plan.seconds * 1000);
}

}  // namespace stc::cli
