// `stc status`: freshness of the index and what it holds.

#include <CLI/CLI.hpp>

#include <cstdio>
#include <ctime>

#include "agent/rehearsal.h"
#include "cli/stc/cli_support.h"
#include "indexer/views/index_status.h"
#include "indexer/views/view_json.h"
#include "indexer/workspace.h"

namespace stc::cli {
namespace {

struct StatusFlags {
  bool json = false;
};

int64_t count_of(const std::map<std::string, int64_t>& counts, const std::string& key) {
  const auto it = counts.find(key);
  return it == counts.end() ? 0 : it->second;
}

void print_passes(const std::vector<indexer::PassRow>& passes) {
  for (const auto& p : passes) {
    char when[32] = "";
    const std::time_t t = static_cast<std::time_t>(p.started);
    std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", std::localtime(&t));
    std::printf("pass:     %s %-7s %-8s %s parsed, %s commits, %s tokens%s%s\n", when,
                p.trigger.c_str(), p.outcome.c_str(), with_commas(p.files_parsed).c_str(),
                with_commas(p.commits_mined).c_str(), with_commas(p.sleep_tokens).c_str(),
                p.message.empty() ? "" : "  ", p.message.c_str());
  }
}

void print_status(const indexer::IndexStatus& s) {
  const auto& f = s.freshness;
  std::printf("store:    %s (%.1f MB)\n", s.store_path.c_str(),
              static_cast<double>(s.store_bytes) / 1e6);
  std::printf("indexed:  %s\n",
              f.indexed_commit ? f.indexed_commit->c_str() : "(nothing yet: run `stc index`)");
  std::printf("HEAD:     %s%s\n", f.head ? f.head->c_str() : "(unborn)",
              f.fresh ? "  (up to date)" : "");
  if (!f.fresh && f.indexed_commit && f.head) {
    std::printf("pending:  %lld changed files since the indexed commit; run `stc index`\n",
                static_cast<long long>(f.pending));
  }
  std::printf("files:    %s (%s parsed, %s path-only)\n", with_commas(s.files_total).c_str(),
              with_commas(count_of(s.files_by_status, "indexed")).c_str(),
              with_commas(count_of(s.files_by_status, "text")).c_str());
  for (const auto& [k, v] : s.skipped) {
    std::printf("skipped:  %s %s\n", with_commas(v).c_str(), k.c_str());
  }
  std::printf("symbols:  %s\ndeps:     %s import edges\n", with_commas(s.symbols).c_str(),
              with_commas(s.deps).c_str());
  std::printf("history:  %s commits mined; %s artifacts (provider %s, %s units pending)\n",
              with_commas(s.commits_mined).c_str(), with_commas(s.artifacts).c_str(),
              s.provider.c_str(), with_commas(s.pending_units).c_str());
  std::printf("tokens:   sleep %s (%s calls), test %s (%s queries)",
              with_commas(s.sleep_tokens).c_str(), with_commas(s.sleep_calls).c_str(),
              with_commas(s.test_tokens).c_str(), with_commas(s.test_calls).c_str());
  if (s.test_calls) std::printf(", %.0f per query amortized", s.amortized_per_query);
  std::printf("\n");
  print_passes(s.passes);
}

nlohmann::json learned_json(const std::optional<agent::LearnedModel>& m) {
  if (!m) return nullptr;
  nlohmann::json w = nlohmann::json::object();
  for (size_t i = 0; i < agent::kSignalCount; ++i)
    w[agent::signal_name(static_cast<agent::Signal>(i))] = m->model.weights[i];
  return {{"practice_tasks", m->tasks},
          {"validation_tasks", m->validation_tasks},
          {"validation_f1", m->validation_f1},
          {"validation_f1_default", m->validation_f1_default},
          {"train_f1", m->train_f1},
          {"train_f1_default", m->train_f1_default},
          {"kept", m->kept},
          {"lessons", m->lessons},
          {"commit", m->commit},
          {"weights", w},
          {"bias", m->model.bias},
          {"cut",
           {{"rule", m->model.cut.rule == agent::CutRule::kExpectedF1 ? "expected_f1" : "gap"},
            {"pool_recall", m->model.cut.pool_recall},
            {"min_keep", m->model.cut.min_keep},
            {"max_keep", m->model.cut.max_keep},
            {"floor", m->model.cut.floor},
            {"gap", m->model.cut.gap}}}};
}

void print_learned(const std::optional<agent::LearnedModel>& m) {
  if (!m) {
    std::printf("learned:  nothing yet (rehearsal runs in each pass with a sleep budget)\n");
    return;
  }
  std::printf("learned:  %s; %lld lessons\n", agent::describe_model(*m).c_str(),
              static_cast<long long>(m->lessons));
  if (!m->kept) return;
  std::string weights;
  for (size_t i = 0; i < agent::kSignalCount; ++i) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s%s %.2f", weights.empty() ? "" : ", ",
                  agent::signal_name(static_cast<agent::Signal>(i)), m->model.weights[i]);
    weights += buf;
  }
  const auto& cut = m->model.cut;
  if (cut.rule == agent::CutRule::kExpectedF1) {
    std::printf(
        "weights:  %s; bias %.2f; cut %zu..%zu files by expected F1 (finds %.0f%% of a "
        "change's files)\n",
        weights.c_str(), m->model.bias, cut.min_keep, cut.max_keep, cut.pool_recall * 100);
    return;
  }
  std::printf("weights:  %s; cut %zu..%zu files, floor %.2f, gap %.2f\n", weights.c_str(),
              cut.min_keep, cut.max_keep, cut.floor, cut.gap);
}

Status run(const GlobalOptions& g, const StatusFlags& f) {
  TRY_ASSIGN(auto ws, indexer::open_workspace(g.directory));
  TRY_ASSIGN(auto store, indexer::open_store(ws, indexer::StoreAccess::kReadOnly));
  TRY_ASSIGN(auto status, indexer::compute_index_status(ws, store));
  TRY_ASSIGN(auto learned, agent::read_learned_model(store));
  if (f.json) {
    nlohmann::json j = indexer::status_json(status);
    j["learned"] = learned_json(learned);
    print_json(j);
  } else {
    print_status(status);
    print_learned(learned);
  }
  return {};
}

}  // namespace

void register_status(CLI::App& app, const GlobalOptions& g, Command& out) {
  auto flags = std::make_shared<StatusFlags>();
  auto* cmd = app.add_subcommand("status", "Show how fresh the index is and what it holds");
  cmd->add_flag("--json", flags->json, "Print JSON on stdout");
  cmd->callback([&g, &out, flags] { out = [&g, flags] { return run(g, *flags); }; });
}

}  // namespace stc::cli
