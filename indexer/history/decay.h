#pragma once
// Recency weights of the history tables (internal to indexer/history).
// A commit at time t weighs exp((t - T0) / tau) in the stored sums, with
// T0 = 2000-01-01 UTC and tau = half_life * 86400 / ln 2; multiplying a sum by
// exp((T0 - now) / tau) turns it into "commits, each worth 1/2 per half-life
// of age as of now". Exponents are clamped to stay finite in a double.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>

namespace stc::indexer::history {

inline constexpr int64_t kEpoch2000 = 946684800;  // 2000-01-01T00:00:00Z
inline constexpr double kMaxExponent = 700;       // exp(700) ~ 1e304 < DBL_MAX

// Meta keys of the history tables.
inline constexpr const char* kHeadKey = "history_head";
inline constexpr const char* kHeadTimeKey = "history_head_time";
inline constexpr const char* kSeqKey = "history_seq";  // seq of the head commit
inline constexpr const char* kOptionsKey = "history_options";
inline constexpr const char* kHalfLifeKey = "history_half_life_days";
inline constexpr double kDefaultHalfLifeDays = 180;

inline double tau_seconds(double half_life_days) {
  return std::max(half_life_days, 1.0) * 86400.0 / std::log(2.0);
}

/// Weight stored for a commit at `time`.
inline double stored_weight(int64_t time, double tau) {
  return std::exp(
      std::clamp(static_cast<double>(time - kEpoch2000) / tau, -kMaxExponent, kMaxExponent));
}

/// Turns a stored sum into a weight as of `now`.
inline double weight_as_of(double stored_sum, int64_t now, double tau) {
  return stored_sum * std::exp(std::clamp(static_cast<double>(kEpoch2000 - now) / tau,
                                          -kMaxExponent, kMaxExponent));
}

/// Shortest text that reads back as exactly `value` (for binding a REAL).
inline std::string real_text(double value) {
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, res.ptr);
}

}  // namespace stc::indexer::history
