// `stc search QUERY`: BM25-ranked files with the symbols that matched.

#include <CLI/CLI.hpp>

#include <cstdio>

#include "agent/scope.h"
#include "cli/common/number_option.h"
#include "cli/stc/cli_support.h"
#include "indexer/views/view_json.h"
#include "indexer/workspace.h"

namespace stc::cli {
namespace {

struct SearchFlags {
  std::vector<std::string> words;
  size_t limit = 10;
  std::string scope;
  bool json = false;
};

Status run(const GlobalOptions& g, const SearchFlags& f) {
  TRY_ASSIGN(auto ws, indexer::open_workspace(g.directory));
  TRY_ASSIGN(auto store, indexer::open_store(ws, indexer::StoreAccess::kReadOnly));
  std::string query;
  for (const auto& w : f.words) query += (query.empty() ? "" : " ") + w;
  PathScope scope;
  if (!f.scope.empty()) {
    TRY_ASSIGN(scope, indexer::resolve_scope(ws, g.directory, f.scope));
  }
  TRY_ASSIGN(auto hits, agent::scoped_search(store, query, f.limit, scope));
  if (f.json) {
    print_json(indexer::search_json(query, hits));
    return {};
  }
  if (hits.empty()) std::fprintf(stderr, "no matches for \"%s\"\n", query.c_str());
  for (const auto& h : hits) {
    std::printf("%6.2f  %s", h.score, h.path.c_str());
    for (size_t i = 0; i < h.symbols.size() && i < 6; ++i) {
      std::printf("%s%s", i ? ", " : "  ", h.symbols[i].c_str());
    }
    if (h.symbols.size() > 6) std::printf(", +%zu", h.symbols.size() - 6);
    std::printf("\n");
  }
  return {};
}

}  // namespace

void register_search(CLI::App& app, const GlobalOptions& g, Command& out) {
  auto flags = std::make_shared<SearchFlags>();
  auto* cmd =
      app.add_subcommand("search", "Search the index (paths, symbols, docs) ranked by BM25");
  cmd->add_option("query", flags->words, "Words to search for")->required();
  cmd->add_option("-n,--limit", flags->limit, "Maximum number of files")
      ->check(cli::common::whole_number(1, 10000));
  cmd->add_option("--scope", flags->scope,
                  "Only files under this directory (relative to the current directory)")
      ->type_name("DIR");
  cmd->add_flag("--json", flags->json, "Print JSON on stdout");
  cmd->callback([&g, &out, flags] { out = [&g, flags] { return run(g, *flags); }; });
}

}  // namespace stc::cli
