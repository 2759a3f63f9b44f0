#!/usr/bin/env bash
# The sleep pass after a one-file commit, on histories of different lengths.
#
# Usage: bench/pass_history_bench.sh [options]
#   --commits "1000 10000 50000"  history lengths (synthetic repositories from
#                                 bench/gen_history.py, same ~1,500-file tree each)
#   --repo DIR                    instead of synthetic ones: truncations of DIR's
#                                 first-parent history to the --commits lengths
#                                 (clones at HEAD~(total-N) along first parents)
#   --glob PATTERN                the files a round's commit appends a line to
#                                 (git ls-files pattern, default '*.py'; at least
#                                 100 files: round r takes the ((37 r) mod 100 + 1)th)
#   --stc PATH                    binary to measure; repeat to compare several in
#                                 the same run (default build/cli/stc)
#   --rounds N                    one-file commits (= timed passes) per repository
#                                 and binary (default 5)
#   --budget 0|default|both       sleep budget of the timed passes (default both:
#                                 STC_SLEEP_BUDGET=0 isolates the offline stages,
#                                 "default" adds rehearsal within the configured budget)
#   --work DIR                    where the repositories go (default a temp dir)
#   --keep                        keep the work directory
#   --out FILE                    also write the markdown report there
#
# Each binary gets its own clone of each repository, initialised by that
# binary (`stc init`, no hooks, sleep budget 0). Then each round makes one
# commit that appends a line to one file (hooks off) in every clone and times
# `stc pass --wait --json` as a fresh process, binaries interleaved so load
# from other processes falls on all alike. Reported: median wall and median
# CPU (user+sys, /usr/bin/time) of the passes, and the load average seen.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
commits="1000 10000 50000"
repo=""
glob='*.py'
stcs=()
rounds=5
budget=both
work=""
keep=0
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --commits) commits="$2"; shift 2 ;;
    --repo) repo="$2"; shift 2 ;;
    --glob) glob="$2"; shift 2 ;;
    --stc) stcs+=("$(realpath "$2")"); shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --budget) budget="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ ${#stcs[@]} -gt 0 ] || stcs=("$(realpath "$here/../build/cli/stc")")
case "$budget" in 0) budgets=(0) ;; default) budgets=(default) ;; both) budgets=(0 default) ;;
  *) echo "--budget is 0, default or both" >&2; exit 2 ;; esac
if [ -z "$work" ]; then work=$(mktemp -d /tmp/pass_history_bench.XXXXXX); fi
mkdir -p "$work"
[ $keep = 1 ] || trap 'rm -rf "$work"' EXIT
export STC_NO_HOOK=1 GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com \
  GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com

# Binaries are copied first so a rebuild during the run changes nothing.
bins=()
for i in "${!stcs[@]}"; do cp "${stcs[$i]}" "$work/stc$i"; bins+=("$work/stc$i"); done

make_source() {  # N -> path of a repository with N first-parent commits
  local n=$1 dir="$work/src$1"
  if [ -d "$dir" ]; then echo "$dir"; return; fi
  if [ -n "$repo" ]; then
    local total
    total=$(git -C "$repo" rev-list --first-parent --count HEAD)
    [ "$n" -le "$total" ] || { echo "$repo has only $total first-parent commits" >&2; exit 2; }
    git clone -q --no-hardlinks "$repo" "$dir"
    git -C "$dir" reset -q --hard "HEAD~$((total - n))" 2>/dev/null ||
      git -C "$dir" reset -q --hard "$(git -C "$dir" rev-list --first-parent HEAD | sed -n "$((total - n + 1))p")"
  else
    mkdir -p "$dir"
    git -C "$dir" init -q -b main
    python3 "$here/gen_history.py" "$n" | git -C "$dir" fast-import --quiet
    git -C "$dir" reset -q --hard main
  fi
  echo "$dir"
}

