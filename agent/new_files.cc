#include "agent/new_files.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string_view>

#include "core/path_kind.h"
#include "core/text.h"

namespace stc::agent {
namespace {

enum class Style { kSnake, kKebab, kCamel, kConcat };

struct Sibling {
  std::string stem;
  std::string ext;
};

std::string dir_part(const std::string& p) {
  const auto slash = p.rfind('/');
  return slash == std::string::npos ? "" : p.substr(0, slash);
}

Sibling split_name(const std::string& path) {
  std::string name = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
  const auto dot = name.find('.', 1);
  if (dot == std::string::npos) return {name, ""};
  return {name.substr(0, dot), name.substr(dot)};
}

bool is_boilerplate(const std::string& stem) {
  static const std::set<std::string> kSkip = {"__init__", "index", "mod",  "main", "base",
                                              "types",    "utils", "util", "lib",  "README"};
  return kSkip.count(stem) > 0 || stem.rfind("test", 0) == 0 || stc::ends_with(stem, "_test") ||
         stc::ends_with(stem, ".test") || stc::ends_with(stem, "Test");
}

Style style_of(const std::vector<Sibling>& sibs) {
  int snake = 0, kebab = 0, camel = 0;
  for (const auto& s : sibs) {
    snake += s.stem.find('_') != std::string::npos;
    kebab += s.stem.find('-') != std::string::npos;
    camel += std::any_of(s.stem.begin(), s.stem.end(), ::isupper);
  }
  const int half = static_cast<int>(sibs.size() + 1) / 2;
  if (camel >= half) return Style::kCamel;
  if (snake >= half || (snake > 0 && snake >= kebab)) return Style::kSnake;
  if (kebab > 0) return Style::kKebab;
  return Style::kConcat;
}

std::string render(const std::vector<std::string>& words, Style style) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty() && style == Style::kSnake) out += '_';
    if (!out.empty() && style == Style::kKebab) out += '-';
    std::string part = stc::to_lower(w);
    if (style == Style::kCamel && !part.empty()) part[0] = static_cast<char>(std::toupper(part[0]));
    out += part;
  }
  return out;
}

// The stems of the request's tokens (of 3 characters or more; "" for the
// others), by position.
std::vector<std::string> token_stems(const Query& q) {
  std::vector<std::string> out;
  for (const auto& t : q.tokens) out.push_back(t.size() >= 3 ? stem(t) : "");
  return out;
}

// The position in q.tokens of the word naming the directory ("providers"
// for "provider"), or -1.
int dir_word(const std::vector<std::string>& stems, const std::string& dir) {
  const std::string last = dir.substr(dir.rfind('/') == std::string::npos ? 0 : dir.rfind('/') + 1);
  for (const auto& w : stc::split_words(last)) {
    const std::string s = stem(w);
    for (size_t i = 0; i < stems.size(); ++i) {
      if (!stems[i].empty() && stems[i] == s) return static_cast<int>(i);
    }
  }
  return -1;
}

// The new thing's name: a capitalised run of the request ("Pirate Weather"),
// else the content words just before the directory's word ("ring" in "Add
// ring storage backend"), at most two, stopping at a stop word.
std::vector<std::string> new_name(const Query& q, int at, const std::set<std::string>& known) {
  for (const auto& run : q.names) {
    const bool novel = std::any_of(run.begin(), run.end(), [&](const std::string& w) {
      return w.size() >= 3 && !known.count(w);
    });
    // The name must come before the directory's word: "Pirate Weather
    // provider" names a provider, not a new weather module.
    const auto it = std::search(q.tokens.begin(), q.tokens.end(), run.begin(), run.end());
    const int end = static_cast<int>(it - q.tokens.begin() + static_cast<long>(run.size()));
    if (novel && it != q.tokens.end() && end <= at) return run;
  }
  std::vector<std::string> out;
  for (int i = at - 1; i >= 0 && out.size() < 2; --i) {
    const std::string& w = q.tokens[static_cast<size_t>(i)];
    if (is_stop_word(w) || w.size() < 3) break;
    out.insert(out.begin(), w);
  }
  return out;
}

// True when the request's word at `at` is part of a capitalised name
// ("Weather" in "Pirate Weather"): it names the new thing, not a directory.
bool inside_name(const Query& q, int at) {
  for (const auto& run : q.names) {
    for (auto it = std::search(q.tokens.begin(), q.tokens.end(), run.begin(), run.end());
         it != q.tokens.end(); it = std::search(it + 1, q.tokens.end(), run.begin(), run.end())) {
      const int b = static_cast<int>(it - q.tokens.begin());
      if (at >= b && at < b + static_cast<int>(run.size())) return true;
    }
  }
  return false;
}

