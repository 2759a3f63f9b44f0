// The co-change clusters as a small graph: one panel per cluster, its files
// on a circle (most connected first, from the top, clockwise), an edge per
// pair as wide as its shared commits, labelled with the count. Each node
// shows the file's base name; its full path is the node's tooltip.

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "core/html.h"
#include "indexer/report/repo_report.h"

namespace stc::indexer {
namespace {

constexpr double kPanelW = 540, kPanelH = 330, kRadius = 100;
constexpr const char* kColors[] = {"#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e"};

std::string num(double v) { return stc::fixed(v, 1); }

std::string base_name(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

struct Node {
  double x, y;
  bool left;  // label on the left of the node
};

std::map<std::string, Node> layout(const CochangeCluster& c, double cx, double cy) {
  std::map<std::string, Node> at;
  const double n = static_cast<double>(c.files.size());
  for (size_t i = 0; i < c.files.size(); ++i) {
    const double angle = -M_PI / 2 + 2 * M_PI * static_cast<double>(i) / n;
    const double x = cx + kRadius * std::cos(angle), y = cy + kRadius * std::sin(angle);
    at[c.files[i]] = {x, y, std::cos(angle) < -1e-6};
  }
  return at;
}

std::string edges(const CochangeCluster& c, const std::map<std::string, Node>& at,
                  const char* color) {
  int64_t top = 1;
  for (const auto& e : c.edges) top = std::max(top, e.together);
  std::string s;
  for (const auto& e : c.edges) {
    const Node& a = at.at(e.a);
    const Node& b = at.at(e.b);
    const double w = 1 + 5 * static_cast<double>(e.together) / static_cast<double>(top);
    s += "<line x1=\"" + num(a.x) + "\" y1=\"" + num(a.y) + "\" x2=\"" + num(b.x) + "\" y2=\"" +
         num(b.y) + "\" stroke=\"" + color + "\" stroke-opacity=\"0.45\" stroke-width=\"" + num(w) +
         "\"><title>" + stc::escape(e.a + " + " + e.b) + ": " + std::to_string(e.together) +
         " commits together</title></line>\n";
  }
  return s;
}

std::string nodes(const std::map<std::string, Node>& at, const char* color) {
  std::string s;
  for (const auto& [path, n] : at) {
    const double lx = n.x + (n.left ? -9 : 9);
    s += "<g><title>" + stc::escape(path) + "</title><circle cx=\"" + num(n.x) + "\" cy=\"" +
         num(n.y) + "\" r=\"6\" fill=\"" + color + "\" stroke=\"white\" stroke-width=\"1.5\"/>";
    s += "<text x=\"" + num(lx) + "\" y=\"" + num(n.y + 4) + "\" font-size=\"11\" text-anchor=\"" +
         (n.left ? "end" : "start") + "\">" + stc::escape(base_name(path)) + "</text></g>\n";
  }
  return s;
}

std::string panel(const CochangeCluster& c, size_t index, double ox, double oy) {
  const char* color = kColors[index % 4];
  std::string s = "<rect x=\"" + num(ox + 4) + "\" y=\"" + num(oy + 4) + "\" width=\"" +
                  num(kPanelW - 8) + "\" height=\"" + num(kPanelH - 8) +
                  "\" rx=\"6\" fill=\"#fafbfc\" stroke=\"#e1e4e8\"/>\n";
  s += "<text x=\"" + num(ox + 16) + "\" y=\"" + num(oy + 24) +
       "\" font-size=\"12\" font-weight=\"bold\">cluster " + std::to_string(index + 1) + ": " +
       std::to_string(c.files.size()) + " files, " + std::to_string(c.weight) +
       " shared commits</text>\n";
  const auto at = layout(c, ox + kPanelW / 2, oy + kPanelH / 2 + 12);
  return s + edges(c, at, color) + nodes(at, color);
}

}  // namespace

std::string render_cluster_svg(const std::vector<CochangeCluster>& clusters) {
  if (clusters.empty()) return "";
  const size_t cols = clusters.size() > 1 ? 2 : 1;
  const size_t rows = (clusters.size() + cols - 1) / cols;
  const double w = kPanelW * static_cast<double>(cols), h = kPanelH * static_cast<double>(rows);
  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(w) + "\" height=\"" +
                  num(h) + "\" viewBox=\"0 0 " + num(w) + " " + num(h) +
                  "\" font-family=\"sans-serif\" role=\"img\" "
                  "aria-label=\"files that change together\">\n";
  for (size_t i = 0; i < clusters.size(); ++i) {
    s += panel(clusters[i], i, kPanelW * static_cast<double>(i % cols),
               kPanelH * static_cast<double>(i / cols));
  }
  return s + "</svg>\n";
}

}  // namespace stc::indexer
