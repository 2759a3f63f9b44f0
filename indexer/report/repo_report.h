#pragma once
// `stc report`: one self-contained HTML page about a repository's index —
// how fresh it is, what sleep-time compute has written (artifact counts, the
// overview, anticipated requests, the newest artifacts), the tokens spent
// (sleep, test) and saved (summaries against the source they stand for), the
// pass log, the hottest files and the most co-changed clusters as a small
// graph (inline SVG). Read only: built from index_status, the artifact reader
// and the history queries; never starts a pass or writes to the store.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "indexer/history/history_queries.h"
#include "indexer/sleep/artifacts.h"
#include "indexer/store/artifact_store.h"
#include "indexer/store/index_store.h"
#include "indexer/views/index_status.h"
#include "indexer/workspace.h"

namespace stc::indexer {

/// Files that change together: a connected component of the strongest
/// co-change pairs, cut to its most connected files.
struct CochangeCluster {
  std::vector<std::string> files;   // most connected first
  std::vector<CoChangePair> edges;  // between `files` only
  int64_t weight = 0;               // sum of the edges' shared commits
};

struct RepoReport {
  std::string name;  // the work tree's directory name
  IndexStatus status;
  std::vector<store::KindCount> artifact_counts;
  std::vector<store::Artifact> newest;  // the most recently written artifacts
  std::optional<sleep::Rollup> overview;
  std::optional<sleep::Anticipation> anticipation;
  int64_t source_tokens = 0;   // estimated tokens of the summarized files' source
  int64_t summary_tokens = 0;  // estimated tokens of their summaries
  int64_t summarized_files = 0;
  std::vector<FileHistory> hottest;
  std::vector<CochangeCluster> clusters;  // strongest first
};

/// Gathers the report. Errors: kStore from the store.
Result<RepoReport> build_repo_report(const Workspace& ws, store::IndexStore& store);

/// Groups `pairs` (strongest first) into connected components, strongest
/// total first, each cut to `max_files` files; at most `max_clusters`.
std::vector<CochangeCluster> cluster_pairs(const std::vector<CoChangePair>& pairs,
                                           size_t max_clusters, size_t max_files);

/// The co-change clusters as one SVG: a panel per cluster, files on a
/// circle, edges as wide as their shared commits. "" when there are none.
std::string render_cluster_svg(const std::vector<CochangeCluster>& clusters);

/// The whole page.
std::string render_repo_report_html(const RepoReport& report);

}  // namespace stc::indexer
