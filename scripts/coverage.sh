#!/usr/bin/env bash
# Line coverage of the test suite, per module (gcov + lcov from Debian:
# `scripts/setup.sh --coverage`). Builds the tree with --coverage in its own
# directory (unity batches, -O1), runs every test but the fuzz run and the
# lint checks, and prints one line per module (core, llm, llm/http,
# indexer/store, ...) with its covered / total lines, then the total.
#
# usage: scripts/coverage.sh [BUILD_DIR]   (default: build-coverage; JOBS=2)
# Writes BUILD_DIR/coverage.info (lcov) and BUILD_DIR/coverage.txt (the table).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-coverage}
jobs=${JOBS:-2}
command -v lcov >/dev/null || { echo "coverage: lcov missing; run scripts/setup.sh --coverage" >&2; exit 2; }

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTS=ON -DBUILD_FUZZ=OFF \
  -DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=16 \
  -DCMAKE_CXX_FLAGS=--coverage -DCMAKE_CXX_FLAGS_RELEASE="-O1 -DNDEBUG" \
  -DCMAKE_EXE_LINKER_FLAGS=--coverage >/dev/null
cmake --build "$build" -j"$jobs"
lcov --quiet --zerocounters --directory "$build"
ctest --test-dir "$build" -j"$jobs" -E '^(fuzz|lint)\.' --output-on-failure >"$build/coverage-tests.log" ||
  { tail -30 "$build/coverage-tests.log"; echo "coverage: tests failed" >&2; exit 1; }

lcov --quiet --capture --directory "$build" --output-file "$build/coverage-all.info" \
  --ignore-errors mismatch,negative 2>/dev/null ||
  lcov --quiet --capture --directory "$build" --output-file "$build/coverage-all.info"
parts=()
for d in core llm indexer agent eval mcp cli; do parts+=("$root/$d/*"); done
lcov --quiet --extract "$build/coverage-all.info" "${parts[@]}" --output-file "$build/coverage.info"

# Per module: the source folder (two levels under indexer/, agent/, llm/, cli/).
awk -v root="$root/" '
  /^SF:/ { f = substr($0, 4); sub(root, "", f); n = split(f, p, "/");
           m = p[1]; if (n > 2) m = p[1] "/" p[2]; }
  /^LF:/ { lf[m] += substr($0, 4); tlf += substr($0, 4) }
  /^LH:/ { lh[m] += substr($0, 4); tlh += substr($0, 4) }
  END {
    for (m in lf) printf "%-16s %6d / %6d  %5.1f%%\n", m, lh[m], lf[m], 100 * lh[m] / lf[m] | "sort";
    close("sort");
    printf "%-16s %6d / %6d  %5.1f%%\n", "total", tlh, tlf, 100 * tlh / tlf;
  }' "$build/coverage.info" | tee "$build/coverage.txt"
