// Quality rules of the agent's parts on real components: one stemmer for the
// request and the FTS index, new files only for requests that ask for one
// and only as code, and no revert or dependency bump as "similar commit".

#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "agent/new_files.h"
#include "agent/query.h"
#include "agent/retriever.h"
#include "indexer/history/history_queries.h"
#include "indexer/store/sqlite.h"
#include "tests/agent/sample_tasks.h"
#include "tests/support/temp_repo.h"

namespace stc::agent {
namespace {

using stc::testing::TempDir;
using stc::testing::TempRepo;

// Words of feature requests and code, with the endings Porter treats
// specially (-ational, -izer, -ies, -eed, doubled consonants, -e, -y).
const char* const kWords[] = {
    "caching",
    "caches",
    "cache",
    "cached",
    "providers",
    "provider",
    "provided",
    "retries",
    "retry",
    "retrying",
    "running",
    "runner",
    "hopping",
    "hoped",
    "agreed",
    "feed",
    "relational",
    "conditional",
    "rational",
    "valenci",
    "digitizer",
    "conformabli",
    "radicalli",
    "differentli",
    "vileli",
    "analogousli",
    "vietnamization",
    "predication",
    "operator",
    "feudalism",
    "decisiveness",
    "hopefulness",
    "callousness",
    "formaliti",
    "sensitiviti",
    "sensibiliti",
    "triplicate",
    "formative",
    "formalize",
    "electriciti",
    "electrical",
    "hopeful",
    "goodness",
    "revival",
    "allowance",
    "inference",
    "airliner",
    "gyroscopic",
    "adjustable",
    "defensible",
    "irritant",
    "replacement",
    "adjustment",
    "dependent",
    "adoption",
    "homologou",
    "communism",
    "activate",
    "angulariti",
    "homologous",
    "effective",
    "bowdlerize",
    "probate",
    "rate",
    "cease",
    "controll",
    "roll",
    "ponies",
    "ties",
    "caress",
    "cats",
    "plastered",
    "bled",
    "motoring",
    "sing",
    "conflated",
    "troubled",
    "sized",
    "hopping",
    "tanned",
    "falling",
    "hissing",
    "fizzed",
    "failing",
    "filing",
    "happy",
    "sky",
    "generalizations",
    "oscillators",
    "HTTPClient",
    "Queue",
    "queues",
    "queued",
    "enqueue",
    "JSON",
    "utf8",
    "base64",
    "timeout",
    "timeouts",
    "middleware",
    "routing",
    "routes",
    "router",
    "handlers",
    "handling",
    "authentication",
    "authorized",
    "webhooks",
    "templating",
    "serialization",
    "serializer",
    "deserialize",
    "pagination",
    "paginate",
    "logging",
    "logger",
    "metrics",
    "statistics",
    "stats",
    "uploads",
    "uploading",
    "downloads",
    "compression",
    "compressed",
    "encoding",
    "encoder",
    "transliteration",
    "normalization",
    "priorities",
    "prioritized",
    "ratelimiting",
    "dead",
    "letters",
    "purge",
    "purging",
    "shards",
    "sharded",
    "a",
    "is",
    "go",
    "ok",
    "I",
    "x",
};

// What the FTS index stores for `word`: insert it into a table declared as
// the store's are and read the term back from its vocabulary.
std::string indexed_term(indexer::store::Database& db, const std::string& word) {
  EXPECT_TRUE(db.exec("DELETE FROM t"));
  auto ins = db.prepare("INSERT INTO t(x) VALUES(?)");
  EXPECT_TRUE(ins);
  ins->bind(1, word);
  EXPECT_TRUE(ins->run());
  auto q = db.prepare("SELECT group_concat(term, '') FROM (SELECT term FROM v ORDER BY term)");
  EXPECT_TRUE(q);
  auto row = q->step();
  EXPECT_TRUE(row && *row);
  return q->column_is_null(0) ? std::string() : q->column_text(0);
}

TEST(QueryStemTest, AgreesWithTheFtsIndexOnAWordList) {
  TempDir dir;
  auto db = indexer::store::Database::open(dir.path() + "/t.db",
                                           indexer::store::OpenMode::kReadWriteCreate);
  ASSERT_TRUE(db) << db.error().message;
  ASSERT_TRUE(
      db->exec("CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'porter unicode61');"
               "CREATE VIRTUAL TABLE v USING fts5vocab(t, 'row');"));
  int checked = 0;
  for (const char* w : kWords) {
    const std::string term = indexed_term(*db, w);
    ASSERT_FALSE(term.empty()) << w;
    EXPECT_EQ(stem(w), term) << w;
    ++checked;
  }
  EXPECT_GT(checked, 140);
  // The cases the old suffix stripper got wrong against the index.
  EXPECT_EQ(stem("retries"), stem("retry"));
  EXPECT_EQ(stem("relational"), "relat");
}

TEST(NewFilesQualityTest, NeverCreatesImagesDocsOrDataFiles) {
  const std::vector<std::string> paths = {
      "assets/logo.png", "assets/banner.png",    "assets/icon.png",       "docs/guide.md",
      "docs/install.md", "requirements/dev.txt", "requirements/docs.txt", "app/core.py"};
  for (const char* request : {"Add a dark logo asset", "Add a deployment guide to the docs",
                              "Add requirements for the benchmarks"}) {
    for (const auto& nf : propose_new_files(understand(request), paths, {"assets"})) {
      ADD_FAILURE() << request << " proposed " << nf.path;
    }
  }
}

TEST(NewFilesQualityTest, OnlyRequestsForSomethingNewNameAModule) {
  const std::vector<std::string> paths = {"handlers/auth.py", "handlers/users.py",
                                          "handlers/admin.py", "app.py"};
  EXPECT_TRUE(
      propose_new_files(understand("Fix the cache that reverts every handler"), paths, {}).empty());
  EXPECT_TRUE(propose_new_files(understand("Reverts every handler on reload"), paths, {}).empty());
  auto added = propose_new_files(understand("Add billing handler"), paths, {});
  ASSERT_EQ(added.size(), 1u);
  EXPECT_EQ(added[0].path, "handlers/billing.py");
}

TEST(RetrieverQualityTest, RevertAndBumpCommitsAreNoSimilarCommitEvidence) {
  TempRepo repo;
  repo.write("client/api.py", "\"\"\"HTTP client.\"\"\"\n\ndef get(url):\n    return url\n");
  repo.write("client/session.py", "\"\"\"Sessions.\"\"\"\n\ndef open_session():\n    return 1\n");
  repo.write("requirements.txt", "requests==2.0\n");
  repo.commit("Initial client");
  repo.write("client/retry.py", "\"\"\"Upload retry.\"\"\"\n\ndef retry(fn):\n    return fn()\n");
  repo.write("client/api.py",
             "\"\"\"HTTP client.\"\"\"\n\ndef get(url, retry=None):\n    return url\n");
  repo.commit("Add upload retry to the client");
  repo.remove("client/retry.py");
  repo.write("client/session.py",
             "\"\"\"Sessions.\"\"\"\n\ndef open_session(n=1):\n    return n\n");
  repo.commit("Revert \"Add upload retry to the client\"");
  repo.write("requirements.txt", "requests==2.1\n");
  repo.write("client/session.py",
             "\"\"\"Sessions.\"\"\"\n\ndef open_session(n=2):\n    return n\n");
  repo.commit("Bump upload-retry-client from 1.2.0 to 1.3.0");
  TempDir store_dir;
  auto head = indexer::git::Repository::discover(repo.path())->resolve_commit("HEAD");
  ASSERT_TRUE(head);
  auto ti = testing::index_at(repo.path(), store_dir.path() + "/index.db", head->id);
  auto r = retrieve(*ti->store, understand("Add upload retry with backoff to the client"));
  ASSERT_TRUE(r) << r.error().message;
  bool original = false;
  for (const auto& c : r->commits) {
    EXPECT_EQ(c.summary.find("Revert"), std::string::npos) << c.summary;
    EXPECT_EQ(c.summary.find("Bump"), std::string::npos) << c.summary;
    original |= c.summary == "Add upload retry to the client";
  }
  EXPECT_TRUE(original) << "the feature commit itself is still evidence";
  for (const auto& cand : r->ranked) {
    for (const auto& e : cand.evidence) {
      EXPECT_EQ(e.text.find("Revert"), std::string::npos) << cand.path << ": " << e.text;
      EXPECT_EQ(e.text.find("Bump"), std::string::npos) << cand.path << ": " << e.text;
    }
  }
}

// Work in progress continues: files the newest commits changed are
// candidates with the recent signal, newest strongest; maintenance commits
// are no such evidence; as of an older commit only older commits count.
TEST(RetrieverQualityTest, RecentWorkIsASignalAsOfTheQueriedCommit) {
  TempRepo repo;
  repo.write("billing/invoice.py", "\"\"\"Invoices.\"\"\"\n\ndef total(x):\n    return x\n");
  repo.write("billing/tax.py", "\"\"\"Tax rules.\"\"\"\n\ndef rate():\n    return 1\n");
  repo.write("billing/ledger.py", "\"\"\"Ledger.\"\"\"\n\ndef post():\n    return 1\n");
  repo.write("requirements.txt", "requests==2.0\n");
  repo.commit("Initial billing");
  repo.write("billing/tax.py", "\"\"\"Tax rules.\"\"\"\n\ndef rate(region):\n    return 1\n");
  const std::string older = repo.commit("Add regional tax rates");
  repo.write("billing/ledger.py", "\"\"\"Ledger.\"\"\"\n\ndef post(entry):\n    return 1\n");
  repo.commit("Post ledger entries per account");
  repo.write("requirements.txt", "requests==2.1\n");
  repo.commit("Bump requests from 2.0 to 2.1");
  TempDir store_dir;
  auto head = indexer::git::Repository::discover(repo.path())->resolve_commit("HEAD");
  ASSERT_TRUE(head);
  auto ti = testing::index_at(repo.path(), store_dir.path() + "/index.db", head->id);
  auto recent_of = [](const Retrieval& r) {
    std::map<std::string, double> out;
    for (const auto& c : r.ranked) {
      const double v = c.features[static_cast<size_t>(Signal::kRecent)];
      if (v > 0) out[c.path] = v;
    }
    return out;
  };
  auto r = retrieve(*ti->store, understand("Add invoice totals in euros"));
  ASSERT_TRUE(r) << r.error().message;
  auto now = recent_of(*r);
  ASSERT_TRUE(now.count("billing/ledger.py"));
  ASSERT_TRUE(now.count("billing/tax.py"));
  EXPECT_GT(now["billing/ledger.py"], now["billing/tax.py"]) << "newer work weighs more";
  // The bump is not counted: requirements.txt has only the initial commit,
  // two counted commits back.
  ASSERT_TRUE(now.count("requirements.txt"));
  EXPECT_NEAR(now["requirements.txt"], std::exp(-2.0 / 8), 1e-3)
      << "a dependency bump is no work in progress";
  // As of before the ledger commit: its own change and later ones are out.
  auto seq = indexer::seq_of_commit(*ti->store, older);
  ASSERT_TRUE(seq && *seq > 0);
  RetrieveOptions opt;
  opt.before_seq = *seq + 1;
  auto past = retrieve(*ti->store, understand("Add invoice totals in euros"), opt);
  ASSERT_TRUE(past) << past.error().message;
  auto then = recent_of(*past);
  ASSERT_TRUE(then.count("billing/ledger.py"));
  EXPECT_NEAR(then["billing/ledger.py"], std::exp(-1.0 / 8), 1e-3)
      << "a later commit leaked into the past";
  ASSERT_TRUE(then.count("billing/tax.py"));
  ASSERT_TRUE(then.count("billing/invoice.py"));
  // tax.py: the newest commit then (exp(0)) and the initial one (exp(-1/8)).
  EXPECT_NEAR(then["billing/tax.py"], 1.0 + std::exp(-1.0 / 8), 1e-3);
  EXPECT_NEAR(then["billing/invoice.py"], std::exp(-1.0 / 8), 1e-3);
}

}  // namespace
}  // namespace stc::agent
