#!/usr/bin/env bash
# History mining benchmark: stc's history mining against `git log` on the same
# repository, in the same run. The repository is only read.
#
# Usage: bench/history_bench.sh REPO_DIR [--out RESULTS.md] [options]
#
#   --out FILE        also write the markdown report to FILE
#   --name NAME       repository name shown in the report (default: basename)
#   --runs N          runs per measurement, interleaved, median reported (default 3)
#   --inc N           first-parent commits mined by the incremental run (default 100)
#   --bin PATH        history_bench binary (default: build/bench/history_bench,
#                     else built in build-bench/ with -DBUILD_BENCH=ON)
#   --max-wait SECS   before each timed run wait up to SECS for other
#                     processes to leave the CPUs idle (default 120, 0 = never)
#   --keep            keep the temporary work directory
#
# Measured (each a fresh process, under /usr/bin/time -v):
#   git log --first-parent --name-only --format=%H   (the history stc mines)
#   git log --name-only --format=%H                  (every commit; merges print no files)
#   history_bench --walk-only   stc's first-parent walk with per-commit changed
#                               paths and rename pairing, no store
#   history_bench               full mining into an empty store (commits, files,
#                               co-change, FTS), i.e. the first `stc pass`
#   history_bench (incremental) the last --inc commits into a store mined up to
#                               HEAD~inc, i.e. a pass after a pull
# commits/s = commits the tool went through / median wall time (process start
# to exit). Peak RSS is "Maximum resident set size"; it includes the pack files'
# mapped pages that were touched (git log's RSS is mostly that, too).
set -euo pipefail

die() { echo "history_bench: $*" >&2; exit 2; }
log() { echo "history_bench: $*" >&2; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)

repo="" out="" name="" runs=3 inc=100 bin="" max_wait=120 keep=0
while (($#)); do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --name) name=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --inc) inc=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    --max-wait) max_wait=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $1" ;;
    *) [[ -z "$repo" ]] || die "one repository only"; repo=$1; shift ;;
  esac
done
[[ -n "$repo" ]] || die "usage: $0 REPO_DIR [--out RESULTS.md] (see --help)"
git -C "$repo" rev-parse --git-dir >/dev/null 2>&1 || die "$repo is not a git repository"
repo=$(cd "$repo" && pwd)
[[ -n "$name" ]] || name=$(basename "$repo")
[[ -z "$out" ]] || out=$(realpath -m "$out")
for t in git jq /usr/bin/time; do command -v "$t" >/dev/null || die "missing $t"; done

# ---------------------------------------------------------------- the driver
if [[ -z "$bin" ]]; then
  bin="$root/build/bench/history_bench"
  if [[ ! -x "$bin" ]]; then
    bin="$root/build-bench/bench/history_bench"
    log "building history_bench in $root/build-bench"
    cmake -S "$root" -B "$root/build-bench" -DCMAKE_BUILD_TYPE=Release -DBUILD_BENCH=ON \
      -DBUILD_TESTS=OFF >&2
    cmake --build "$root/build-bench" -j"$(nproc)" --target history_bench >&2 ||
      die "cannot build history_bench (does the root CMakeLists.txt add bench/ when BUILD_BENCH is ON?)"
  fi
fi
[[ -x "$bin" ]] || die "no history_bench binary at $bin"

work=$(mktemp -d "${TMPDIR:-/tmp}/stc-history-bench.XXXXXX")
cleanup() { if ((keep)); then log "work directory kept: $work"; else rm -rf "$work"; fi; }
trap cleanup EXIT
cp "$bin" "$work/history_bench"   # the build directory may change while we measure
hb="$work/history_bench"
stc_rev=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
[[ -z "$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null)" ]] || stc_rev+="+dirty"

head=$(git -C "$repo" rev-parse HEAD)
fp_commits=$(git -C "$repo" rev-list --first-parent --count HEAD)
all_commits=$(git -C "$repo" rev-list --count HEAD)
((fp_commits > inc)) || die "the first-parent history has only $fp_commits commits; use a smaller --inc"

# ---------------------------------------------------------------- helpers
cpu_busy() {  # busy % of all CPUs over 0.5 s
  local a b
  a=$(awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $5+$6; exit}' /proc/stat)
  sleep 0.5
  b=$(awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $5+$6; exit}' /proc/stat)
  awk -v a="$a" -v b="$b" 'BEGIN{split(a,x," "); split(b,y," ");
    busy=y[1]-x[1]; idle=y[2]-x[2]; t=busy+idle; printf "%d", (t > 0 ? 100*busy/t : 0)}'
}
max_busy=0 LAST_BUSY=0
wait_idle() {  # waits (at most --max-wait s) until the machine is quiet
  local waited=0 busy
  while :; do
    busy=$(cpu_busy)
    if ((busy < 15 || waited >= max_wait)); then break; fi
    sleep 2; waited=$((waited + 3))
  done
  ((busy > max_busy)) && max_busy=$busy
  LAST_BUSY=$busy
  return 0
}

