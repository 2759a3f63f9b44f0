#include "indexer/sleep/rollups.h"

#include <algorithm>
#include <map>
#include <numeric>

#include "core/text.h"

namespace stc::indexer::sleep {
namespace {

void by_weight(std::vector<RollupItem>& items) {
  std::stable_sort(items.begin(), items.end(),
                   [](const RollupItem& a, const RollupItem& b) { return a.weight > b.weight; });
}

}  // namespace

std::vector<size_t> dir_rollup_shown(const std::vector<RollupItem>& items) {
  constexpr size_t kKeyFiles = 6;
  std::vector<size_t> order(items.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return items[a].weight > items[b].weight; });
  std::vector<size_t> out;
  for (size_t i : order) {
    if (out.size() >= kKeyFiles) break;
    if (items[i].key) out.push_back(i);
  }
  return out;
}

Rollup offline_dir_rollup(const std::string& dir, std::vector<RollupItem> items) {
  Rollup r;
  std::map<std::string, int> langs;
  size_t files = 0;
  for (const auto& it : items) {
    if (!it.language.empty()) ++langs[it.language];
    if (!stc::ends_with(it.path, "/")) ++files;
  }
  for (const auto& [lang, n] : langs) r.languages.push_back(lang);
  (void)dir;
  std::string s = std::to_string(files) + " file" + (files == 1 ? "" : "s");
  const size_t subdirs = items.size() - files;
  if (subdirs) s += ", " + std::to_string(subdirs) + " director" + (subdirs == 1 ? "y" : "ies");
  if (!r.languages.empty()) s += " (" + stc::join(r.languages, ", ") + ")";
  s += ".";
  std::vector<std::string> parts;
  for (size_t i : dir_rollup_shown(items)) {
    const RollupItem& it = items[i];
    r.key_files.push_back(it.path);
    parts.push_back("`" + it.path + "`" + (it.line.empty() ? "" : " — " + it.line));
  }
  if (!parts.empty()) s += " Key: " + stc::join(parts, "; ") + ".";
  r.summary = stc::truncate_utf8(s, 1500);
  return r;
}

Rollup offline_overview(const std::string& readme_paragraph, std::vector<RollupItem> top_dirs,
                        const std::vector<RollupItem>& key_files,
                        const std::vector<std::pair<std::string, int>>& languages,
                        const std::vector<std::string>& entry_points) {
  Rollup r;
  std::string s = readme_paragraph.empty() ? "" : readme_paragraph + "\n";
  std::vector<std::string> langs;
  for (const auto& [lang, n] : languages) {
    r.languages.push_back(lang);
    langs.push_back(lang + " (" + std::to_string(n) + ")");
  }
  if (!langs.empty()) s += "Languages: " + stc::join(langs, ", ") + ".\n";
  std::vector<std::string> keys;
  for (size_t i = 0; i < key_files.size() && i < 8; ++i) {
    keys.push_back("`" + key_files[i].path + "`" +
                   (key_files[i].line.empty() ? "" : " — " + key_files[i].line));
    r.key_files.push_back(key_files[i].path);
  }
  if (!keys.empty()) s += "Key files: " + stc::join(keys, "; ") + "\n";
  by_weight(top_dirs);
  for (size_t i = 0; i < top_dirs.size() && i < 12; ++i) {
    s += "- `" + top_dirs[i].path + "`" +
         (top_dirs[i].line.empty() ? "" : ": " + top_dirs[i].line) + "\n";
  }
  for (const auto& d : top_dirs) {
    if (d.key) r.key_files.push_back(d.path);
  }
  if (!entry_points.empty()) {
    std::vector<std::string> quoted;
    for (size_t i = 0; i < entry_points.size() && i < 8; ++i)
      quoted.push_back("`" + entry_points[i] + "`");
    s += "Entry points: " + stc::join(quoted, ", ") + ".\n";
  }
  r.summary = stc::truncate_utf8(s, 4000);
  return r;
}

std::string readme_paragraph(const std::string& readme) {
  std::string para;
  for (auto line : stc::split(readme, '\n')) {
    const auto t = stc::trim(line);
    const bool skip = t.empty() || t[0] == '#' || t[0] == '[' || t[0] == '!' || t[0] == '<' ||
                      t[0] == '=' || t[0] == '-' || t[0] == '`' || t[0] == '|';
    if (skip) {
      if (!para.empty()) break;
      continue;
    }
    para += (para.empty() ? "" : " ") + std::string(t);
  }
  return stc::truncate_utf8(para, 600);
}

}  // namespace stc::indexer::sleep
