// The `stc report` page: freshness, token cards, what sleep-time compute has
// written, the pass log, the hottest files and the co-change clusters.

#include <ctime>
#include <string>

#include "core/html.h"
#include "indexer/report/repo_report.h"

namespace stc::indexer {
namespace {

using stc::escape;

std::string when(int64_t t) {
  if (t <= 0) return "–";
  char buf[32];
  const std::time_t tt = static_cast<std::time_t>(t);
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", std::gmtime(&tt));
  return buf;
}

std::string short_oid(const std::optional<std::string>& oid) {
  return oid ? escape(oid->substr(0, 12)) : std::string("none");
}

std::string plural(int64_t n, const std::string& one, const std::string& many = "") {
  return std::to_string(n) + " " + (n == 1 ? one : many.empty() ? one + "s" : many);
}

std::string card(const std::string& value, const std::string& label) {
  return "<div class=\"card\"><b>" + value + "</b>" + label + "</div>\n";
}

std::string freshness_section(const RepoReport& r) {
  const Freshness& f = r.status.freshness;
  std::string s = "<p>Index at <code>" + short_oid(f.indexed_commit) + "</code>, HEAD at <code>" +
                  short_oid(f.head) + "</code>: ";
  if (!f.indexed_commit) {
    s += "<b class=\"miss\">nothing indexed yet</b> — run <code>stc init</code>.";
  } else if (f.fresh) {
    s += "<b class=\"hit\">up to date</b>";
  } else {
    s += "<b class=\"miss\">" + plural(f.pending, "file") +
         " changed since</b> — run <code>stc pass</code>";
  }
  s +=
      " <span class=\"muted\">(indexed " + when(r.status.indexed_at.value_or(0)) + ")</span></p>\n";
  return s;
}

std::string token_cards(const RepoReport& r) {
  const IndexStatus& st = r.status;
  std::string s = "<div>\n";
  s += card(std::to_string(st.files_total), "files (" + std::to_string(st.symbols) + " symbols)");
  s += card(std::to_string(st.artifacts), "artifacts written");
  s += card(std::to_string(st.sleep_tokens),
            "sleep-time tokens (" + plural(st.sleep_calls, "call") + ")");
  s += card(std::to_string(st.test_tokens),
            "test-time tokens (" + plural(st.test_calls, "query", "queries") + ")");
  if (r.source_tokens > 0) {
    const double saved =
        1.0 - static_cast<double>(r.summary_tokens) / static_cast<double>(r.source_tokens);
    s += card(stc::fixed(100 * saved, 0) + "% saved",
              "reading " + plural(r.summarized_files, "summary", "summaries") + " costs ~" +
                  std::to_string(r.summary_tokens) + " tokens instead of ~" +
                  std::to_string(r.source_tokens) + " of source");
  }
  return s + "</div>\n";
}

std::string artifact_table(const RepoReport& r) {
  if (r.artifact_counts.empty()) {
    return "<p class=\"muted\">Nothing yet: a pass writes summaries, notes and roll-ups "
           "(<code>stc pass</code>).</p>\n";
  }
  std::string s =
      "<table><tr><th>kind</th><th>provider</th><th>artifacts</th><th>newest</th></tr>\n";
  for (const auto& k : r.artifact_counts) {
    s += "<tr><td>" + escape(k.kind) + "</td><td>" + escape(k.provider) + "</td><td class=\"n\">" +
         std::to_string(k.count) + "</td><td>" + when(k.newest) + "</td></tr>\n";
  }
  return s + "</table>\n";
}

std::string overview_section(const RepoReport& r) {
  std::string s;
  if (r.overview) {
    s += "<h3>Overview</h3>\n<p>" + escape(r.overview->summary) + "</p>\n";
    if (!r.overview->key_files.empty()) {
      s += "<p class=\"muted\">Key files: ";
      for (size_t i = 0; i < r.overview->key_files.size() && i < 10; ++i)
        s += (i ? ", " : "") + std::string("<code>") + escape(r.overview->key_files[i]) + "</code>";
      s += "</p>\n";
    }
  }
  if (r.anticipation && !r.anticipation->requests.empty()) {
    s += "<h3>Anticipated "
         "requests</h3>\n<table><tr><th>request</th><th>why</th><th>files</th></tr>\n";
    for (size_t i = 0; i < r.anticipation->requests.size() && i < 6; ++i) {
      const auto& q = r.anticipation->requests[i];
      s += "<tr><td>" + escape(q.title) + "</td><td class=\"why\">" + escape(q.rationale) +
           "</td><td><ul class=\"files\">";
      for (const auto& f : q.plan) s += "<li><code>" + escape(f.path) + "</code></li>";
      s += "</ul></td></tr>\n";
    }
    s += "</table>\n";
  }
  return s;
}

std::string newest_table(const RepoReport& r) {
  if (r.newest.empty()) return "";
  std::string s =
      "<h3>Most recently written</h3>\n<table><tr><th>kind</th><th>subject</th>"
      "<th>provider</th><th>written</th></tr>\n";
  for (const auto& a : r.newest) {
    s += "<tr><td>" + escape(a.kind) + "</td><td><code>" +
         escape(a.subject.empty() ? "(repository)" : a.subject) + "</code></td><td>" +
         escape(a.provider) + "</td><td>" + when(a.created_at) + "</td></tr>\n";
  }
  return s + "</table>\n";
}

std::string passes_table(const RepoReport& r) {
  if (r.status.passes.empty()) return "<p class=\"muted\">No passes logged yet.</p>\n";
  std::string s =
      "<table><tr><th>started</th><th>trigger</th><th>outcome</th><th>commit</th>"
      "<th>files parsed</th><th>commits mined</th><th>sleep tokens</th></tr>\n";
  for (const auto& p : r.status.passes) {
    s += "<tr><td>" + when(p.started) + "</td><td>" + escape(p.trigger) + "</td><td>" +
         escape(p.outcome) + "</td><td><code>" + escape(p.commit.substr(0, 12)) +
         "</code></td><td class=\"n\">" + std::to_string(p.files_parsed) + "</td><td class=\"n\">" +
         std::to_string(p.commits_mined) + "</td><td class=\"n\">" +
         std::to_string(p.sleep_tokens) + "</td></tr>\n";
  }
  return s + "</table>\n";
}

std::string history_section(const RepoReport& r) {
  std::string s = "<h2>Files that change together</h2>\n";
  const std::string graph = render_cluster_svg(r.clusters);
  s += graph.empty() ? "<p class=\"muted\">No pair of files has changed together twice yet.</p>\n"
                     : "<p class=\"muted\">The strongest co-change pairs of the mined history, "
                       "grouped into connected clusters; an edge is as wide as the number of "
                       "commits that changed both files (hover for paths and counts).</p>\n"
                       "<figure>" +
                           graph + "</figure>\n";
  if (r.hottest.empty()) return s;
  s += "<h3>Hottest files</h3>\n<table><tr><th>file</th><th>commits</th><th>last "
       "changed</th></tr>\n";
  for (const auto& h : r.hottest) {
    s += "<tr><td><code>" + escape(h.path) + "</code></td><td class=\"n\">" +
         std::to_string(h.commits) + "</td><td>" + when(h.last_time) + "</td></tr>\n";
  }
  return s + "</table>\n";
}

}  // namespace

std::string render_repo_report_html(const RepoReport& r) {
  std::string body = "<h1>stc report: " + escape(r.name) + "</h1>\n";
  body += freshness_section(r) + token_cards(r) + history_section(r);
  body += "<h2>What sleep-time compute has written</h2>\n" + artifact_table(r);
  body += overview_section(r) + newest_table(r);
  body += "<h2>Passes</h2>\n" + passes_table(r);
  body += "<p class=\"muted\">Store: <code>" + escape(r.status.store_path) + "</code> (" +
          stc::fixed(static_cast<double>(r.status.store_bytes) / 1e6, 1) + " MB); " +
          std::to_string(r.status.commits_mined) + " commits mined; provider " +
          escape(r.status.provider) + ".</p>\n";
  return stc::page("stc report: " + r.name, body);
}

}  // namespace stc::indexer
