#pragma once
// The small Python app that the sleep-stage suites index (offline_stage,
// llm_stage, sleep_pass, llm_reliability) and one LLM reply every stage reads.

#include "tests/support/temp_repo.h"

namespace stc::testing {

/// A reply with the module, roll-up and anticipation shapes at once.
inline constexpr const char* kAppReply =
    R"({"summary":"LLM summary.","entry_points":["run"],"usage":"CLI",)"
    R"("likely_changes":[{"request":"Add a flag","files":["app/cli.py"],"why":"users ask"}],)"
    R"("key_files":["app/cli.py"],"requests":[{"title":"Add export","plan":[{"path":"app/cli.py","action":"modify","reason":"entry"}]}]})";

/// Writes app/__init__.py, app/cli.py (importing app.core) and app/core.py
/// into the work tree, without committing.
inline void write_tiny_app(const TempRepo& repo) {
  repo.write("app/__init__.py", "");
  repo.write("app/cli.py",
             "\"\"\"Command line.\"\"\"\nfrom app import core\n\ndef main():\n    core.run()\n");
  repo.write("app/core.py", "\"\"\"Core logic.\"\"\"\n\ndef run():\n    return 1\n");
}

}  // namespace stc::testing
