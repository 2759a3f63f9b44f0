// Sleep-time rehearsal (agent/rehearsal.h): it learns weights that beat the
// defaults on the sample repositories' newest practice tasks, it never sees
// a practice commit's own message or any later commit (planted markers),
// budget 0 does nothing, and a killed rehearsal leaves the previous model.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

#include "agent/rehearsal.h"
#include "indexer/store/rehearsal_store.h"
#include "llm/provider.h"
#include "tests/agent/sample_tasks.h"
#include "tests/fakes/llm_server.h"
#include "tests/fakes/loopback_provider.h"
#include "tests/support/temp_repo.h"

namespace stc::agent::testing {
namespace {

using stc::testing::TempDir;
using stc::testing::TempRepo;

Result<RehearsalReport> rehearse_all(indexer::store::IndexStore& store, int64_t budget = 10'000'000,
                                     const std::string& git_dir = "", size_t backlog = SIZE_MAX,
                                     size_t max_tasks = 400) {
  RehearsalOptions o;
  o.budget = budget;
  o.git_dir = git_dir;
  o.backlog_per_pass = backlog;
  o.max_tasks = max_tasks;
  auto commit = store.meta("indexed_commit");
  o.commit = commit && *commit ? **commit : "";
  NullProgress quiet;
  return rehearse(store, o, quiet);
}

indexer::git::Oid head_of(const std::string& dir) {
  auto repo = indexer::git::Repository::discover(dir);
  EXPECT_TRUE(repo);
  auto head = repo->resolve_commit("HEAD");
  EXPECT_TRUE(head);
  return head->id;
}

TEST(RehearsalTest, LearnsWeightsThatBeatTheDefaultsOnTheNewestTasks) {
  TempDir dir;
  ASSERT_TRUE(stc::testing::make_sample_repos(dir.path()));
  int kept = 0;
  for (const char* name : {"goqueue", "polyglot", "pyweather"}) {
    const std::string repo = dir.path() + "/" + name;
    auto ti = index_at(repo, dir.path() + "/" + name + ".db", head_of(repo));
    auto r = rehearse_all(*ti->store, 10'000'000, ti->ws->repo.git_dir());
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_TRUE(r->ran);
    ASSERT_TRUE(r->model);
    const LearnedModel& m = *r->model;
    EXPECT_GE(m.tasks, 10) << name;
    EXPECT_GE(m.validation_tasks, 2) << name;
    // Kept only when it beats the defaults on the held-back newest tasks.
    EXPECT_EQ(m.kept, m.validation_f1 >= m.validation_f1_default + 0.02) << name;
    if (m.kept) ++kept;
    auto active = active_model(*ti->store);
    ASSERT_TRUE(active);
    // The agent uses the learned model (logistic weights, expected-F1 cut)
    // exactly when it was kept, and the shipped defaults otherwise.
    const RankModel defaults = RankModel::defaults();
    const bool uses_defaults = active->weights == defaults.weights &&
                               active->bias == defaults.bias &&
                               active->cut.pool_recall == defaults.cut.pool_recall;
    EXPECT_EQ(uses_defaults, !m.kept) << name;
    if (m.kept) {
      EXPECT_EQ(active->cut.rule, CutRule::kExpectedF1) << name;
      EXPECT_GT(active->cut.pool_recall, 0.3) << name;
    }
    std::printf("%s: %s\n", name, describe_model(m).c_str());
  }
  EXPECT_GE(kept, 1);
}

// Four source files, each commit touching three of them with a message.
class PlantedMarker : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* f : {"core/alpha.py", "core/beta.py", "core/gamma.py", "net/delta.py",
                          "net/epsilon.py", "net/zeta.py"}) {
      repo_.write(f, "def base():\n    return 1\n");
    }
    repo_.commit("Initial import of the core and net packages");
    for (int i = 0; i < 4; ++i) {
      for (const char* f : {"core/alpha.py", "core/beta.py", "net/delta.py"}) {
        repo_.write(f, "def base():\n    return " + std::to_string(i + 2) + "\n");
      }
      repo_.commit("Refactor shared helpers across packages, round " + std::to_string(i));
    }
    // The practice commit: its message carries the marker, it creates a file.
    for (const char* f : {"core/alpha.py", "core/beta.py", "core/gamma.py"}) {
      repo_.write(f, "def base():\n    return 10\n");
    }
    // The marker in the code the practice commit adds to a file it modifies:
    // as of before the commit, that code does not exist yet.
    repo_.write("core/alpha.py",
                "def base():\n    return 10\n\n\ndef quuxplosion_zorbing(frobnicators):\n"
                "    \"\"\"Zorbs frobnicators by quuxplosion.\"\"\"\n    return frobnicators\n");
    repo_.write("core/omega.py", "def fresh():\n    return 0\n");
    practice_ = repo_.commit("Add quuxplosion zorbing for frobnicators");
    // A later commit with the same marker, on files the practice commit did not touch.
    for (const char* f : {"net/delta.py", "net/epsilon.py", "net/zeta.py"}) {
      repo_.write(f, "def base():\n    return 20\n");
    }
    repo_.commit("Tune quuxplosion zorbing of frobnicators");
    ti_ = index_at(repo_.path(), repo_.path() + "/.git/stc-test.db", head_of(repo_.path()));
  }

  // The stored candidates of the practice task: path -> features.
  std::map<std::string, std::vector<double>> practice_candidates() {
    indexer::store::RehearsalStore rows = ti_->store->rehearsals();
    auto all = rows.all(kRehearsalFeatureVersion);
    EXPECT_TRUE(all);
    for (const auto& row : *all) {
      if (row.commit_oid != practice_) continue;
      auto j = nlohmann::json::parse(row.data);
      std::map<std::string, std::vector<double>> out;
      for (const auto& c : j["c"]) {
        std::vector<double> f;
        for (size_t i = 1; i < c.size(); ++i) f.push_back(c[i].get<double>());
        out[c[0].get<std::string>()] = f;
      }
      return out;
    }
    ADD_FAILURE() << "the practice commit was not rehearsed";
    return {};
  }

  TempRepo repo_;
  std::string practice_;
  std::unique_ptr<TaskIndex> ti_;
};

