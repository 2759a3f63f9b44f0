#pragma once
// The fixture of the team share tests: one PostgreSQL cluster for the whole
// binary (tests/support/pg_cluster), an origin repository with four Python
// modules, a deny-listed file and a README, clones of it, the loopback LLM
// server, and passes with the share at a given URL.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "indexer/share/team_share.h"
#include "indexer/sleep/sleep_pass.h"
#include "llm/provider.h"
#include "tests/fakes/fake_clock.h"
#include "tests/fakes/llm_server.h"
#include "tests/support/pg_cluster.h"
#include "tests/support/temp_repo.h"

namespace stc::indexer::share {

using stc::testing::PgCluster;
using stc::testing::TempRepo;

inline const char* const kReply =
    R"({"summary":"LLM summary.","entry_points":["run"],"usage":"CLI",)"
    R"("likely_changes":[{"request":"Add a flag","files":["app/cli.py"],"why":"users ask"}],)"
    R"("key_files":["app/cli.py"],"requests":[{"title":"Add export","plan":[{"path":"app/cli.py","action":"modify","reason":"entry"}]}]})";

// `repo`'s workspace as the tests configure it: the deny list, the share at
// `url` ("" for none) in namespace "team", a 2 s statement timeout.
inline Workspace shared_workspace(const TempRepo& repo, const std::string& url) {
  auto ws = open_workspace(repo.path());
  EXPECT_TRUE(ws) << ws.error().message;
  ws->config.sleep.deny = {"secret_*.py"};
  ws->config.share.url = url;
  ws->config.share.name = "team";
  ws->config.share.statement_timeout_ms = 2000;
  return std::move(*ws);
}

// A clone opened as a pass or a worker opens it: that workspace, its store
// (created when missing) and the team share at `url` (null for ""). Not
// movable: the share refers to the workspace's repository.
struct SharedClone {
  SharedClone(const TempRepo& repo, const std::string& url, bool new_store = false)
      : ws(shared_workspace(repo, url)),
        opened(open_store(ws, StoreAccess::kCreate)),
        share(make_team_share(ws.config, ws.repo, new_store)) {
    EXPECT_TRUE(opened) << opened.error().message;
  }
  SharedClone(const SharedClone&) = delete;
  SharedClone& operator=(const SharedClone&) = delete;
  store::IndexStore& store() { return *opened; }

  Workspace ws;
  Result<store::IndexStore> opened;
  std::unique_ptr<TeamShare> share;
};

class TeamShareTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { cluster_ = new PgCluster(); }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
  }

  void SetUp() override {
    if (!cluster_->available()) GTEST_SKIP() << cluster_->skip_reason();
    // Each test its own tables: drop what an earlier test left.
    cluster_->psql(
        "DROP TABLE IF EXISTS stc_blobs, stc_artifacts, stc_queue, stc_records, "
        "stc_schema_version");
    setenv("STC_TEST_SHARE_KEY", "sk-share-test", 1);
    origin.write("app/__init__.py", "");
    origin.write(
        "app/cli.py",
        "\"\"\"Command line.\"\"\"\nfrom app import core\n\ndef main():\n    core.run()\n");
    origin.write("app/core.py", "\"\"\"Core logic.\"\"\"\n\ndef run():\n    return 1\n");
    origin.write("app/secret_keys.py", "TOKEN = 'SUPERSECRET-123'\n");
    origin.write("README.md", "# App\n\nA tiny app for tests.\n");
    origin.commit("Add app");
    origin.write("app/core.py", "\"\"\"Core logic.\"\"\"\n\ndef run(n=1):\n    return n\n");
    origin.commit("Pass a count through");
    server.set_default(fakes::ok_with_usage(kReply, 100, 50));
  }
  void TearDown() override { unsetenv("STC_TEST_SHARE_KEY"); }

  // A clone of `origin` in its own directory.
  std::unique_ptr<TempRepo> clone() {
    auto r = std::make_unique<TempRepo>(false);
    r->git("clone -q '" + origin.path() + "' .");
    return r;
  }

  std::unique_ptr<llm::Provider> provider() {
    LlmConfig c;
    c.provider = "openai";
    c.base_url = server.base_url() + "/v1";
    c.model = "test-model";
    c.api_key_env = "STC_TEST_SHARE_KEY";
    c.timeout_ms = 5000;
    c.max_retries = 0;
    auto p = llm::make_provider(c, llm::ProviderDeps{nullptr, clock, 7});
    EXPECT_TRUE(p) << p.error().message;
    return std::move(*p);
  }

 public:
  // The workspace of `repo` with the tests' deny list and the share at `url`.
  static Workspace share_workspace(const TempRepo& repo, const std::string& url) {
    return shared_workspace(repo, url);
  }

 protected:
  // Everything a clone pushed arrived at `url`: a new clone's pass needs
  // neither the LLM nor the parser (but for the deny-listed file).
  void expect_everything_arrived(const std::string& url) {
    const size_t calls = server.request_count();
    auto b = clone();
    const PassReport rb = pass(*b, url);
    EXPECT_EQ(server.request_count(), calls);
    EXPECT_EQ(rb.index.files_parsed, 1);  // the deny-listed file
  }

  // One pass over `repo` with the share at `url` ("" for none) and `budget`
  // sleep tokens.
  PassReport pass(const TempRepo& repo, const std::string& url, bool llm = true,
                  bool enqueue = false, int64_t budget = 1'000'000) {
    SharedClone c(repo, url);
    auto p = provider();
    NullProgress progress;
    PassOptions options;
    options.sleep_budget = budget;
    options.share = c.share.get();
    options.enqueue = enqueue;
    auto r = run_pass(c.ws, c.store(), llm ? p.get() : nullptr, options, progress);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : PassReport{};
  }

 public:
  // One column of `sql` on `repo`'s store, a line per row.
  static std::string query(const TempRepo& repo, const std::string& sql) {
    auto ws = open_workspace(repo.path());
    auto store = open_store(*ws, StoreAccess::kReadOnly);
    auto st = store::connection(*store).prepare(sql);
    EXPECT_TRUE(st) << st.error().message;
    std::string out;
    while (st && *st->step()) out += st->column_text(0) + "\n";
    return out;
  }

 protected:
  // Everything an index holds that a pass derives, without times and ids.
  static std::string index_rows(const TempRepo& repo) {
    return query(repo,
                 "SELECT oid||lang||extractor||bytes||lines||has_errors||module_doc||"
                 "hex(refs)||symbols||hex(definitions) FROM blobs ORDER BY oid, lang") +
           query(repo,
                 "SELECT b.oid||hex(i.imports) FROM blob_imports i JOIN blobs b ON "
                 "b.id = i.blob ORDER BY b.oid") +
           query(repo, "SELECT path||oid||lang||status FROM files ORDER BY path") +
           query(repo,
                 "SELECT kind||'|'||subject||'|'||input_key||prompt_version||provider||model||"
                 "content||tokens FROM artifacts ORDER BY kind, subject, input_key, provider");
  }

  static inline PgCluster* cluster_ = nullptr;
  TempRepo origin;
  fakes::FakeLlmServer server;
  std::shared_ptr<fakes::FakeClock> clock = std::make_shared<fakes::FakeClock>();
};

}  // namespace stc::indexer::share
