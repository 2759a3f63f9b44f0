// The plot (standard-error bars, labels that never overlap, a legend with
// markers and n) and the HTML report, on hand-made rows shaped like a real
// run: both modes flat above 500 tokens, so several budgets coincide.

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <regex>
#include <string>
#include <vector>

#include "eval/summary.h"

namespace stc::eval {
namespace {

ResultRow make_row(const std::string& task, const std::string& mode, int64_t budget, double f1,
                   int64_t tokens) {
  ResultRow r;
  r.task = task;
  r.repo = "gin";
  r.mode = mode;
  r.budget = budget;
  r.scores.all.f1 = f1;
  r.prompt_tokens = tokens;
  r.description = "add <b>context</b> & binding";
  r.gold = {"context.go", "binding/form.go"};
  r.files = {"context.go", "gin.go"};
  r.reasons = {"defines Context", "imports context.go"};
  return r;
}

/// Four tasks whose F1 differ by +-0.1 around the cell's mean; index and
/// baseline close together, budgets 1000..8000 on the same point per mode.
std::vector<ResultRow> gin_like() {
  struct Cell {
    const char* mode;
    int64_t budget;
    double f1;
    int64_t tokens;
  };
  const std::vector<Cell> cells = {{"index", 150, 0.346, 129},     {"index", 250, 0.426, 208},
                                   {"index", 500, 0.413, 316},     {"index", 1000, 0.411, 320},
                                   {"index", 2000, 0.411, 320},    {"index", 4000, 0.411, 320},
                                   {"index", 8000, 0.411, 320},    {"baseline", 150, 0.325, 131},
                                   {"baseline", 250, 0.371, 225},  {"baseline", 500, 0.372, 396},
                                   {"baseline", 1000, 0.366, 414}, {"baseline", 2000, 0.366, 414},
                                   {"baseline", 4000, 0.366, 414}, {"baseline", 8000, 0.366, 414}};
  std::vector<ResultRow> out;
  const double delta[] = {-0.1, 0.1, -0.1, 0.1};
  for (int t = 0; t < 4; ++t) {
    for (const Cell& c : cells) {
      out.push_back(
          make_row("gin-" + std::to_string(t), c.mode, c.budget, c.f1 + delta[t], c.tokens));
    }
  }
  return out;
}

struct Label {
  double x, y;
  std::string text;
};

/// The budget labels (font-size 10) of the plot.
std::vector<Label> labels_of(const std::string& svg) {
  std::vector<Label> out;
  const std::regex re(
      R"re(<text x="([0-9.]+)" y="([0-9.]+)" font-size="10"[^>]*>([^<]*)</text>)re");
  for (std::sregex_iterator it(svg.begin(), svg.end(), re), end; it != end; ++it) {
    out.push_back({std::stod((*it)[1]), std::stod((*it)[2]), (*it)[3]});
  }
  return out;
}

size_t characters(const std::string& s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

size_t count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

TEST(ReportRenderTest, StandardErrorIsTheSampleDeviationOverRootN) {
  const Summary s = summarize(gin_like());
  ASSERT_FALSE(s.overall.cells.empty());
  // F1 0.246, 0.446, 0.246, 0.446: squared deviations 4 x 0.01 over n - 1 = 3.
  const double mean = 0.346, sd = std::sqrt(4 * 0.01 / 3.0);
  EXPECT_NEAR(s.overall.cells[0].f1_all, mean, 1e-9);
  EXPECT_NEAR(s.overall.cells[0].f1_se, sd / 2.0, 1e-9);
  EXPECT_NE(summary_to_json(s).find("\"f1_se\""), std::string::npos);
  EXPECT_NE(render_report_md(s).find("| ± se |"), std::string::npos);
}

TEST(ReportRenderTest, CoincidingPointsShareOneLabel) {
  const std::string svg = render_pareto_svg(summarize(gin_like()));
  const auto labels = labels_of(svg);
  std::vector<std::string> texts;
  for (const Label& l : labels) texts.push_back(l.text);
  // Index: 150, 250, and 500..8000 within 3 px of each other; baseline: 150,
  // 250, 500 and the four coinciding budgets 1000..8000.
  ASSERT_EQ(labels.size(), 7u) << svg;
  EXPECT_EQ(count(svg, ">500\u20138000</text>"), 1u) << svg;
  EXPECT_EQ(count(svg, ">1000\u20138000</text>"), 1u) << svg;
  EXPECT_EQ(count(svg, ">2000</text>"), 0u) << svg;
}

TEST(ReportRenderTest, LabelsOverlapNeitherEachOtherNorALine) {
  const std::string svg = render_pareto_svg(summarize(gin_like()));
  const auto labels = labels_of(svg);
  auto box = [](const Label& l) {
    const double w = 6.0 * static_cast<double>(characters(l.text));
    return std::array<double, 4>{l.x - w / 2, l.y - 9, l.x + w / 2, l.y + 2};
  };
  for (size_t i = 0; i < labels.size(); ++i) {
    for (size_t j = i + 1; j < labels.size(); ++j) {
      const auto a = box(labels[i]), b = box(labels[j]);
      EXPECT_FALSE(a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3])
          << labels[i].text << " overlaps " << labels[j].text;
    }
  }
  // No polyline vertex or segment point inside a label's box.
  const std::regex poly(R"re(<polyline[^>]*points="([^"]*)")re");
  for (std::sregex_iterator it(svg.begin(), svg.end(), poly), end; it != end; ++it) {
    std::vector<std::pair<double, double>> pts;
    const std::string list = (*it)[1];
    const std::regex pt(R"(([0-9.]+),([0-9.]+))");
    for (std::sregex_iterator p(list.begin(), list.end(), pt); p != end; ++p)
      pts.push_back({std::stod((*p)[1]), std::stod((*p)[2])});
    for (size_t k = 1; k < pts.size(); ++k) {
      for (int step = 0; step <= 50; ++step) {
        const double t = step / 50.0;
        const double x = pts[k - 1].first + t * (pts[k].first - pts[k - 1].first);
        const double y = pts[k - 1].second + t * (pts[k].second - pts[k - 1].second);
        for (const Label& l : labels) {
          const auto b = box(l);
          EXPECT_FALSE(x > b[0] && x < b[2] && y > b[1] && y < b[3]) << l.text << " on a line";
        }
      }
    }
  }
}

TEST(ReportRenderTest, ErrorBarsAndALegendWithMarkersAndTaskCounts) {
  const std::string svg = render_pareto_svg(summarize(gin_like()));
  EXPECT_NE(svg.find("index (n = 4)"), std::string::npos) << svg;
  EXPECT_NE(svg.find("baseline (n = 4)"), std::string::npos);
  // Markers: 14 points + 2 in the legend; circles for index, squares for baseline.
  EXPECT_EQ(count(svg, "<circle"), 8u);
  EXPECT_EQ(count(svg, "<rect x="), 8u);
  // Every point has a bar and two caps.
  EXPECT_GE(count(svg, "stroke-width=\"1.2\""), 14u * 3);
}

TEST(ReportRenderTest, HtmlPageHasThePlotTablesAndTaskRows) {
  const auto rows = gin_like();
  const std::string page = render_report_html(summarize(rows), rows);
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(count(page, "<svg"), 1u);  // one repository: its plot only
  EXPECT_NE(page.find("add &lt;b&gt;context&lt;/b&gt; &amp; binding"), std::string::npos);
  EXPECT_NE(page.find("<code>binding/form.go</code>"), std::string::npos);
  EXPECT_NE(page.find("class=\"hit\">✓ <code>context.go</code>"), std::string::npos);
  EXPECT_NE(page.find("class=\"miss\">✗ <code>gin.go</code>"), std::string::npos);
  EXPECT_NE(page.find("imports context.go"), std::string::npos);
  EXPECT_EQ(count(page, "<code>gin-"), 4u);  // one row per task
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_EQ(page.find("src="), std::string::npos);  // nothing fetched
  EXPECT_EQ(page.find("href="), std::string::npos);
}

}  // namespace
}  // namespace stc::eval
