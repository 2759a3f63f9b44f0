#pragma once
// Writing an evaluation's report files from its results.jsonl:
// OUTDIR/summary.json, OUTDIR/report.md and OUTDIR/pareto.svg, and with
// `html` also OUTDIR/report.html (one self-contained page).

#include <string>

#include "core/result.h"
#include "eval/summary.h"

namespace stc::eval {

/// Reads OUTDIR/results.jsonl, summarizes it and (re)writes the three report
/// files (and report.html when `html`). kBadInput when there are no result
/// rows; kIo when a file cannot be written.
Result<Summary> write_reports(const std::string& out_dir, bool html = false);

}  // namespace stc::eval
