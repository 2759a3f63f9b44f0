#include "indexer/views/view_json.h"

#include "core/text.h"

namespace stc::indexer {
namespace {

// File names may hold any bytes: stc::escape_path keeps them reversible.
nlohmann::json paths_json(const std::vector<std::string>& paths) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& p : paths) out.push_back(stc::escape_path(p));
  return out;
}

nlohmann::json optional_json(const std::optional<std::string>& s) {
  return s ? nlohmann::json(*s) : nlohmann::json();
}

nlohmann::json passes_json(const std::vector<PassRow>& rows) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& p : rows) {
    out.push_back({{"started", p.started},
                   {"finished", p.finished},
                   {"trigger", p.trigger},
                   {"commit", p.commit},
                   {"outcome", p.outcome},
                   {"message", p.message},
                   {"files_parsed", p.files_parsed},
                   {"commits_mined", p.commits_mined},
                   {"llm_calls", p.llm_calls},
                   {"sleep_tokens", p.sleep_tokens},
                   {"pending", p.pending},
                   {"share_lookups", p.share_lookups},
                   {"share_hits", p.share_hits}});
  }
  return out;
}

nlohmann::json notes_json(const std::vector<sleep::Note>& notes) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& n : notes) {
    out.push_back({{"kind", n.kind},
                   {"text", n.text},
                   {"files", paths_json(n.files)},
                   {"evidence", n.evidence},
                   {"confidence", n.confidence}});
  }
  return out;
}

nlohmann::json symbols_json(const std::vector<store::SymbolRow>& rows) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : rows) {
    out.push_back({{"name", r.def.name},
                   {"kind", r.def.kind},
                   {"start_line", r.def.start_line},
                   {"end_line", r.def.end_line},
                   {"parent", r.def.parent},
                   {"signature", r.def.signature},
                   {"doc", r.def.doc}});
  }
  return out;
}

nlohmann::json imports_json(const std::vector<syntax::Import>& imports) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& im : imports) {
    out.push_back(
        {{"source", im.source}, {"names", im.names}, {"line", im.line}, {"kind", im.kind}});
  }
  return out;
}

nlohmann::json cochange_json(const std::vector<CoChange>& partners) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& p : partners) {
    out.push_back({{"path", stc::escape_path(p.path)},
                   {"together", p.together},
                   {"confidence", p.confidence}});
  }
  return out;
}

}  // namespace

nlohmann::json freshness_json(const Freshness& f) {
  nlohmann::json out = {{"indexed_commit", optional_json(f.indexed_commit)},
                        {"head", optional_json(f.head)},
                        {"fresh", f.fresh},
                        {"pending", f.pending}};
  if (!f.fresh) out["warning"] = staleness_warning(f);
  return out;
}

nlohmann::json status_json(const IndexStatus& s) {
  const auto& f = s.freshness;
  return {
      {"indexed_commit", optional_json(f.indexed_commit)},
      {"head", optional_json(f.head)},
      {"fresh", f.fresh},
      {"pending", f.pending},
      {"indexed_at", s.indexed_at ? nlohmann::json(*s.indexed_at) : nlohmann::json()},
      {"files_total", s.files_total},
      {"files_by_status", s.files_by_status},
      {"skipped", s.skipped.empty() ? nlohmann::json::object() : nlohmann::json(s.skipped)},
      {"symbols", s.symbols},
      {"deps", s.deps},
      {"store", stc::escape_path(s.store_path)},
      {"store_bytes", s.store_bytes},
      {"pending_units", s.pending_units},
      {"commits_mined", s.commits_mined},
      {"artifacts", s.artifacts},
      {"provider", s.provider},
      {"tokens",
       {{"sleep", s.sleep_tokens},
        {"test", s.test_tokens},
        {"sleep_calls", s.sleep_calls},
        {"test_calls", s.test_calls},
        {"amortized_per_query", s.amortized_per_query}}},
      {"passes", passes_json(s.passes)},
  };
}

nlohmann::json module_json(const ModuleContext& m) {
  const auto& blob = m.blob;
  const auto& view = m.view;
  return {
      {"path", stc::escape_path(m.file.path)},
      {"blob", m.file.oid},
      {"language", m.file.language},
      {"status", store::to_string(m.file.status)},
      {"lines", blob ? blob->lines : 0},
      {"has_syntax_errors", blob ? blob->has_errors : false},
      {"summary", m.summary},
      {"summary_provider", view.summary_provider},
      {"summary_stale", view.summary_stale},
      {"entry_points", view.summary ? view.summary->entry_points : std::vector<std::string>{}},
      {"usage", view.summary ? view.summary->usage : ""},
      {"module_doc", blob ? blob->module_doc : ""},
      {"notes", notes_json(view.notes)},
      {"history",
       {{"commits", m.history ? m.history->commits : 0},
        {"last_time", m.history ? m.history->last_time : 0}}},
      {"co_change", cochange_json(m.co_change)},
      {"skeleton", blob ? blob->skeleton : ""},
      {"symbols", symbols_json(m.symbols)},
      {"imports", imports_json(m.imports)},
      {"depends_on", paths_json(m.depends_on)},
      {"importers", paths_json(m.importers)},
  };
}

nlohmann::json search_json(const std::string& query, const std::vector<store::SearchHit>& hits) {
  nlohmann::json results = nlohmann::json::array();
  for (const auto& h : hits) {
    results.push_back(
        {{"path", stc::escape_path(h.path)}, {"score", h.score}, {"symbols", h.symbols}});
  }
  return {{"query", query}, {"results", results}};
}

}  // namespace stc::indexer
