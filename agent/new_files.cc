#include "agent/new_files.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>

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

// The position in q.tokens of the word naming the directory ("providers"
// for "provider"), or -1.
int dir_word(const Query& q, const std::string& dir) {
  const std::string last = dir.substr(dir.rfind('/') == std::string::npos ? 0 : dir.rfind('/') + 1);
  for (const auto& w : stc::split_words(last)) {
    const std::string s = stem(w);
    for (size_t i = 0; i < q.tokens.size(); ++i) {
      if (q.tokens[i].size() >= 3 && stem(q.tokens[i]) == s) return static_cast<int>(i);
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

// Directory -> its direct source files that are not boilerplate (never
// images, docs or data: a new module is code), for the directories whose
// name is a word of the request, not inside a name of it (-> that word's
// position). Each directory's name is looked at once.
struct NamedDir {
  int at = -1;
  std::vector<Sibling> sibs;
};
std::map<std::string, NamedDir> siblings_by_dir(const Query& q,
                                                const std::vector<std::string>& paths) {
  std::map<std::string, NamedDir> out;
  // directory (a view into `paths`) -> its word's position, or -1
  std::unordered_map<std::string_view, int> at_of;
  for (const auto& p : paths) {
    const size_t slash = p.rfind('/');
    const std::string_view dir(p.data(), slash == std::string::npos ? 0 : slash);
    auto it = at_of.find(dir);
    if (it == at_of.end()) {
      int at = dir_word(q, std::string(dir));
      if (at >= 0 && inside_name(q, at)) at = -1;
      it = at_of.emplace(dir, at).first;
    }
    if (it->second < 0 || !is_code_path(p)) continue;
    Sibling s = split_name(p);
    if (s.ext.empty() || is_boilerplate(s.stem)) continue;
    NamedDir& d = out[std::string(dir)];
    d.at = it->second;
    d.sibs.push_back(std::move(s));
  }
  return out;
}

// The words of the request's names that some path already has as a word:
// what the repository already names. A path can only have a word it
// contains as text, which spares splitting most paths.
std::set<std::string> known_words(const Query& q, const std::vector<std::string>& paths) {
  std::set<std::string> wanted;
  for (const auto& run : q.names) wanted.insert(run.begin(), run.end());
  std::set<std::string> out;
  for (const auto& p : paths) {
    if (out.size() == wanted.size()) break;
    const std::string lower = stc::to_lower(p);
    const bool maybe = std::any_of(wanted.begin(), wanted.end(), [&](const std::string& w) {
      return !out.count(w) && lower.find(w) != std::string::npos;
    });
    if (!maybe) continue;
    for (auto& w : stc::split_words(p)) {
      if (wanted.count(w)) out.insert(std::move(w));
    }
  }
  return out;
}

// Whether `path` is one of `paths` (sorted).
bool has_path(const std::vector<std::string>& paths, const std::string& path) {
  return std::binary_search(paths.begin(), paths.end(), path);
}

std::string dominant_ext(const std::vector<Sibling>& sibs) {
  std::map<std::string, int> n;
  for (const auto& s : sibs) ++n[s.ext];
  return std::max_element(n.begin(), n.end(), [](auto& a, auto& b) { return a.second < b.second; })
      ->first;
}

// A test path for `name` when most siblings have a test of one pattern.
std::string test_path(const std::string& dir, const std::vector<Sibling>& sibs,
                      const std::string& name, const std::string& ext,
                      const std::vector<std::string>& all) {
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
      have += has_path(
          all, (pat.dir.empty() ? "" : pat.dir + "/") + pat.prefix + s.stem + pat.suffix + s.ext);
    }
    if (have * 2 > static_cast<int>(sibs.size()) && have >= 2) {
      return (pat.dir.empty() ? "" : pat.dir + "/") + pat.prefix + name + pat.suffix + ext;
    }
  }
  return "";
}

}  // namespace

std::vector<NewFile> propose_new_files(const Query& query, const std::vector<std::string>& paths,
                                       const std::vector<std::string>& hint_dirs) {
  if (!asks_for_new(query)) return {};
  // Sorted (the store's order) unless a caller gave them otherwise.
  std::vector<std::string> sorted;
  const bool in_order = std::is_sorted(paths.begin(), paths.end());
  if (!in_order) {
    sorted = paths;
    std::sort(sorted.begin(), sorted.end());
  }
  const std::vector<std::string>& all = in_order ? paths : sorted;
  const auto by_dir = siblings_by_dir(query, all);
  const std::set<std::string> known = known_words(query, all);
  const std::set<std::string> hints(hint_dirs.begin(), hint_dirs.end());
  // One new module (and its test): in the directory named by the request's
  // head noun, the last directory word of the request ("provider" in "Add
  // Pirate Weather provider"), evidence from notes breaking ties.
  int best_at = -1;
  double best_strength = 0;
  std::vector<NewFile> best;
  for (const auto& [dir, named] : by_dir) {
    const int at = named.at;
    const auto& sibs = named.sibs;
    if (sibs.size() < 2) continue;
    const auto words = new_name(query, at, known);
    if (words.empty()) continue;
    const std::string name = render(words, style_of(sibs));
    const std::string ext = dominant_ext(sibs);
    const std::string path = (dir.empty() ? "" : dir + "/") + name + ext;
    const double strength = 0.6 + (hints.count(dir) ? 0.3 : 0.0);
    if (name.empty() || has_path(all, path)) continue;
    if (at < best_at || (at == best_at && strength <= best_strength)) continue;
    best_at = at;
    best_strength = strength;
    best = {{path,
             "new module next to its " + std::to_string(sibs.size()) + " siblings in " +
                 (dir.empty() ? "the root" : dir + "/"),
             strength}};
    const std::string test = test_path(dir, sibs, name, ext, all);
    if (!test.empty() && !has_path(all, test)) {
      best.push_back({test, "test for the new module, like its siblings' tests", strength * 0.8});
    }
  }
  return best;
}

}  // namespace stc::agent
