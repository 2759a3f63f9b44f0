// The team share against a real PostgreSQL server (tests/support/pg_cluster):
// schema migrations, the blob codec, two clones sharing one server (the
// second makes no LLM call and parses nothing the first did, and ends with
// the same index as a clone working alone), a server that is down or stops
// mid-pass (one warning, nothing lost, the backlog arrives later), a
// read-only role, the deny list and passwords kept out of messages.

#include "indexer/share/team_share.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "indexer/share/share_codec.h"
#include "tests/indexer/share/share_fixture.h"

namespace stc::indexer::share {
namespace {

TEST_F(TeamShareTest, MigrationsAreIdempotentAndVersioned) {
  auto conn = PgConnection::connect(PgSettings{cluster_->url(), 3, 2000});
  ASSERT_TRUE(conn) << conn.error().message;
  ShareStore s(*conn, "ns");
  ASSERT_TRUE(s.migrate());
  ASSERT_TRUE(s.migrate());
  const std::string v = std::to_string(kShareSchemaVersion);
  EXPECT_EQ(cluster_->psql("SELECT COUNT(*), MAX(version) FROM stc_schema_version"),
            v + "|" + v + "\n");
  cluster_->psql("INSERT INTO stc_schema_version(version) VALUES (99)");
  auto newer = s.migrate();
  ASSERT_FALSE(newer);
  EXPECT_NE(newer.error().message.find("newer"), std::string::npos);
}

TEST_F(TeamShareTest, BlobRecordsRoundTripExactlyAndPushesAreIdempotent) {
  store::BlobRecord r;
  r.oid = std::string(40, 'a');
  r.language = "python";
  r.bytes = 1234;
  r.skeleton = std::string("bin\0ary\xff", 8);
  r.facts.lines = 7;
  r.facts.has_errors = true;
  r.facts.module_doc = "Doc.";
  r.facts.definitions.push_back({"function", "run", 1, 3, -1, "def run():", "Runs."});
  r.facts.imports.push_back({"app.core", "run", 2, "import"});
  r.facts.references = {"core", "run"};
  const std::string bytes = encode_blob(r);
  auto back = decode_blob(bytes, r.oid, r.language);
  ASSERT_TRUE(back);
  EXPECT_EQ(encode_blob(*back), bytes);
  EXPECT_FALSE(decode_blob(bytes.substr(0, bytes.size() - 1), r.oid, r.language));

  auto conn = PgConnection::connect(PgSettings{cluster_->url(), 3, 2000});
  ASSERT_TRUE(conn) << conn.error().message;
  ShareStore s(*conn, "ns");
  ASSERT_TRUE(s.migrate());
  const SharedBlob blob{r.oid, r.language, bytes};
  ASSERT_TRUE(s.push_blobs(3, {blob}));
  ASSERT_TRUE(s.push_blobs(3, {blob}));  // the same key again: no error, one row
  EXPECT_EQ(cluster_->psql("SELECT COUNT(*) FROM stc_blobs"), "1\n");
  auto pulled = s.pull_blobs(3, {{r.oid, r.language}, {std::string(40, 'b'), "go"}});
  ASSERT_TRUE(pulled) << pulled.error().message;
  ASSERT_EQ(pulled->size(), 1u);
  EXPECT_EQ((*pulled)[0].record, bytes);
  // Another namespace sees nothing.
  ShareStore other(*conn, "other");
  EXPECT_TRUE(other.pull_blobs(3, {{r.oid, r.language}})->empty());
}

TEST_F(TeamShareTest, ASecondCloneMakesNoLlmCallAndParsesNothingAndMatchesASoloIndex) {
  auto a = clone();
  const PassReport ra = pass(*a, cluster_->url());
  EXPECT_GT(ra.llm_calls, 0);
  EXPECT_GT(ra.index.files_parsed, 0);
  EXPECT_TRUE(ra.share.warning.empty()) << ra.share.warning;
  EXPECT_GT(ra.share.pushed, 0);
  const size_t calls_a = server.request_count();

  auto b = clone();
  const PassReport rb = pass(*b, cluster_->url());
  EXPECT_EQ(server.request_count(), calls_a);
  EXPECT_EQ(rb.llm_calls, 0);
  // Only the deny-listed file, whose facts never leave a clone, is parsed here.
  EXPECT_EQ(rb.index.files_parsed, 1);
  EXPECT_GT(rb.index.files_pulled, 0);
  EXPECT_EQ(rb.share.hits, rb.share.lookups - 1);
  EXPECT_EQ(rb.pending, 0);

  auto solo = clone();
  pass(*solo, "");
  EXPECT_EQ(index_rows(*b), index_rows(*solo));
  EXPECT_EQ(index_rows(*a), index_rows(*solo));
}

TEST_F(TeamShareTest, DenyListedFilesNeverLeave) {
  auto a = clone();
  pass(*a, cluster_->url());
  const std::string secret_oid = a->git("rev-parse HEAD:app/secret_keys.py").substr(0, 40);
  EXPECT_EQ(cluster_->psql("SELECT COUNT(*) FROM stc_blobs WHERE oid = '" + secret_oid + "'"),
            "0\n");
  EXPECT_EQ(cluster_->psql("SELECT COUNT(*) FROM stc_artifacts WHERE convert_from(subject, "
                           "'UTF8') LIKE '%secret%'"),
            "0\n");
  EXPECT_EQ(cluster_->psql("SELECT COUNT(*) FROM stc_artifacts WHERE content::text LIKE "
                           "'%SUPERSECRET%'"),
            "0\n");
}

TEST_F(TeamShareTest, ADownServerCostsOneWarningAndTheBacklogArrivesLater) {
  auto a = clone();
  const PassReport down = pass(*a, cluster_->dead_url());
  EXPECT_FALSE(down.share.warning.empty());
  EXPECT_EQ(down.share.warning.find('\n'), std::string::npos);
  EXPECT_GT(down.share.backlog, 0);
  EXPECT_GT(down.llm_calls, 0);  // the pass went on locally
  const PassReport up = pass(*a, cluster_->url());
  EXPECT_TRUE(up.share.warning.empty()) << up.share.warning;
  EXPECT_EQ(up.share.backlog, 0);
  EXPECT_EQ(up.llm_calls, 0);
  expect_everything_arrived(cluster_->url());
}

TEST_F(TeamShareTest, AServerStoppedMidPassLosesNothing) {
  server.set_default(fakes::hang(400, kReply));
  auto a = clone();
  std::thread stopper([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    cluster_->stop();
  });
  const PassReport r = pass(*a, cluster_->url());
  stopper.join();
  EXPECT_FALSE(r.share.warning.empty());
  EXPECT_GT(r.share.backlog, 0);
  ASSERT_TRUE(cluster_->start());
  const PassReport again = pass(*a, cluster_->url());
  EXPECT_TRUE(again.share.warning.empty()) << again.share.warning;
  EXPECT_EQ(again.share.backlog, 0);
  EXPECT_GT(std::stoi(cluster_->psql("SELECT COUNT(*) FROM stc_artifacts")), 0);
}

TEST_F(TeamShareTest, AReadOnlyRolePullsButItsPushIsRefusedWithOneWarning) {
  auto a = clone();
  pass(*a, cluster_->url());
  auto b = clone();
  b->write("app/extra.py", "def extra():\n    return 2\n");
  b->commit("Add extra");
  const size_t calls = server.request_count();
  const PassReport rb = pass(*b, cluster_->url("stc_reader"));
  EXPECT_EQ(rb.index.files_parsed, 2);  // the new file and the deny-listed one
  EXPECT_NE(rb.share.warning.find("permission denied"), std::string::npos) << rb.share.warning;
  EXPECT_EQ(rb.share.backlog, 0);  // a refusal is not retried
  EXPECT_GT(server.request_count(), calls);
}

TEST_F(TeamShareTest, PasswordsStayOutOfMessagesAndConfigFiles) {
  auto conn = PgConnection::connect(
      PgSettings{"postgresql://stc:s3cret-pw@/stc_test?host=/nonexistent-dir&port=1", 1, 1000});
  ASSERT_FALSE(conn);
  EXPECT_EQ(conn.error().message.find("s3cret-pw"), std::string::npos) << conn.error().message;
  Config c = default_config();
  auto refused =
      apply_setting(c, "share.url", "postgresql://u:s3cret-pw@host/db", "/repo/.stc.conf");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message.find("s3cret-pw"), std::string::npos);
  EXPECT_TRUE(apply_setting(c, "share.url", "postgresql://u:s3cret-pw@host/db", "STC_SHARE_URL"));
  for (const auto& line : describe(c)) EXPECT_EQ(line.find("s3cret-pw"), std::string::npos);
}

TEST_F(TeamShareTest, TheCliGoesOnWithOneWarningWhenTheServerIsDown) {
  auto a = clone();
  std::string out;
  const std::string cmd = "cd '" + a->path() + "' && STC_NO_HOOK=1 STC_SHARE_URL='" +
                          cluster_->dead_url() + "' " + STC_BINARY + " init --json 2>&1 >/dev/null";
  EXPECT_EQ(stc::testing::run_command(cmd, &out), 0) << out;
  size_t warnings = 0;
  for (size_t pos = out.find("team share"); pos != std::string::npos;
       pos = out.find("team share", pos + 1)) {
    ++warnings;
  }
  EXPECT_EQ(warnings, 1u) << out;
}

}  // namespace
}  // namespace stc::indexer::share
