#include "agent/retriever.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>
#include <unordered_map>

#include "agent/new_files.h"
#include "agent/scope.h"
#include "core/commit_message.h"
#include "core/path_kind.h"
#include "core/text.h"
#include "indexer/sleep/artifact_reader.h"
#include "indexer/sleep/module_facts.h"
#include "indexer/sleep/rollup_stage.h"

namespace stc::agent {
namespace {

constexpr size_t kSeeds = 6;
constexpr double kFrequentShare = 0.25;
constexpr size_t kMaxCommitFiles = 40;
constexpr size_t kRecentWindow = 30;  // newest commits that count as recent work
constexpr double kRecentTau = 8.0;    // commits: a change 8 commits back weighs 1/e

std::string query_text(const Query& q) { return stc::join(q.words, " "); }

// The tree as the index knows it, looked up path by path (a plan in a
// monorepo reads a few hundred of its paths, not all): candidates may only be
// live paths, in scope and not absent (rehearsal: created later).
class IndexListing final : public TreeListing {
 public:
  IndexListing(indexer::store::IndexStore& store, const RetrieveOptions& opt)
      : store_(store), opt_(opt) {}

  bool in_view(const std::string& path) const {
    return !(opt_.absent && opt_.absent->count(path)) && opt_.scope.contains(path);
  }
  // Memoised: a path is asked about by several signals.
  Result<bool> has(const std::string& path) override {
    if (auto it = known_.find(path); it != known_.end()) return it->second;
    bool live = in_view(path);
    if (live) {
      TRY_ASSIGN(live, store_.has_file(path));
    }
    known_.emplace(path, live);
    return live;
  }
  // From the roll-ups' directories when they describe this tree, else from
  // every path's directory.
  Result<std::vector<std::string>> dirs_containing(const std::vector<std::string>& parts) override {
    TRY_ASSIGN(const bool current, indexer::sleep::dir_facts_current(store_));
    if (current) return store_.dir_facts().dirs_containing(parts);
    TRY_ASSIGN(auto paths, store_.file_paths());
    return PathList(std::move(paths)).dirs_containing(parts);
  }
  Result<std::vector<std::string>> files_in(const std::string& dir) override {
    TRY_ASSIGN(const auto files, store_.files_in(dir));
    std::vector<std::string> out;
    for (const auto& f : files) {
      if (in_view(f.path)) out.push_back(f.path);
    }
    return out;
  }
  Result<std::vector<std::string>> paths_containing(const std::string& word) override {
    TRY_ASSIGN(auto paths, store_.paths_containing(word));
    std::erase_if(paths, [&](const std::string& p) { return !in_view(p); });
    return paths;
  }

