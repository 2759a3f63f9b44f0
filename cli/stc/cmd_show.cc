// `stc show PATH`: one module's summary, skeleton, notes, imports and importers.

#include <CLI/CLI.hpp>

#include <cstdio>

#include "cli/stc/cli_support.h"
#include "core/text.h"
#include "indexer/views/module_context.h"
#include "indexer/views/view_json.h"
#include "indexer/workspace.h"

namespace stc::cli {
namespace {

struct ShowFlags {
  std::string path;
  bool json = false;
};

void print_list(const char* label, const std::vector<std::string>& items) {
  if (items.empty()) return;
  std::printf("%s", label);
  for (const auto& d : items) std::printf(" %s", d.c_str());
  std::printf("\n");
}

void print_module(const indexer::ModuleContext& m) {
  const auto& blob = m.blob;
  std::printf("%s  (%s, %s", m.file.path.c_str(),
              m.file.language.empty() ? "no grammar" : m.file.language.c_str(),
              indexer::store::to_string(m.file.status));
  if (blob) std::printf(", %u lines%s", blob->lines, blob->has_errors ? ", has syntax errors" : "");
  std::printf(")\n");
  if (!m.summary.empty()) {
    std::printf("\n%s%s\n", m.summary.c_str(),
                m.view.summary_stale && m.view.summary ? "  (stale: from an older version)" : "");
  }
  if (m.history) {
    std::printf("history: %lld commit%s\n", static_cast<long long>(m.history->commits),
                m.history->commits == 1 ? "" : "s");
  }
  if (blob && !blob->skeleton.empty()) std::printf("\n%s", blob->skeleton.c_str());
  if (!m.view.notes.empty()) {
    std::printf("\nlikely changes:\n");
    for (const auto& n : m.view.notes) std::printf("  - %s\n", n.text.c_str());
  }
  if (!m.imports.empty()) {
    std::printf("\nimports:");
    for (const auto& im : m.imports) std::printf(" %s", im.source.c_str());
    std::printf("\n");
  }
  print_list("depends on:", m.depends_on);
  print_list("imported by:", m.importers);
}

// The module `typed` names: relative to the current directory, else to the
// root of the work tree.
Result<indexer::ModuleContext> find_module(const GlobalOptions& g, const indexer::Workspace& ws,
                                           indexer::store::IndexStore& store,
                                           const std::string& typed) {
  const std::string path = indexer::repo_relative(g.directory, typed, ws.repo.workdir());
  auto module = indexer::load_module_context(store, path);
  if (!module && module.error().code == ErrorCode::kNotFound && typed != path) {
    auto as_typed = indexer::load_module_context(store, typed);  // already repository-relative
    if (as_typed || as_typed.error().code != ErrorCode::kNotFound) module = std::move(as_typed);
  }
  return module;
}

Status run(const GlobalOptions& g, const ShowFlags& f) {
  TRY_ASSIGN(auto ws, indexer::open_workspace(g.directory));
  TRY_ASSIGN(auto store, indexer::open_store(ws, indexer::StoreAccess::kReadOnly));
  auto module = find_module(g, ws, store, f.path);
  // A path as --json prints it (stc::escape_path: "\xNN" for a byte that is not UTF-8).
  if (const std::string raw = stc::unescape_path(f.path);
      !module && module.error().code == ErrorCode::kNotFound && raw != f.path) {
    if (auto unescaped = find_module(g, ws, store, raw); unescaped) module = std::move(unescaped);
  }
  if (!module) return tl::unexpected(module.error());
  if (f.json) {
    print_json(indexer::module_json(*module));
  } else {
    print_module(*module);
  }
  return {};
}

}  // namespace

void register_show(CLI::App& app, const GlobalOptions& g, Command& out) {
  auto flags = std::make_shared<ShowFlags>();
  auto* cmd = app.add_subcommand("show", "Show a file's skeleton, symbols, imports and importers");
  cmd->add_option("path", flags->path,
                  "File path (relative to the current directory or the repository root)")
      ->required();
  cmd->add_flag("--json", flags->json, "Print JSON on stdout");
  cmd->callback([&g, &out, flags] { out = [&g, flags] { return run(g, *flags); }; });
}

}  // namespace stc::cli