TEST_F(PlantedMarker, RehearsalSeesNeitherTheTasksOwnMessageNorLaterCommits) {
  // Positive control: at test time the later commit's files are found by
  // the marker through the commit index, so the check below can fail.
  const RankModel defaults = RankModel::defaults();
  RetrieveOptions live;
  live.model = &defaults;
  auto now = retrieve(*ti_->store, understand("quuxplosion zorbing for frobnicators"), live);
  ASSERT_TRUE(now);
  bool later_found = false;
  for (const auto& c : now->ranked) {
    if (c.path == "net/epsilon.py" && c.features[static_cast<size_t>(Signal::kCommits)] > 0)
      later_found = true;
  }
  ASSERT_TRUE(later_found);

  // Positive control for the content: today alpha.py holds the marker.
  auto hits = ti_->store->search("quuxplosion zorbing frobnicators", 10);
  ASSERT_TRUE(hits);
  ASSERT_FALSE(hits->empty());
  ASSERT_EQ(hits->front().path, "core/alpha.py");
  auto before = ti_->store->file("core/alpha.py");
  ASSERT_TRUE(before && *before);

  auto r = rehearse_all(*ti_->store, 10'000'000, ti_->ws->repo.git_dir());
  ASSERT_TRUE(r) << r.error().message;
  const auto cands = practice_candidates();
  // alpha.py as of before the practice commit has no marker: neither the
  // search nor what rehearsal read of it can match the request.
  if (auto it = cands.find("core/alpha.py"); it != cands.end()) {
    EXPECT_EQ(it->second[static_cast<size_t>(Signal::kFts)], 0.0);
    EXPECT_EQ(it->second[static_cast<size_t>(Signal::kRead)], 0.0);
  }
  // The index is as it was: the overlay was rolled back.
  auto after = ti_->store->file("core/alpha.py");
  ASSERT_TRUE(after && *after);
  EXPECT_EQ((*after)->oid, (*before)->oid);
  EXPECT_EQ((*after)->blob_id, (*before)->blob_id);
  auto hits_after = ti_->store->search("quuxplosion zorbing frobnicators", 10);
  ASSERT_TRUE(hits_after && !hits_after->empty());
  EXPECT_EQ(hits_after->front().path, "core/alpha.py");
  for (const auto& [path, f] : cands) {
    // No commit matched the marker before the practice commit.
    EXPECT_EQ(f[static_cast<size_t>(Signal::kCommits)], 0.0) << path;
    EXPECT_NE(path, "core/omega.py") << "a file it created is not a candidate";
  }
  // The later commit's co-change (epsilon with zeta) did not count either.
  for (const char* later : {"net/epsilon.py", "net/zeta.py"}) {
    auto it = cands.find(later);
    if (it != cands.end()) {
      EXPECT_EQ(it->second[static_cast<size_t>(Signal::kCochange)], 0.0) << later;
    }
  }
}

