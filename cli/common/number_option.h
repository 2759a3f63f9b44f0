#pragma once
// Checks of numeric command-line options, with one readable message each:
// "--limit: must be a whole number from 1 to 10000, got '0'" instead of
// CLI11's "Value 0 not in range 0.000000 to 1.797693e+308". The check runs
// on the text before CLI11 converts it, so "abc" gets the same message.
// Every numeric option of stc, stc-agent and stc-eval uses one of these.

#include <cstdint>
#include <string>

namespace CLI {
class Validator;
}

namespace stc::cli::common {

// The largest values the options accept.
inline constexpr int64_t kMaxBudget = 10'000'000;          // test-time tokens per plan
inline constexpr int64_t kMaxSleepBudget = 1'000'000'000;  // LLM tokens per pass
inline constexpr int64_t kMaxJobs = 256;                   // threads
inline constexpr double kMaxIdleSeconds = 86400;           // one day

/// A whole number (decimal digits, an optional leading '-') from `min` to
/// `max`. `note` is added to the message, e.g. "0 means every task".
CLI::Validator whole_number(int64_t min, int64_t max, const std::string& note = "");

/// A decimal number (e.g. "1", "0.5") from `min` to `max`.
CLI::Validator decimal_number(double min, double max, const std::string& note = "");

/// A comma-separated list of whole numbers, each from `min` to `max`.
CLI::Validator whole_number_list(int64_t min, int64_t max);

/// The text of a range in words: "a whole number from 1 to 10000".
std::string whole_range_words(int64_t min, int64_t max);

}  // namespace stc::cli::common
