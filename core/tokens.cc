#include "core/tokens.h"

namespace stc {
namespace {

enum class CharClass { kWord, kDigit, kPunct, kSpace, kNonAscii };

CharClass classify(char ch) {
  const auto c = static_cast<unsigned char>(ch);
  if (c >= 0x80) return CharClass::kNonAscii;
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') return CharClass::kWord;
  if (c >= '0' && c <= '9') return CharClass::kDigit;
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
    return CharClass::kSpace;
  }
  return CharClass::kPunct;
}

int64_t ceil_div(int64_t n, int64_t d) { return (n + d - 1) / d; }

// Cost of the punctuation run `run`: repeated characters are cheap.
int64_t punct_cost(std::string_view run) {
  int64_t cost = 0;
  size_t i = 0;
  while (i < run.size()) {
    size_t j = i + 1;
    while (j < run.size() && run[j] == run[i]) ++j;
    const auto same = static_cast<int64_t>(j - i);
    cost += same == 1 ? 1 : ceil_div(same, 4);
    i = j;
  }
  return cost;
}

int64_t run_cost(CharClass cls, std::string_view run) {
  const auto n = static_cast<int64_t>(run.size());
  switch (cls) {
    case CharClass::kWord:
      return 1 + (n - 1) / 6;
    case CharClass::kDigit:
      return ceil_div(n, 3);
    case CharClass::kPunct:
      return punct_cost(run);
    case CharClass::kSpace:
      return run.find('\n') == std::string_view::npos ? 0 : 1;
    case CharClass::kNonAscii:
      return ceil_div(n, 2);
  }
  return 0;
}

}  // namespace

int64_t estimate_tokens(std::string_view text) {
  int64_t total = 0;
  size_t i = 0;
  while (i < text.size()) {
    const CharClass cls = classify(text[i]);
    size_t j = i + 1;
    while (j < text.size() && classify(text[j]) == cls) ++j;
    total += run_cost(cls, text.substr(i, j - i));
    i = j;
  }
  return total;
}

}  // namespace stc