# run_timed SERIES CMD...: appends "wall_ms cpu_ms rss_kb busy%" to
# $work/SERIES.series; the command's stdout goes to $work/SERIES.out.
run_timed() {
  local series=$1 t0 t1 rc=0; shift
  wait_idle
  t0=$(date +%s%N)
  /usr/bin/time -v -o "$work/$series.time" "$@" >"$work/$series.out" 2>"$work/$series.err" || rc=$?
  t1=$(date +%s%N)
  ((rc == 0)) || { log "command failed ($rc): $*"; cat "$work/$series.err" >&2; exit 1; }
  local wall cpu rss
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", (b-a)/1e6}')
  rss=$(awk -F': *' '/Maximum resident set size/{print $2}' "$work/$series.time")
  cpu=$(awk -F': *' '/User time \(seconds\)|System time \(seconds\)/{s+=$2} END{printf "%.0f", s*1000}' "$work/$series.time")
  echo "$wall $cpu $rss $LAST_BUSY" >>"$work/$series.series"
  log "round $r: $series $(fmt_ms "$wall") wall, $(fmt_ms "$cpu") CPU, $(fmt_rss "$rss")"
}
median() { sort -g | awk '{v[NR]=$1} END{if(NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
fmt_ms() { awk -v v="$1" 'BEGIN{ if (v >= 1000) printf "%.2f s", v/1000; else printf "%.1f ms", v }'; }
fmt_rss() { awk -v v="$1" 'BEGIN{ printf "%.0f MiB", v/1024 }'; }
rate() { awk -v n="$1" -v ms="$2" 'BEGIN{ if (ms > 0) printf "%.0f", n/(ms/1000); else print "-" }'; }

# summary SERIES: sets S_MED (wall ms), S_CELL, S_CPU (median ms), S_RSS (max KB).
summary() {
  local f="$work/$1.series"
  S_MED=$(cut -d' ' -f1 "$f" | median)
  S_CELL="$(fmt_ms "$S_MED") ($(fmt_ms "$(cut -d' ' -f1 "$f" | sort -g | head -1)") – $(fmt_ms "$(cut -d' ' -f1 "$f" | sort -g | tail -1)"), n=$(wc -l <"$f"))"
  S_CPU=$(cut -d' ' -f2 "$f" | median)
  S_RSS=$(cut -d' ' -f3 "$f" | sort -g | tail -1)
}

# ---------------------------------------------------------------- runs
log "warming the page cache"
git -C "$repo" log --name-only --format=%H HEAD >/dev/null
"$hb" "$repo" --rev "HEAD~$inc" --store "$work/inc-base.db" >/dev/null   # incremental base, untimed
for ((r = 1; r <= runs; r++)); do
  run_timed git-fp git -C "$repo" log --first-parent --name-only --format=%H HEAD
  run_timed git-all git -C "$repo" log --name-only --format=%H HEAD
  run_timed stc-walk "$hb" "$repo" --walk-only
  rm -f "$work"/full.db*
  run_timed stc-mine "$hb" "$repo" --store "$work/full.db"
  rm -f "$work"/inc.db*
  for s in "" -wal -shm; do [[ ! -f "$work/inc-base.db$s" ]] || cp "$work/inc-base.db$s" "$work/inc.db$s"; done
  run_timed stc-inc "$hb" "$repo" --store "$work/inc.db"
done

# ---------------------------------------------------------------- report
rows=()
add_row() { rows+=("| $1 | $2 | $3 | $4 | $5 | $6 | $7 |"); }  # tool op commits wall cpu c/s rss
measure_row() {  # measure_row SERIES TOOL OPERATION COMMITS
  summary "$1"
  add_row "$2" "$3" "$4" "$S_CELL" "$(fmt_ms "$S_CPU")" "$(rate "$4" "$S_MED")" "$(fmt_rss "$S_RSS")"
}
measure_row git-fp git "\`git log --first-parent --name-only --format=%H\`" "$fp_commits"; fp_med=$S_MED
measure_row git-all git "\`git log --name-only --format=%H\`" "$all_commits"; all_med=$S_MED
measure_row stc-walk stc "first-parent walk + changed paths (\`history_bench --walk-only\`)" \
  "$(jq -r .commits "$work/stc-walk.out")"
measure_row stc-mine stc "full mining into an empty store (\`history_bench\`)" \
  "$(jq -r .commits "$work/stc-mine.out")"; mine_med=$S_MED
measure_row stc-inc stc "incremental: last $inc commits into a store mined to HEAD~$inc" \
  "$(jq -r .commits "$work/stc-inc.out")"
mine_json=$(cat "$work/stc-mine.out")
store_mb=$(du -cb "$work"/full.db* | tail -1 | awk '{printf "%.1f", $1/1e6}')

cpu_model=$(awk -F': *' '/^model name/{print $2; exit}' /proc/cpuinfo)
report() {
  echo "### $name @ ${head:0:12}"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) CPUs ($cpu_model), $(uname -sr)"
  echo "- repository: $fp_commits first-parent commits, $all_commits in all; $(git --version); libgit2 $(pkg-config --modversion libgit2 2>/dev/null || echo '?'); stc rev $stc_rev"
  echo "- other load: busiest 0.5 s CPU sample before a timed run ${max_busy}% (each run waits up to ${max_wait}s for < 15%)"
  echo
  echo "| tool | operation | commits | wall: median (min – max, n) | CPU user+sys | commits/s | peak RSS |"
  echo "| --- | --- | ---: | --- | ---: | ---: | ---: |"
  printf '%s\n' "${rows[@]}"
  echo
  echo "stc full mining / git log: $(rate "$fp_commits" "$mine_med") vs $(rate "$all_commits" "$all_med") commits/s" \
    "= $(awk -v a="$mine_med" -v b="$all_med" -v n="$fp_commits" -v m="$all_commits" 'BEGIN{printf "%.2f", (n/a)/(m/b)}')x of \`git log --name-only\`," \
    "$(awk -v a="$mine_med" -v b="$fp_med" 'BEGIN{printf "%.2f", b/a}')x of \`git log --first-parent --name-only\` (target: at least 0.33x)."
  echo "Store after full mining: $store_mb MB; last full run: \`$mine_json\`"
}
report_text=$(report)
echo "$report_text"
if [[ -n "$out" ]]; then
  mkdir -p "$(dirname "$out")"
  echo "$report_text" >"$out"
  log "wrote $out"
fi
