#pragma once
// A fast token estimator for budgeting: no vocabulary, one pass over the bytes,
// within roughly ±30% of a modern BPE tokenizer (cl100k / o200k / Claude) on
// English prose and source code, where bytes/4 is off by 2x on code with deep
// indentation, numbers, punctuation-heavy text (JSON) and non-Latin scripts.
//
// The rule, per maximal run of one character class:
//   - ASCII letters and '_' (words, identifiers): 1 + (length - 1) / 6 tokens.
//     Common words and identifier pieces up to six letters are one BPE token;
//     longer ones split into pieces of about six letters.
//   - ASCII digits: 1 token per 3 digits, rounded up (BPE splits numbers so).
//   - ASCII punctuation: 1 token per character, except a run of one repeated
//     character ("----", "====", "))") which costs 1 token per 4 characters.
//   - Whitespace is free, except that a whitespace run containing a line break
//     costs 1 token (newline + indentation is one token in code).
//   - Non-ASCII bytes (UTF-8 sequences): 1 token per 2 bytes, rounded up per
//     run (about 1.5 tokens per CJK character, 1 per accented letter).
// The estimate is for budgets and for accounting when an API reports no usage;
// recorded usage always prefers the API's own counts.

#include <cstdint>
#include <string_view>

namespace stc {

/// Estimated number of LLM tokens in `text` (0 for empty text). Thread-safe.
int64_t estimate_tokens(std::string_view text);

}  // namespace stc
