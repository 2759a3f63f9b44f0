#include "mcp/repo_session.h"

#include <algorithm>

#include "indexer/sleep/artifact_reader.h"

namespace stc::mcp {

Result<std::unique_ptr<RepoSession>> open_repo_session(const std::string& dir) {
  TRY_ASSIGN(auto ws, indexer::open_workspace(dir));
  TRY_ASSIGN(auto store, indexer::open_store(ws, indexer::StoreAccess::kReadOnly));
  auto session = std::make_unique<RepoSession>(RepoSession{std::move(ws), std::move(store), {}});
  TRY_ASSIGN(session->freshness, indexer::compute_freshness(session->ws, session->store));
  return session;
}

Result<std::vector<std::string>> key_files(indexer::store::IndexStore& store, size_t max) {
  TRY_ASSIGN(auto overview, indexer::sleep::read_overview(store));
  std::vector<std::string> out;
  if (!overview) return out;
  for (const auto& entry : overview->key_files) {
    std::vector<std::string> paths = {entry};
    if (!entry.empty() && entry.back() == '/') {
      TRY_ASSIGN(auto dir,
                 indexer::sleep::read_directory(store, entry.substr(0, entry.size() - 1)));
      paths = dir ? dir->key_files : std::vector<std::string>{};
    }
    for (const auto& p : paths) {
      if (out.size() >= max || std::find(out.begin(), out.end(), p) != out.end()) continue;
      TRY_ASSIGN(auto file, store.file(p));
      if (file) out.push_back(p);
    }
  }
  return out;
}

Result<agent::AgentEnv> index_env(RepoSession& session, llm::Provider& provider) {
  if (!session.freshness.indexed_commit) {
    return fail(ErrorCode::kBadInput, "nothing is indexed yet; run `stc init`");
  }
  TRY_ASSIGN(auto commit, indexer::git::Oid::from_hex(*session.freshness.indexed_commit));
  agent::AgentEnv env;
  env.repo = &session.ws.repo;
  env.commit = commit;
  env.store = &session.store;
  env.provider = &provider;
  env.config = &session.ws.config;
  return env;
}

}  // namespace stc::mcp
