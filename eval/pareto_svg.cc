// pareto.svg: mean F1 (gold_all) against mean test-time tokens, one line per
// mode with a distinct marker, a standard-error bar on every point, and the
// budgets as labels; log-scaled token axis. Written directly as SVG (no
// plotting dependency): the chart is two polylines, axes and a legend, and the
// file renders in any browser.
//
// Labels never overlap: points that coincide on the chart share one label
// ("1000–8000"), and each label takes the first candidate position (above,
// below, right, left, then further out) whose box is clear of the other
// labels, the markers, the error bars and both lines.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "eval/summary.h"

namespace stc::eval {
namespace {

constexpr double kWidth = 760, kHeight = 460;
constexpr double kLeft = 70, kRight = 190, kTop = 40, kBottom = 60;
constexpr double kLabelSize = 10, kCharWidth = 6.0, kLabelHeight = 11;

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

struct Box {
  double x0, y0, x1, y1;
  [[nodiscard]] bool hits(const Box& o) const {
    return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1;
  }
  [[nodiscard]] bool contains(double x, double y) const {
    return x >= x0 && x <= x1 && y >= y0 && y <= y1;
  }
};

struct Segment {
  double x0, y0, x1, y1;
};

/// Everything a label must stay clear of.
struct Obstacles {
  std::vector<Box> boxes;
  std::vector<Segment> segments;
  [[nodiscard]] bool clear(const Box& b) const {
    if (b.x0 < kLeft || b.x1 > kWidth - kRight + 40 || b.y0 < kTop - 14 || b.y1 > kHeight - kBottom)
      return false;
    for (const Box& o : boxes) {
      if (o.hits(b)) return false;
    }
    const Box wide{b.x0 - 1.5, b.y0 - 1.5, b.x1 + 1.5, b.y1 + 1.5};  // lines are 2 px wide
    for (const Segment& s : segments) {
      const int steps = 2 + static_cast<int>(std::hypot(s.x1 - s.x0, s.y1 - s.y0));
      for (int i = 0; i <= steps; ++i) {
        const double t = i / static_cast<double>(steps);
        if (wide.contains(s.x0 + t * (s.x1 - s.x0), s.y0 + t * (s.y1 - s.y0))) return false;
      }
    }
    return true;
  }
};

/// One mode's points as drawn: position, error bar, label.
struct Point {
  double x, y, y_lo, y_hi;
  std::string label;  // budgets; "" for points folded into an earlier coinciding one
};

struct Series {
  std::string mode;
  const char* color;
  bool square;  // marker shape: circle (index) or square (baseline)
  int64_t tasks = 0;
  std::vector<Point> points;
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

std::string line(double x1, double y1, double x2, double y2, const char* stroke,
                 const char* extra = "") {
  return "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" +
         num(y2) + "\" stroke=\"" + stroke + "\"" + extra + "/>\n";
}

std::string marker(double x, double y, const Series& s) {
  if (s.square) {
    return "<rect x=\"" + num(x - 4) + "\" y=\"" + num(y - 4) +
           "\" width=\"8\" height=\"8\" fill=\"" + s.color + "\"/>\n";
  }
  return "<circle cx=\"" + num(x) + "\" cy=\"" + num(y) + "\" r=\"4.5\" fill=\"" + s.color +
         "\"/>\n";
}

Axes axes_for(const std::vector<CellStats>& cells) {
  double lo = 1e18, hi = 1, f1 = 0;
  for (const CellStats& c : cells) {
    lo = std::min(lo, std::max(c.test_tokens, 1.0));
    hi = std::max(hi, c.test_tokens);
    f1 = std::max(f1, c.f1_all + c.f1_se);
  }
  if (cells.empty()) lo = 1;
  const double y_hi = std::min(1.0, std::max(0.1, std::ceil(f1 * 10 + 0.5) / 10));
  return {std::floor(std::log10(lo)),
          std::max(std::ceil(std::log10(hi)), std::floor(std::log10(lo)) + 1), y_hi};
}

std::string grid(const Axes& a) {
  std::string s;
  const double x0 = kLeft, x1 = kWidth - kRight, y0 = kHeight - kBottom, y1 = kTop;
  const int ticks = static_cast<int>(std::lround(a.y_hi * 10));  // every 0.1
  for (int i = 0; i <= ticks; ++i) {
    const double f = i / 10.0, y = a.y(f);
    s += line(x0, y, x1, y, "#e5e5e5") + text_at(x0 - 8, y + 4, num(f), "end");
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
       num((y0 + y1) / 2) + ")\">mean F1 (gold_all) ± standard error</text>\n";
  return s;
}

/// The points of one mode; a point within 3 px of the previous labelled one
/// joins its label ("1000–8000") instead of getting its own.
Series series_of(const Axes& a, const std::vector<const CellStats*>& cells, const std::string& mode,
                 int slot) {
  Series s{mode, slot == 0 ? "#1f77b4" : "#d62728", slot != 0, 0, {}};
  size_t head = 0;
  std::string first, last;
  for (const CellStats* c : cells) {
    s.tasks = std::max(s.tasks, c->tasks);
    Point p{a.x(c->test_tokens), a.y(c->f1_all), a.y(std::max(0.0, c->f1_all - c->f1_se)),
            a.y(c->f1_all + c->f1_se), std::to_string(c->budget)};
    if (!s.points.empty() && std::abs(p.x - s.points[head].x) < 3 &&
        std::abs(p.y - s.points[head].y) < 3) {
      last = p.label;
      s.points[head].label = first + "\u2013" + last;
      p.label.clear();
    } else {
      head = s.points.size();
      first = p.label;
    }
    s.points.push_back(p);
  }
  return s;
}

void add_obstacles(const Series& s, Obstacles& obs) {
  for (size_t i = 0; i < s.points.size(); ++i) {
    const Point& p = s.points[i];
    obs.boxes.push_back({p.x - 5, p.y - 5, p.x + 5, p.y + 5});
    obs.segments.push_back({p.x, p.y_lo, p.x, p.y_hi});
    if (i > 0) obs.segments.push_back({s.points[i - 1].x, s.points[i - 1].y, p.x, p.y});
  }
}

/// Places one label at the first clear candidate; the preferred side first.
std::string place_label(const Point& p, bool below_first, Obstacles& obs) {
  const double w =
      kCharWidth * static_cast<double>(std::count_if(p.label.begin(), p.label.end(),
                                                     [](char c) { return (c & 0xC0) != 0x80; }));
  const double h = kLabelHeight;
  std::vector<std::pair<double, double>> offsets;  // centre of the box relative to the point
  for (const double d : {0.0, 8.0, 16.0, 26.0}) {
    const double up = -(11 + d), down = 11 + d;
    offsets.push_back({0, below_first ? down : up});
    offsets.push_back({0, below_first ? up : down});
    offsets.push_back({w / 2 + 9 + d, 0});
    offsets.push_back({-(w / 2 + 9 + d), 0});
    offsets.push_back({w / 2 + 4 + d, below_first ? down : up});
    offsets.push_back({-(w / 2 + 4 + d), below_first ? down : up});
  }
  for (const auto& [dx, dy] : offsets) {
    const Box b{p.x + dx - w / 2, p.y + dy - h / 2, p.x + dx + w / 2, p.y + dy + h / 2};
    if (!obs.clear(b)) continue;
    obs.boxes.push_back(b);
    return text_at(p.x + dx, p.y + dy + 3.5, p.label, "middle", static_cast<int>(kLabelSize));
  }
  const double dy = below_first ? 14 : -8;  // nowhere clear: the preferred side
  return text_at(p.x, p.y + dy, p.label, "middle", static_cast<int>(kLabelSize));
}

std::string draw_series(const Series& s) {
  std::string out = "<polyline fill=\"none\" stroke-width=\"2\" stroke=\"" + std::string(s.color) +
                    "\" points=\"";
  for (const Point& p : s.points) out += num(p.x) + "," + num(p.y) + " ";
  out += "\"/>\n";
  for (const Point& p : s.points) {
    if (p.y_lo - p.y_hi > 1) {
      out += line(p.x, p.y_lo, p.x, p.y_hi, s.color, " stroke-width=\"1.2\"");
      out += line(p.x - 3.5, p.y_lo, p.x + 3.5, p.y_lo, s.color, " stroke-width=\"1.2\"");
      out += line(p.x - 3.5, p.y_hi, p.x + 3.5, p.y_hi, s.color, " stroke-width=\"1.2\"");
    }
    out += marker(p.x, p.y, s);
  }
  return out;
}

std::string legend(const std::vector<Series>& all) {
  std::string out;
  for (size_t i = 0; i < all.size(); ++i) {
    const Series& s = all[i];
    const double ly = kTop + 10 + static_cast<double>(i) * 24, lx = kWidth - kRight + 36;
    out += line(lx, ly, lx + 28, ly, s.color, " stroke-width=\"2\"") + marker(lx + 14, ly, s);
    out += text_at(lx + 36, ly + 4, s.mode + " (n = " + std::to_string(s.tasks) + ")", "start");
  }
  const double ly = kTop + 10 + static_cast<double>(all.size()) * 24 + 6;
  out += text_at(kWidth - kRight + 36, ly, "n: tasks per point", "start", 11);
  out += text_at(kWidth - kRight + 36, ly + 16, "labels: budgets", "start", 11);
  out += text_at(kWidth - kRight + 36, ly + 32, "bars: ± standard error", "start", 11);
  return out;
}

}  // namespace

std::string render_pareto_svg(const Summary& summary, const GroupSummary* group) {
  const GroupSummary& g = group ? *group : summary.overall;
  const Axes a = axes_for(g.cells);
  std::map<std::string, std::vector<const CellStats*>> by_mode;
  for (const CellStats& c : g.cells) by_mode[c.mode].push_back(&c);
  std::vector<Series> all;
  for (const char* mode : {"index", "baseline"}) {
    auto it = by_mode.find(mode);
    if (it != by_mode.end())
      all.push_back(series_of(a, it->second, mode, static_cast<int>(all.size())));
  }
  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(kWidth) +
                  "\" height=\"" + num(kHeight) + "\" viewBox=\"0 0 " + num(kWidth) + " " +
                  num(kHeight) + "\" font-family=\"sans-serif\">\n";
  s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  const std::string name =
      !group && summary.repos.size() == 1 ? summary.repos.front().name : g.name;
  s += text_at(kWidth / 2, 22, "F1 vs test-time tokens: " + name, "middle", 14);
  s += grid(a);
  Obstacles obs;
  for (const Series& sr : all) add_obstacles(sr, obs);
  for (const Series& sr : all) s += draw_series(sr);
  for (size_t i = 0; i < all.size(); ++i) {
    // The lower line labels below its points, the upper one above.
    for (const Point& p : all[i].points) {
      if (!p.label.empty()) s += place_label(p, i == 1, obs);
    }
  }
  return s + legend(all) + "</svg>\n";
}

}  // namespace stc::eval
