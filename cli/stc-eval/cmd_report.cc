// `stc-eval report`: re-renders summary.json, report.md and pareto.svg (and
// with --html report.html) from OUTDIR/results.jsonl (after a killed run, or
// after renderers changed).

#include <CLI/CLI.hpp>

#include <cstdio>

#include "cli/stc-eval/cli_common.h"
#include "eval/report.h"

namespace stc::cli {
namespace {

struct ReportFlags {
  std::string out_dir;
  bool json = false;
  bool html = false;
};

Status run(const GlobalOptions& g, const ReportFlags& f) {
  TRY_ASSIGN(const auto summary, eval::write_reports(f.out_dir, f.html));
  if (f.json) print_json(nlohmann::json::parse(eval::summary_to_json(summary)));
  if (!g.quiet) {
    std::fprintf(stderr, "report: %s/report.md\n", f.out_dir.c_str());
    if (f.html) std::fprintf(stderr, "report: %s/report.html\n", f.out_dir.c_str());
  }
  return {};
}

}  // namespace

void register_report(CLI::App& app, const GlobalOptions& g, Command& out) {
  auto f = std::make_shared<ReportFlags>();
  auto* cmd = app.add_subcommand("report", "Re-render the report files from results.jsonl");
  cmd->add_option("OUTDIR", f->out_dir, "Output directory of `stc-eval run`")->required();
  cmd->add_flag("--json", f->json, "Print summary.json on stdout");
  cmd->add_flag("--html", f->html, "Also write OUTDIR/report.html (one self-contained page)");
  cmd->callback([&g, &out, f] { out = [&g, f] { return run(g, *f); }; });
}

}  // namespace stc::cli
