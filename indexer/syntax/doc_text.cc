#include "indexer/syntax/doc_text.h"

#include <algorithm>
#include <map>

#include "core/text.h"

namespace stc::indexer::syntax {
namespace {

constexpr size_t kMaxProse = 6 * 1024;

bool is_underline(std::string_view line, size_t title_len) {
  line = stc::trim(line);
  if (line.size() < 3 || line.size() + 2 < title_len) return false;
  return std::all_of(line.begin(), line.end(), [&](char c) { return c == line[0]; }) &&
         std::string_view("=-~^*#+").find(line[0]) != std::string_view::npos;
}

// "## Title" (Markdown) or "= Title" (AsciiDoc): the title, else "".
std::string atx_heading(std::string_view line) {
  size_t n = 0;
  while (n < line.size() && (line[n] == '#' || line[n] == '=')) ++n;
  if (n == 0 || n > 6 || n >= line.size() || line[n] != ' ') return "";
  return std::string(stc::trim(line.substr(n)));
}

void add_code_spans(std::string_view line, std::map<std::string, int>& refs) {
  for (size_t a = line.find('`'); a != std::string_view::npos; a = line.find('`', a + 1)) {
    const size_t b = line.find('`', a + 1);
    if (b == std::string_view::npos) break;
    for (auto& w : stc::split_words(line.substr(a + 1, b - a - 1))) {
      if (w.size() > 2) ++refs[w];
    }
    a = b;
  }
}

}  // namespace

bool is_doc_path(std::string_view path) {
  const size_t slash = path.rfind('/');
  const std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  auto iequals = [](std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             return (x >= 'A' && x <= 'Z' ? static_cast<char>(x - 'A' + 'a') : x) == y;
           });
  };
  for (std::string_view name : {"changes", "changelog", "history", "news", "authors"}) {
    if (iequals(base, name)) return true;
  }
  const size_t dot = base.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return false;
  for (std::string_view ext : {".md", ".markdown", ".rst", ".adoc", ".txt"}) {
    if (iequals(base.substr(dot), ext)) return true;
  }
  return false;
}

FileFacts extract_doc(std::string_view source) {
  FileFacts facts;
  std::map<std::string, int> refs;
  const auto lines = stc::split(source, '\n');
  facts.lines = static_cast<uint32_t>(lines.size());
  std::string prose;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    std::string title = atx_heading(line);
    if (title.empty() && i + 1 < lines.size() && !stc::trim(line).empty() &&
        is_underline(lines[i + 1], stc::trim(line).size())) {
      title = std::string(stc::trim(line));
    }
    if (!title.empty()) {
      Definition d;
      d.kind = "section";
      d.name = stc::sanitize_utf8(stc::truncate_utf8(title, 120));
      d.start_line = d.end_line = static_cast<uint32_t>(i + 1);
      facts.definitions.push_back(std::move(d));
    }
    add_code_spans(line, refs);
    if (prose.size() >= kMaxProse || is_underline(line, 0)) continue;
    prose += (title.empty() ? std::string(line) : title + ".") + "\n";
  }
  facts.module_doc = stc::sanitize_utf8(stc::truncate_utf8(prose, kMaxProse));
  std::vector<std::pair<std::string, int>> by_count(refs.begin(), refs.end());
  std::stable_sort(by_count.begin(), by_count.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  for (size_t i = 0; i < by_count.size() && i < 200; ++i)
    facts.references.push_back(by_count[i].first);
  return facts;
}

}  // namespace stc::indexer::syntax
