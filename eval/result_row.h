#pragma once
// One row of results.jsonl: one task x mode x budget. Rows are appended as
// they are produced, so a killed run keeps what it finished; a restarted run
// skips (task, mode, budget) keys that already have a row without error.
// When a key has several rows, the last one counts.

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "eval/metrics.h"

namespace stc::eval {

/// What one task's index pass cost; repeated on each of the task's rows.
struct PassCost {
  int64_t sleep_tokens = 0;  // LLM tokens of the pass (0 offline)
  double seconds = 0;        // whole pass: structure, history, artifacts, LLM
  double index_seconds = 0;  // the structural stage alone
  int64_t files_parsed = 0;
  int64_t commits_mined = 0;
  int64_t artifacts_written = 0;
};

struct ResultRow {
  std::string task;  // task id
  std::string repo;
  std::string mode;  // index | baseline
  int64_t budget = 0;
  std::vector<std::string> files;    // predicted, ranked
  std::vector<std::string> reasons;  // why each predicted file (parallel to files; may be empty)
  std::string description;           // the task's request (for the HTML report)
  std::vector<std::string> gold;     // the task's gold_all (for the HTML report)
  int64_t prompt_tokens = 0;
  int64_t completion_tokens = 0;
  TaskScores scores;
  double plan_seconds = 0;
  PassCost pass;
  int64_t tree_files = 0;
  std::string error;  // non-empty when the plan failed (scores are then 0)

  [[nodiscard]] int64_t test_tokens() const { return prompt_tokens + completion_tokens; }
  [[nodiscard]] std::string key() const {
    return task + "\t" + mode + "\t" + std::to_string(budget);
  }
};

/// One row as a single JSON line (no newline).
std::string row_to_json_line(const ResultRow& row);

/// Parses one line; kBadInput naming `where` when it is not a result row.
Result<ResultRow> row_from_json_line(const std::string& line, const std::string& where);

/// Reads results.jsonl: a missing file gives no rows; a malformed line (a
/// row cut by a kill) is skipped; later rows replace earlier rows with the
/// same key (keeping the first one's position).
Result<std::vector<ResultRow>> read_results(const std::string& path);

}  // namespace stc::eval
