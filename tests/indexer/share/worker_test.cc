// `stc worker` on the team share's queue, against a real PostgreSQL server:
// four workers split the units of a pass that published them, each unit done
// exactly once in about a quarter of the time one worker takes; a worker
// that dies holding a lease loses nothing (its units come back after it).

#include "indexer/share/worker.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "tests/indexer/share/share_fixture.h"

namespace stc::indexer::share {
namespace {

constexpr int kCallMs = 300;

// A worker in its own clone, until the queue is empty.
WorkerReport work(const TempRepo& repo, const std::string& url, llm::Provider& provider,
                  const std::string& id) {
  SharedClone c(repo, url);
  NullProgress progress;
  WorkerOptions options;
  options.id = id;
  options.batch = 1;
  options.lease_seconds = 60;
  auto r = run_worker(c.ws, c.store(), provider, *c.share, options, progress);
  EXPECT_TRUE(r) << r.error().message;
  return r ? *r : WorkerReport{};
}

TEST_F(TeamShareTest, FourWorkersDoEveryUnitOnceInAboutAQuarterOfTheTime) {
  for (int i = 0; i < 12; ++i) {
    origin.write("lib/m" + std::to_string(i) + ".py",
                 "def f" + std::to_string(i) + "():\n    return " + std::to_string(i) + "\n");
  }
  origin.commit("Add modules");
  auto publisher = clone();
  const PassReport published = pass(*publisher, cluster_->url(), true, true);
  ASSERT_GT(published.enqueued, 0);
  // 16 modules (the deny-listed one is not a unit), the overview and anticipation.
  const int64_t units = published.enqueued;
  EXPECT_EQ(units, 18);
  EXPECT_EQ(cluster_->psql("SELECT kind, COUNT(*) FROM stc_queue GROUP BY kind ORDER BY kind"),
            "anticipation|1\noverview|1\nsummary|16\n");
  const size_t calls_before = server.request_count();
  server.set_default(fakes::hang(kCallMs, kReply));

  std::vector<std::unique_ptr<TempRepo>> clones;
  std::vector<std::unique_ptr<llm::Provider>> providers;
  for (int i = 0; i < 4; ++i) {
    clones.push_back(clone());
    providers.push_back(provider());
  }
  std::vector<WorkerReport> reports(4);
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      reports[i] = work(*clones[i], cluster_->url(), *providers[i], "w" + std::to_string(i));
    });
  }
  for (auto& t : threads) t.join();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  int64_t done = 0;
  for (const auto& r : reports) {
    done += r.done;
    EXPECT_GT(r.done, 0);  // every worker got a share of the work
  }
  EXPECT_EQ(done, units);
  EXPECT_EQ(static_cast<int64_t>(server.request_count() - calls_before), units);  // once each
  EXPECT_EQ(cluster_->psql("SELECT COUNT(*), MAX(attempts) FROM stc_queue WHERE state = 'done'"),
            std::to_string(units) + "|1\n");
  const double serial = static_cast<double>(units) * kCallMs / 1000.0;
  EXPECT_LT(wall, serial * 0.5) << "wall " << wall << " s for " << units << " units of " << kCallMs
                                << " ms";
  std::printf("4 workers: %lld units in %.2f s (one worker's calls alone: %.2f s)\n",
              static_cast<long long>(units), wall, serial);

  // The publisher's next pass pulls every unit's artifacts: nothing is left
  // to its own LLM.
  const PassReport after = pass(*publisher, cluster_->url());
  EXPECT_EQ(after.llm_calls, 0);
  EXPECT_EQ(after.pending, 0);
}

TEST_F(TeamShareTest, AWorkerThatDiesHoldingALeaseLosesNoUnit) {
  auto publisher = clone();
  const PassReport published = pass(*publisher, cluster_->url(), true, true);
  ASSERT_EQ(published.enqueued, 6);  // 4 modules, the overview and anticipation
  {
    // A worker claims two units with a short lease and dies without a word.
    auto conn = PgConnection::connect(PgSettings{cluster_->url(), 3, 2000});
    ASSERT_TRUE(conn);
    auto ns = cluster_->psql("SELECT DISTINCT ns FROM stc_queue");
    ns.pop_back();
    ShareStore s(*conn, ns);
    auto claimed = s.claim("dead", 2, 1);
    ASSERT_TRUE(claimed) << claimed.error().message;
    ASSERT_EQ(claimed->size(), 2u);
  }
  auto live = clone();
  auto p = provider();
  const WorkerReport first = work(*live, cluster_->url(), *p, "live");
  EXPECT_EQ(first.done, 4);  // the dead worker's units are still leased
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  const WorkerReport second = work(*live, cluster_->url(), *p, "live");
  EXPECT_EQ(second.done, 2);  // its lease expired: they came back
  EXPECT_EQ(cluster_->psql("SELECT COUNT(*) FROM stc_queue WHERE state = 'done'"), "6\n");
  EXPECT_EQ(cluster_->psql("SELECT COUNT(*) FROM stc_queue WHERE attempts = 2"), "2\n");
}

}  // namespace
}  // namespace stc::indexer::share
