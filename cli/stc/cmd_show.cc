// `stc show PATH`: one module's skeleton, imports and importers.

#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>

#include "cli/stc/cli_support.h"
#include "indexer/history/history_miner.h"
#include "indexer/skeleton.h"
#include "indexer/sleep/artifact_reader.h"
#include "indexer/workspace.h"

namespace stc::cli {
namespace {

struct ShowFlags {
  std::string path;
  bool json = false;
};

// PATH as the user typed it (relative to -C / the current directory) turned
// into a repository-relative path.
std::string repo_relative(const std::string& dir, const std::string& path, const std::string& workdir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path abs = fs::weakly_canonical(fs::absolute(fs::path(dir) / path, ec), ec);
  const fs::path root = fs::weakly_canonical(fs::path(workdir), ec);
  const std::string a = abs.string();
  std::string r = root.string();
  if (!r.empty() && r.back() != '/') r += '/';
  if (!ec && a.rfind(r, 0) == 0) return a.substr(r.size());
  return path;
}

nlohmann::json notes_json(const std::vector<sleep::Note>& notes) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& n : notes) {
    out.push_back({{"kind", n.kind}, {"text", n.text}, {"files", n.files},
                   {"evidence", n.evidence}, {"confidence", n.confidence}});
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

Status run(const GlobalOptions& g, const ShowFlags& f) {
  TRY_ASSIGN(auto ws, indexer::open_workspace(g.directory));
  TRY_ASSIGN(auto store, indexer::open_store(ws, indexer::StoreAccess::kReadOnly));
  std::string path = repo_relative(g.directory, f.path, ws.repo.workdir());
  TRY_ASSIGN(auto file, store.file(path));
  if (!file) {
    TRY_ASSIGN(file, store.file(f.path));
    if (file) path = f.path;
  }
  if (!file) {
    return fail(ErrorCode::kNotFound,
                path + " is not in the indexed commit; check the path or run `stc index`");
  }
  std::optional<store::BlobInfo> blob;
  std::vector<store::SymbolRow> symbols;
  std::vector<syntax::Import> imports;
  if (file->blob_id) {
    TRY_ASSIGN(blob, store.blob_info(file->blob_id));
    TRY_ASSIGN(symbols, store.symbols(file->blob_id));
    TRY_ASSIGN(imports, store.imports(file->blob_id));
  }
  TRY_ASSIGN(auto deps, store.deps_of(path));
  TRY_ASSIGN(auto importers, store.importers_of(path));
  TRY_ASSIGN(auto view, sleep::read_module_view(store, *file));
  TRY_ASSIGN(auto history, indexer::file_history(store, path, 0));
  TRY_ASSIGN(auto partners, indexer::cochange_partners(store, path, 8, 2));
  std::string summary = view.summary ? view.summary->summary : "";
  if (summary.empty() && blob) summary = indexer::first_doc_line(blob->module_doc);
  if (f.json) {
    nlohmann::json imps = nlohmann::json::array();
    for (const auto& im : imports) {
      imps.push_back({{"source", im.source}, {"names", im.names}, {"line", im.line}, {"kind", im.kind}});
    }
    print_json({
        {"path", path},
        {"blob", file->oid},
        {"language", file->language},
        {"status", store::to_string(file->status)},
        {"lines", blob ? blob->lines : 0},
        {"has_syntax_errors", blob ? blob->has_errors : false},
        {"summary", summary},
        {"summary_provider", view.summary_provider},
        {"summary_stale", view.summary_stale},
        {"entry_points", view.summary ? view.summary->entry_points : std::vector<std::string>{}},
        {"usage", view.summary ? view.summary->usage : ""},
        {"module_doc", blob ? blob->module_doc : ""},
        {"notes", notes_json(view.notes)},
        {"history", {{"commits", history ? history->commits : 0},
                     {"last_time", history ? history->last_time : 0}}},
        {"co_change", [&] {
           nlohmann::json out = nlohmann::json::array();
           for (const auto& p : partners) {
             out.push_back({{"path", p.path}, {"together", p.together}, {"confidence", p.confidence}});
           }
           return out;
         }()},
        {"skeleton", blob ? blob->skeleton : ""},
        {"symbols", symbols_json(symbols)},
        {"imports", imps},
        {"depends_on", deps},
        {"importers", importers},
    });
    return {};
  }
  std::printf("%s  (%s, %s", path.c_str(), file->language.empty() ? "no grammar" : file->language.c_str(),
              store::to_string(file->status));
  if (blob) std::printf(", %u lines%s", blob->lines, blob->has_errors ? ", has syntax errors" : "");
  std::printf(")\n");
  if (!summary.empty()) {
    std::printf("\n%s%s\n", summary.c_str(),
                view.summary_stale && view.summary ? "  (stale: from an older version)" : "");
  }
  if (history) {
    std::printf("history: %lld commit%s\n", static_cast<long long>(history->commits),
                history->commits == 1 ? "" : "s");
  }
  if (blob && !blob->skeleton.empty()) std::printf("\n%s", blob->skeleton.c_str());
  if (!view.notes.empty()) {
    std::printf("\nlikely changes:\n");
    for (const auto& n : view.notes) std::printf("  - %s\n", n.text.c_str());
  }
  if (!imports.empty()) {
    std::printf("\nimports:");
    for (const auto& im : imports) std::printf(" %s", im.source.c_str());
    std::printf("\n");
  }
  if (!deps.empty()) {
    std::printf("depends on:");
    for (const auto& d : deps) std::printf(" %s", d.c_str());
    std::printf("\n");
  }
  if (!importers.empty()) {
    std::printf("imported by:");
    for (const auto& d : importers) std::printf(" %s", d.c_str());
    std::printf("\n");
  }
  return {};
}

}  // namespace

void register_show(CLI::App& app, const GlobalOptions& g, Command& out) {
  auto flags = std::make_shared<ShowFlags>();
  auto* cmd = app.add_subcommand("show", "Show a file's skeleton, symbols, imports and importers");
  cmd->add_option("path", flags->path, "File path (relative to the current directory or the repository root)")
      ->required();
  cmd->add_flag("--json", flags->json, "Print JSON on stdout");
  cmd->callback([&g, &out, flags] { out = [&g, flags] { return run(g, *flags); }; });
}

}  // namespace stc::cli
