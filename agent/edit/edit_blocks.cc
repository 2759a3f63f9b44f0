// Parsing search/replace replies. The reply is read line by line with a
// three-state machine (outside a block, in SEARCH, in REPLACE); marker lines
// are recognised loosely (marker_kind), everything else is kept verbatim.

#include "agent/edit/edit_blocks.h"

#include <algorithm>
#include <cctype>
#include <optional>

namespace stc::agent::edit {
namespace {

enum class Marker { kNone, kSearch, kDivider, kReplace };

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// A run of 5 to 9 `c`, then nothing or (for `<`/`>`) one word.
bool is_marker(std::string_view line, char c) {
  size_t n = 0;
  while (n < line.size() && line[n] == c) ++n;
  if (n < 5 || n > 9) return false;
  const std::string_view rest = trim(line.substr(n));
  if (rest.empty()) return true;
  if (c == '=') return false;
  return std::all_of(rest.begin(), rest.end(),
                     [](char ch) { return std::isalpha(static_cast<unsigned char>(ch)); });
}

Marker marker_kind(std::string_view raw) {
  const std::string_view line = trim(raw);
  if (is_marker(line, '<')) return Marker::kSearch;
  if (is_marker(line, '=')) return Marker::kDivider;
  if (is_marker(line, '>')) return Marker::kReplace;
  return Marker::kNone;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

tl::unexpected<Error> malformed(const std::string& why) {
  return fail(ErrorCode::kUnavailable, why);
}

Result<std::vector<SearchReplace>> parse_blocks(const std::vector<std::string_view>& lines) {
  enum class State { kOutside, kSearch, kReplace } state = State::kOutside;
  std::vector<SearchReplace> blocks;
  for (const std::string_view line : lines) {
    const Marker m = marker_kind(line);
    if (state == State::kOutside) {
      if (m == Marker::kSearch) {
        blocks.emplace_back();
        state = State::kSearch;
      }
    } else if (state == State::kSearch) {
      if (m == Marker::kDivider) {
        state = State::kReplace;
      } else if (m != Marker::kNone) {
        return malformed("a SEARCH part is not followed by a ======= line");
      } else {
        blocks.back().search.append(line).push_back('\n');
      }
    } else if (m == Marker::kReplace) {
      state = State::kOutside;
    } else if (m == Marker::kSearch) {
      return malformed("a block is not closed by a >>>>>>> REPLACE line");
    } else {
      blocks.back().replace.append(line).push_back('\n');
    }
  }
  if (state != State::kOutside) return malformed("the last block is not closed by >>>>>>> REPLACE");
  return blocks;
}

bool says_no_changes(std::string_view reply) {
  std::string s(trim(reply));
  while (!s.empty() && s.back() == '.') s.pop_back();
  for (char& c : s)
    c = c == '_' ? ' ' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s == "NO CHANGES";
}

bool is_fence(std::string_view line) { return trim(line).substr(0, 3) == "```"; }

// The content between the first fence line and the last one after it.
std::optional<std::string> fenced_content(const std::vector<std::string_view>& lines) {
  const auto open = std::find_if(lines.begin(), lines.end(), is_fence);
  if (open == lines.end()) return std::nullopt;
  auto close = lines.end();
  for (auto it = open + 1; it != lines.end(); ++it) {
    if (trim(*it) == "```") close = it;
  }
  if (close == lines.end()) return std::nullopt;
  std::string out;
  for (auto it = open + 1; it != close; ++it) out.append(*it).push_back('\n');
  return out;
}

Result<std::string> parse_new_content(std::string_view reply,
                                      const std::vector<std::string_view>& lines) {
  if (std::any_of(lines.begin(), lines.end(),
                  [](std::string_view l) { return marker_kind(l) == Marker::kSearch; })) {
    TRY_ASSIGN(auto blocks, parse_blocks(lines));
    if (blocks.size() != 1 || !blocks[0].search.empty()) {
      return malformed("a new file needs its whole content, not search/replace blocks");
    }
    return blocks[0].replace;
  }
  if (auto fenced = fenced_content(lines)) return *fenced;
  if (trim(reply).empty()) return malformed("the reply is empty");
  std::string out(reply);
  if (out.back() != '\n') out.push_back('\n');
  return out;
}

std::string first_line(std::string_view text) {
  return std::string(trim(text.substr(0, text.find('\n'))).substr(0, 80));
}

// When the file's last line has no line break but the model's copy of it has
// one: where `search` minus that break ends the file (and occurs nowhere
// else), trimming the same break from `replace`; npos otherwise.
size_t match_at_unterminated_end(const std::string& content, std::string& search,
                                 std::string& replace) {
  if (content.empty() || content.back() == '\n' || search.back() != '\n') return std::string::npos;
  const std::string_view bare(search.data(), search.size() - 1);
  if (!content.ends_with(bare) || content.find(bare) != content.size() - bare.size()) {
    return std::string::npos;
  }
  search.pop_back();
  if (!replace.empty() && replace.back() == '\n') replace.pop_back();
  return content.size() - search.size();
}

}  // namespace

const char* action_name(Action action) { return action == Action::kCreate ? "create" : "modify"; }

std::string format_instructions(Action action) {
  if (action == Action::kCreate) {
    return "Reply with the complete content of the new file in one ``` fenced block, and nothing "
           "else.";
  }
  return "Reply with one or more search/replace blocks and nothing else. Each block is:\n"
         "<<<<<<< SEARCH\n"
         "lines copied exactly from the current file, enough to be unique\n"
         "=======\n"
         "the lines that replace them\n"
         ">>>>>>> REPLACE\n"
         "Copy SEARCH lines character for character, indentation included. Keep blocks small. "
         "If the file needs no change, reply exactly NO CHANGES.";
}

Result<FileEdit> parse_reply(std::string_view reply, const std::string& path, Action action) {
  FileEdit edit{path, action, {}, {}};
  const auto lines = split_lines(reply);
  if (action == Action::kCreate) {
    TRY_ASSIGN(edit.content, parse_new_content(reply, lines));
    return edit;
  }
  if (says_no_changes(reply)) return edit;
  TRY_ASSIGN(edit.blocks, parse_blocks(lines));
  if (edit.blocks.empty()) {
    return malformed("the reply has no <<<<<<< SEARCH / ======= / >>>>>>> REPLACE block");
  }
  return edit;
}

Result<std::string> apply_blocks(std::string content, const std::vector<SearchReplace>& blocks) {
  for (size_t i = 0; i < blocks.size(); ++i) {
    const auto& b = blocks[i];
    const std::string which =
        "block " + std::to_string(i + 1) + " of " + std::to_string(blocks.size());
    if (b.search.empty()) {
      if (!content.empty()) return malformed(which + " has an empty SEARCH part");
      content = b.replace;
      continue;
    }
    size_t at = content.find(b.search);
    if (at != std::string::npos && content.find(b.search, at + 1) != std::string::npos) {
      return malformed(which + ": the SEARCH text occurs more than once (starting '" +
                       first_line(b.search) + "'); add lines to make it unique");
    }
    std::string search = b.search, replace = b.replace;
    if (at == std::string::npos) at = match_at_unterminated_end(content, search, replace);
    if (at == std::string::npos) {
      return malformed(which + ": the SEARCH text was not found (starting '" +
                       first_line(b.search) + "'); copy the lines exactly");
    }
    content.replace(at, search.size(), replace);
  }
  return content;
}

}  // namespace stc::agent::edit
