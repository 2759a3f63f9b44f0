// Unit tests of the agent's parts: query understanding, ranking fusion and
// the cut, context packing within a budget, new-file naming, rendering.

#include <gtest/gtest.h>

#include <algorithm>

#include "agent/candidates.h"
#include "agent/context_pack.h"
#include "agent/explorer.h"
#include "agent/new_files.h"
#include "agent/query.h"
#include "agent/rank_model.h"
#include "agent/rehearsal.h"
#include "agent/retriever.h"
#include "indexer/sleep/rollup_stage.h"
#include "tests/support/temp_repo.h"

namespace stc::agent {
namespace {

// The baseline's grep runs on several threads over a large tree; what it
// finds must not depend on which thread read which file.
TEST(ExplorerTest, ParallelScanFindsEveryMatchInTreeOrder) {
  stc::testing::TempRepo repo;
  for (int i = 0; i < 700; ++i) {
    std::string body = "def f():\n    pass\n";
    for (int k = 0; k < i % 7; ++k) body += "# retry budget\n";
    repo.write("pkg" + std::to_string(i % 9) + "/mod" + std::to_string(i) + ".py", body);
  }
  repo.commit("Seven hundred modules");
  auto r = indexer::git::Repository::discover(repo.path());
  ASSERT_TRUE(r);
  auto head = r->resolve_commit("HEAD");
  ASSERT_TRUE(head);
  const Query q = understand("Add a retry budget");
  auto first = explore(*r, head->id, q, GlobSet{}, 1 << 20);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->paths.size(), 700u);
  EXPECT_TRUE(std::is_sorted(first->paths.begin(), first->paths.end()));
  ASSERT_FALSE(first->ranked.empty());
  // The best file holds the most matches: 6, in mod<i>.py with i % 7 == 6.
  const std::string& best = first->ranked.front().path;
  const size_t at = best.find("/mod");
  ASSERT_NE(at, std::string::npos) << best;
  EXPECT_EQ(std::stoi(best.substr(at + 4)) % 7, 6) << best;
  for (int run = 0; run < 3; ++run) {
    auto again = explore(*r, head->id, q, GlobSet{}, 1 << 20);
    ASSERT_TRUE(again);
    ASSERT_EQ(again->ranked.size(), first->ranked.size());
    for (size_t i = 0; i < first->ranked.size(); ++i) {
      EXPECT_EQ(again->ranked[i].path, first->ranked[i].path);
      EXPECT_EQ(again->ranked[i].score, first->ranked[i].score);
    }
    ASSERT_EQ(again->entries.size(), first->entries.size());
    for (size_t i = 0; i < first->entries.size(); ++i) {
      EXPECT_EQ(again->entries[i].text, first->entries[i].text);
    }
  }
}

// A grep entry is one line (the path and the request's words it holds); the
// matching lines are a separate "hits" item of the same path.
TEST(ExplorerTest, EntriesAreOneLineAndMatchingLinesASeparateItem) {
  stc::testing::TempRepo repo;
  repo.write("net/retry.py", "# retry budget\ndef retry(budget):\n    return budget\n");
  repo.write("net/other.py", "def other():\n    return 1\n");
  repo.commit("Two modules");
  auto r = indexer::git::Repository::discover(repo.path());
  ASSERT_TRUE(r);
  auto head = r->resolve_commit("HEAD");
  ASSERT_TRUE(head);
  auto x = explore(*r, head->id, understand("Add a retry budget"), GlobSet{}, 1 << 20);
  ASSERT_TRUE(x) << x.error().message;
  ASSERT_FALSE(x->entries.empty());
  const ContextItem& entry = x->entries.front();
  EXPECT_EQ(entry.kind, "grep");
  EXPECT_EQ(entry.path, "net/retry.py");
  EXPECT_EQ(entry.text.find('\n'), std::string::npos) << entry.text;
  EXPECT_NE(entry.text.find("budgetx3"), std::string::npos) << entry.text;
  // "retry" stems to "retri", which is not in "retry": grep looks for the word too.
  EXPECT_NE(entry.text.find("retryx2"), std::string::npos) << entry.text;
  auto hits = std::find_if(x->extras.begin(), x->extras.end(), [](const ContextItem& it) {
    return it.kind == "hits" && it.path == "net/retry.py";
  });
  ASSERT_NE(hits, x->extras.end());
  EXPECT_NE(hits->text.find("L1: # retry budget"), std::string::npos) << hits->text;
}

TEST(QueryTest, SplitsStemsAndDropsBoilerplate) {
  const Query q = understand("Add retryCount support to the HTTP client caching");
  EXPECT_EQ(q.words, (std::vector<std::string>{"retry", "count", "http", "client", "caching"}));
  EXPECT_EQ(stem("caching"), stem("caches"));
  EXPECT_EQ(stem("providers"), stem("provider"));
  EXPECT_TRUE(matches_any(q, "Cache"));
  EXPECT_FALSE(matches_any(q, "server"));
}

TEST(QueryTest, KeepsProperNamesAfterTheFirstWord) {
  const Query q = understand("Add Pirate Weather provider using the Dark Sky API");
  ASSERT_EQ(q.names.size(), 2u);
  EXPECT_EQ(q.names[0], (std::vector<std::string>{"pirate", "weather"}));
  EXPECT_EQ(q.names[1], (std::vector<std::string>{"dark", "sky", "api"}));
}

TEST(QueryTest, CoverageCountsDistinctStems) {
  const Query q = understand("cache statistics command");
  EXPECT_DOUBLE_EQ(coverage(q, "Add a cache command"), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(coverage(q, "nothing here"), 0.0);
}

TEST(CandidateSetTest, SumsEvidenceAndRanksDeterministically) {
  CandidateSet set;
  set.add("b.py", "fts", "defines b", 1.0);
  set.add("a.py", "fts", "defines a", 1.0);
  set.add("c.py", "cochange", "changes with a.py", 0.5);
  set.add("c.py", "cochange", "changes with a.py", 0.7);
  const auto r = set.ranked(10);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].path, "c.py");
  EXPECT_DOUBLE_EQ(r[0].score, 1.2);
  EXPECT_EQ(r[0].evidence.size(), 1u) << "same evidence merges";
  EXPECT_EQ(r[1].path, "a.py") << "ties break by path";
}

