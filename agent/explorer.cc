#include "agent/explorer.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <map>
#include <optional>
#include <string_view>
#include <thread>

#include "agent/new_files.h"
#include "core/text.h"
#include "core/tokens.h"

namespace stc::agent {
namespace {

struct FileHits {
  std::string path;
  std::vector<int> counts;         // per query stem
  std::vector<std::string> lines;  // first matching lines, "L12: ..."
  bool path_match = false;
};

bool looks_binary(const std::string& s) {
  return s.find('\0', 0) < std::min<size_t>(s.size(), 8192);
}

// What grep looks for, per query word: its stem ("provid" finds provider,
// providers), and the word itself when the stem is not a prefix of it
// ("retry" stems to "retri", which would miss "retry" but finds "retries").
// Views into the query: grep runs this for every file of the tree.
struct Needles {
  std::array<std::string_view, 2> text;
  size_t count = 0;
  [[nodiscard]] const std::string_view* begin() const { return text.data(); }
  [[nodiscard]] const std::string_view* end() const { return text.data() + count; }
};

Needles needles_of(const Query& q, size_t i) {
  Needles out;
  const std::string& s = q.stems[i];
  if (s.size() >= 3) out.text[out.count++] = s;
  if (i < q.words.size() && q.words[i].size() >= 3 && !q.words[i].starts_with(s))
    out.text[out.count++] = q.words[i];
  return out;
}

FileHits grep(const std::string& path, const std::string& content, const Query& q) {
  FileHits h{path, std::vector<int>(q.stems.size(), 0), {}, false};
  const std::string lower = stc::to_lower(content);
  for (size_t i = 0; i < q.stems.size(); ++i) {
    for (const std::string_view s : needles_of(q, i)) {
      for (size_t at = lower.find(s); at != std::string::npos; at = lower.find(s, at + s.size())) {
        ++h.counts[i];
        if (h.lines.size() >= 2 || h.counts[i] != 1) continue;
        const size_t b = lower.rfind('\n', at) == std::string::npos ? 0 : lower.rfind('\n', at) + 1;
        const size_t e = std::min(lower.find('\n', at), lower.size());
        const auto line_no =
            std::count(lower.begin(), lower.begin() + static_cast<long>(b), '\n') + 1;
        h.lines.push_back("L" + std::to_string(line_no) + ": " +
                          stc::truncate_utf8(stc::squash_spaces(content.substr(b, e - b)), 100));
      }
    }
  }
  h.path_match = coverage(q, stc::path_tokens(path)) > 0;
  return h;
}

std::string listing_text(const std::vector<std::string>& paths, const Query& q) {
  std::map<std::string, int> dirs;
  std::string matching;
  for (const auto& p : paths) {
    const auto slash = p.rfind('/');
    ++dirs[slash == std::string::npos ? "." : p.substr(0, slash)];
    if (coverage(q, stc::path_tokens(p)) > 0 && matching.size() < 2000) matching += p + "\n";
  }
  std::string out = "Directories (files):\n";
  int n = 0;
  for (const auto& [d, c] : dirs) {
    if (++n > 150) break;
    out += d + "/ (" + std::to_string(c) + ")\n";
  }
  if (!matching.empty()) out += "Paths matching the request:\n" + matching;
  return out;
}

std::vector<double> idf_of(const std::vector<FileHits>& hits, size_t n_stems, size_t n_files) {
  std::vector<double> idf(n_stems, 0);
  for (size_t i = 0; i < n_stems; ++i) {
    size_t df = 0;
    for (const auto& h : hits) df += h.counts[i] > 0;
    idf[i] = df ? std::log(1.0 + static_cast<double>(n_files) / static_cast<double>(df)) : 0;
  }
  return idf;
}

// A grep hit's entry is one short line (its path and the request's words it
// holds), so that a small budget lists many files; its matching lines are a
// separate item ("hits") that packs when there is room.
ContextItem grep_item(const FileHits& h, const Query& q) {
  std::string t = h.path + ":";
  for (size_t i = 0; i < q.words.size(); ++i) {
    if (h.counts[i]) t += " " + q.words[i] + "x" + std::to_string(h.counts[i]);
  }
  return ContextItem{"grep", h.path, t, estimate_tokens(t), 0};
}

std::optional<ContextItem> hits_item(const FileHits& h) {
  if (h.lines.empty()) return std::nullopt;
  std::string t = h.path + ":";
  for (const auto& l : h.lines) t += "\n  " + l;
  return ContextItem{"hits", h.path, t, estimate_tokens(t), 0};
}

// One tree entry's grep outcome: hits (and the file's head) when it matched.
struct Scanned {
  std::optional<FileHits> hits;
  std::string head;  // the first 1,200 bytes
};

// Reads and greps the blobs of `todo` on up to one thread per core (each
// with its own Repository, which is not thread-safe; `repo` serves the
// calling thread). Workers take the next entry from a shared counter and
// write its slot, so the result is the serial one whatever the scheduling.
std::vector<Scanned> scan(const indexer::git::Repository& repo,
                          const std::vector<indexer::git::TreeEntry>& todo, const Query& q,
                          uint64_t max_file_bytes) {
  std::vector<Scanned> out(todo.size());
  std::atomic<size_t> next{0};
  auto work = [&](const indexer::git::Repository& r) {
    for (size_t i = next++; i < todo.size(); i = next++) {
      auto blob = r.read_blob(todo[i].oid);
      if (!blob || blob->content.size() > max_file_bytes || looks_binary(blob->content)) continue;
      FileHits h = grep(todo[i].path, blob->content, q);
      if (std::any_of(h.counts.begin(), h.counts.end(), [](int c) { return c > 0; }) ||
          h.path_match) {
        out[i].head = blob->content.substr(0, 1200);
        out[i].hits = std::move(h);
      }
    }
  };
  constexpr size_t kFilesPerThread = 256;  // below this a thread costs more than it saves
  const size_t cores = std::max(1u, std::thread::hardware_concurrency());
  const size_t helpers = std::min({cores, size_t{8}, todo.size() / kFilesPerThread + 1}) - 1;
  const std::string git_dir = repo.git_dir();
  std::vector<std::thread> pool;
  for (size_t t = 0; t < helpers; ++t) {
    pool.emplace_back([&] {
      // A helper that cannot open the repository leaves its share to the others.
      if (auto r = indexer::git::Repository::open(git_dir)) work(*r);
    });
  }
  work(repo);
  for (auto& t : pool) t.join();
  return out;
}

}  // namespace

Result<Exploration> explore(const indexer::git::Repository& repo, const indexer::git::Oid& commit,
                            const Query& q, const GlobSet& deny, uint64_t max_file_bytes,
                            const PathScope& scope) {
  TRY_ASSIGN(auto tree, repo.list_tree(commit));
  Exploration out;
  std::vector<indexer::git::TreeEntry> todo;
  for (auto& e : tree) {
    if (e.kind == indexer::git::EntryKind::kSymlink ||
        e.kind == indexer::git::EntryKind::kSubmodule)
      continue;
    if (!scope.contains(e.path)) continue;  // --scope: see agent/scope.h
    out.paths.push_back(e.path);
    if (deny.matches(e.path) || q.stems.empty()) continue;
    todo.push_back(std::move(e));
  }
  std::vector<FileHits> hits;
  std::map<std::string, std::string> contents;
  for (auto& s : scan(repo, todo, q, max_file_bytes)) {
    if (!s.hits) continue;
    contents[s.hits->path] = std::move(s.head);
    hits.push_back(std::move(*s.hits));
  }
  const auto idf = idf_of(hits, q.stems.size(), std::max<size_t>(out.paths.size(), 1));
  CandidateSet set;
  std::map<std::string, const FileHits*> by_path;
  for (const auto& h : hits) {
    double s = 0;
    for (size_t i = 0; i < idf.size(); ++i) {
      if (h.counts[i]) s += idf[i] * (1.0 + std::log(static_cast<double>(h.counts[i])));
    }
    if (h.path_match)
      s += 2.0 * coverage(q, stc::path_tokens(h.path), idf) *
           std::max(1.0, idf.empty() ? 1.0 : *std::max_element(idf.begin(), idf.end()));
    set.add(h.path, "grep", "grep hits for the request's terms", s);
    by_path[h.path] = &h;
  }
  auto ranked = set.ranked(40);
  std::vector<std::string> hint_dirs;
  for (size_t i = 0; i < ranked.size() && i < 3; ++i) {
    const auto slash = ranked[i].path.rfind('/');
    hint_dirs.push_back(slash == std::string::npos ? "" : ranked[i].path.substr(0, slash));
  }
  const double top = ranked.empty() ? 1.0 : ranked.front().score;
  for (const auto& nf : propose_new_files(q, out.paths, hint_dirs)) {
    set.add(nf.path, "sibling", nf.reason, top * 0.7 * nf.strength, "create");
  }
  out.ranked = set.ranked(40);
  out.cut = choose_cut(out.ranked);
  for (const auto& c : out.ranked) {
    if (c.action == "create") {
      const std::string t = "new: " + c.path + " (" + reason_of(c, 1) + ")";
      out.entries.push_back(ContextItem{"candidate", c.path, t, estimate_tokens(t), 0});
    } else {
      const FileHits& h = *by_path.at(c.path);
      out.entries.push_back(grep_item(h, q));
      if (auto lines = hits_item(h)) out.extras.push_back(std::move(*lines));
    }
  }
  const std::string listing = listing_text(out.paths, q);
  out.extras.push_back(ContextItem{"listing", "", listing, estimate_tokens(listing), 0});
  for (size_t i = 0; i < out.ranked.size() && i < 12; ++i) {
    auto it = contents.find(out.ranked[i].path);
    if (it == contents.end()) continue;
    std::string head = it->first + " (head):\n";
    int lines = 0;
    for (auto line : stc::split(it->second, '\n')) {
      if (++lines > 15) break;
      head += std::string(line) + "\n";
    }
    out.extras.push_back(
        ContextItem{"head", it->first, stc::sanitize_utf8(head), estimate_tokens(head), 0});
  }
  return out;
}

}  // namespace stc::agent
