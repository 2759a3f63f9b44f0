#pragma once
// What one read of the index holds open: the workspace, its store (read
// only) and the freshness of the index. Shared by the MCP tools and the
// `stc context` / `stc export` commands. Opening a session never starts a
// pass; a stale index is reported through `freshness`, never hidden.

#include <memory>
#include <string>
#include <vector>

#include "agent/agent.h"
#include "core/result.h"
#include "indexer/views/index_status.h"
#include "indexer/workspace.h"
#include "llm/provider.h"

namespace stc::mcp {

struct RepoSession {
  indexer::Workspace ws;
  indexer::store::IndexStore store;
  indexer::Freshness freshness;
};

/// Opens the repository containing `dir` and its index read-only. Errors:
/// kBadInput outside a repository or without an index (with a hint to run
/// `stc init`); kStore.
Result<std::unique_ptr<RepoSession>> open_repo_session(const std::string& dir);

/// The repository's most important files, best first, at most `max`: the
/// overview's key entries, a key directory standing for its own key files
/// (from its roll-up). Only files of the indexed commit. kStore.
Result<std::vector<std::string>> key_files(indexer::store::IndexStore& store, size_t max);

/// The agent's view of `session` in index mode, at the indexed commit.
/// kBadInput when nothing is indexed yet.
Result<agent::AgentEnv> index_env(RepoSession& session, llm::Provider& provider);

}  // namespace stc::mcp
