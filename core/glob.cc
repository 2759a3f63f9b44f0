#include "core/glob.h"

namespace stc {
namespace {

bool match_class(std::string_view& pat, char c) {
  // pat starts just after '['.
  bool negate = !pat.empty() && (pat[0] == '!' || pat[0] == '^');
  if (negate) pat.remove_prefix(1);
  bool found = false;
  bool first = true;
  while (!pat.empty() && (first || pat[0] != ']')) {
    first = false;
    char lo = pat[0];
    char hi = lo;
    if (pat.size() >= 3 && pat[1] == '-' && pat[2] != ']') {
      hi = pat[2];
      pat.remove_prefix(3);
    } else {
      pat.remove_prefix(1);
    }
    if (c >= lo && c <= hi) found = true;
  }
  if (!pat.empty()) pat.remove_prefix(1);  // ']'
  return found != negate;
}

// The longest run of literal characters that every text matching `glob`
// contains ("" when there is none), looking no further than a class. "**/"
// may match nothing, so its slash is no part of a run.
std::string required_literal(std::string_view glob) {
  std::string best, run;
  auto cut = [&] {
    if (run.size() > best.size()) best = run;
    run.clear();
  };
  for (size_t i = 0; i < glob.size();) {
    if (glob.compare(i, 3, "**/") == 0) {
      cut();
      i += 3;
    } else if (glob[i] == '*' || glob[i] == '?') {
      cut();
      ++i;
    } else if (glob[i] == '[') {
      break;  // where a class ends is match_class's business: no run from here on
    } else {
      run += glob[i++];
    }
  }
  cut();
  return best;
}

// glob_match behind a cheap test for the glob's required literal.
bool literal_then_glob(const std::string& literal, const std::string& glob, std::string_view text) {
  if (!literal.empty() && text.find(literal) == std::string_view::npos) return false;
  return glob_match(glob, text);
}

}  // namespace

bool glob_match(std::string_view p, std::string_view t) {
  while (!p.empty()) {
    if (p.substr(0, 2) == "**") {
      std::string_view rest = p.substr(2);
      if (!rest.empty() && rest[0] == '/') {
        // "**/x" also matches "x" at this level.
        if (glob_match(rest.substr(1), t)) return true;
      }
      for (size_t i = 0; i <= t.size(); ++i) {
        if (glob_match(rest, t.substr(i))) return true;
      }
      return false;
    }
    if (p[0] == '*') {
      std::string_view rest = p.substr(1);
      for (size_t i = 0; i <= t.size(); ++i) {
        if (glob_match(rest, t.substr(i))) return true;
        if (i < t.size() && t[i] == '/') break;
      }
      return false;
    }
    if (t.empty()) return false;
    if (p[0] == '?') {
      if (t[0] == '/') return false;
      p.remove_prefix(1);
    } else if (p[0] == '[') {
      p.remove_prefix(1);
      if (!match_class(p, t[0])) return false;
    } else {
      if (p[0] != t[0]) return false;
      p.remove_prefix(1);
    }
    t.remove_prefix(1);
  }
  return t.empty();
}

GlobSet::GlobSet(std::vector<std::string> patterns) {
  for (auto& p : patterns) add(std::move(p));
}

void GlobSet::add(std::string pattern) {
  while (!pattern.empty() && (pattern.back() == ' ' || pattern.back() == '\r')) pattern.pop_back();
  if (pattern.empty()) return;
  std::string_view p = pattern;
  const bool dir_only = p.back() == '/';
  if (dir_only) p.remove_suffix(1);
  const bool anchored = p.find('/') != std::string_view::npos;
  if (!p.empty() && p[0] == '/') p.remove_prefix(1);
  const std::string base = anchored ? std::string(p) : "**/" + std::string(p);
  std::string exact = dir_only ? std::string() : base;
  std::string literal = required_literal(exact.empty() ? base : exact);
  compiled_.push_back(Compiled{std::move(exact), base + "/**", std::move(literal)});
  patterns_.push_back(std::move(pattern));
}

bool GlobSet::matches(std::string_view path) const {
  for (const auto& c : compiled_) {
    if ((!c.exact.empty() && literal_then_glob(c.literal, c.exact, path)) ||
        literal_then_glob(c.literal, c.below, path))
      return true;
  }
  return false;
}

}  // namespace stc
