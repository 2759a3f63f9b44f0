// `stc-eval fit-defaults`: fits the shipped ranking defaults
// (RankModel::defaults) on the practice tasks that rehearsal stored in
// several repositories' stores, each repository weighing the same, and
// says how the fit does on each repository when that repository is left out.

#include <CLI/CLI.hpp>

#include <cstdio>

#include "agent/rehearsal.h"
#include "cli/stc-eval/cli_common.h"
#include "indexer/store/index_store.h"

namespace stc::cli {
namespace {

struct FitFlags {
  std::vector<std::string> stores;
  bool json = false;
};

std::string cpp_lines(const agent::RankModel& m) {
  std::string out;
  char buf[96];
  for (size_t i = 0; i < agent::kSignalCount; ++i) {
    std::snprintf(buf, sizeof buf, "%s %.2f%s", agent::signal_name(static_cast<agent::Signal>(i)),
                  m.weights[i], i + 1 < agent::kSignalCount ? ", " : "");
    out += buf;
  }
  std::snprintf(buf, sizeof buf, "; bias %.2f; pool recall %.2f", m.bias, m.cut.pool_recall);
  return out + buf;
}

Status run(const GlobalOptions& g, const FitFlags& f) {
  std::vector<std::vector<agent::PracticeTask>> repos;
  for (const auto& path : f.stores) {
    TRY_ASSIGN(auto store,
               indexer::store::IndexStore::open(path, indexer::store::OpenMode::kReadOnly));
    TRY_ASSIGN(auto tasks, agent::read_practice_tasks(store));
    if (tasks.empty()) {
      return fail(ErrorCode::kBadInput,
                  path + " holds no practice tasks of this version; run `stc pass` there first");
    }
    repos.push_back(std::move(tasks));
  }
  const agent::RankModel prior = agent::learning_prior();
  const agent::RankModel current = agent::RankModel::defaults();
  nlohmann::json held_out = nlohmann::json::array();
  double sum_fit = 0, sum_current = 0;
  for (size_t i = 0; i < repos.size(); ++i) {
    std::vector<std::vector<agent::PracticeTask>> others;
    for (size_t j = 0; j < repos.size(); ++j) {
      if (j != i) others.push_back(repos[j]);
    }
    const agent::RankModel m = agent::fit_pooled(others, prior);
    const double fit = agent::mean_f1(m, repos[i]);
    const double now = agent::mean_f1(current, repos[i]);
    sum_fit += fit;
    sum_current += now;
    held_out.push_back({{"store", f.stores[i]},
                        {"tasks", repos[i].size()},
                        {"f1_fit_without_it", fit},
                        {"f1_current_defaults", now}});
    if (!g.quiet) {
      std::fprintf(stderr, "%s: %zu tasks, mean F1 %.3f fit without it, %.3f current defaults\n",
                   f.stores[i].c_str(), repos[i].size(), fit, now);
    }
  }
  agent::LearnedModel all;
  all.model = agent::fit_pooled(repos, prior);
  for (const auto& r : repos) all.tasks += static_cast<int64_t>(r.size());
  const double n = static_cast<double>(repos.size());
  if (f.json) {
    print_json({{"model", nlohmann::json::parse(agent::encode_model(all))},
                {"held_out", held_out},
                {"mean_f1_held_out", sum_fit / n},
                {"mean_f1_current_defaults", sum_current / n}});
  } else {
    std::printf("held out, mean over %zu repositories: F1 %.3f fit, %.3f current defaults\n",
                repos.size(), sum_fit / n, sum_current / n);
    std::printf("fit on all %lld tasks: %s\n", static_cast<long long>(all.tasks),
                cpp_lines(all.model).c_str());
  }
  return {};
}

}  // namespace

void register_fit(CLI::App& app, const GlobalOptions& g, Command& out) {
  auto f = std::make_shared<FitFlags>();
  auto* cmd = app.add_subcommand(
      "fit-defaults", "Fit the shipped ranking defaults on several stores' practice tasks");
  cmd->add_option("STORES", f->stores, "index.db files after `stc init` / `stc pass`")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_flag("--json", f->json, "Print the model and the held-out scores as JSON");
  cmd->callback([&g, &out, f] { out = [&g, f] { return run(g, *f); }; });
}

}  // namespace stc::cli