// True when the request asks for something new ("Add ...", "Implement ...",
// "Support ..."), in its first three words: "Fix the cache that reverts
// every handler" names no new module, whatever its words.
bool asks_for_new(const Query& q) {
  static const std::set<std::string> kVerbs = {"add",     "adds",      "adding",    "create",
                                               "new",     "implement", "introduce", "support",
                                               "provide", "write",     "port"};
  for (size_t i = 0; i < q.tokens.size() && i < 3; ++i) {
    if (kVerbs.count(q.tokens[i])) return true;
  }
  return false;
}

// The directories whose name is a word of the request, not inside a name of
// it, by that word's position (last first): the head noun of a request is
// its last directory word.
Result<std::map<int, std::vector<std::string>, std::greater<>>> named_dirs(const Query& q,
                                                                           TreeListing& tree) {
  std::map<int, std::vector<std::string>, std::greater<>> out;
  // A word with the stem of a token starts with the stem's first three
  // letters (Porter rewrites only suffixes): only directories with those
  // are stemmed.
  const auto stems = token_stems(q);
  std::vector<std::string> parts;
  for (const auto& st : stems) {
    if (!st.empty()) parts.push_back(st.substr(0, 3));
  }
  if (parts.empty()) return out;
  TRY_ASSIGN(auto dirs, tree.dirs_containing(parts));
  std::sort(dirs.begin(), dirs.end());
  for (auto& dir : dirs) {
    const int at = dir_word(stems, dir);
    if (at >= 0 && !inside_name(q, at)) out[at].push_back(std::move(dir));
  }
  return out;
}

// A directory's direct source files that are not boilerplate (never images,
// docs or data: a new module is code).
Result<std::vector<Sibling>> siblings_in(const std::string& dir, TreeListing& tree) {
  TRY_ASSIGN(const auto files, tree.files_in(dir));
  std::vector<Sibling> out;
  for (const auto& p : files) {
    if (!is_code_path(p)) continue;
    Sibling s = split_name(p);
    if (!s.ext.empty() && !is_boilerplate(s.stem)) out.push_back(std::move(s));
  }
  return out;
}

// The words of the request's names that some path already has as a word:
// what the repository already names. A path can only have a word it
// contains as text, so only such paths are split.
Result<std::set<std::string>> known_words(const Query& q, TreeListing& tree) {
  std::set<std::string> wanted;
  for (const auto& run : q.names) wanted.insert(run.begin(), run.end());
  std::set<std::string> out;
  for (const auto& w : wanted) {
    if (out.count(w)) continue;
    TRY_ASSIGN(const auto paths, tree.paths_containing(w));
    for (const auto& p : paths) {
      for (auto& word : stc::split_words(p)) {
        if (wanted.count(word)) out.insert(std::move(word));
      }
      if (out.count(w)) break;
    }
  }
  return out;
}

std::string dominant_ext(const std::vector<Sibling>& sibs) {
  std::map<std::string, int> n;
  for (const auto& s : sibs) ++n[s.ext];
  return std::max_element(n.begin(), n.end(), [](auto& a, auto& b) { return a.second < b.second; })
      ->first;
}

// A test path for `name` when most siblings have a test of one pattern.
Result<std::string> test_path(const std::string& dir, const std::vector<Sibling>& sibs,
                              const std::string& name, const std::string& ext, TreeListing& tree) {
  struct Pattern {
    std::string dir, prefix, suffix;
  };
  const std::string parent = dir_part(dir);
  const std::vector<Pattern> patterns = {
      {dir, "", "_test"},     {dir, "", ".test"},
      {dir, "", ".spec"},     {dir, "test_", ""},
      {"tests", "test_", ""}, {parent.empty() ? "tests" : parent + "/tests", "test_", ""},
      {"test", "", "_test"},  {"spec", "", "_spec"},
      {dir, "", "Test"}};
  for (const auto& pat : patterns) {
    int have = 0;
    for (const auto& s : sibs) {
      TRY_ASSIGN(const bool has, tree.has((pat.dir.empty() ? "" : pat.dir + "/") + pat.prefix +
                                          s.stem + pat.suffix + s.ext));
      have += has;
    }
    if (have * 2 > static_cast<int>(sibs.size()) && have >= 2) {
      return (pat.dir.empty() ? "" : pat.dir + "/") + pat.prefix + name + pat.suffix + ext;
    }
  }
  return std::string();
}

}  // namespace

