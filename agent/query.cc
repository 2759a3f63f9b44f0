#include "agent/query.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <utility>

#include "core/text.h"
#include "indexer/store/fts_stem.h"

namespace stc::agent {
namespace {

// Beyond stc::is_stop_word: words of feature requests that say what kind
// of change it is ("allow", "option", "using"), never where it goes.
const std::set<std::string, std::less<>> kRequestWords = {
    "ability", "able",     "added", "adding",    "adds",    "allow",     "enable",
    "feature", "features", "get",   "implement", "instead", "introduce", "one",
    "option",  "optional", "out",   "over",      "provide", "set",       "supports",
    "under",   "up",       "used",  "uses",      "using",   "way",
};

}  // namespace

std::string stem(std::string_view word) { return indexer::store::fts_stem(word); }

Query understand(std::string_view feature) {
  Query q;
  q.text = std::string(feature);
  std::set<std::string> seen;
  for (const auto& raw : stc::split(feature, ' ')) {
    for (auto& w : stc::split_words(raw)) {
      q.tokens.push_back(w);
      if (w.size() < 2 || is_stop_word(w) || std::all_of(w.begin(), w.end(), ::isdigit)) continue;
      if (!seen.insert(w).second) continue;
      q.stems.push_back(stem(w));
      q.words.push_back(std::move(w));
    }
  }
  // Capitalised runs after the first word: "Add Pirate Weather provider".
  std::vector<std::string> run;
  bool first = true;
  for (const auto& raw : stc::split(feature, ' ')) {
    const std::string word = stc::squash_spaces(raw);
    const bool cap = !first && !word.empty() && std::isupper(static_cast<unsigned char>(word[0]));
    first = false;
    if (cap) {
      for (auto& part : stc::split_words(word)) run.push_back(part);
      continue;
    }
    if (!run.empty()) q.names.push_back(std::exchange(run, {}));
  }
  if (!run.empty()) q.names.push_back(run);
  return q;
}

bool is_stop_word(std::string_view word) {
  return stc::is_stop_word(word) || kRequestWords.count(word) > 0;
}

bool matches_any(const Query& query, std::string_view word) {
  const std::string s = stem(word);
  return std::find(query.stems.begin(), query.stems.end(), s) != query.stems.end();
}

double coverage(const Query& query, std::string_view text, const std::vector<double>& weights) {
  if (query.stems.empty()) return 0;
  std::set<std::string> found;
  for (const auto& w : stc::split_words(text)) found.insert(stem(w));
  double hit = 0, total = 0;
  for (size_t i = 0; i < query.stems.size(); ++i) {
    const double wt = i < weights.size() ? weights[i] : 1.0;
    total += wt;
    if (found.count(query.stems[i])) hit += wt;
  }
  return total > 0 ? hit / total : 0;
}

}  // namespace stc::agent
