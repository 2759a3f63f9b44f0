#include "agent/retriever.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "agent/new_files.h"
#include "core/path_kind.h"
#include "core/text.h"
#include "indexer/sleep/artifact_reader.h"
#include "indexer/sleep/module_facts.h"

namespace stc::agent {
namespace {

constexpr double kFts = 1.0;
constexpr double kAnticipation = 1.4;
constexpr double kCommits = 2.5;
constexpr double kCochange = 1.2;
constexpr double kNotes = 0.5;
constexpr double kImports = 0.25;
constexpr size_t kSeeds = 6;
constexpr double kFrequentShare = 0.25;
constexpr double kSibling = 1.0;
constexpr size_t kMaxCommitFiles = 40;

std::string query_text(const Query& q) { return text::join(q.words, " "); }

Status add_fts(store::IndexStore& store, const Query& q, const std::set<std::string>& live,
               CandidateSet& set) {
  TRY_ASSIGN(auto hits, store.search(query_text(q), 40));
  if (hits.empty()) return {};
  const double top = std::max(hits.front().score, 1e-9);
  for (const auto& h : hits) {
    if (!live.count(h.path)) continue;
    std::string why = "matches the request";
    if (!h.symbols.empty()) {
      std::vector<std::string> s(h.symbols.begin(),
                                 h.symbols.begin() + std::min<size_t>(3, h.symbols.size()));
      why = "defines " + text::join(s, ", ");
    }
    set.add(h.path, "fts", why, kFts * h.score / top);
  }
  return {};
}

Status add_anticipation(store::IndexStore& store, const Query& q, const std::set<std::string>& live,
                        CandidateSet& set, Retrieval& out) {
  TRY_ASSIGN(auto ant, sleep::read_anticipation(store));
  if (!ant) return {};
  for (const auto& r : ant->requests) {
    const double cov = coverage(q, r.title);
    if (cov < 0.5) continue;
    out.anticipated.push_back({r, cov});
    for (const auto& f : r.plan) {
      const bool create = f.action == "create";
      if (!create && !live.count(f.path)) continue;
      if (create) continue;  // templates like <name>.py: new paths come from new_files
      set.add(f.path, "anticipation", "in the pre-computed plan for \"" + r.title + "\"",
              kAnticipation * cov);
    }
  }
  std::sort(out.anticipated.begin(), out.anticipated.end(),
            [](const auto& a, const auto& b) { return a.coverage > b.coverage; });
  if (out.anticipated.size() > 3) out.anticipated.resize(3);
  return {};
}

Status add_commits(store::IndexStore& store, const Query& q, const std::set<std::string>& live,
                   CandidateSet& set, Retrieval& out) {
  TRY_ASSIGN(auto hits, indexer::search_commits(store, query_text(q), 12));
  if (hits.empty()) return {};
  const double top = std::max(hits.front().score, 1e-9);
  for (auto& h : hits) {
    if (h.paths.size() > kMaxCommitFiles) continue;
    const double w = kCommits * (h.score / top) / std::sqrt(1.0 + h.paths.size() / 4.0) / 2.0;
    for (const auto& p : h.paths) {
      if (live.count(p)) {
        set.add(p, "commits",
                "changed by a similar commit: \"" + text::truncate_utf8(h.summary, 70) + "\"", w);
      }
    }
    if (out.commits.size() < 4) out.commits.push_back(std::move(h));
  }
  return {};
}

Status expand_seed(store::IndexStore& store, const Query& q, const Candidate& seed, double rel,
                   const std::set<std::string>& live, CandidateSet& set,
                   std::vector<std::string>& hint_dirs) {
  TRY_ASSIGN(auto partners, indexer::cochange_partners(store, seed.path, 8, 2));
  for (const auto& p : partners) {
    if (!live.count(p.path)) continue;
    set.add(p.path, "cochange",
            "changes with " + seed.path + " in " + std::to_string(p.together) + " of " +
                std::to_string(p.base) + " commits",
            kCochange * rel * p.confidence);
  }
  TRY_ASSIGN(auto file, store.file(seed.path));
  if (file) {
    TRY_ASSIGN(auto view, sleep::read_module_view(store, *file));
    for (const auto& n : view.notes) {
      if (n.kind == "cochange") continue;  // the partners above
      if (n.kind == "new_sibling") hint_dirs.push_back(sleep::dir_of(seed.path));
      for (const auto& f : n.files) {
        if (!live.count(f) || f == seed.path) continue;
        set.add(f, "note", text::truncate_utf8(n.text, 110),
                kNotes * rel * std::max(n.confidence, 0.3));
      }
    }
  }
  TRY_ASSIGN(auto deps, store.deps_of(seed.path));
  TRY_ASSIGN(auto importers, store.importers_of(seed.path));
  const double fan = std::sqrt(1.0 + static_cast<double>(deps.size() + importers.size()));
  for (const auto* list : {&deps, &importers}) {
    for (const auto& p : *list) {
      const bool test = list == &importers && classify_path(p) == PathKind::kTest;
      if (!test && !set.contains(p) && coverage(q, text::path_tokens(p)) == 0) continue;
      set.add(p, "imports", (list == &deps ? "imported by " : "imports ") + seed.path,
              (test ? 2.0 : 1.0) * kImports * rel / fan);
    }
  }
  return {};
}

// Changelogs and other files most commits touch: a prior for every plan.
Status add_frequent(store::IndexStore& store, const std::set<std::string>& live, double top,
                    CandidateSet& set) {
  TRY_ASSIGN(auto files, indexer::frequent_files(store, kFrequentShare, 3));
  for (const auto& f : files) {
    if (!live.count(f.path)) continue;
    set.add(f.path, "frequent",
            "changes in " + std::to_string(static_cast<int>(f.share * 100 + 0.5)) + "% of commits",
            top * f.share);
  }
  return {};
}

}  // namespace

Result<Retrieval> retrieve(store::IndexStore& store, const Query& q) {
  Retrieval out;
  TRY_ASSIGN(auto files, store.files());
  out.paths.reserve(files.size());
  for (const auto& f : files) out.paths.push_back(f.path);
  const std::set<std::string> live(out.paths.begin(), out.paths.end());
  CandidateSet set;
  if (q.words.empty()) return out;
  TRY(add_fts(store, q, live, set));
  TRY(add_anticipation(store, q, live, set, out));
  TRY(add_commits(store, q, live, set, out));
  const auto seeds = set.ranked(kSeeds);
  std::vector<std::string> hint_dirs;
  for (const auto& s : seeds) {
    TRY(expand_seed(store, q, s, s.score / seeds.front().score, live, set, hint_dirs));
  }
  const double top = seeds.empty() ? 1.0 : seeds.front().score;
  TRY(add_frequent(store, live, top, set));
  // A new module is as central to the change as the best existing file.
  const auto best = set.ranked(1);
  const double final_top = best.empty() ? top : best.front().score;
  for (const auto& nf : propose_new_files(q, out.paths, hint_dirs)) {
    set.add(nf.path, "sibling", nf.reason, final_top * kSibling * nf.strength, "create");
  }
  out.ranked = set.ranked(40);
  out.cut = choose_cut(out.ranked);
  return out;
}

}  // namespace stc::agent
