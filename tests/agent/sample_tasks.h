#pragma once
// Test support for the agent: feature tasks from a repository's history
// (commits adding or modifying 3+ files, releases excluded) and a store built
// as of a task's parent commit, as the evaluation does.

#include <memory>
#include <string>
#include <vector>

#include "agent/agent.h"
#include "indexer/workspace.h"
#include "llm/provider.h"

namespace stc::agent::testing {

struct Task {
  std::string description;
  indexer::git::Oid base;
  std::vector<std::string> gold;  // added or modified paths
};

std::vector<Task> feature_tasks(const indexer::git::Repository& repo);

/// A workspace on `repo_dir` whose store lives at `store_path`, indexed
/// (offline pass) as of `base`.
struct TaskIndex {
  std::unique_ptr<indexer::Workspace> ws;
  std::unique_ptr<indexer::store::IndexStore> store;
  std::unique_ptr<llm::Provider> provider;
  AgentEnv env;
};
std::unique_ptr<TaskIndex> index_at(const std::string& repo_dir, const std::string& store_path,
                                    const indexer::git::Oid& base);

double f1(const std::vector<PlanFile>& predicted, const std::vector<std::string>& gold);

}  // namespace stc::agent::testing