now_ns() { date +%s%N; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) print "-"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
load1() { cut -d' ' -f1 /proc/loadavg; }

# time_cmd OUTFILE cmd... -> appends "wall_ms cpu_ms" to OUTFILE
time_cmd() {
  local res=$1; shift
  local t0 t1
  t0=$(now_ns)
  /usr/bin/time -f "%U %S" -o "$work/time.txt" "$@" > "$work/last.json" 2> "$work/last.err" ||
    { echo "failed: $* (see $work/last.err)" >&2; cat "$work/last.err" >&2; exit 1; }
  t1=$(now_ns)
  awk -v w=$(( (t1 - t0) / 1000000 )) '{printf "%d %d\n", w, ($1 + $2) * 1000}' "$work/time.txt" >> "$res"
}

report=$work/report.md
{
  echo "# Sleep pass after a one-file commit vs history length"
  echo
  echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) CPUs; rounds per cell: $rounds."
  echo "Source: ${repo:-synthetic (bench/gen_history.py)}. Binaries:"
  for i in "${!stcs[@]}"; do echo "- stc$i = ${stcs[$i]}"; done
  echo
  echo "| commits | files | binary | budget | init wall | pass wall median (min–max) | pass CPU median | load avg (min–max) |"
  echo "| ---: | ---: | --- | --- | ---: | --- | ---: | --- |"
} > "$report"

for n in $commits; do
  src=$(make_source "$n")
  files=$(git -C "$src" ls-files | wc -l)
  for i in "${!bins[@]}"; do
    clone="$work/r$n-$i"
    rm -rf "$clone"
    git clone -q --no-hardlinks "$src" "$clone"
    t0=$(now_ns)
    (cd "$clone" && STC_SLEEP_BUDGET=0 "${bins[$i]}" init --json > /dev/null 2> "$work/init.err") ||
      { cat "$work/init.err" >&2; exit 1; }
    echo $(( ($(now_ns) - t0) / 1000000 )) > "$work/init-$n-$i"
  done
  for b in "${budgets[@]}"; do
    for r in $(seq 1 "$rounds"); do
      for i in "${!bins[@]}"; do
        clone="$work/r$n-$i"
        f=$(git -C "$clone" ls-files "$glob" | sed -n "$(( (r * 37) % 100 + 1 ))p")
        echo "# bench round $b-$r" >> "$clone/$f"
        git -C "$clone" -c core.hooksPath=/dev/null commit -qam "Bench: one-file change $b-$r"
        load1 >> "$work/load-$n-$i-$b"
        if [ "$b" = 0 ]; then
          (cd "$clone" && time_cmd "$work/res-$n-$i-$b" env STC_SLEEP_BUDGET=0 "${bins[$i]}" pass --wait --json)
        else
          (cd "$clone" && time_cmd "$work/res-$n-$i-$b" env -u STC_SLEEP_BUDGET "${bins[$i]}" pass --wait --json)
        fi
        echo "n=$n stc$i budget=$b round $r: $(tail -1 "$work/res-$n-$i-$b") ms (wall cpu), load $(load1)" >&2
      done
    done
    for i in "${!bins[@]}"; do
      res="$work/res-$n-$i-$b"
      wall=$(cut -d' ' -f1 "$res" | median)
      lo=$(cut -d' ' -f1 "$res" | sort -g | head -1)
      hi=$(cut -d' ' -f1 "$res" | sort -g | tail -1)
      cpu=$(cut -d' ' -f2 "$res" | median)
      llo=$(sort -g "$work/load-$n-$i-$b" | head -1)
      lhi=$(sort -g "$work/load-$n-$i-$b" | tail -1)
      echo "| $n | $files | stc$i | $b | $(cat "$work/init-$n-$i") ms | $wall ms ($lo–$hi) | $cpu ms | $llo–$lhi |" >> "$report"
    done
  done
done

cat "$report"
[ -z "$out" ] || cp "$report" "$out"