std::vector<Candidate> scored(std::initializer_list<double> scores) {
  std::vector<Candidate> out;
  int i = 0;
  for (double s : scores) out.push_back(Candidate{"f" + std::to_string(i++), "modify", s, {}});
  return out;
}

TEST(CandidateSetTest, ReasonsPutEvidenceAboutTheRequestBeforePriors) {
  Candidate c;
  c.evidence = {{"recent", "changed 1 commit ago", 1.8},
                {"frequent", "changes in 30% of commits", 1.5},
                {"fts", "defines export_bookmarks", 1.2},
                {"cochange", "changes with store.py in 9 of 9 commits", 0.9}};
  EXPECT_EQ(reason_of(c, 2), "defines export_bookmarks; changes with store.py in 9 of 9 commits");
  EXPECT_EQ(reason_of(c, 3),
            "defines export_bookmarks; changes with store.py in 9 of 9 commits; changed 1 commit "
            "ago");
  EXPECT_TRUE(is_prior_signal("frequent"));
  EXPECT_FALSE(is_prior_signal("cochange"));
  c.evidence.resize(1);
  EXPECT_EQ(reason_of(c, 2), "changed 1 commit ago") << "the only evidence is still a reason";
}

TEST(ChooseCutTest, CutsAtTheLargestGapAfterTheMinimum) {
  EXPECT_EQ(choose_cut(scored({10, 9, 8, 7.5, 2, 1.9, 1.8})), 4u);
  EXPECT_EQ(choose_cut(scored({10, 1, 0.9})), 3u) << "keeps the minimum when there are that many";
  EXPECT_EQ(choose_cut(scored({10, 9.5, 9, 8.8, 8.6, 8.4})), 6u) << "no gap: all above the floor";
  EXPECT_EQ(choose_cut(scored({10, 9.9, 9.8, 9.7, 9.6, 9.5, 9.4, 9.3, 9.2, 9.1})), 8u) << "capped";
  EXPECT_EQ(choose_cut({}), 0u);
}

TEST(PackTest, NeverExceedsTheBudgetAndKeepsOrder) {
  std::vector<ContextItem> items = {
      make_item("overview", "", std::string(400, 'x') + " words", 1.0),
      make_item("candidate", "a.py", "- a.py: defines a", 3.0),
      make_item("summary", "a.py", "a.py: a module that does things", 1.2),
      make_item("candidate", "b.py", "- b.py: defines b", 2.0)};
  for (const int64_t budget : {5, 12, 30, 1000}) {
    const ContextPack p = pack_items(items, budget);
    EXPECT_LE(p.tokens, budget);
    int64_t sum = 0;
    for (const auto& it : p.items) sum += it.tokens;
    EXPECT_EQ(sum, p.tokens);
  }
  const ContextPack p = pack_items(items, 30);
  ASSERT_GE(p.items.size(), 2u);
  EXPECT_EQ(p.items[0].path, "a.py") << "prompt order is the caller's order";
  EXPECT_EQ(p.items[0].kind, "candidate");
}