TEST_F(PlantedMarker, WithoutTheAsOfTreeTheMarkerLeaks) {
  // The control that makes the test above able to fail: reading today's
  // content, the practice task sees its own code through the search.
  auto r = rehearse_all(*ti_->store);
  ASSERT_TRUE(r) << r.error().message;
  const auto cands = practice_candidates();
  auto it = cands.find("core/alpha.py");
  ASSERT_NE(it, cands.end());
  EXPECT_GT(it->second[static_cast<size_t>(Signal::kFts)], 0.0);
}

TEST_F(PlantedMarker, HookPassesTakeTheBacklogAFewTasksAtATime) {
  const std::string git_dir = ti_->ws->repo.git_dir();
  auto first = rehearse_all(*ti_->store, 10'000'000, git_dir, kHookBacklog);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->tasks_added, static_cast<int64_t>(kHookBacklog));
  auto second = rehearse_all(*ti_->store, 10'000'000, git_dir, kHookBacklog);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_GE(second->tasks_added, 1);
  EXPECT_LE(second->tasks_added, static_cast<int64_t>(kHookBacklog));
  // The newest tasks come first: the practice commit is among them.
  (void)practice_candidates();
}

TEST_F(PlantedMarker, ANewCommitIsRehearsedWhenTheStoreIsFull) {
  const std::string git_dir = ti_->ws->repo.git_dir();
  auto full = rehearse_all(*ti_->store, 10'000'000, git_dir, SIZE_MAX, 2);
  ASSERT_TRUE(full) << full.error().message;
  ASSERT_EQ(full->tasks_total, 2);
  // Nothing new: no task added and no refit.
  auto idle = rehearse_all(*ti_->store, 10'000'000, git_dir, SIZE_MAX, 2);
  ASSERT_TRUE(idle);
  EXPECT_EQ(idle->tasks_added, 0);
  EXPECT_FALSE(idle->refit);
  EXPECT_EQ(idle->commits_read, 0) << "the store is full: no backlog, and no new commit to read";
  // A new feature commit lands and is indexed: it is rehearsed although the
  // store holds max_tasks already.
  for (const char* f : {"net/delta.py", "net/epsilon.py", "core/gamma.py"}) {
    repo_.write(f, "def base():\n    return 30\n\n\ndef retry_budget():\n    return 3\n");
  }
  const std::string fresh = repo_.commit("Add a retry budget to the network helpers");
  const std::string db = ti_->ws->store_path;
  ti_.reset();
  ti_ = index_at(repo_.path(), db, head_of(repo_.path()));
  auto next = rehearse_all(*ti_->store, 10'000'000, git_dir, SIZE_MAX, 2);
  ASSERT_TRUE(next) << next.error().message;
  EXPECT_EQ(next->tasks_added, 1);
  EXPECT_TRUE(next->refit);
  EXPECT_EQ(next->commits_read, 1) << "only the new commit is read, not the history again";
  indexer::store::RehearsalStore rows = ti_->store->rehearsals();
  auto known = rows.known(kRehearsalFeatureVersion);
  ASSERT_TRUE(known);
  EXPECT_NE(std::find(known->begin(), known->end(), fresh), known->end());
  EXPECT_EQ(known->size(), 2u) << "only the newest max_tasks rows are kept";
}

// LLM-written lessons against the loopback server (real OpenAI wire format).
class LlmLessons : public PlantedMarker {
 protected:
  std::unique_ptr<llm::Provider> provider() {
    return fakes::loopback_provider(server_, {.key_env = "STC_TEST_LESSON_KEY"});
  }
  Result<RehearsalReport> rehearse_with(llm::Provider& p, const GlobSet* deny = nullptr) {
    RehearsalOptions o;
    o.budget = 10'000'000;
    o.git_dir = ti_->ws->repo.git_dir();
    o.provider = &p;
    o.deny = deny;
    NullProgress quiet;
    return rehearse(*ti_->store, o, quiet);
  }
  fakes::FakeLlmServer server_;
};