 private:
  indexer::store::IndexStore& store_;
  const RetrieveOptions& opt_;
  std::unordered_map<std::string, bool> known_;
};

// What one retrieval reads from and how it weighs.
struct Ctx {
  indexer::store::IndexStore& store;
  const Query& q;
  const RankModel& model;
  const RetrieveOptions& opt;
  IndexListing& tree;
  CandidateSet set;
  Status error;  // the first failed look-up
  bool live(const std::string& path) {
    auto r = tree.has(path);
    if (!r && error) error = tl::unexpected(r.error());
    return r && *r;
  }
};

Status add_fts(Ctx& c) {
  TRY_ASSIGN(auto hits, scoped_search(c.store, query_text(c.q), 40, c.opt.scope));
  if (hits.empty()) return {};
  const double top = std::max(hits.front().score, 1e-9);
  for (const auto& h : hits) {
    if (!c.live(h.path)) continue;
    std::string why = "matches the request";
    if (!h.symbols.empty()) {
      std::vector<std::string> s(h.symbols.begin(),
                                 h.symbols.begin() + std::min<size_t>(3, h.symbols.size()));
      why = "defines " + stc::join(s, ", ");
    }
    c.set.add_signal(h.path, Signal::kFts, why, h.score / top, c.model);
  }
  return {};
}

Status add_anticipation(Ctx& c, Retrieval& out) {
  if (c.opt.before_seq > 0) return {};  // built from the whole history
  TRY_ASSIGN(auto ant, indexer::sleep::read_anticipation(c.store));
  if (!ant) return {};
  for (const auto& r : ant->requests) {
    const double cov = coverage(c.q, r.title);
    if (cov < 0.5) continue;
    out.anticipated.push_back({r, cov});
    for (const auto& f : r.plan) {
      // Templates like <name>.py: new paths come from new_files.
      if (f.action == "create" || !c.live(f.path)) continue;
      c.set.add_signal(f.path, Signal::kAnticipation,
                       "in the pre-computed plan for \"" + r.title + "\"", cov, c.model);
    }
  }
  std::sort(out.anticipated.begin(), out.anticipated.end(),
            [](const auto& a, const auto& b) { return a.coverage > b.coverage; });
  if (out.anticipated.size() > 3) out.anticipated.resize(3);
  return {};
}

Status add_commits(Ctx& c, Retrieval& out) {
  TRY_ASSIGN(auto hits, indexer::search_commits(c.store, query_text(c.q), 12, c.opt.before_seq));
  if (hits.empty()) return {};
  const double top = std::max(hits.front().score, 1e-9);
  for (auto& h : hits) {
    // A revert or a dependency bump shares words with the request, not its work.
    if (h.paths.size() > kMaxCommitFiles || is_maintenance_commit(h.summary)) continue;
    const double raw = (h.score / top) / std::sqrt(1.0 + h.paths.size() / 4.0) / 2.0;
    for (const auto& p : h.paths) {
      if (c.live(p)) {
        c.set.add_signal(
            p, Signal::kCommits,
            "changed by a similar commit: \"" + stc::truncate_utf8(h.summary, 70) + "\"", raw,
            c.model);
      }
    }
    if (out.commits.size() < 4) out.commits.push_back(std::move(h));
  }
  return {};
}

Status expand_seed(Ctx& c, const Candidate& seed, double rel, std::vector<std::string>& hint_dirs) {
  std::vector<indexer::CoChange> partners;
  if (c.opt.before_seq > 0) {
    TRY_ASSIGN(partners,
               indexer::cochange_partners_before(c.store, seed.path, 8, 2, c.opt.before_seq));
  } else {
    TRY_ASSIGN(partners, indexer::cochange_partners(c.store, seed.path, 8, 2));
  }
  for (const auto& p : partners) {
    if (!c.live(p.path)) continue;
    c.set.add_signal(p.path, Signal::kCochange,
                     "changes with " + seed.path + " in " + std::to_string(p.together) + " of " +
                         std::to_string(p.base) + " commits",
                     rel * p.confidence, c.model);
  }
  TRY_ASSIGN(auto file, c.store.file(seed.path));
  if (file) {
    TRY_ASSIGN(auto view, indexer::sleep::read_module_view(c.store, *file));
    for (const auto& n : view.notes) {
      if (n.kind == "cochange") continue;  // the partners above
      // New-sibling notes are made from the whole history.
      if (c.opt.before_seq > 0 && n.kind == "new_sibling") continue;
      if (n.kind == "new_sibling") hint_dirs.push_back(indexer::sleep::dir_of(seed.path));
      for (const auto& f : n.files) {
        if (!c.live(f) || f == seed.path) continue;
        c.set.add_signal(f, Signal::kNote, stc::truncate_utf8(n.text, 110),
                         rel * std::max(n.confidence, 0.3), c.model);
      }
    }
  }
  TRY_ASSIGN(auto deps, c.store.deps_of(seed.path));
  TRY_ASSIGN(auto importers, c.store.importers_of(seed.path));
  const double fan = std::sqrt(1.0 + static_cast<double>(deps.size() + importers.size()));
  for (const auto* list : {&deps, &importers}) {
    for (const auto& p : *list) {
      if (!c.live(p)) continue;
      const bool test = list == &importers && classify_path(p) == PathKind::kTest;
      if (!test && !c.set.contains(p) && coverage(c.q, stc::path_tokens(p)) == 0) continue;
      c.set.add_signal(p, Signal::kImports,
                       (list == &deps ? "imported by " : "imports ") + seed.path,
                       (test ? 2.0 : 1.0) * rel / fan, c.model);
    }
  }
  return {};
}

// Changelogs and other files most commits touch: a prior for every plan.
Status add_frequent(Ctx& c, double top) {
  TRY_ASSIGN(auto files, c.opt.frequent ? c.opt.frequent->at(kFrequentShare, 3, c.opt.before_seq)
                                        : indexer::frequent_files(c.store, kFrequentShare, 3,
                                                                  c.opt.before_seq));
  for (const auto& f : files) {
    if (!c.live(f.path)) continue;
    c.set.add_signal(
        f.path, Signal::kFrequent,
        "changes in " + std::to_string(static_cast<int>(f.share * 100 + 0.5)) + "% of commits",
        top * f.share, c.model);
  }
  return {};
}

// Files the newest commits changed: a feature in progress is often
// continued by the next change. Not a seed: recency says nothing about the
// request's subject.
Status add_recent(Ctx& c) {
  TRY_ASSIGN(auto files,
             indexer::recent_files(c.store, kRecentWindow, kRecentTau,
                                   static_cast<int64_t>(kMaxCommitFiles), c.opt.before_seq));
  for (const auto& f : files) {
    if (!c.live(f.path)) continue;
    const std::string when = f.age == 0   ? "by the newest commit"
                             : f.age == 1 ? "1 commit ago"
                                          : std::to_string(f.age) + " commits ago";
    c.set.add_signal(f.path, Signal::kRecent,
                     "changed " + when + " (\"" + stc::truncate_utf8(f.summary, 60) + "\")",
                     std::min(f.recency, 2.0), c.model);
  }
  return {};
}

// The request's words in the path itself, for every candidate so far.
void add_path(Ctx& c) {
  for (const auto& cand : c.set.ranked(200)) {
    const double cov = coverage(c.q, stc::path_tokens(cand.path));
    if (cov > 0)
      c.set.add_signal(cand.path, Signal::kPath, "named after the request", cov, c.model);
  }
}

}  // namespace

double lesson_match(const Query& q, const Lesson& lesson) {
  const double cov = coverage(q, lesson.terms);
  return cov >= 0.5 ? cov : 0.0;
}

void add_lessons(const Query& q, const std::vector<Lesson>& lessons, int64_t before_seq,
                 const std::function<bool(const std::string&)>& live, const RankModel& model,
                 CandidateSet& set) {
  for (const auto& l : lessons) {
    if (before_seq > 0 && l.seq >= before_seq) continue;
    const double m = lesson_match(q, l);
    if (m <= 0) continue;
    for (const auto& f : l.files) {
      if (live(f)) {
        set.add_signal(f, Signal::kLesson,
                       l.text.empty() ? "missed before for a request about \"" +
                                            stc::truncate_utf8(l.terms, 60) + "\""
                                      : "lesson: " + stc::truncate_utf8(l.text, 160),
                       m, model);
      }
    }
  }
}

Result<Retrieval> retrieve(indexer::store::IndexStore& store, const Query& q,
                           const RetrieveOptions& opt) {
  const RankModel defaults = RankModel::defaults();
  IndexListing tree(store, opt);
  Ctx c{store, q, opt.model ? *opt.model : defaults, opt, tree, {}, {}};
  Retrieval out;
  if (q.words.empty()) return out;
  TRY(add_fts(c));
  TRY(add_anticipation(c, out));
  TRY(add_commits(c, out));
  if (opt.lessons) {
    add_lessons(
        q, *opt.lessons, opt.before_seq, [&](const std::string& p) { return c.live(p); }, c.model,
        c.set);
  }
  const auto seeds = c.set.ranked(kSeeds);
  std::vector<std::string> hint_dirs;
  const double top = seeds.empty() || seeds.front().score <= 0 ? 1.0 : seeds.front().score;
  for (const auto& s : seeds) TRY(expand_seed(c, s, s.score / top, hint_dirs));
  TRY(add_frequent(c, top));
  TRY(add_recent(c));
  add_path(c);
  TRY(c.error);
  // A new module is as central to the change as the best existing file.
  const auto best = c.set.ranked(1);
  const double final_top = best.empty() || best.front().score <= 0 ? top : best.front().score;
  TRY_ASSIGN(const auto new_files, propose_new_files(q, tree, hint_dirs));
  for (const auto& nf : new_files) {
    c.set.add_signal(nf.path, Signal::kSibling, nf.reason, final_top * nf.strength, c.model,
                     "create");
  }
  out.ranked = c.set.ranked(40);
  out.cut = model_cut(c.model, out.ranked);
  return out;
}

}  // namespace stc::agent
