#include "llm/json_reply.h"

#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/text.h"

namespace stc::llm {
namespace {

using nlohmann::json;

constexpr int kMaxSpanTries = 64;
// Deeper values are not taken: dump() recurses once per level, and a reply
// nested 100,000 deep overflowed the stack (found by fuzz/plan_reply).
constexpr int kMaxDepth = 512;
// Bytes the span search may scan in all: each unclosed '{' or '[' is scanned
// to the end of the text, so a reply of 60,000 '{' took minutes (fuzzing).
constexpr size_t kMaxSpanScan = size_t{4} << 20;

// True when a string (or key) anywhere in `value` holds a NUL character.
bool holds_nul(const json& value) {
  if (value.is_string()) return value.get_ref<const std::string&>().find('\0') != std::string::npos;
  if (value.is_array()) {
    for (const auto& e : value) {
      if (holds_nul(e)) return true;
    }
  }
  if (value.is_object()) {
    for (const auto& [k, v] : value.items()) {
      if (k.find('\0') != std::string::npos || holds_nul(v)) return true;
    }
  }
  return false;
}

std::optional<std::string> parse_compact(std::string_view text) {
  const auto trimmed = stc::trim(text);
  if (trimmed.empty()) return std::nullopt;
  bool too_deep = false;
  const json::parser_callback_t depth_cap = [&too_deep](int depth, json::parse_event_t, json&) {
    if (depth > kMaxDepth) too_deep = true;
    return !too_deep;
  };
  const json value = json::parse(trimmed, depth_cap, /*allow_exceptions=*/false,
                                 /*ignore_comments=*/true);
  if (too_deep || value.is_discarded() || holds_nul(value)) return std::nullopt;
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

struct Fence {
  std::string_view info;     // the word after ```, e.g. "json"
  std::string_view content;  // up to the closing fence or the end of the text
};

std::vector<Fence> fences(std::string_view text) {
  std::vector<Fence> out;
  size_t at = text.find("```");
  while (at != std::string_view::npos) {
    const size_t line_end = text.find('\n', at);
    if (line_end == std::string_view::npos) break;
    const size_t close = text.find("```", line_end);
    const size_t end = close == std::string_view::npos ? text.size() : close;
    out.push_back({stc::trim(text.substr(at + 3, line_end - at - 3)),
                   text.substr(line_end + 1, end - line_end - 1)});
    if (close == std::string_view::npos) break;
    at = text.find("```", close + 3);
  }
  return out;
}

std::optional<std::string> from_fences(std::string_view text) {
  const auto all = fences(text);
  for (const auto& f : all) {
    if (stc::to_lower(f.info) != "json") continue;
    if (auto v = parse_compact(f.content)) return v;
  }
  for (const auto& f : all) {
    if (auto v = parse_compact(f.content)) return v;
  }
  return std::nullopt;
}

// End (exclusive) of the balanced span opening at `start`, or npos. Each byte
// looked at counts against `budget`; npos once it is spent.
size_t balanced_end(std::string_view text, size_t start, size_t& budget) {
  std::vector<char> closers;
  bool in_string = false;
  for (size_t i = start; i < text.size(); ++i) {
    if (budget == 0) return std::string_view::npos;
    --budget;
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"')
      in_string = true;
    else if (c == '{')
      closers.push_back('}');
    else if (c == '[')
      closers.push_back(']');
    else if (c == '}' || c == ']') {
      if (closers.empty() || closers.back() != c) return std::string_view::npos;
      closers.pop_back();
      if (closers.empty()) return i + 1;
    }
  }
  return std::string_view::npos;
}

std::optional<std::string> from_spans(std::string_view text) {
  int tries = 0;
  size_t budget = kMaxSpanScan;
  for (size_t at = text.find_first_of("{[");
       at != std::string_view::npos && tries < kMaxSpanTries && budget > 0;
       at = text.find_first_of("{[", at + 1)) {
    const size_t end = balanced_end(text, at, budget);
    if (end == std::string_view::npos) continue;
    ++tries;
    if (auto v = parse_compact(text.substr(at, end - at))) return v;
  }
  return std::nullopt;
}

}  // namespace

Result<std::string> extract_json(std::string_view reply) {
  if (reply.find('\0') != std::string_view::npos) {
    return fail(ErrorCode::kUnavailable, "the model's reply holds a NUL byte: refused");
  }
  if (auto v = parse_compact(reply)) return *v;
  if (auto v = from_fences(reply)) return *v;
  if (auto v = from_spans(reply)) return *v;
  return fail(ErrorCode::kUnavailable, "the model's reply holds no JSON value: " +
                                           stc::truncate_utf8(stc::squash_spaces(reply), 120));
}

std::string schema_instruction(std::string_view json_schema) {
  return "\n\nAnswer with a single JSON value and nothing else (no prose, no code fence). "
         "It must match this JSON Schema:\n" +
         std::string(json_schema);
}

}  // namespace stc::llm
