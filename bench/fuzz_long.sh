#!/usr/bin/env bash
# Long fuzzing runs: every fuzz target (or those named) for MINUTES each, on
# the corpus kept in the tree plus what earlier long runs found (kept in the
# build directory between runs). With --merge, the inputs that add coverage
# are minimised into fuzz/corpus/<target> so the short CI run starts from them
# (review and commit them).
#
# Usage: bench/fuzz_long.sh [--minutes N] [--workers N] [--merge]
#                           [--build-dir DIR] [--main-build DIR] [TARGET...]
#   --minutes     per target (default 10)
#   --workers     parallel fuzzing processes per target (default 1)
#   --merge       minimise the found corpus into fuzz/corpus/ afterwards
# Crashes are left in <build-dir>/crashes/ (default build/fuzz); exit 1 if any.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
minutes=10
workers=1
merge=0
pass=()
targets=()
while (($#)); do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --workers) workers="$2"; shift 2 ;;
    --merge) merge=1; shift ;;
    --build-dir|--main-build) pass+=("$1" "$2"); shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    -*) echo "fuzz_long.sh: unknown option $1; see bench/fuzz_long.sh --help" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[[ "$minutes" =~ ^[1-9][0-9]*$ && "$workers" =~ ^[1-9][0-9]*$ ]] ||
  { echo "fuzz_long.sh: --minutes and --workers take whole numbers" >&2; exit 2; }

build="$root/build/fuzz"
for ((i = 0; i < ${#pass[@]}; i += 2)); do
  [[ "${pass[i]}" == --build-dir ]] && build=$(realpath -m "${pass[i + 1]}")
done

status=0
FUZZ_FLAGS="-fork=$workers -ignore_crashes=0 ${FUZZ_FLAGS:-}" \
  bash "$root/fuzz/run.sh" "${pass[@]}" --seconds $((minutes * 60)) "${targets[@]}" || status=$?
if ((merge)); then
  all=(plan_reply summary_reply edit_blocks task_line config mcp_line)
  ((${#targets[@]})) || targets=("${all[@]}")
  for t in "${targets[@]}"; do
    before=$(ls "$root/fuzz/corpus/$t" | wc -l)
    "$build/${t}_fuzz" -merge=1 "$root/fuzz/corpus/$t" "$build/corpus/$t" >"$build/$t.merge.log" 2>&1
    echo "fuzz_long: $t corpus $before -> $(ls "$root/fuzz/corpus/$t" | wc -l) files" >&2
  done
fi
exit "$status"
