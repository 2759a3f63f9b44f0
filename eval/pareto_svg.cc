// pareto.svg: mean F1 (gold_all) against mean test-time tokens, one line per
// mode, each point labelled with its budget; log-scaled token axis. Written
// directly as SVG (no plotting dependency): the chart is two polylines, axes
// and a legend, and the file renders in any browser.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>

#include "eval/summary.h"

namespace stc::eval {
namespace {

constexpr double kWidth = 720, kHeight = 440;
constexpr double kLeft = 70, kRight = 150, kTop = 40, kBottom = 60;

struct Axes {
  double x_lo, x_hi, y_hi;
  [[nodiscard]] double x(double tokens) const {
    const double t = (std::log10(std::max(tokens, 1.0)) - x_lo) / (x_hi - x_lo);
    return kLeft + t * (kWidth - kLeft - kRight);
  }
  [[nodiscard]] double y(double f1) const {
    return kHeight - kBottom - f1 / y_hi * (kHeight - kTop - kBottom);
  }
};

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '&')
      out += "&amp;";
    else
      out += c;
  }
  return out;
}

std::string text_at(double x, double y, const std::string& s, const char* anchor = "middle",
                    int size = 12) {
  return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" font-size=\"" + std::to_string(size) +
         "\" text-anchor=\"" + anchor + "\">" + escape(s) + "</text>\n";
}

std::string line(double x1, double y1, double x2, double y2, const char* stroke) {
  return "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" +
         num(y2) + "\" stroke=\"" + stroke + "\"/>\n";
}

Axes axes_for(const std::vector<CellStats>& cells) {
  double lo = 1e18, hi = 1, f1 = 0;
  for (const CellStats& c : cells) {
    lo = std::min(lo, std::max(c.test_tokens, 1.0));
    hi = std::max(hi, c.test_tokens);
    f1 = std::max(f1, c.f1_all);
  }
  if (cells.empty()) lo = 1;
  const double y_hi = std::min(1.0, std::max(0.1, std::ceil(f1 * 10 + 0.5) / 10));
  return {std::floor(std::log10(lo)),
          std::max(std::ceil(std::log10(hi)), std::floor(std::log10(lo)) + 1), y_hi};
}

std::string grid(const Axes& a) {
  std::string s;
  const double x0 = kLeft, x1 = kWidth - kRight, y0 = kHeight - kBottom, y1 = kTop;
  for (int i = 0; i <= 5; ++i) {
    const double f = a.y_hi * i / 5, y = a.y(f);
    s += line(x0, y, x1, y, "#e5e5e5") + text_at(x0 - 8, y + 4, num(f).substr(0, 4), "end");
  }
  for (double d = a.x_lo; d <= a.x_hi + 1e-9; d += 1) {
    for (const double m : {1.0, 2.0, 5.0}) {
      const double v = m * std::pow(10, d), x = a.x(v);
      if (x > x1 + 0.5) break;
      s += line(x, y0, x, y1, m == 1 ? "#d0d0d0" : "#f0f0f0");
      s += text_at(x, y0 + 18, std::to_string(static_cast<long long>(v)));
    }
  }
  s += line(x0, y0, x1, y0, "#333") + line(x0, y0, x0, y1, "#333");
  s += text_at((x0 + x1) / 2, kHeight - 18, "mean test-time tokens per task (log scale)");
  s += "<text x=\"18\" y=\"" + num((y0 + y1) / 2) +
       "\" font-size=\"12\" text-anchor=\"middle\" "
       "transform=\"rotate(-90 18 " +
       num((y0 + y1) / 2) + ")\">mean F1 (gold_all)</text>\n";
  return s;
}

std::string series(const Axes& a, const std::vector<const CellStats*>& pts, const char* color,
                   const std::string& mode, int slot) {
  std::string s =
      "<polyline fill=\"none\" stroke-width=\"2\" stroke=\"" + std::string(color) + "\" points=\"";
  for (const CellStats* c : pts) s += num(a.x(c->test_tokens)) + "," + num(a.y(c->f1_all)) + " ";
  s += "\"/>\n";
  for (const CellStats* c : pts) {
    const double x = a.x(c->test_tokens), y = a.y(c->f1_all);
    s += "<circle cx=\"" + num(x) + "\" cy=\"" + num(y) + "\" r=\"4\" fill=\"" + color + "\"/>\n";
    s += text_at(x, y + (slot == 0 ? -9 : 17), std::to_string(c->budget), "middle", 10);
  }
  const double ly = kTop + 10 + slot * 22, lx = kWidth - kRight + 20;
  s += line(lx, ly, lx + 24, ly, color);
  s += text_at(lx + 30, ly + 4, mode, "start");
  return s;
}

}  // namespace

std::string render_pareto_svg(const Summary& summary) {
  const GroupSummary& g = summary.overall;
  const Axes a = axes_for(g.cells);
  std::map<std::string, std::vector<const CellStats*>> by_mode;
  for (const CellStats& c : g.cells) by_mode[c.mode].push_back(&c);
  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(kWidth) +
                  "\" height=\"" + num(kHeight) + "\" viewBox=\"0 0 " + num(kWidth) + " " +
                  num(kHeight) + "\" font-family=\"sans-serif\">\n";
  s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  std::string title = "F1 vs test-time tokens: " +
                      (summary.repos.size() == 1 ? summary.repos.front().name : g.name) + " (" +
                      std::to_string(g.tasks) + " tasks; labels are budgets)";
  s += text_at(kWidth / 2, 22, title, "middle", 14);
  s += grid(a);
  int slot = 0;
  for (const char* mode : {"index", "baseline"}) {
    auto it = by_mode.find(mode);
    if (it == by_mode.end()) continue;
    s += series(a, it->second, slot == 0 ? "#1f77b4" : "#d62728", mode, slot);
    ++slot;
  }
  return s + "</svg>\n";
}

}  // namespace stc::eval
