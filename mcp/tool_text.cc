#include "mcp/tool_text.h"

#include <cstdio>

namespace stc::mcp {
namespace {

std::string fixed(double v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string joined(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

// The first `max_lines` lines of `text`, with a note on what was left out.
std::string head_lines(const std::string& text, size_t max_lines) {
  size_t pos = 0, lines = 0;
  while (pos < text.size() && lines < max_lines) {
    const size_t nl = text.find('\n', pos);
    pos = nl == std::string::npos ? text.size() : nl + 1;
    ++lines;
  }
  if (pos >= text.size()) return text;
  size_t rest = 0;
  for (size_t i = pos; i < text.size(); ++i) rest += text[i] == '\n';
  return text.substr(0, pos) + "... " + std::to_string(rest) +
         " more lines (structuredContent.skeleton has all)\n";
}

}  // namespace

std::string status_text(const indexer::IndexStatus& s) {
  const auto& f = s.freshness;
  std::string out = "indexed: " + (f.indexed_commit ? *f.indexed_commit : "(nothing)") + "\n";
  out += "HEAD:    " + (f.head ? *f.head : "(unborn)") + (f.fresh ? "  (up to date)" : "") + "\n";
  if (!f.fresh && f.indexed_commit && f.head) {
    out += "pending: " + (f.pending < 0 ? std::string("unknown") : std::to_string(f.pending)) +
           " changed files since the indexed commit\n";
  }
  const auto parsed = s.files_by_status.count("indexed") ? s.files_by_status.at("indexed") : 0;
  out += "files:   " + std::to_string(s.files_total) + " (" + std::to_string(parsed) + " parsed)\n";
  out +=
      "symbols: " + std::to_string(s.symbols) + ", import edges: " + std::to_string(s.deps) + "\n";
  out += "history: " + std::to_string(s.commits_mined) + " commits mined, " +
         std::to_string(s.artifacts) + " artifacts (provider " + s.provider + ", " +
         std::to_string(s.pending_units) + " units pending)\n";
  out += "tokens:  sleep " + std::to_string(s.sleep_tokens) + ", test " +
         std::to_string(s.test_tokens) + " over " + std::to_string(s.test_calls) + " queries\n";
  if (!s.passes.empty()) {
    const auto& p = s.passes.front();
    out += "last pass: " + p.trigger + " " + p.outcome +
           (p.message.empty() ? "" : ": " + p.message) + "\n";
  }
  return out;
}

std::string module_text(const indexer::ModuleContext& m) {
  std::string out = m.file.path + "  (" +
                    (m.file.language.empty() ? "no grammar" : m.file.language) + ", " +
                    store::to_string(m.file.status);
  if (m.blob) out += ", " + std::to_string(m.blob->lines) + " lines";
  out += ")\n";
  if (!m.summary.empty()) {
    out +=
        "\n" + m.summary + (m.view.summary_stale ? "  (stale: from an older version)" : "") + "\n";
  }
  if (m.view.summary && !m.view.summary->usage.empty())
    out += "usage: " + m.view.summary->usage + "\n";
  if (m.history) {
    out += "history: " + std::to_string(m.history->commits) +
           (m.history->commits == 1 ? " commit\n" : " commits\n");
  }
  if (m.blob && !m.blob->skeleton.empty()) {
    out += "\noutline:\n" + head_lines(m.blob->skeleton, kMaxSkeletonLines);
  }
  if (!m.view.notes.empty()) {
    out += "\nlikely changes:\n";
    for (const auto& n : m.view.notes) out += "- " + n.text + "\n";
  }
  if (!m.co_change.empty()) {
    out += "\nchanges together with:\n";
    for (const auto& p : m.co_change) {
      out += "- " + p.path + " (" + std::to_string(p.together) + " of " + std::to_string(p.base) +
             " commits)\n";
    }
  }
  if (!m.depends_on.empty()) out += "\ndepends on: " + joined(m.depends_on, ", ") + "\n";
  if (!m.importers.empty()) out += "imported by: " + joined(m.importers, ", ") + "\n";
  return out;
}

std::string search_text(const std::string& query, const std::vector<store::SearchHit>& hits,
                        const std::vector<indexer::CommitHit>& commits) {
  if (hits.empty() && commits.empty()) return "no matches for \"" + query + "\"\n";
  std::string out;
  for (const auto& h : hits) {
    out += fixed(h.score, 2) + "  " + h.path;
    std::vector<std::string> symbols(h.symbols.begin(),
                                     h.symbols.begin() + std::min<size_t>(h.symbols.size(), 8));
    if (!symbols.empty()) out += "  " + joined(symbols, ", ");
    if (h.symbols.size() > 8) out += ", +" + std::to_string(h.symbols.size() - 8);
    out += "\n";
  }
  if (!commits.empty()) out += "\nmatching commits:\n";
  for (const auto& c : commits) {
    std::vector<std::string> paths(c.paths.begin(),
                                   c.paths.begin() + std::min<size_t>(c.paths.size(), 6));
    out += "- " + c.oid.substr(0, 12) + " " + c.summary + " [" + joined(paths, ", ") +
           (c.paths.size() > 6 ? ", ..." : "") + "]\n";
  }
  return out;
}

std::string plan_text(const agent::Plan& plan) {
  std::string out = "plan (" + std::string(agent::mode_name(plan.mode)) + " mode, budget " +
                    std::to_string(plan.budget) + " tokens, provider " + plan.provider + "):\n";
  if (plan.files.empty()) out += "(no files: the index has no evidence for this request)\n";
  int rank = 0;
  for (const auto& f : plan.files) {
    out += std::to_string(++rank) + ". " + f.action + " " + f.path;
    if (!f.reason.empty()) out += " - " + f.reason;
    out += "\n";
    for (const auto& step : f.steps) out += "   * " + step + "\n";
  }
  for (const auto& w : plan.warnings) out += "warning: " + w + "\n";
  out += "tokens: prompt " + std::to_string(plan.prompt_tokens) + ", completion " +
         std::to_string(plan.completion_tokens) + "\n";
  return out;
}

}  // namespace stc::mcp
