#pragma once
// Test support for the MCP suites: the pyweather sample repository, made
// once per test binary and indexed with the real `stc init` (no hooks).

#include <string>

namespace stc::testing {

/// The work tree of an indexed pyweather repository, shared read-only by the
/// tests of this binary (built on first use, removed at exit).
const std::string& indexed_pyweather();

/// Runs the real stc binary with `args` in `dir` (STC_NO_HOOK=1); returns the
/// exit status, with stdout (and stderr when `merge_stderr`) in `out`.
int run_stc(const std::string& dir, const std::string& args, std::string* out,
            bool merge_stderr = false);

}  // namespace stc::testing
