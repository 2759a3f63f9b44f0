#include "cli/stc/trigger_output.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "cli/stc/cli_support.h"

namespace stc::cli {

using indexer::triggers::PassOutcome;

nlohmann::json pass_json(const indexer::triggers::RunnerReport& r) {
  const auto& p = r.report;
  const auto& w = p.worktree;
  return {
      {"outcome", indexer::triggers::to_string(r.outcome)},
      {"passes", r.passes},
      {"commit", p.index.commit.empty() ? nlohmann::json() : nlohmann::json(p.index.commit)},
      {"files_parsed", p.index.files_parsed},
      {"files_cached", p.index.files_cached},
      {"commits_mined", p.commits_mined},
      {"artifacts_written", p.artifacts_written},
      {"rollups", {{"mode", p.rollup_mode}, {"directories", p.rollup_dirs}}},
      {"llm_calls", p.llm_calls},
      {"sleep_tokens", p.sleep_tokens},
      {"rehearsal_tokens", p.rehearsal_tokens},
      {"stages", p.stage_summaries},
      {"pending", p.pending},
      {"errors", p.errors},
      {"seconds", p.seconds},
      {"stage_seconds", p.stage_seconds},
      {"worktree",
       {{"files_seen", w.files_seen},
        {"files_parsed", w.files_parsed},
        {"files_cached", w.files_cached}}},
      {"files_pulled", p.index.files_pulled},
      {"share",
       {{"lookups", p.share.lookups},
        {"asked", p.share.asked},
        {"hits", p.share.hits},
        {"pushed", p.share.pushed},
        {"backlog", p.share.backlog},
        {"enqueued", p.enqueued >= 0 ? nlohmann::json(p.enqueued) : nlohmann::json()},
        {"warning", p.share.warning}}},
  };
}

void print_share_warning(const indexer::share::SharedCache* share) {
  if (!share) return;
  const std::string warning = share->stats().warning;
  if (!warning.empty()) std::fprintf(stderr, "warning: %s\n", warning.c_str());
}

void print_pass(const indexer::triggers::RunnerReport& r) {
  if (r.outcome == PassOutcome::kCoalesced) {
    std::fprintf(stderr, "a pass is already running; it will run once more when it finishes\n");
    return;
  }
  const auto& p = r.report;
  const std::string loops = r.passes > 1 ? " (" + std::to_string(r.passes) + " passes)" : "";
  std::fprintf(stderr,
               "pass %s: %s files parsed, %s commits mined, %s artifacts, %s LLM calls "
               "(%s tokens), %s pending in %.2fs%s\n",
               p.index.commit.substr(0, 12).c_str(), with_commas(p.index.files_parsed).c_str(),
               with_commas(p.commits_mined).c_str(), with_commas(p.artifacts_written).c_str(),
               with_commas(p.llm_calls).c_str(), with_commas(p.sleep_tokens).c_str(),
               with_commas(p.pending).c_str(), p.seconds, loops.c_str());
  if (p.worktree.files_seen > 0) {
    std::fprintf(stderr, "work tree: %s changed files, %s parsed, %s already known\n",
                 with_commas(p.worktree.files_seen).c_str(),
                 with_commas(p.worktree.files_parsed).c_str(),
                 with_commas(p.worktree.files_cached).c_str());
  }
  if (p.share.lookups > 0 || p.share.pushed > 0) {
    std::fprintf(stderr, "team share: %s of %s keys pulled, %s pushed%s\n",
                 with_commas(p.share.hits).c_str(), with_commas(p.share.lookups).c_str(),
                 with_commas(p.share.pushed).c_str(),
                 p.share.backlog > 0
                     ? (", " + with_commas(p.share.backlog) + " waiting to be pushed").c_str()
                     : "");
  }
  if (p.enqueued > 0) {
    std::fprintf(stderr, "queued %s units for `stc worker`s on the team share\n",
                 with_commas(p.enqueued).c_str());
  }
  for (const auto& line : p.stage_summaries) std::fprintf(stderr, "%s\n", line.c_str());
  for (size_t i = 0; i < p.errors.size() && i < 10; ++i) {
    std::fprintf(stderr, "warning: %s\n", p.errors[i].c_str());
  }
  if (p.errors.size() > 10)
    std::fprintf(stderr, "warning: ... and %zu more\n", p.errors.size() - 10);
}

nlohmann::json hooks_json(const indexer::triggers::HookReport& report) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& h : report.hooks) {
    out.push_back({{"name", h.name},
                   {"path", h.path},
                   {"state", indexer::triggers::to_string(h.state)},
                   {"mode", indexer::triggers::to_string(h.mode)},
                   {"binary", h.binary.empty() ? nlohmann::json() : nlohmann::json(h.binary)}});
  }
  return out;
}

void print_hooks(const indexer::triggers::HookReport& report, std::FILE* out) {
  std::fprintf(out, "hooks in %s:\n", report.dir.c_str());
  for (const auto& h : report.hooks) {
    std::string what = indexer::triggers::to_string(h.state);
    if (h.state == indexer::triggers::HookState::kInstalled) {
      what += std::string(" (") + indexer::triggers::to_string(h.mode) + ") -> " + h.binary;
    } else if (h.state == indexer::triggers::HookState::kForeign) {
      what += " (not stc's; `stc hook install` chains it)";
    }
    std::fprintf(out, "  %-14s %s\n", h.name.c_str(), what.c_str());
  }
}

Result<std::string> stc_binary_path() {
  std::string buf(4096, '\0');
  const ssize_t n = ::readlink("/proc/self/exe", buf.data(), buf.size() - 1);
  if (n <= 0) {
    return fail(ErrorCode::kInternal, std::string("cannot find the stc binary (/proc/self/exe): ") +
                                          std::strerror(errno));
  }
  buf.resize(static_cast<size_t>(n));
  return buf;
}

bool hooks_disabled() {
  const char* v = std::getenv("STC_NO_HOOK");
  return v && std::string(v) == "1";
}

}  // namespace stc::cli
