#include <filesystem>
#include <fstream>

#include "eval/report.h"
#include "eval/result_row.h"

namespace stc::eval {
namespace {

Status write_file(const std::filesystem::path& path, const std::string& content) {
  const auto tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc | std::ios::binary);
    out << content;
    if (!out.flush()) return fail(ErrorCode::kIo, "cannot write " + tmp);
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return fail(ErrorCode::kIo, "cannot write " + path.string() + ": " + ec.message());
  return {};
}

}  // namespace

Result<Summary> write_reports(const std::string& out_dir, bool html) {
  const std::filesystem::path dir(out_dir);
  TRY_ASSIGN(const auto rows, read_results((dir / "results.jsonl").string()));
  if (rows.empty()) {
    return fail(ErrorCode::kBadInput,
                "no results in " + (dir / "results.jsonl").string() + "; run `stc-eval run` first");
  }
  Summary summary = summarize(rows);
  TRY(write_file(dir / "summary.json", summary_to_json(summary)));
  TRY(write_file(dir / "report.md", render_report_md(summary)));
  TRY(write_file(dir / "pareto.svg", render_pareto_svg(summary)));
  if (html) TRY(write_file(dir / "report.html", render_report_html(summary, rows)));
  return summary;
}

}  // namespace stc::eval
