// `stc report`: one self-contained HTML page about the repository's index
// (freshness, what sleep-time compute has written, tokens spent and saved,
// passes, hottest files, co-change clusters as a graph). Read only.

#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "cli/stc/cli_support.h"
#include "indexer/report/repo_report.h"
#include "indexer/workspace.h"

namespace stc::cli {
namespace {

struct ReportFlags {
  std::string output;  // "" = beside the store: <git dir>/stc/report.html; "-" = stdout
  bool json = false;
};

Status write_page(const std::string& path, const std::string& page) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc | std::ios::binary);
    out << page;
    if (!out.flush()) {
      return fail(ErrorCode::kIo, "cannot write " + tmp + "; choose another file with -o");
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return fail(ErrorCode::kIo, "cannot write " + path + ": " + ec.message());
  return {};
}

Status run(const GlobalOptions& g, const ReportFlags& f) {
  TRY_ASSIGN(auto ws, indexer::open_workspace(g.directory));
  TRY_ASSIGN(auto store, indexer::open_store(ws, indexer::StoreAccess::kReadOnly));
  TRY_ASSIGN(const auto report, indexer::build_repo_report(ws, store));
  const std::string page = indexer::render_repo_report_html(report);
  if (f.output == "-") {
    std::fwrite(page.data(), 1, page.size(), stdout);
    return {};
  }
  const std::string path =
      f.output.empty()
          ? (std::filesystem::path(ws.store_path).parent_path() / "report.html").string()
          : f.output;
  TRY(write_page(path, page));
  if (f.json) {
    print_json({{"path", std::filesystem::absolute(path).string()}, {"bytes", page.size()}});
  }
  if (!g.quiet) std::fprintf(stderr, "report: %s\n", path.c_str());
  return {};
}

}  // namespace

void register_report(CLI::App& app, const GlobalOptions& g, Command& out) {
  auto flags = std::make_shared<ReportFlags>();
  auto* cmd = app.add_subcommand(
      "report", "Write an HTML page: freshness, artifacts, tokens, co-change clusters");
  cmd->add_option("-o,--output", flags->output,
                  "HTML file to write (default .git/stc/report.html; - for stdout)");
  cmd->add_flag("--json", flags->json, "Print {\"path\", \"bytes\"} on stdout");
  cmd->callback([&g, &out, flags] { out = [&g, flags] { return run(g, *flags); }; });
}

}  // namespace stc::cli
