#include "tests/agent/sample_tasks.h"

#include <gtest/gtest.h>

#include <set>

#include "indexer/git/history_walk.h"
#include "indexer/sleep/sleep_pass.h"

namespace stc::agent::testing {

std::vector<Task> feature_tasks(const indexer::git::Repository& repo) {
  std::vector<Task> out;
  auto head = repo.resolve_commit("HEAD");
  EXPECT_TRUE(head);
  indexer::git::Oid prev;
  auto st = indexer::git::walk_first_parent(
      repo, std::nullopt, head->id, [&](const indexer::git::CommitChanges& c) {
        Task t{c.summary, prev, {}};
        for (const auto& f : c.files) {
          if (f.kind != 'D') t.gold.push_back(f.path);
        }
        const bool release = c.summary.rfind("Release", 0) == 0;
        if (!prev.is_zero() && t.gold.size() >= 3 && !release) out.push_back(std::move(t));
        prev = c.id;
        return Status{};
      });
  EXPECT_TRUE(st) << st.error().message;
  return out;
}

std::unique_ptr<TaskIndex> index_at(const std::string& repo_dir, const std::string& store_path,
                                    const indexer::git::Oid& base) {
  auto ti = std::make_unique<TaskIndex>();
  auto ws = indexer::open_workspace(repo_dir);
  EXPECT_TRUE(ws) << ws.error().message;
  ti->ws = std::make_unique<indexer::Workspace>(std::move(*ws));
  ti->ws->store_path = store_path;
  auto store = indexer::open_store(*ti->ws, indexer::StoreAccess::kCreate);
  EXPECT_TRUE(store) << store.error().message;
  ti->store = std::make_unique<indexer::store::IndexStore>(std::move(*store));
  LlmConfig offline;
  offline.provider = "offline";
  ti->provider = std::move(*llm::make_provider(offline));
  indexer::PassOptions opts;
  opts.rev = base.hex();
  opts.trigger = "test";
  NullProgress progress;
  auto pass = indexer::run_pass(*ti->ws, *ti->store, ti->provider.get(), opts, progress);
  EXPECT_TRUE(pass) << pass.error().message;
  ti->env = AgentEnv{&ti->ws->repo, base, ti->store.get(), ti->provider.get(), &ti->ws->config};
  return ti;
}

double f1(const std::vector<PlanFile>& predicted, const std::vector<std::string>& gold) {
  std::set<std::string> g(gold.begin(), gold.end());
  size_t hit = 0;
  for (const auto& p : predicted) hit += g.count(p.path);
  if (hit == 0) return 0;
  const double precision = static_cast<double>(hit) / static_cast<double>(predicted.size());
  const double recall = static_cast<double>(hit) / static_cast<double>(g.size());
  return 2 * precision * recall / (precision + recall);
}

}  // namespace stc::agent::testing