TEST_F(LlmLessons, TheLlmWritesLessonsFromTheMissedFilesDiff) {
  server_.set_default(fakes::ok(
      R"({"lesson": "Zorbing requests also need the shared base helpers.", "keywords": ["zorb", "helpers"]})"));
  auto p = provider();
  const GlobSet deny({"core/beta.py"});
  auto r = rehearse_with(*p, &deny);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_GT(r->llm_lessons, 0);
  EXPECT_TRUE(r->errors.empty());
  auto lessons = read_lessons(*ti_->store);
  ASSERT_TRUE(lessons);
  bool written = false;
  for (const auto& l : *lessons) {
    if (l.text.empty()) continue;
    written = true;
    EXPECT_EQ(l.text, "Zorbing requests also need the shared base helpers.");
    EXPECT_NE(l.terms.find("zorb"), std::string::npos) << l.terms;
  }
  EXPECT_TRUE(written);
  // What was sent: the request and a diff of missed files, never the
  // deny-listed file's content.
  bool saw_diff = false;
  for (const auto& req : server_.requests()) {
    if (req.body.find("diff --git") != std::string::npos) saw_diff = true;
    EXPECT_EQ(req.body.find("diff --git a/core/beta.py"), std::string::npos);
  }
  EXPECT_TRUE(saw_diff);
  // Each call is accounted as sleep work.
  EXPECT_EQ(*indexer::store::connection(*ti_->store)
                 .query_int("SELECT COUNT(*) FROM llm_calls WHERE purpose = 'lesson' AND phase = "
                            "'sleep'"),
            static_cast<int64_t>(server_.requests().size()));
}

TEST_F(LlmLessons, AFailingOrMalformedReplyLeavesTheExtractiveLesson) {
  server_.push({fakes::status(500), fakes::ok("not json at all"),
                fakes::ok(R"({"lesson": 3, "keywords": "x"})")});
  server_.set_default(fakes::status(503));
  auto p = provider();
  auto r = rehearse_with(*p);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->llm_lessons, 0);
  EXPECT_FALSE(r->errors.empty());
  ASSERT_TRUE(r->model);
  auto lessons = read_lessons(*ti_->store);
  ASSERT_TRUE(lessons);
  ASSERT_FALSE(lessons->empty());
  for (const auto& l : *lessons) {
    EXPECT_TRUE(l.text.empty());
    EXPECT_FALSE(l.terms.empty());
  }
}

TEST_F(PlantedMarker, BudgetZeroIsANoOp) {
  auto r = rehearse_all(*ti_->store, 0);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->ran);
  EXPECT_EQ(r->tokens, 0);
  EXPECT_EQ(
      *indexer::store::connection(*ti_->store).query_int("SELECT COUNT(*) FROM rehearsal_tasks"),
      0);
  auto m = read_learned_model(*ti_->store);
  ASSERT_TRUE(m);
  EXPECT_FALSE(m->has_value());
  EXPECT_EQ(*indexer::store::connection(*ti_->store)
                 .query_int("SELECT COUNT(*) FROM llm_calls WHERE purpose = 'rehearsal'"),
            0);
}

TEST_F(PlantedMarker, KilledRehearsalLeavesThePreviousModelInUse) {
  // A first, complete rehearsal at HEAD~1's history (three tasks at most).
  auto first = rehearse_all(*ti_->store, 1);
  ASSERT_TRUE(first && first->model);
  const int64_t tasks_before = first->model->tasks;
  // Forget the stored practice tasks so the next run has work to be killed in.
  ASSERT_TRUE(indexer::store::connection(*ti_->store).exec("DELETE FROM rehearsal_tasks"));
  const std::string db = ti_->ws->store_path;
  ti_.reset();
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    auto ws = indexer::open_workspace(repo_.path());
    if (!ws) _exit(3);
    ws->store_path = db;
    auto store = indexer::open_store(*ws, indexer::StoreAccess::kExisting);
    if (!store) _exit(4);
    RehearsalOptions o;
    o.budget = 10'000'000;
    o.commit = "killed";
    o.after_task = [](size_t) { _exit(137); };  // killed after the first stored task
    NullProgress quiet;
    (void)rehearse(*store, o, quiet);
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 137);
  ti_ = index_at(repo_.path(), db, head_of(repo_.path()));
  auto m = read_learned_model(*ti_->store);
  ASSERT_TRUE(m && m->has_value());
  EXPECT_NE((*m)->commit, "killed");
  EXPECT_EQ((*m)->tasks, tasks_before);
  auto check = indexer::store::connection(*ti_->store).prepare("PRAGMA integrity_check");
  ASSERT_TRUE(check);
  ASSERT_TRUE(check->step());
  EXPECT_EQ(check->column_text(0), "ok");
  // The next rehearsal resumes from the stored task and writes a new model.
  auto again = rehearse_all(*ti_->store);
  ASSERT_TRUE(again && again->model);
  EXPECT_GE(again->model->tasks, 1);
}

}  // namespace
}  // namespace stc::agent::testing
