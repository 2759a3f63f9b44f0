#!/usr/bin/env bash
# Builds the fuzz targets with clang (ASan + UBSan + libFuzzer) and runs each
# for a bounded time over its seed corpus (fuzz/corpus/<target>). New inputs
# go to <build-dir>/corpus/<target>, never into the tree; a crash leaves its
# input in <build-dir>/crashes/ and fails the run.
#
# Usage: fuzz/run.sh [--build-dir DIR] [--main-build DIR] [--seconds N] [TARGET...]
#   --build-dir   the clang build (default: build/fuzz)
#   --main-build  a built main build (default: build); mcp_line links its libraries
#   --seconds     fuzzing time per target (default: 10)
#   TARGET        plan_reply summary_reply edit_blocks task_line config mcp_line (default: all)
# Extra libFuzzer flags can be given in FUZZ_FLAGS (e.g. FUZZ_FLAGS="-jobs=2").
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$root/build/fuzz"
main="$root/build"
seconds=10
targets=()
while (($#)); do
  case "$1" in
    --build-dir) build=$(realpath -m "$2"); shift 2 ;;
    --main-build) main=$(realpath -m "$2"); shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    -*) echo "fuzz/run.sh: unknown option $1; see fuzz/run.sh --help" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] ||
  { echo "fuzz/run.sh: --seconds takes a whole number above 0" >&2; exit 2; }
all=(plan_reply summary_reply edit_blocks task_line config mcp_line)
((${#targets[@]})) || targets=("${all[@]}")
for t in "${targets[@]}"; do
  [[ " ${all[*]} " == *" $t "* ]] || { echo "fuzz/run.sh: no target $t (one of: ${all[*]})" >&2; exit 2; }
done
if ! command -v clang++ >/dev/null; then
  echo "fuzz/run.sh: clang++ not found; run scripts/setup.sh (it installs clang and libclang-rt-dev)" >&2
  exit 2
fi

launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
cmake -S "$root/fuzz" -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DSTC_MAIN_BUILD="$main" "${launcher[@]}" >/dev/null
cmake --build "$build" -j"$(nproc 2>/dev/null || echo 2)" --target "${targets[@]/%/_fuzz}" >/dev/null

failed=()
mkdir -p "$build/crashes"
for t in "${targets[@]}"; do
  mkdir -p "$build/corpus/$t"
  log="$build/$t.log"
  echo "fuzz: $t for ${seconds}s" >&2
  # shellcheck disable=SC2086  # FUZZ_FLAGS is a list of flags
  if ! "$build/${t}_fuzz" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
      -artifact_prefix="$build/crashes/$t-" ${FUZZ_FLAGS:-} \
      "$build/corpus/$t" "$root/fuzz/corpus/$t" >"$log" 2>&1; then
    failed+=("$t")
    tail -n 40 "$log" >&2
    echo "fuzz: $t FAILED (log $log); reproduce with $build/${t}_fuzz $build/crashes/$t-*" >&2
    continue
  fi
  echo "fuzz: $t ok, $(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$') runs, corpus $(ls "$build/corpus/$t" | wc -l) new inputs" >&2
done
if ((${#failed[@]})); then
  echo "fuzz: crashes in ${failed[*]}; fix the parser, then add the input to fuzz/corpus/<target>" >&2
  exit 1
fi
