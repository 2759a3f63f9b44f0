// Commit message cleaning and the message-based skip rules (message.h).
// Each rule is a regular expression over the lower-cased, cleaned text.

#include "core/commit_message.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <deque>
#include <regex>
#include <sstream>
#include <utility>

#include "core/text.h"

namespace stc {
namespace {

const std::regex& re(const char* pattern) {
  // Patterns are literals of this file; each is compiled once.
  static thread_local std::deque<std::pair<const char*, std::regex>> cache;
  for (const auto& [p, r] : cache) {
    if (p == pattern) return r;
  }
  cache.emplace_back(pattern, std::regex(pattern, std::regex::ECMAScript | std::regex::icase));
  return cache.back().second;
}

struct Rule {
  const char* reason;
  const char* pattern;
};

// Order matters only for which reason is reported.
constexpr std::array kRules = {
    Rule{"revert", R"(^revert\b|\breverts? (commit|\"))"},
    Rule{"merge", R"(^merge (branch|remote|tag|pull|\w+ into)\b)"},
    Rule{
        "deps",
        R"(\b(dependabot|renovate|dependenc(y|ies)|deps)\b|^(bump|upgrade|update) (?!version)\S+ (from|to) v?\d)"},
    Rule{
        "version",
        R"(^(release|releasing|prepare|preparing|bump|bumped|version|tag)\b.*\d+\.\d+|^v?\d+\.\d+(\.\d+)?\S*$|\bbump(ed)? (the )?version\b|^(start|back to) (version )?\d|^changelog\b)"},
    Rule{
        "format",
        R"(\b(re-?format(ted|ting)?|formatting|format code|black|prettier|gofmt|clang-format|isort|whitespace|trailing spaces|indentation|code style)\b)"},
    Rule{
        "lint",
        R"(\b(lint|linter|linting|flake8|eslint|pylint|golangci|golint|ruff|clippy|mypy|pyright|pre-commit|staticcheck|go vet)\b)"},
    Rule{"typo", R"(\b(typo|typos|spelling|misspell(ed|ing|ings)?)\b)"},
};

std::string first_line(const std::string& s) {
  const std::string_view t = stc::trim(s);
  const size_t nl = t.find('\n');
  return std::string(stc::trim(nl == std::string_view::npos ? t : t.substr(0, nl)));
}

// The PR title of a GitHub merge, or "" when `subject` is not one.
std::string pr_title(const std::string& message) {
  std::smatch m;
  const std::string subject = first_line(message);
  if (!std::regex_search(subject, m, re(R"(^Merge pull request #\d+ from \S+?/(\S+))"))) return "";
  const size_t nl = message.find('\n');
  std::string body = nl == std::string::npos ? "" : first_line(message.substr(nl + 1));
  if (!body.empty()) return body;
  std::string branch = m[1].str();
  for (char& c : branch) {
    if (c == '-' || c == '_' || c == '/') c = ' ';
  }
  return branch;
}

std::string strip_noise(std::string s) {
  s = std::regex_replace(s, re(R"(\s*\((#|gh-)\d+\)|\s*\b(closes|fixes|fix|refs?|see)\s+#\d+)"),
                         "");
  s = std::regex_replace(s, re(R"((^|\s)(#|gh-)\d+\b)"), " ");
  s = std::regex_replace(s, re(R"(^\s*(\[[^\]]*\]\s*)+)"), "");
  s = std::regex_replace(
      s,
      re(R"(^\s*(feat|feature|fix|bugfix|chore|docs?|refactor|perf|test|tests|style|build|ci|revert|enhancement|improvement)(\(([^)]*)\))?!?:\s*)"),
      "$3: ");
  s = std::regex_replace(s, re(R"(^:\s*)"), "");
  s = stc::squash_spaces(s);
  while (!s.empty() && std::string_view(".:,; ").find(s.back()) != std::string_view::npos) {
    s.pop_back();
  }
  return s;
}

int count_words(const std::string& s) {
  std::istringstream in(s);
  int n = 0;
  for (std::string w; in >> w;) {
    if (w.find_first_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") !=
        std::string::npos) {
      ++n;
    }
  }
  return n;
}

}  // namespace

std::string skip_reason(const std::string& description, int min_words) {
  for (const Rule& rule : kRules) {
    if (std::regex_search(description, re(rule.pattern))) return rule.reason;
  }
  if (count_words(description) < min_words) return "short";
  return "";
}

Described describe_commit(const std::string& message, bool merge, int min_words) {
  Described out;
  std::string raw = merge ? pr_title(message) : first_line(message);
  if (raw.empty()) {
    out.skip_reason = "merge";
    return out;
  }
  // A conventional "chore(deps):" or "style:" type says enough by itself.
  if (std::regex_search(raw,
                        re(R"(^(chore|build|ci)\(deps?\)|^(style|ci|revert)(\([^)]*\))?!?:)"))) {
    out.skip_reason = std::regex_search(raw, re(R"(^revert)"))   ? "revert"
                      : std::regex_search(raw, re(R"(deps?\))")) ? "deps"
                                                                 : "chore";
    return out;
  }
  std::string cleaned = strip_noise(raw);
  out.skip_reason = skip_reason(cleaned, min_words);
  if (out.skip_reason.empty()) out.description = std::move(cleaned);
  return out;
}

namespace {

// A necessary condition for any skip rule (or the conventional "chore(deps):"
// check) to match a summary: one of the rules' words, a summary starting
// with "ci", or a digit, a dot and a digit in that order (the version
// numbers). Cleaning only deletes text and inserts spaces and colons, so
// what the rules see of a summary without any of these cannot match either.
// Lets the pass skip the regular expressions for most commits.
bool may_be_skipped(const std::string& summary) {
  static const char* const kWords[] = {
      "revert",  "dep",        "renovate",    "bump",      "upgrade",    "update",   "releas",
      "prepar",  "version",    "tag",         "changelog", "start",      "back",     "format",
      "black",   "prettier",   "gofmt",       "isort",     "whitespace", "trailing", "indent",
      "style",   "lint",       "flake8",      "golangci",  "ruff",       "clippy",   "mypy",
      "pyright", "pre-commit", "staticcheck", "vet",       "typo",       "spell"};
  const std::string lower = stc::to_lower(first_line(summary));
  if (lower.rfind("ci", 0) == 0) return true;
  for (const char* w : kWords) {
    if (lower.find(w) != std::string::npos) return true;
  }
  const size_t digit = lower.find_first_of("0123456789");
  const size_t dot = digit == std::string::npos ? digit : lower.find('.', digit);
  return dot != std::string::npos && lower.find_first_of("0123456789", dot) != std::string::npos;
}

}  // namespace

bool is_maintenance_commit(const std::string& summary) {
  if (!may_be_skipped(summary)) return false;
  const std::string reason = describe_commit(summary, false, 0).skip_reason;
  return !reason.empty() && reason != "merge" && reason != "short";
}

std::string commit_summary(std::string_view message) {
  std::string out;
  size_t pos = 0;
  while (pos < message.size()) {
    const size_t eol = std::min(message.find('\n', pos), message.size());
    std::string_view line = message.substr(pos, eol - pos);
    pos = eol + 1;
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) {
      line.remove_suffix(1);
    }
    if (line.empty() && out.empty()) continue;
    if (line.empty()) break;
    if (!out.empty()) out += ' ';
    out += line;
  }
  return out;
}

}  // namespace stc
