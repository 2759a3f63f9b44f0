// Server faults that a pass meets mid-push: a full disk and a server too slow
// to answer within share.statementTimeoutMs. Both are raised by the real
// server (a trigger that fails with SQLSTATE 53100, as a full disk does, or
// that sleeps past the statement timeout), not by a mock.

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "indexer/share/share_store.h"
#include "tests/indexer/share/share_fixture.h"

namespace stc::indexer::share {
namespace {

// Creates the shared tables, then a trigger that runs `body` before every
// insert into them.
void on_every_insert(PgCluster& cluster, const std::string& body) {
  auto conn = PgConnection::connect(PgSettings{cluster.url(), 3, 5000});
  ASSERT_TRUE(conn) << conn.error().message;
  ShareStore s(*conn, "setup");
  ASSERT_TRUE(s.migrate());
  cluster.psql("CREATE OR REPLACE FUNCTION stc_test_fault() RETURNS trigger AS $$ BEGIN " + body +
               " RETURN NULL; END $$ LANGUAGE plpgsql");
  for (const char* table : {"stc_blobs", "stc_artifacts"}) {
    cluster.psql(std::string("CREATE TRIGGER stc_test_fault BEFORE INSERT ON ") + table +
                 " FOR EACH STATEMENT EXECUTE FUNCTION stc_test_fault()");
  }
}

void heal(PgCluster& cluster) {
  for (const char* table : {"stc_blobs", "stc_artifacts"}) {
    cluster.psql(std::string("DROP TRIGGER IF EXISTS stc_test_fault ON ") + table);
  }
}

TEST_F(TeamShareTest, AFullDiskOnTheServerCostsOneWarningAndTheBacklogArrivesLater) {
  on_every_insert(*cluster_,
                  "RAISE EXCEPTION 'could not extend file: No space left on device' "
                  "USING ERRCODE = 'disk_full';");
  auto a = clone();
  const PassReport full = pass(*a, cluster_->url());
  EXPECT_NE(full.share.warning.find("No space left"), std::string::npos) << full.share.warning;
  EXPECT_EQ(full.share.warning.find('\n'), std::string::npos);
  EXPECT_GT(full.share.backlog, 0);
  EXPECT_GT(full.llm_calls, 0);  // the pass went on locally
  EXPECT_EQ(cluster_->psql("SELECT COUNT(*) FROM stc_blobs"), "0\n");

  heal(*cluster_);
  const PassReport healed = pass(*a, cluster_->url());
  EXPECT_TRUE(healed.share.warning.empty()) << healed.share.warning;
  EXPECT_EQ(healed.share.backlog, 0);
  expect_everything_arrived(cluster_->url());
}

TEST_F(TeamShareTest, ATooSlowServerIsGivenUpWithinTheTimeoutAndNothingIsLost) {
  // The fixture's statement timeout is 2 s; every push takes 30 s.
  on_every_insert(*cluster_, "PERFORM pg_sleep(30);");
  auto a = clone();
  const auto t0 = std::chrono::steady_clock::now();
  const PassReport slow = pass(*a, cluster_->url());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_FALSE(slow.share.warning.empty());
  EXPECT_EQ(slow.share.warning.find('\n'), std::string::npos);
  EXPECT_GT(slow.share.backlog, 0);
  // One timed-out statement, then no more contact: not one wait per batch.
  EXPECT_LT(seconds, 15.0);

  heal(*cluster_);
  const PassReport healed = pass(*a, cluster_->url());
  EXPECT_TRUE(healed.share.warning.empty()) << healed.share.warning;
  EXPECT_EQ(healed.share.backlog, 0);
  EXPECT_GT(std::stoi(cluster_->psql("SELECT COUNT(*) FROM stc_blobs")), 0);
}

}  // namespace
}  // namespace stc::indexer::share
