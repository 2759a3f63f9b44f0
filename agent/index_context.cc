#include "agent/index_context.h"

#include <algorithm>

#include "agent/context_pack.h"
#include "core/text.h"
#include "indexer/sleep/artifact_reader.h"

namespace stc::agent {
namespace {

std::string first_lines(const std::string& s, int n) {
  std::string out;
  int lines = 0;
  for (auto line : stc::split(s, '\n')) {
    if (++lines > n) {
      out += "  ...\n";
      break;
    }
    out += std::string(line) + "\n";
  }
  return out;
}

// A candidate's entry is one short line, so that a small budget lists many
// candidates; the rest of its evidence is a separate item that packs when
// there is room (rendered under "Evidence").
constexpr size_t kEntryReasonBytes = 48;

std::string entry_text(const Candidate& c) {
  const std::string reason = stc::truncate_words(reason_of(c, 1), kEntryReasonBytes);
  return "- " + c.path + (c.action == "create" ? " (create)" : "") +
         (reason.empty() ? "" : ": " + reason);
}

Status module_items(indexer::store::IndexStore& store, const Candidate& c, double rel,
                    const GlobSet& deny, std::vector<ContextItem>& out) {
  if (c.action == "create" || deny.matches(c.path)) return {};
  TRY_ASSIGN(auto file, store.file(c.path));
  if (!file) return {};
  TRY_ASSIGN(auto view, indexer::sleep::read_module_view(store, *file));
  if (view.summary && !view.summary->summary.empty()) {
    out.push_back(make_item("summary", c.path,
                            c.path + ": " + stc::truncate_utf8(view.summary->summary, 500),
                            1.2 * rel));
  }
  std::string notes;
  int n = 0;
  for (const auto& note : view.notes) {
    if (++n > 3) break;
    notes += "- " + stc::truncate_utf8(note.text, 240) + "\n";
  }
  if (!notes.empty()) out.push_back(make_item("notes", c.path, c.path + ":\n" + notes, 1.0 * rel));
  const std::string sk = index_skeleton(store, c.path, deny);
  if (!sk.empty()) {
    out.push_back(make_item("skeleton", c.path, c.path + ":\n" + first_lines(sk, 18), 0.5 * rel));
  }
  return {};
}

Status repo_items(indexer::store::IndexStore& store, const Retrieval& r,
                  std::vector<ContextItem>& out) {
  TRY_ASSIGN(auto overview, indexer::sleep::read_overview(store));
  if (overview && !overview->summary.empty()) {
    out.push_back(make_item("overview", "", stc::truncate_utf8(overview->summary, 900), 1.0));
  }
  for (const auto& m : r.anticipated) {
    std::string t = "\"" + m.request.title + "\": ";
    std::vector<std::string> files;
    for (const auto& f : m.request.plan)
      files.push_back(f.path + (f.action == "create" ? " (create)" : ""));
    t += stc::join(files, ", ");
    out.push_back(make_item("anticipation", "", t, 2.0 * m.coverage));
  }
  for (const auto& c : r.commits) {
    std::vector<std::string> paths(c.paths.begin(),
                                   c.paths.begin() + std::min<size_t>(8, c.paths.size()));
    out.push_back(make_item(
        "commits", "", "\"" + stc::truncate_utf8(c.summary, 90) + "\": " + stc::join(paths, ", "),
        1.5 / (1.0 + static_cast<double>(out.size()) * 0.1)));
  }
  return {};
}

}  // namespace

std::string index_skeleton(indexer::store::IndexStore& store, const std::string& path,
                           const GlobSet& deny) {
  if (deny.matches(path)) return "";
  auto file = store.file(path);
  if (!file || !*file || (*file)->blob_id == 0) return "";
  auto info = store.blob_info((*file)->blob_id);
  return info && *info ? (*info)->skeleton : "";
}

Result<std::vector<ContextItem>> index_context_items(indexer::store::IndexStore& store,
                                                     const Retrieval& r, size_t entries,
                                                     const GlobSet& deny) {
  std::vector<ContextItem> out;
  TRY(repo_items(store, r, out));
  if (r.ranked.empty()) return out;
  const double top = std::max(r.ranked.front().score, 1e-9);
  const size_t n = std::min(entries, r.ranked.size());
  for (size_t i = 0; i < n; ++i) {
    const Candidate& c = r.ranked[i];
    out.push_back(make_item("candidate", c.path, entry_text(c), 3.0 * c.score / top));
    const std::string why = reason_of(c, 3);
    if (why.size() > kEntryReasonBytes) {
      out.push_back(make_item("evidence", c.path, c.path + ": " + why, 1.0 * c.score / top));
    }
  }
  for (size_t i = 0; i < n; ++i) {
    TRY(module_items(store, r.ranked[i], r.ranked[i].score / top, deny, out));
  }
  return out;
}

}  // namespace stc::agent
