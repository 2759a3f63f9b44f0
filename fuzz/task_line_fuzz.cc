// Fuzz target: one line of an eval task file (tasks.jsonl, eval/task_codec)
// and of a results file (results.jsonl, eval/result_codec). What parses must
// encode to a line that parses to the same task.

#include <cstddef>
#include <cstdint>
#include <string>

#include "eval/result_row.h"
#include "eval/task.h"

namespace {

using namespace stc::eval;

void check(bool ok) {
  if (!ok) __builtin_trap();
}

bool same(const Task& a, const Task& b) {
  return a.id == b.id && a.repo == b.repo && a.repo_path == b.repo_path && a.base == b.base &&
         a.commit == b.commit && a.description == b.description && a.subject == b.subject &&
         a.merge == b.merge && a.time == b.time && a.seq == b.seq && a.gold_all == b.gold_all &&
         a.gold_src == b.gold_src && a.added == b.added && a.tree_files == b.tree_files;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string line(reinterpret_cast<const char*>(data), size);
  if (auto task = task_from_json_line(line, "tasks.jsonl:1")) {
    auto again = task_from_json_line(task_to_json_line(*task), "again");
    check(again && same(*again, *task));
  }
  if (auto row = row_from_json_line(line, "results.jsonl:1")) {
    auto again = row_from_json_line(row_to_json_line(*row), "again");
    check(again && again->task == row->task && again->budget == row->budget &&
          again->files == row->files);
  }
  return 0;
}
