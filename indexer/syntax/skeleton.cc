#include "indexer/syntax/skeleton.h"

#include "core/text.h"

namespace stc::indexer::syntax {

std::string first_doc_line(const std::string& doc) {
  // The first sentence of the first paragraph, which may span several lines.
  std::string para;
  for (auto line : stc::split(doc, '\n')) {
    const auto t = stc::trim(line);
    if (t.empty()) {
      if (para.empty()) continue;
      break;
    }
    para += (para.empty() ? "" : " ") + std::string(t);
  }
  for (size_t i = 0; i + 1 < para.size(); ++i) {
    if ((para[i] == '.' || para[i] == '!' || para[i] == '?') && para[i + 1] == ' ') {
      para.resize(i + 1);
      break;
    }
  }
  return stc::truncate_utf8(para, 160);
}

std::string render_skeleton(const FileFacts& facts, size_t max_bytes) {
  std::string out;
  const auto& defs = facts.definitions;
  std::vector<int> depth(defs.size(), 0);
  for (size_t i = 0; i < defs.size(); ++i) {
    if (defs[i].parent >= 0) depth[i] = depth[static_cast<size_t>(defs[i].parent)] + 1;
    std::string line(static_cast<size_t>(2 * depth[i]), ' ');
    line += defs[i].signature.empty() ? defs[i].kind + " " + defs[i].name : defs[i].signature;
    line += "  [L" + std::to_string(defs[i].start_line);
    if (defs[i].end_line > defs[i].start_line) line += "-" + std::to_string(defs[i].end_line);
    line += "]";
    const std::string doc = first_doc_line(defs[i].doc);
    if (!doc.empty()) line += "  # " + doc;
    line += "\n";
    if (out.size() + line.size() > max_bytes) {
      out += "... (" + std::to_string(defs.size() - i) + " more definitions)\n";
      break;
    }
    out += line;
  }
  return out;
}

}  // namespace stc::indexer::syntax