TEST(PackTest, RendersSectionsInAFixedOrder) {
  ContextPack p = pack_items(
      {make_item("candidate", "a.py", "- a.py", 1), make_item("overview", "", "A tool.", 1)}, 100);
  const std::string md = render_markdown(p);
  EXPECT_LT(md.find("## Repository overview"), md.find("## Candidate files"));
}

TEST(NewFilesTest, FollowsTheSiblingsNamingAndTestPattern) {
  const std::vector<std::string> paths = {"weather/providers/__init__.py",
                                          "weather/providers/openmeteo.py",
                                          "weather/providers/metno.py",
                                          "weather/client.py",
                                          "storage/memory.go",
                                          "storage/memory_test.go",
                                          "storage/dir.go",
                                          "storage/dir_test.go"};
  auto py = propose_new_files(understand("Add Pirate Weather provider"), paths, {});
  ASSERT_FALSE(py.empty());
  EXPECT_EQ(py[0].path, "weather/providers/pirateweather.py");
  auto go =
      propose_new_files(understand("Add ring storage backend with a fixed capacity"), paths, {});
  ASSERT_EQ(go.size(), 2u);
  EXPECT_EQ(go[0].path, "storage/ring.go");
  EXPECT_EQ(go[1].path, "storage/ring_test.go");
  EXPECT_TRUE(propose_new_files(understand("Fix the weather client timeout"), paths, {}).empty());
}

TEST(NewFilesTest, APathListReadsADirectoryWithoutItsSubdirectories) {
  PathList tree({"a.py", "a/deep/y.py", "a/x.py", "a/z.py", "a0.py", "b/Cache/e.py"});
  EXPECT_EQ(*tree.files_in(""), (std::vector<std::string>{"a.py", "a0.py"}));
  EXPECT_EQ(*tree.files_in("a"), (std::vector<std::string>{"a/x.py", "a/z.py"}));
  EXPECT_EQ(*tree.dirs_containing({"cac", "dee"}), (std::vector<std::string>{"a/deep", "b/Cache"}));
  EXPECT_TRUE(*tree.has("a/z.py"));
  EXPECT_FALSE(*tree.has("a/deep"));
}

// Index mode looks the tree up in the store instead of reading every path:
// the same proposal, from the roll-ups' directories when they describe the
// indexed commit, else from the paths.
TEST(NewFilesTest, IndexModeProposesWhatThePathListDoes) {
  stc::testing::TempDir dir;
  auto store = indexer::store::IndexStore::open(dir.path() + "/index.db",
                                                indexer::store::OpenMode::kReadWriteCreate);
  ASSERT_TRUE(store);
  std::vector<std::string> paths = {"storage/memory.go", "storage/memory_test.go",
                                    "storage/dir.go",    "storage/dir_test.go",
                                    "weather/client.py", "docs/storage.md"};
  for (int i = 0; i < 50; ++i) paths.push_back("pkg" + std::to_string(i) + "/mod.go");
  std::vector<indexer::store::FileRecord> files;
  for (const auto& p : paths) {
    files.push_back({p, std::string(40, 'f'), "go", indexer::store::FileStatus::kIndexed, 0});
  }
  ASSERT_TRUE(store->put_files_bulk(files));
  const std::string commit(40, 'c');
  ASSERT_TRUE(store->set_meta("indexed_commit", commit));
  const Query q = understand("Add ring storage backend with a fixed capacity");
  auto created = [&] {
    std::vector<std::string> out;
    auto r = retrieve(*store, q);
    EXPECT_TRUE(r);
    if (!r) return out;
    for (const auto& c : r->ranked) {
      if (c.action == "create") out.push_back(c.path);
    }
    return out;
  };
  std::vector<std::string> expected;
  for (const auto& nf : propose_new_files(q, paths, {})) expected.push_back(nf.path);
  ASSERT_EQ(expected, (std::vector<std::string>{"storage/ring.go", "storage/ring_test.go"}));
  EXPECT_EQ(created(), expected) << "no roll-ups: from the paths";
  // Roll-ups of this commit that know no storage/ directory: none is read.
  auto facts = store->dir_facts();
  ASSERT_TRUE(facts.put("", "", 0, "{}"));
  ASSERT_TRUE(facts.put("weather", "", 0, "{}"));
  auto mark = [&](const std::string& c) {
    auto m = indexer::sleep::dir_facts_mark(*store, c, 7);
    EXPECT_TRUE(m);
    return m ? *m : std::string();
  };
  ASSERT_TRUE(store->set_meta("dir_facts_mark", mark(commit)));
  EXPECT_TRUE(created().empty()) << "the roll-ups' directories are the tree's";
  ASSERT_TRUE(facts.put("storage", "", 0, "{}"));
  EXPECT_EQ(created(), expected);
  // Roll-ups of another commit are not trusted.
  ASSERT_TRUE(facts.remove("storage"));
  ASSERT_TRUE(store->set_meta("dir_facts_mark", mark(std::string(40, 'd'))));
  EXPECT_EQ(created(), expected);
}

}  // namespace
}  // namespace stc::agent

