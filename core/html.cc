#include "core/html.h"

#include <cstdio>

namespace stc {
namespace {

constexpr std::string_view kStyle = R"(
body { font-family: system-ui, sans-serif; margin: 24px auto; max-width: 1180px; color: #222;
       background: #fff; line-height: 1.4; padding: 0 16px; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; margin-top: 1.6em; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 1.05em; margin-top: 1.2em; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 0.9em; }
th, td { border: 1px solid #ddd; padding: 3px 8px; vertical-align: top; }
th { background: #f4f6f8; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.muted { color: #666; font-size: 0.9em; }
.hit { color: #1a7f37; }
.miss { color: #b42318; }
.why { color: #666; font-size: 0.85em; }
.card { display: inline-block; border: 1px solid #ddd; border-radius: 6px; padding: 8px 14px;
        margin: 0 10px 10px 0; min-width: 150px; }
.card b { display: block; font-size: 1.4em; }
ul.files { margin: 0; padding-left: 1.1em; }
code { background: #f4f6f8; padding: 0 3px; border-radius: 3px; }
svg { max-width: 100%; height: auto; }
)";

}  // namespace

std::string escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string page(std::string_view title, std::string_view body) {
  std::string s = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  s += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  s += "<title>" + escape(title) + "</title>\n<style>" + std::string(kStyle) + "</style>\n";
  s += "</head>\n<body>\n" + std::string(body) + "</body>\n</html>\n";
  return s;
}

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

}  // namespace stc
