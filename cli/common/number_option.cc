#include "cli/common/number_option.h"

#include <CLI/CLI.hpp>

#include <charconv>
#include <cmath>
#include <cstdio>

namespace stc::cli::common {
namespace {

bool parse_whole(const std::string& s, int64_t& out) {
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, out);
  return ec == std::errc() && ptr == end && !s.empty();
}

bool parse_decimal(const std::string& s, double& out) {
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, out, std::chars_format::fixed);
  return ec == std::errc() && ptr == end && !s.empty() && std::isfinite(out);
}

std::string decimal_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

std::string with_note(const std::string& words, const std::string& note, const std::string& got) {
  return "must be " + words + (note.empty() ? "" : " (" + note + ")") + ", got '" + got + "'";
}

}  // namespace

std::string whole_range_words(int64_t min, int64_t max) {
  return "a whole number from " + std::to_string(min) + " to " + std::to_string(max);
}

CLI::Validator whole_number(int64_t min, int64_t max, const std::string& note) {
  const std::string words = whole_range_words(min, max);
  return CLI::Validator(
      [=](std::string& value) -> std::string {
        int64_t n = 0;
        if (parse_whole(value, n) && n >= min && n <= max) return {};
        return with_note(words, note, value);
      },
      std::to_string(min) + ".." + std::to_string(max));
}

CLI::Validator decimal_number(double min, double max, const std::string& note) {
  const std::string words = "a number from " + decimal_text(min) + " to " + decimal_text(max);
  return CLI::Validator(
      [=](std::string& value) -> std::string {
        double n = 0;
        if (parse_decimal(value, n) && n >= min && n <= max) return {};
        return with_note(words, note, value);
      },
      decimal_text(min) + ".." + decimal_text(max));
}

CLI::Validator whole_number_list(int64_t min, int64_t max) {
  const std::string words = "a comma-separated list of whole numbers, each from " +
                            std::to_string(min) + " to " + std::to_string(max);
  return CLI::Validator(
      [=](std::string& value) -> std::string {
        size_t start = 0;
        while (true) {
          const size_t comma = value.find(',', start);
          const std::string item = value.substr(start, comma - start);
          int64_t n = 0;
          if (!parse_whole(item, n) || n < min || n > max) return with_note(words, "", value);
          if (comma == std::string::npos) return {};
          start = comma + 1;
        }
      },
      "N,N,...");
}

}  // namespace stc::cli::common