namespace stc::agent {
namespace {

TEST(ExpectedF1CutTest, KeepsTheFilesWorthTheirPlace) {
  CutParams cut;
  cut.rule = CutRule::kExpectedF1;
  cut.min_keep = 1;
  cut.max_keep = 10;
  cut.pool_recall = 1.0;
  // Two likely files and a long tail of unlikely ones: propose the two.
  EXPECT_EQ(expected_f1_cut({0.9, 0.8, 0.1, 0.05, 0.05}, cut), 2u);
  // Many moderately likely files: propose more of them.
  EXPECT_GE(expected_f1_cut({0.6, 0.55, 0.5, 0.5, 0.45, 0.4, 0.1}, cut), 5u);
  // Bounds hold.
  cut.max_keep = 3;
  EXPECT_EQ(expected_f1_cut({0.9, 0.9, 0.9, 0.9, 0.9}, cut), 3u);
  cut.min_keep = 2;
  EXPECT_EQ(expected_f1_cut({0.9, 0.01, 0.01}, cut), 2u);
  EXPECT_EQ(expected_f1_cut({}, cut), 0u);
}

TEST(ExpectedF1CutTest, ALowerPoolRecallMeansALargerExpectedChange) {
  CutParams cut;
  cut.rule = CutRule::kExpectedF1;
  cut.min_keep = 1;
  cut.max_keep = 10;
  const std::vector<double> p = {0.7, 0.35, 0.3, 0.3, 0.25};
  cut.pool_recall = 1.0;
  const size_t full = expected_f1_cut(p, cut);
  cut.pool_recall = 0.3;
  EXPECT_GE(expected_f1_cut(p, cut), full);
}

// Synthetic practice tasks: "fts" marks the changed files, "note" marks
// files that never change. The fit must weigh the first up and the second down.
TEST(LogisticFitTest, WeighsInformativeSignalsUpAndMisleadingOnesDown) {
  std::vector<PracticeTask> tasks;
  for (int i = 0; i < 40; ++i) {
    PracticeTask t;
    t.seq = i + 1;
    for (int k = 0; k < 12; ++k) {
      PracticeCandidate c;
      c.path = "f" + std::to_string(k) + ".go";
      const bool gold = k < 3;
      c.features[static_cast<size_t>(Signal::kFts)] = gold ? 0.8 : 0.2 + 0.02 * k;
      // Co-change, which the defaults trust, misleads in this repository.
      c.features[static_cast<size_t>(Signal::kCochange)] = gold ? 0.0 : 0.9;
      if (gold) t.gold.push_back(c.path);
      t.candidates.push_back(c);
    }
    std::sort(t.gold.begin(), t.gold.end());
    tasks.push_back(t);
  }
  const RankModel prior = learning_prior();
  const RankModel m = fit_model(tasks, prior);
  EXPECT_GT(m.weight(Signal::kFts), prior.weight(Signal::kFts));
  EXPECT_GT(prior.weight(Signal::kCochange), 0.0);
  EXPECT_LT(m.weight(Signal::kCochange), 0.0);
  EXPECT_EQ(m.cut.rule, CutRule::kExpectedF1);
  EXPECT_NEAR(m.cut.pool_recall, 1.0, 1e-9);
  EXPECT_GT(mean_f1(m, tasks), 0.95);
  EXPECT_GT(mean_f1(m, tasks), mean_f1(RankModel::defaults(), tasks));
}

// Synthetic practice tasks where only `signal` tells the change's 3 files.
std::vector<PracticeTask> tasks_told_by(Signal signal, int n) {
  std::vector<PracticeTask> tasks;
  for (int i = 0; i < n; ++i) {
    PracticeTask t;
    t.seq = i + 1;
    for (int k = 0; k < 10; ++k) {
      PracticeCandidate c;
      c.path = "m" + std::to_string(k) + ".rs";
      const bool gold = k < 3;
      c.features[static_cast<size_t>(signal)] = gold ? 0.9 : 0.1;
      // Noise on the other signal, the same for gold and not.
      const Signal other = signal == Signal::kFts ? Signal::kCochange : Signal::kFts;
      c.features[static_cast<size_t>(other)] = 0.5 + 0.04 * ((k + i) % 5);
      if (gold) t.gold.push_back(c.path);
      t.candidates.push_back(c);
    }
    tasks.push_back(t);
  }
  return tasks;
}

// The shipped defaults are fit over several repositories, each weighing the
// same: a short history's signal counts as much as a long one's.
TEST(LogisticFitTest, PooledFitWeighsEveryRepositoryTheSame) {
  const auto long_history = tasks_told_by(Signal::kFts, 200);
  const auto short_history = tasks_told_by(Signal::kCochange, 10);
  const RankModel prior = learning_prior();
  const RankModel pooled = fit_pooled({long_history, short_history}, prior);
  std::vector<PracticeTask> concatenated = long_history;
  concatenated.insert(concatenated.end(), short_history.begin(), short_history.end());
  const RankModel flat = fit_pooled({concatenated}, prior);
  EXPECT_GT(pooled.weight(Signal::kCochange), flat.weight(Signal::kCochange));
  EXPECT_GT(mean_f1(pooled, short_history), mean_f1(flat, short_history));
  EXPECT_GT(mean_f1(pooled, long_history), 0.9);
  EXPECT_EQ(pooled.cut.rule, CutRule::kExpectedF1);
  EXPECT_NEAR(pooled.cut.pool_recall, 1.0, 1e-9);
}

// Practice tasks where a new file was proposed: `hit` of them created it.
std::vector<PracticeTask> proposing_tasks(int n, int hit) {
  std::vector<PracticeTask> tasks;
  for (int i = 0; i < n; ++i) {
    PracticeTask t;
    t.seq = i + 1;
    PracticeCandidate old_file{"core.go", {}};
    old_file.features[static_cast<size_t>(Signal::kFts)] = 0.8;
    PracticeCandidate created{"retry_" + std::to_string(i) + ".go", {}};
    created.features[static_cast<size_t>(Signal::kSibling)] = 0.6;
    t.gold = {"core.go"};
    if (i < hit) t.gold.push_back(created.path);
    std::sort(t.gold.begin(), t.gold.end());
    t.candidates = {old_file, created};
    tasks.push_back(t);
  }
  return tasks;
}

TEST(LogisticFitTest, NewFilesAreNoLongerProposedWhereProposalsNeverHit) {
  const RankModel prior = learning_prior();
  const auto never = proposing_tasks(12, 0);
  const RankModel off = fit_model(never, prior);
  EXPECT_EQ(off.weight(Signal::kSibling), 0.0);
  EXPECT_GT(mean_f1(off, never), mean_f1(prior, never)) << "no false new file in the plan";
  const RankModel on = fit_model(proposing_tasks(12, 6), prior);
  EXPECT_EQ(on.weight(Signal::kSibling), prior.weight(Signal::kSibling));
  const RankModel thin = fit_model(proposing_tasks(3, 0), prior);
  EXPECT_EQ(thin.weight(Signal::kSibling), prior.weight(Signal::kSibling)) << "too few to judge";
}

TEST(RankModelCodecTest, RoundTripsNegativeWeightsBiasAndTheCutRule) {
  LearnedModel m;
  m.model = learning_prior();
  m.model.weights[static_cast<size_t>(Signal::kNote)] = -0.75;
  m.model.cut.pool_recall = 0.66;
  m.kept = true;
  auto back = decode_model(encode_model(m));
  ASSERT_TRUE(back);
  EXPECT_DOUBLE_EQ(back->model.weight(Signal::kNote), -0.75);
  EXPECT_DOUBLE_EQ(back->model.bias, m.model.bias);
  EXPECT_EQ(back->model.cut.rule, CutRule::kExpectedF1);
  EXPECT_DOUBLE_EQ(back->model.cut.pool_recall, 0.66);
  EXPECT_TRUE(back->kept);
}

}  // namespace
}  // namespace stc::agent
