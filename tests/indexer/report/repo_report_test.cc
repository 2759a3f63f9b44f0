// `stc report`'s data and page: co-change clusters from pairs, and the page
// of a real temporary repository after an offline pass (freshness, artifacts,
// savings, the cluster graph), read only.

#include "indexer/report/repo_report.h"

#include <gtest/gtest.h>

#include "indexer/sleep/sleep_pass.h"
#include "tests/support/temp_repo.h"

namespace stc::indexer {
namespace {

using stc::testing::TempRepo;

size_t count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

TEST(RepoReportTest, ClustersAreConnectedComponentsStrongestFirst) {
  const std::vector<CoChangePair> pairs = {{"a.py", "b.py", 5, 0}, {"c.go", "d.go", 4, 0},
                                           {"b.py", "e.py", 3, 0}, {"c.go", "f.go", 2, 0},
                                           {"x.c", "y.c", 2, 0},   {"a.py", "e.py", 2, 0}};
  const auto clusters = cluster_pairs(pairs, 2, 8);
  ASSERT_EQ(clusters.size(), 2u);  // x.c/y.c (weight 2) is cut
  EXPECT_EQ(clusters[0].weight, 10);
  EXPECT_EQ(clusters[0].files, (std::vector<std::string>{"b.py", "a.py", "e.py"}));
  EXPECT_EQ(clusters[0].edges.size(), 3u);
  EXPECT_EQ(clusters[1].weight, 6);
  EXPECT_EQ(clusters[1].files.front(), "c.go");
  // Cut to two files: only the edges between the kept files remain.
  const auto small = cluster_pairs(pairs, 1, 2);
  EXPECT_EQ(small[0].files, (std::vector<std::string>{"b.py", "a.py"}));
  EXPECT_EQ(small[0].edges.size(), 1u);
  EXPECT_EQ(small[0].weight, 5);
  EXPECT_EQ(render_cluster_svg({}), "");
}

TEST(RepoReportTest, PageShowsFreshnessArtifactsSavingsAndTheClusterGraph) {
  TempRepo repo;
  repo.write("app/cli.py",
             "\"\"\"Command line.\"\"\"\nfrom app import core\n\ndef main():\n    core.run()\n");
  repo.write("app/core.py", "\"\"\"Core logic.\"\"\"\n\ndef run():\n    return 1\n");
  repo.commit("Add the app");
  for (int i = 2; i <= 4; ++i) {
    const std::string n = std::to_string(i);
    repo.write("app/cli.py",
               "\"\"\"Command line.\"\"\"\nfrom app import core\n\ndef main():\n    core.run(" + n +
                   ")\n");
    repo.write("app/core.py", "\"\"\"Core logic.\"\"\"\n\ndef run(n=" + n + "):\n    return n\n");
    repo.commit("Pass count " + n + " through the command line");
  }
  auto ws = open_workspace(repo.path());
  ASSERT_TRUE(ws) << ws.error().message;
  auto store = open_store(*ws, StoreAccess::kCreate);
  ASSERT_TRUE(store) << store.error().message;
  NullProgress progress;
  ASSERT_TRUE(run_pass(*ws, *store, nullptr, PassOptions{}, progress));

  auto report = build_repo_report(*ws, *store);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_TRUE(report->status.freshness.fresh);
  EXPECT_EQ(report->summarized_files, 2);
  EXPECT_GT(report->source_tokens, 0);
  ASSERT_EQ(report->clusters.size(), 1u);
  EXPECT_GE(report->clusters[0].edges[0].together, 3);
  const std::string page = render_repo_report_html(*report);
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(page.find("up to date"), std::string::npos);
  EXPECT_NE(page.find("<td>summary</td><td>offline</td>"), std::string::npos) << page;
  EXPECT_NE(page.find("reading 2 summaries"), std::string::npos);
  EXPECT_EQ(count(page, "<svg"), 1u);
  EXPECT_NE(page.find("<title>app/cli.py</title>"), std::string::npos);
  EXPECT_NE(page.find(" commits together</title>"), std::string::npos);
  EXPECT_EQ(page.find("<script"), std::string::npos);

  // A new commit: the page says the index is behind.
  repo.write("app/extra.py", "X = 1\n");
  repo.commit("Add an extra module");
  auto behind = build_repo_report(*ws, *store);
  ASSERT_TRUE(behind);
  EXPECT_NE(render_repo_report_html(*behind).find("1 file changed since"), std::string::npos);
}

}  // namespace
}  // namespace stc::indexer
