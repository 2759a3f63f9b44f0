#!/usr/bin/env bash
# Plan latency: `stc-agent plan` (offline provider) in index mode and in
# --no-index baseline mode on one repository, beside ripgrep counting the same
# query words over the same tree (the work the baseline's grep step does).
#
#   bench/plan_bench.sh REPO [--runs N] [--budget N] [--stc-dir BUILD/cli] [--out FILE]
#
# REPO is copied to a temporary directory (a clone), indexed once with
# `stc init` (hooks off), then each query is planned --runs times per mode as
# a fresh process (what a user or another tool pays). Prints a markdown
# report: per mode the median and p95 wall time over all queries and runs.
set -euo pipefail

repo=""; runs=5; budget=2000; out=""
bin_dir="$(cd "$(dirname "$0")/.." && pwd)/build/cli"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --budget) budget="$2"; shift 2 ;;
    --stc-dir) bin_dir="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n 2,12p "$0"; exit 0 ;;
    *) repo="$1"; shift ;;
  esac
done
[[ -n "$repo" ]] || { echo "usage: $0 REPO [--runs N] [--budget N] [--out FILE]" >&2; exit 2; }
stc="$bin_dir/stc"; agent="$bin_dir/stc-agent/stc-agent"
[[ -x "$stc" && -x "$agent" ]] || { echo "build first: cmake --build build (looked in $bin_dir)" >&2; exit 2; }
command -v rg >/dev/null || { echo "needs ripgrep (apt-get install ripgrep)" >&2; exit 2; }

work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
git clone -q "$repo" "$work/repo"
cd "$work/repo"
files=$(git ls-files | wc -l)
export STC_NO_HOOK=1 STC_PROVIDER=offline
t0=$(date +%s.%N); "$stc" init -q >/dev/null 2>&1; t1=$(date +%s.%N)

queries=(
  "Add retry with exponential backoff to the HTTP client"
  "Add a new command line option to configure the output format"
  "Support reading configuration from environment variables"
  "Add type hints for the logging handlers"
  "Add a cache for parsed results with a size limit"
)

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
stats() { sort -n | awk '{a[NR]=$1} END {m=a[int((NR+1)/2)]; p=a[int(NR*0.95+0.999)]; printf "%d %d %d\n", m, p, a[NR]}'; }

declare -A times
for q in "${queries[@]}"; do
  words=$(echo "$q" | tr 'A-Z' 'a-z' | tr -c 'a-z\n' ' ' | tr ' ' '\n' | awk 'length($0) > 3' | paste -sd'|')
  for ((i = 0; i < runs; i++)); do
    times[index]+="$(ms "$agent" plan "$q" --budget "$budget" --json) "
    times[baseline]+="$(ms "$agent" plan "$q" --budget "$budget" --json --no-index) "
    times[rg]+="$(ms rg -c -i -e "$words" .) "
  done
done

report() {
  echo "## Plan latency: $(basename "$repo") ($files files, $(git rev-parse --short HEAD))"
  echo
  printf 'stc init (first index + offline pass): %.2f s; %d queries x %d runs, budget %d, 2 cores.\n\n' \
    "$(echo "$t1 - $t0" | bc)" "${#queries[@]}" "$runs" "$budget"
  echo "| what | median ms | p95 ms | max ms |"
  echo "| --- | ---: | ---: | ---: |"
  for k in index baseline rg; do
    read -r m p x < <(echo "${times[$k]}" | tr ' ' '\n' | grep . | stats)
    case $k in
      index) label="stc-agent plan (index mode)" ;;
      baseline) label="stc-agent plan --no-index (baseline)" ;;
      rg) label="rg -c -i (query words, same tree)" ;;
    esac
    echo "| $label | $m | $p | $x |"
  done
}
if [[ -n "$out" ]]; then report | tee "$out"; else report; fi