PathList::PathList(std::vector<std::string> paths) : all_(std::move(paths)) {
  if (!std::is_sorted(all_.begin(), all_.end())) std::sort(all_.begin(), all_.end());
}

Result<std::vector<std::string>> PathList::dirs_containing(const std::vector<std::string>& parts) {
  std::set<std::string_view> seen;
  std::vector<std::string> out;
  for (const auto& p : all_) {
    const size_t slash = p.rfind('/');
    const std::string_view dir(p.data(), slash == std::string::npos ? 0 : slash);
    if (!seen.insert(dir).second) continue;
    const std::string lower = stc::to_lower(std::string(dir));
    if (std::any_of(parts.begin(), parts.end(),
                    [&](const std::string& w) { return lower.find(w) != std::string::npos; }))
      out.emplace_back(dir);
  }
  return out;
}

Result<std::vector<std::string>> PathList::files_in(const std::string& dir) {
  const std::string prefix = dir.empty() ? "" : dir + "/";
  std::vector<std::string> out;
  auto it = std::lower_bound(all_.begin(), all_.end(), prefix);
  while (it != all_.end() && it->compare(0, prefix.size(), prefix) == 0) {
    const size_t slash = it->find('/', prefix.size());
    if (slash == std::string::npos) {
      out.push_back(*it++);
    } else {  // a sub-directory: past its paths ('0' follows '/')
      it = std::lower_bound(it, all_.end(), it->substr(0, slash) + "0");
    }
  }
  return out;
}

Result<bool> PathList::has(const std::string& path) {
  return std::binary_search(all_.begin(), all_.end(), path);
}

Result<std::vector<std::string>> PathList::paths_containing(const std::string& word) {
  std::vector<std::string> out;
  for (const auto& p : all_) {
    if (stc::to_lower(p).find(word) != std::string::npos) out.push_back(p);
  }
  return out;
}

Result<std::vector<NewFile>> propose_new_files(const Query& query, TreeListing& tree,
                                               const std::vector<std::string>& hint_dirs) {
  if (!asks_for_new(query)) return std::vector<NewFile>{};
  TRY_ASSIGN(const auto by_word, named_dirs(query, tree));
  std::optional<std::set<std::string>> known;  // read when a name is needed
  const std::set<std::string> hints(hint_dirs.begin(), hint_dirs.end());
  // One new module (and its test): in the directory named by the request's
  // head noun, the last directory word of the request ("provider" in "Add
  // Pirate Weather provider"), evidence from notes breaking ties. Only the
  // directories of the last word that yields a proposal are read.
  for (const auto& [at, dirs] : by_word) {
    if (!known) {
      TRY_ASSIGN(auto words, known_words(query, tree));
      known = std::move(words);
    }
    const auto words = new_name(query, at, *known);
    if (words.empty()) continue;
    double best_strength = 0;
    std::vector<NewFile> best;
    for (const auto& dir : dirs) {
      const double strength = 0.6 + (hints.count(dir) ? 0.3 : 0.0);
      if (strength <= best_strength) continue;
      TRY_ASSIGN(const auto sibs, siblings_in(dir, tree));
      if (sibs.size() < 2) continue;
      const std::string name = render(words, style_of(sibs));
      const std::string ext = dominant_ext(sibs);
      const std::string path = (dir.empty() ? "" : dir + "/") + name + ext;
      if (name.empty()) continue;
      TRY_ASSIGN(const bool exists, tree.has(path));
      if (exists) continue;
      best_strength = strength;
      best = {{path,
               "new module next to its " + std::to_string(sibs.size()) + " siblings in " +
                   (dir.empty() ? "the root" : dir + "/"),
               strength}};
      TRY_ASSIGN(const std::string test, test_path(dir, sibs, name, ext, tree));
      if (test.empty()) continue;
      TRY_ASSIGN(const bool test_exists, tree.has(test));
      if (!test_exists) {
        best.push_back({test, "test for the new module, like its siblings' tests", strength * 0.8});
      }
    }
    if (!best.empty()) return best;
  }
  return std::vector<NewFile>{};
}

std::vector<NewFile> propose_new_files(const Query& query, const std::vector<std::string>& paths,
                                       const std::vector<std::string>& hint_dirs) {
  PathList tree(paths);
  auto out = propose_new_files(query, tree, hint_dirs);
  return out ? std::move(*out) : std::vector<NewFile>{};  // a list cannot fail
}

}  // namespace stc::agent
