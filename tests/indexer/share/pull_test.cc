// Pulling many blobs at once: batches fetched on a second thread while the
// pass stores the previous one, and a new store's namespace found by the
// thread that connects.

#include <gtest/gtest.h>

#include <string>

#include "indexer/indexer.h"
#include "tests/indexer/share/share_fixture.h"

namespace stc::indexer::share {
namespace {

// `stc index` in `repo` with the share at `url` ("" for none), as the CLI
// runs it for a store that does not exist yet.
IndexReport index_new_store(const TempRepo& repo, const std::string& url) {
  SharedClone c(repo, url, /*new_store=*/true);
  IndexOptions options;
  options.share = c.share.get();
  NullProgress progress;
  auto r = run_index(c.ws.repo, c.store(), c.ws.config, options, progress);
  EXPECT_TRUE(r) << r.error().message;
  if (c.share) {
    EXPECT_TRUE(c.share->stats().warning.empty()) << c.share->stats().warning;
  }
  return r ? *r : IndexReport{};
}

TEST_F(TeamShareTest, ManyBatchesArePulledWholeAndTheNamespaceIsFoundAhead) {
  // More blobs than three pull batches.
  for (size_t i = 0; i < 3 * kBatch + 7; ++i) {
    origin.write("pkg/m" + std::to_string(i) + ".py",
                 "\"\"\"Module " + std::to_string(i) + ".\"\"\"\n\ndef f" + std::to_string(i) +
                     "(x):\n    return x + " + std::to_string(i) + "\n");
  }
  origin.commit("Add many modules");

  auto a = clone();
  const IndexReport ra = index_new_store(*a, cluster_->url());
  EXPECT_GT(ra.files_parsed, static_cast<int64_t>(3 * kBatch));
  EXPECT_EQ(ra.files_pulled, 0);

  auto b = clone();
  const IndexReport rb = index_new_store(*b, cluster_->url());
  // Only the deny-listed file, whose facts never leave a clone, is parsed.
  EXPECT_EQ(rb.files_parsed, 1);
  EXPECT_EQ(rb.files_pulled, ra.files_parsed - 1);

  auto solo = clone();
  index_new_store(*solo, "");
  EXPECT_EQ(index_rows(*b), index_rows(*solo));
  // The namespace B used (found by the connecting thread) is the root commit.
  EXPECT_EQ(query(*b, "SELECT value FROM meta WHERE key = 'share_root'"),
            b->git("rev-list --max-parents=0 HEAD"));
}

TEST_F(TeamShareTest, ALaterPassAsksByKeyOnlyAboutWhatChanged) {
  // B's budget buys no LLM call: every module stays missing, and its first
  // pass asks the share about all of them.
  auto b = clone();
  const PassReport b1 = pass(*b, cluster_->url(), true, false, 1);
  EXPECT_EQ(b1.llm_calls, 0);
  EXPECT_GT(b1.pending, 2);
  EXPECT_GE(b1.share.asked, 2 * b1.pending - 2);
  EXPECT_EQ(b1.share.hits, 0);

  // A computes and pushes everything.
  auto a = clone();
  const PassReport ra = pass(*a, cluster_->url());
  EXPECT_GT(ra.llm_calls, 0);

  // B's next pass (no new commit) sends no module key: what A pushed since
  // B's last question comes as the rows added since then.
  const PassReport b2 = pass(*b, cluster_->url(), true, false, 1);
  EXPECT_TRUE(b2.share.warning.empty()) << b2.share.warning;
  EXPECT_LE(b2.share.asked, 2);  // the overview and anticipation only
  EXPECT_GT(b2.share.hits, 0);
  EXPECT_EQ(b2.pending, 0);
  EXPECT_EQ(b2.llm_calls, 0);

  // After B changes one module, that module's keys are asked by key.
  b->write("app/core.py", "\"\"\"Core logic.\"\"\"\n\ndef run(n=2):\n    return n * 2\n");
  b->commit("Double the count");
  const PassReport b3 = pass(*b, cluster_->url(), true, false, 1);
  EXPECT_GE(b3.share.asked, 2);  // app/core.py's summary and notes
  EXPECT_LE(b3.share.asked, 4);
  EXPECT_EQ(b3.pending, 1);
}

}  // namespace
}  // namespace stc::indexer::share
