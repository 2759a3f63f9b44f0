// The rest of the team share's queue, against a real PostgreSQL server:
// rehearsal practice tasks shared by (commit, feature version, lesson
// writer) — a second clone pulls them instead of computing them and learns
// the same model; a task with a deny-listed path never reaches stc_records;
// rehearsal units published by a pass with --enqueue are done exactly once
// by two workers; and a hook's pass runs while a worker waits for the LLM
// (the worker holds the pass lock only while it writes).

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <thread>

#include "agent/rehearsal.h"
#include "indexer/share/worker.h"
#include "indexer/triggers/pass_runner.h"
#include "tests/indexer/share/share_fixture.h"

namespace stc::indexer::share {
namespace {

// `n` practice commits (descriptive messages, three code files each); the
// last one also changes the deny-listed file when `secret`.
void feature_history(const TempRepo& origin, int n, bool secret) {
  for (int i = 0; i < n; ++i) {
    const std::string k = std::to_string(i);
    origin.write("lib/store.py", "def save_" + k + "(item):\n    return item\n");
    origin.write("lib/api.py", "from lib import store\n\ndef post_" + k + "():\n    return 1\n");
    origin.write("lib/views.py", "def render_" + k + "(page):\n    return page\n");
    if (secret && i == n - 1)
      origin.write("app/secret_keys.py", "TOKEN = 'SUPERSECRET-" + k + "'\n");
    origin.commit("Add the export number " + k + " to the store api and views");
  }
}

// A pass with the rehearsal stage (offline lessons) and `budget` sleep tokens.
PassReport rehearsal_pass(const TempRepo& repo, const std::string& url, int64_t budget,
                          bool enqueue = false) {
  SharedClone c(repo, url);
  NullProgress progress;
  PassOptions options;
  options.sleep_budget = budget;
  options.share = c.share.get();
  options.enqueue = enqueue;
  options.extra_stages.push_back(agent::rehearsal_stage(c.ws, "manual"));
  auto r = run_pass(c.ws, c.store(), nullptr, options, progress);
  EXPECT_TRUE(r) << r.error().message;
  return r ? *r : PassReport{};
}

std::string tasks_of(const TempRepo& repo) {
  return TeamShareTest::query(
      repo,
      "SELECT commit_oid||'|'||seq||'|'||tokens||'|'||stc_unpack_text(data) FROM "
      "rehearsal_tasks ORDER BY seq");
}

std::string model_of(const TempRepo& repo) {
  auto ws = open_workspace(repo.path());
  auto store = open_store(*ws, StoreAccess::kReadOnly);
  EXPECT_TRUE(store);
  auto m = agent::read_learned_model(*store);
  EXPECT_TRUE(m && *m);
  return m && *m ? agent::encode_model(**m) : std::string();
}

std::string stage_line(const PassReport& r) {
  for (const auto& s : r.stage_summaries) {
    if (s.rfind("rehearsal:", 0) == 0) return s;
  }
  return "";
}

// A rehearsal pass in clone `b`: its stage line holds `expected` and it ends
// with the practice tasks of clone `a`.
PassReport expect_pulled(const TempRepo& b, const TempRepo& a, const std::string& url,
                         const std::string& expected) {
  const PassReport r = rehearsal_pass(b, url, 10'000'000);
  EXPECT_NE(stage_line(r).find(expected), std::string::npos) << stage_line(r);
  EXPECT_EQ(tasks_of(b), tasks_of(a));
  return r;
}

TEST_F(TeamShareTest, ASecondClonePullsThePracticeTasksAndLearnsTheSameModel) {
  feature_history(origin, 12, false);
  auto a = clone();
  const PassReport first = rehearsal_pass(*a, cluster_->url(), 10'000'000);
  EXPECT_NE(stage_line(first).find("12 new practice tasks"), std::string::npos)
      << stage_line(first);
  EXPECT_GT(first.rehearsal_tokens, 0);
  EXPECT_EQ(cluster_->psql("SELECT kind, version, variant, COUNT(*) FROM stc_records GROUP BY 1, "
                           "2, 3"),
            "rehearsal|" + std::to_string(agent::kRehearsalFeatureVersion) + "|offline@" +
                a->git("rev-parse HEAD").substr(0, 40) + "|12\n");

  // Nothing computed: every task came from the share, at no sleep token.
  auto b = clone();
  const PassReport second =
      expect_pulled(*b, *a, cluster_->url(), "0 new practice tasks (+12 from the team share)");
  EXPECT_EQ(second.rehearsal_tokens, 0);
  EXPECT_GE(second.share.hits, 12);
  EXPECT_FALSE(tasks_of(*a).empty());
  EXPECT_EQ(model_of(*b), model_of(*a));
}

TEST_F(TeamShareTest, AnOlderCloneComputesItsOwnTasksRatherThanPullANewerView) {
  // The newest commit deletes a file that every practice commit changed: a
  // task computed at the newest commit no longer names it (it is gone), so a
  // clone one commit older pulling that task would learn of the deletion.
  feature_history(origin, 12, false);
  origin.git("rm -q lib/views.py");
  origin.commit("Drop views");
  auto a = clone();
  rehearsal_pass(*a, cluster_->url(), 10'000'000);
  EXPECT_EQ(tasks_of(*a).find("lib/views.py"), std::string::npos);

  auto b = clone();
  b->git("reset -q --hard HEAD~1");
  const PassReport older = rehearsal_pass(*b, cluster_->url(), 10'000'000);
  EXPECT_NE(stage_line(older).find("12 new practice tasks"), std::string::npos)
      << stage_line(older);
  EXPECT_EQ(stage_line(older).find("from the team share"), std::string::npos) << stage_line(older);
  EXPECT_NE(tasks_of(*b).find("lib/views.py"), std::string::npos);
}

TEST_F(TeamShareTest, APracticeTaskWithADenyListedPathNeverReachesTheShare) {
  feature_history(origin, 4, true);
  auto a = clone();
  const PassReport first = rehearsal_pass(*a, cluster_->url(), 10'000'000);
  EXPECT_NE(stage_line(first).find("4 new practice tasks"), std::string::npos) << stage_line(first);
  // Computed and kept locally, but not pushed: three of the four are shared.
  EXPECT_NE(tasks_of(*a).find("secret_keys.py"), std::string::npos);
  EXPECT_EQ(cluster_->psql("SELECT COUNT(*) FROM stc_records"), "3\n");
  EXPECT_EQ(cluster_->psql("SELECT COUNT(*) FROM stc_records WHERE position("
                           "convert_to('secret_keys', 'UTF8') in payload) > 0 OR "
                           "position(convert_to('SUPERSECRET', 'UTF8') in payload) > 0"),
            "0\n");
  // Another clone pulls the three and computes the fourth itself.
  auto b = clone();
  expect_pulled(*b, *a, cluster_->url(), "1 new practice tasks (+3 from the team share)");
}

TEST_F(TeamShareTest, ADamagedOrNewerSharedTaskIsComputedInstead) {
  feature_history(origin, 3, false);
  auto a = clone();
  rehearsal_pass(*a, cluster_->url(), 10'000'000);
  ASSERT_EQ(cluster_->psql("SELECT COUNT(*) FROM stc_records"), "3\n");
  // One payload cut short, one of a codec version this stc does not know.
  cluster_->psql(
      "UPDATE stc_records SET payload = substring(payload from 1 for 40) WHERE key = (SELECT "
      "MIN(key) FROM stc_records)");
  cluster_->psql(
      "UPDATE stc_records SET payload = convert_to('stc-rehearsal-task/2' || chr(10) || '1' || "
      "chr(10) || '{}', 'UTF8') WHERE key = (SELECT MAX(key) FROM stc_records)");
  auto b = clone();
  expect_pulled(*b, *a, cluster_->url(), "2 new practice tasks (+1 from the team share)");
}

TEST_F(TeamShareTest, PracticeTasksComputedWhileTheServerIsDownArriveWithTheBacklog) {
  feature_history(origin, 3, false);
  auto a = clone();
  const PassReport down = rehearsal_pass(*a, cluster_->dead_url(), 10'000'000);
  EXPECT_FALSE(down.share.warning.empty());
  EXPECT_GT(down.share.backlog, 3);  // blobs, artifacts and the three tasks
  EXPECT_NE(stage_line(down).find("3 new practice tasks"), std::string::npos) << stage_line(down);
  const PassReport up = rehearsal_pass(*a, cluster_->url(), 10'000'000);
  EXPECT_TRUE(up.share.warning.empty()) << up.share.warning;
  EXPECT_EQ(up.share.backlog, 0);
  EXPECT_EQ(cluster_->psql("SELECT COUNT(*) FROM stc_records"), "3\n");
  auto b = clone();
  expect_pulled(*b, *a, cluster_->url(), "0 new practice tasks (+3 from the team share)");
}

TEST_F(TeamShareTest, RehearsalUnitsAreDoneOnceByTwoWorkersAndPulledByThePublisher) {
  feature_history(origin, 8, false);
  auto publisher = clone();
  // A budget of one token: one practice task computed here, the rest queued.
  const PassReport published = rehearsal_pass(*publisher, cluster_->url(), 1, true);
  EXPECT_NE(stage_line(published).find("1 new practice tasks (7 queued for workers)"),
            std::string::npos)
      << stage_line(published);
  EXPECT_EQ(published.enqueued, 7);
  EXPECT_EQ(cluster_->psql("SELECT COUNT(*) FROM stc_queue WHERE kind = 'rehearsal'"), "7\n");

  std::vector<std::unique_ptr<TempRepo>> clones;
  std::vector<std::unique_ptr<llm::Provider>> providers;
  for (int i = 0; i < 2; ++i) {
    clones.push_back(clone());
    providers.push_back(provider());  // an LLM worker does an offline publisher's units offline
  }
  std::vector<WorkerReport> reports(2);
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i) {
    threads.emplace_back([&, i] {
      SharedClone c(*clones[i], cluster_->url());
      NullProgress progress;
      WorkerOptions options;
      options.id = "w" + std::to_string(i);
      options.batch = 2;
      options.lease_seconds = 60;
      options.budget = 10'000'000;
      options.rehearse = agent::rehearsal_units(c.ws, *c.share);
      auto r = run_worker(c.ws, c.store(), *providers[i], *c.share, options, progress);
      ASSERT_TRUE(r) << r.error().message;
      reports[i] = *r;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(reports[0].done + reports[1].done, 7);
  EXPECT_EQ(reports[0].llm_calls + reports[1].llm_calls, 0);
  EXPECT_EQ(reports[0].released + reports[1].released, 0);
  EXPECT_EQ(cluster_->psql("SELECT COUNT(*), MAX(attempts) FROM stc_queue WHERE kind = "
                           "'rehearsal' AND state = 'done'"),
            "7|1\n");
  EXPECT_EQ(cluster_->psql("SELECT COUNT(*) FROM stc_records"), "8\n");

  // `stc share status` counts the records and the queue per kind.
  {
    Workspace ws = TeamShareTest::share_workspace(*publisher, cluster_->url());
    auto store = open_store(ws, StoreAccess::kReadOnly);
    ASSERT_TRUE(store);
    TeamShare share(ws.config.share, ws.repo, GlobSet{});
    auto status = share.status(*store);
    ASSERT_TRUE(status) << status.error().message;
    ASSERT_TRUE(status->reachable) << status->error;
    ASSERT_EQ(status->counts.records.size(), 1u);
    EXPECT_EQ(status->counts.records[0].first, "rehearsal");
    EXPECT_EQ(status->counts.records[0].second, 8);
    ASSERT_EQ(status->counts.queue_by_kind.size(), 1u);
    EXPECT_EQ(status->counts.queue_by_kind[0].kind, "rehearsal");
    EXPECT_EQ(status->counts.queue_by_kind[0].done, 7);
  }
  // The publisher's next pass pulls the seven instead of computing them.
  const PassReport after = rehearsal_pass(*publisher, cluster_->url(), 1);
  EXPECT_NE(stage_line(after).find("0 new practice tasks (+7 from the team share)"),
            std::string::npos)
      << stage_line(after);
}

TEST_F(TeamShareTest, AWorkerLeavesAnIndexItFoundAtHeadBackAtHead) {
  origin.write("app/extra.py", "def extra():\n    return 2\n");
  origin.commit("Add an extra module");
  auto publisher = clone();
  origin.write("app/later.py", "def later():\n    return 3\n");
  const std::string head = origin.commit("Add a later module");
  ASSERT_GT(pass(*publisher, cluster_->url(), true, true).enqueued, 0);  // at HEAD~1
  auto mine = clone();  // a teammate's clone, indexed at its HEAD
  pass(*mine, "", false);
  auto p = provider();
  Workspace ws = TeamShareTest::share_workspace(*mine, cluster_->url());
  {
    auto store = open_store(ws, StoreAccess::kExisting);
    ASSERT_TRUE(store);
    auto share = make_team_share(ws.config, ws.repo);
    NullProgress progress;
    WorkerOptions options;
    auto r = run_worker(ws, *store, *p, *share, options, progress);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_GT(r->done, 0);
  }
  EXPECT_EQ(query(*mine, "SELECT value FROM meta WHERE key = 'indexed_commit'"), head + "\n");
}

TEST_F(TeamShareTest, AHookPassRunsWhileAWorkerWaitsForTheLlm) {
  auto publisher = clone();
  ASSERT_EQ(pass(*publisher, cluster_->url(), true, true).enqueued, 6);
  auto worker_clone = clone();
  const size_t calls_before = server.request_count();
  server.set_default(fakes::hang(1500, kReply));
  std::atomic<bool> finished{false};
  std::thread worker([&] {
    SharedClone c(*worker_clone, cluster_->url());
    auto p = provider();
    NullProgress progress;
    WorkerOptions options;
    options.id = "slow";
    options.batch = 1;
    auto r = run_worker(c.ws, c.store(), *p, *c.share, options, progress);
    EXPECT_TRUE(r) << r.error().message;
    finished = true;
  });
  // Wait until the worker is inside its first LLM call.
  for (int i = 0; i < 400 && server.request_count() == calls_before; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_GT(server.request_count(), calls_before);
  Workspace ws = TeamShareTest::share_workspace(*worker_clone, "");
  triggers::RunnerOptions options;
  options.pass.trigger = "hook";
  options.pass.sleep_budget = 0;
  NullProgress progress;
  const auto t0 = std::chrono::steady_clock::now();
  auto ran = triggers::run_pass_exclusive(ws, nullptr, options, progress);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_TRUE(ran) << ran.error().message;
  EXPECT_EQ(ran->outcome, triggers::PassOutcome::kRan);  // not coalesced into the worker
  EXPECT_FALSE(finished.load());                         // the worker is still in its call
  EXPECT_LT(seconds, 1.5);
  // A trigger that coalesced while the worker held the lock: the worker runs
  // its follow-up pass after the commit's units.
  {
    std::ofstream again(triggers::store_dir(ws) + "/pass.again");
    again << worker_clone->git("rev-parse HEAD");
  }
  server.set_default(fakes::ok_with_usage(kReply, 100, 50));
  worker.join();
  EXPECT_EQ(query(*worker_clone, "SELECT COUNT(*) FROM passes WHERE trigger = 'follow-up'"), "1\n");
  EXPECT_EQ(cluster_->psql("SELECT COUNT(*) FROM stc_queue WHERE state = 'done'"), "6\n");
}

}  // namespace
}  // namespace stc::indexer::share
