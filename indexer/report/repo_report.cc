// Gathering `stc report`'s data through the existing views: index_status,
// the artifact reader and store, and the history queries.

#include "indexer/report/repo_report.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <numeric>
#include <set>
#include <unordered_map>

#include "core/tokens.h"
#include "indexer/history/decay.h"
#include "indexer/sleep/artifact_codec.h"
#include "indexer/sleep/artifact_reader.h"

namespace stc::indexer {
namespace {

constexpr size_t kNewest = 12, kHottest = 12, kPairs = 60, kClusters = 4, kClusterFiles = 8;

/// Summaries against the source of the files they summarize.
Status measure_savings(store::IndexStore& store, RepoReport& r) {
  TRY_ASSIGN(auto files, store.files());
  TRY_ASSIGN(auto blobs, store.known_blobs());
  std::unordered_map<std::string, uint64_t> bytes_of;  // path -> bytes of its parsed blob
  for (const auto& f : files) {
    auto it = blobs.find(f.oid + ":" + f.language);
    if (f.blob_id && it != blobs.end()) bytes_of[f.path] = it->second.bytes;
  }
  store::ArtifactStore artifacts = store.artifacts();
  TRY_ASSIGN(auto summaries, artifacts.all_of_kind(sleep::kSummary));
  std::set<std::string> seen;
  for (const auto& a : summaries) {
    auto it = bytes_of.find(a.subject);
    if (it == bytes_of.end() || !seen.insert(a.subject).second) continue;
    TRY_ASSIGN(auto best, artifacts.best(sleep::kSummary, a.subject, "", sleep::kSummaryVersion));
    if (!best) continue;
    auto s = sleep::decode_summary(best->content);
    if (!s) continue;
    std::string text = s->summary + "\n" + s->usage;
    for (const auto& e : s->entry_points) text += "\n" + e;
    r.summary_tokens += estimate_tokens(text);
    r.source_tokens += static_cast<int64_t>(it->second / 4);  // ~4 bytes per token
    ++r.summarized_files;
  }
  return {};
}

int64_t now_for_history(store::IndexStore& store) {
  auto head_time = store.meta(history::kHeadTimeKey);
  if (head_time && *head_time) return std::atoll((*head_time)->c_str());
  return 0;
}

}  // namespace

std::vector<CochangeCluster> cluster_pairs(const std::vector<CoChangePair>& pairs,
                                           size_t max_clusters, size_t max_files) {
  std::map<std::string, std::string> parent;
  auto find = [&](std::string x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (const auto& p : pairs) {
    for (const auto& f : {p.a, p.b}) parent.try_emplace(f, f);
    const std::string ra = find(p.a), rb = find(p.b);
    if (ra != rb) parent[std::max(ra, rb)] = std::min(ra, rb);
  }
  std::map<std::string, CochangeCluster> by_root;
  std::map<std::string, int64_t> degree;
  for (const auto& p : pairs) {
    CochangeCluster& c = by_root[find(p.a)];
    c.edges.push_back(p);
    c.weight += p.together;
    degree[p.a] += p.together;
    degree[p.b] += p.together;
  }
  std::vector<CochangeCluster> out;
  for (auto& [root, c] : by_root) {
    std::set<std::string> files;
    for (const auto& e : c.edges) files.insert({e.a, e.b});
    c.files.assign(files.begin(), files.end());
    std::stable_sort(c.files.begin(), c.files.end(),
                     [&](const auto& x, const auto& y) { return degree[x] > degree[y]; });
    if (c.files.size() > max_files) c.files.resize(max_files);
    const std::set<std::string> kept(c.files.begin(), c.files.end());
    std::erase_if(c.edges, [&](const auto& e) { return !kept.count(e.a) || !kept.count(e.b); });
    c.weight = 0;
    for (const auto& e : c.edges) c.weight += e.together;
    out.push_back(std::move(c));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& x, const auto& y) { return x.weight > y.weight; });
  if (out.size() > max_clusters) out.resize(max_clusters);
  return out;
}

Result<RepoReport> build_repo_report(const Workspace& ws, store::IndexStore& store) {
  RepoReport r;
  r.name = std::filesystem::path(ws.repo.workdir()).lexically_normal().parent_path().filename();
  if (r.name.empty()) r.name = std::filesystem::path(ws.repo.workdir()).filename();
  TRY_ASSIGN(r.status, compute_index_status(ws, store, 8));
  store::ArtifactStore artifacts = store.artifacts();
  TRY_ASSIGN(r.artifact_counts, artifacts.kind_counts());
  TRY_ASSIGN(r.newest, artifacts.newest(kNewest));
  TRY_ASSIGN(r.overview, sleep::read_overview(store));
  TRY_ASSIGN(r.anticipation, sleep::read_anticipation(store));
  TRY(measure_savings(store, r));
  TRY_ASSIGN(r.hottest, hottest_files(store, kHottest, now_for_history(store)));
  TRY_ASSIGN(auto pairs, strongest_pairs(store, kPairs, 2));
  r.clusters = cluster_pairs(pairs, kClusters, kClusterFiles);
  return r;
}

}  // namespace stc::indexer
