#!/usr/bin/env bash
# Monorepo scale benchmark (issue 15): stc on one composite repository built by
# bench/monorepo.sh, beside universal-ctags, GNU Global and ripgrep in the same
# run. Every command runs once as a fresh process under `/usr/bin/time -v`
# (wall from a nanosecond clock around it, CPU user+sys and peak RSS from
# time -v); the query
# commands run --runs times and report the median.
#
#   bench/monorepo_bench.sh REPO [--runs N] [--out FILE] [--skip-peers] [--peer-timeout SECS]
#
# --peer-timeout stops ctags / gtags after SECS (default 600) and reports that.
#
# REPO IS MODIFIED: the store is rebuilt from nothing (REPO/.git/stc removed),
# and commits are added (10 files, then 1 file --runs times, each gets an appended
# comment line). Use a composite made for the purpose, never a real checkout.
#
# Binaries: $STC and $STC_AGENT, else stc / stc-agent of this checkout's build/
# (build/cli/stc, build/cli/stc-agent/stc-agent). Every stc command runs with
# STC_SLEEP_BUDGET=0 (no LLM rehearsal: the structure + history part only),
# STC_PROVIDER=offline and STC_NO_HOOK=1.
#
# Measured, in this order (`uptime` is logged before each step):
#   1. stc index            on an empty store: the full structural index
#   2. stc init             on that index: the first sleep pass over the whole
#                           history (+ hooks, disabled here); 1+2 = a full init
#   3. stc index            after a commit that touches 10 files (incremental)
#   4. stc pass --wait      once (untimed in the goals) to settle the artifacts after
#                           step 3, then after each of --runs commits that touch 1
#                           file (what the post-commit hook runs): the median
#   5. stc search QUERY, stc-agent plan REQUEST, one `stc mcp` session
#      (initialize + tools/call search_index on stdin), rg for the query words:
#      median of --runs each
#   6. store size (du of the store directory), ctags -R and gtags full index
set -euo pipefail

repo="" runs=5 out="" peers=1 peer_timeout=600
query="parse configuration file"
request="Add a cache for parsed configuration files with a size limit"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --skip-peers) peers=0; shift ;;
    --peer-timeout) peer_timeout="$2"; shift 2 ;;
    -h|--help) sed -n 2,34p "$0"; exit 0 ;;
    *) repo="$1"; shift ;;
  esac
done
[[ -n "$repo" && -d "$repo/.git" ]] || { echo "usage: $0 REPO [--runs N] [--out FILE] [--skip-peers]" >&2; exit 2; }
root="$(cd "$(dirname "$0")/.." && pwd)"
repo="$(cd "$repo" && pwd)"
stc="${STC:-$root/build/cli/stc}"
agent="${STC_AGENT:-$root/build/cli/stc-agent/stc-agent}"
[[ -x "$stc" && -x "$agent" ]] || { echo "no stc/stc-agent at $stc, $agent: build first or set STC/STC_AGENT" >&2; exit 2; }
for t in jq rg ctags gtags /usr/bin/time; do command -v "$t" >/dev/null || { echo "needs $t (scripts/setup.sh --bench)" >&2; exit 2; }; done
export STC_SLEEP_BUDGET=0 STC_PROVIDER=offline STC_NO_HOOK=1
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
loads=()
note_load() { local l; l=$(uptime | sed 's/.*load average: //'); loads+=("$1: $l"); log "load before $1: $l"; }

# timed NAME CMD... -> T_MS (wall), T_RSS_KB; stdout in $work/NAME.out
timed() {
  local name=$1; shift
  local s e
  s=$(date +%s%N)
  /usr/bin/time -v -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" || log "$name: exit $? ($(tail -c 300 "$work/$name.err"))"
  e=$(date +%s%N)
  T_MS=$(( (e - s) / 1000000 ))
  T_RSS_KB=$(awk -F': ' '/Maximum resident set size/{print $2}' "$work/$name.time")
  T_CPU_MS=$(awk -F': ' '/User time \(seconds\)|System time \(seconds\)/{s+=$2} END{printf "%d", s*1000}' "$work/$name.time")
}
median() { sort -n | awk '{v[NR]=$1} END{print (NR%2) ? v[(NR+1)/2] : int((v[NR/2]+v[NR/2+1])/2)}'; }
fms() { awk -v v="$1" 'BEGIN{ if (v >= 1000) printf "%.2f s", v/1000; else printf "%d ms", v }'; }
fmib() { awk -v v="$1" 'BEGIN{ printf "%.0f MiB", v/1024 }'; }
rows=()
row() { rows+=("| $1 | $2 | $3 | $4 | $5 | $6 |"); }

cd "$repo"
commit=$(git rev-parse HEAD)
files=$(git ls-files | wc -l)
tree_bytes=$(git ls-tree -r -l HEAD | awk '$2=="blob" && $1!="120000"{s+=$4} END{print s+0}')
commits=$(git rev-list --count HEAD)
store="$repo/.git/stc"
rm -rf "$store"

# 1. full structural index
note_load "stc index (full)"
timed index "$stc" -C "$repo" index --json
idx_ms=$T_MS idx_rss=$T_RSS_KB
idx_bytes=$(jq -r .bytes_parsed "$work/index.out"); idx_files=$(jq -r .files_parsed "$work/index.out")
idx_mbs=$(awk -v b="$idx_bytes" -v ms="$idx_ms" 'BEGIN{printf "%.1f", b/1e6/(ms/1000)}')
idx_phases=$(jq -r '.phase_seconds // {} | to_entries | map("\(.key) \(.value*1000|floor) ms") | join(", ")' "$work/index.out")
idx_cpu=$T_CPU_MS
row "stc index, empty store (full structural index)" "$(fms "$idx_ms")" "$(fms "$idx_cpu")" "$(fmib "$idx_rss")" "$idx_mbs MB/s wall; $(awk -v b="$idx_bytes" -v ms="$idx_cpu" 'BEGIN{printf "%.1f", b/1e6/(ms/1000)}') MB per CPU-second" \
  "$idx_files files parsed of $(jq -r .files_total "$work/index.out"), $(awk -v b="$idx_bytes" 'BEGIN{printf "%.1f", b/1e6}') MB, $(jq -r .symbols "$work/index.out") symbols; stc's phases: $idx_phases"
log "index: $(fms "$idx_ms"), $(fmib "$idx_rss"), $idx_mbs MB/s"

# 2. first sleep pass (init on the fresh index)
note_load "stc init (first pass)"
timed init "$stc" -C "$repo" init --json
init_ms=$T_MS init_rss=$T_RSS_KB
init_cpu=$T_CPU_MS
row "stc init on that index (first pass: whole history + artifacts)" "$(fms "$init_ms")" "$(fms "$init_cpu")" "$(fmib "$init_rss")" \
  "$(awk -v c="$(jq -r .commits_mined "$work/init.out")" -v ms="$init_ms" 'BEGIN{printf "%.0f commits/s", c/(ms/1000)}')" \
  "$(jq -r .commits_mined "$work/init.out") commits mined, $(jq -r '.artifacts_written // 0' "$work/init.out") artifacts, outcome $(jq -r .outcome "$work/init.out")"
row "full init = index + first pass" "$(fms $((idx_ms + init_ms)))" "$(fms $((idx_cpu + init_cpu)))" "$(fmib $((idx_rss > init_rss ? idx_rss : init_rss)))" "" "sum of the two rows above"
log "init pass: $(fms "$init_ms"), $(fmib "$init_rss")"

# 3. 10-file commit, incremental index. Files: stc's languages, sorted, evenly spaced.
git ls-files -- '*.py' '*.go' '*.c' '*.rs' '*.ts' '*.java' | LC_ALL=C sort >"$work/cands"
touch_files() {  # touch_files N TAG: append a comment line to N evenly spaced candidates, commit
  local n=$1 tag=$2 total stride f
  total=$(wc -l <"$work/cands"); stride=$((total / n))
  mapfile -t picked < <(awk -v s="$stride" -v k="$n" '(NR-1) % s == 0 && c < k {print; c++}' "$work/cands")
  for f in "${picked[@]}"; do
    case "$f" in *.py) c='#' ;; *) c='//' ;; esac
    printf '\n%s monorepo-bench %s: %s\n' "$c" "$tag" "$f" >>"$f"
  done
  git add -- "${picked[@]}"
  git -c core.hooksPath=/dev/null -c user.name=bench -c user.email=bench@localhost commit -q --no-verify -m "monorepo-bench: $tag"
}
touch_files 10 "ten-file commit $(date +%s)"
note_load "stc index (10-file commit)"
timed inc "$stc" -C "$repo" index --json
row "stc index after a 10-file commit (fresh process)" "$(fms "$T_MS")" "$(fms "$T_CPU_MS")" "$(fmib "$T_RSS_KB")" "" \
  "files_parsed $(jq -r .files_parsed "$work/inc.out"), stc's own clock $(jq -r '.seconds*1000|floor' "$work/inc.out") ms"
log "incremental: $(fms "$T_MS")"

# 4. one-file commits, each followed by the pass the post-commit hook runs.
# First an untimed pass for the 10-file commit above (the hook would have
# run it; after a separate `stc index` a pass recomputes every roll-up).
timed settle "$stc" -C "$repo" pass --wait --trigger bench --json
row "stc pass --wait after that \`stc index\` (untimed in the goals: settles the artifacts)" "$(fms "$T_MS")" "$(fms "$T_CPU_MS")" "$(fmib "$T_RSS_KB")" "" \
  "$(jq -c '{files_parsed, commits_mined, artifacts_written, outcome}' "$work/settle.out" 2>/dev/null | sed 's/|/\\|/g')"
note_load "stc pass (1-file commits)"
declare -A pms pcpu prss
for ((i = 1; i <= runs; i++)); do
  touch_files 1 "one-file commit $i $(date +%s)"
  timed "pass-$i" "$stc" -C "$repo" pass --wait --trigger bench --json
  pms[pass]+="$T_MS "; pcpu[pass]+="$T_CPU_MS "; prss[pass]+="$T_RSS_KB "
done
row "stc pass --wait after a 1-file commit (fresh process, median of $runs commits)" \
  "$(fms "$(tr ' ' '\n' <<<"${pms[pass]}" | grep . | median)") (runs: ${pms[pass]% })" \
  "$(fms "$(tr ' ' '\n' <<<"${pcpu[pass]}" | grep . | median)")" \
  "$(fmib "$(tr ' ' '\n' <<<"${prss[pass]}" | grep . | sort -n | tail -1)")" "" \
  "$(jq -c '{files_parsed, commits_mined, artifacts_written, outcome}' "$work/pass-1.out" 2>/dev/null | sed 's/|/\\|/g')"
log "pass: ${pms[pass]}"

# 5. queries, median of --runs
words=$(echo "$query" | tr 'A-Z' 'a-z' | tr -c 'a-z\n' ' ' | tr ' ' '\n' | awk 'length($0) > 2' | paste -sd'|')
mcp_session() {
  printf '%s\n' \
    '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2024-11-05","capabilities":{},"clientInfo":{"name":"bench","version":"0"}}}' \
    '{"jsonrpc":"2.0","method":"notifications/initialized"}' \
    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"search_index\",\"arguments\":{\"query\":\"$query\"}}}"
}
mcp_session >"$work/mcp.in"
note_load "queries"
declare -A ms rss cpu
for ((i = 1; i <= runs; i++)); do
  timed "search-$i" "$stc" -C "$repo" search --json "$query"; ms[search]+="$T_MS "; rss[search]+="$T_RSS_KB "; cpu[search]+="$T_CPU_MS "
  timed "plan-$i" "$agent" -C "$repo" plan --json "$request"; ms[plan]+="$T_MS "; rss[plan]+="$T_RSS_KB "; cpu[plan]+="$T_CPU_MS "
  timed "mcp-$i" sh -c "cd '$repo' && '$stc' mcp <'$work/mcp.in'"; ms[mcp]+="$T_MS "; rss[mcp]+="$T_RSS_KB "; cpu[mcp]+="$T_CPU_MS "
  timed "rg-$i" rg -c -i -e "$words" "$repo"; ms[rg]+="$T_MS "; rss[rg]+="$T_RSS_KB "; cpu[rg]+="$T_CPU_MS "
done
qrow() { row "$1" "$(fms "$(tr ' ' '\n' <<<"${ms[$2]}" | grep . | median)") (runs: ${ms[$2]% })" "$(fms "$(tr ' ' '\n' <<<"${cpu[$2]}" | grep . | median)")" "$(fmib "$(tr ' ' '\n' <<<"${rss[$2]}" | grep . | sort -n | tail -1)")" "" "$3"; }
qrow "stc search \"$query\" (median of $runs)" search "$(jq -r 'if type=="array" then length else (.results // [] | length) end' "$work/search-1.out" 2>/dev/null) results"
qrow "stc-agent plan \"$request\" (median of $runs)" plan "$(jq -r '(.files // .plan.files // []) | length' "$work/plan-1.out" 2>/dev/null) files planned"
qrow "stc mcp: initialize + tools/call search_index, whole session (median of $runs)" mcp "$(grep -c '"id":2' "$work/mcp-1.out" 2>/dev/null) tools/call reply, isError $(grep '"id":2' "$work/mcp-1.out" | jq -r '.result.isError // false' 2>/dev/null)"
qrow "rg -c -i (query words) over the tree (median of $runs)" rg "$(wc -l <"$work/rg-1.out") files with a match"

# 6. store size, peers
store_bytes=$(du -sb "$store" | cut -f1)
row "store size (du -sb .git/stc)" "" "" "" "" "$(awk -v b="$store_bytes" -v t="$tree_bytes" 'BEGIN{printf "%.1f MB = %.2fx the %.1f MB tree at HEAD", b/1e6, b/t, t/1e6}')"
if ((peers)); then
  note_load "ctags -R"
  timed ctags timeout "$peer_timeout" env -C "$repo" ctags -R --langmap=Python:+.pyi -f "$work/tags" .
  row "universal-ctags \`ctags -R --langmap=Python:+.pyi\`" "$(fms "$T_MS")" "$(fms "$T_CPU_MS")" "$(fmib "$T_RSS_KB")" \
    "$(awk -v b="$idx_bytes" -v ms="$T_MS" 'BEGIN{printf "(%.1f MB/s of stc'"'"'s bytes)", b/1e6/(ms/1000)}')" "$(grep -vc '^!_TAG_' "$work/tags" 2>/dev/null) tags$( ((T_MS >= peer_timeout * 1000)) && echo " (STOPPED by the $peer_timeout s timeout)" || true), $(du -sb "$work/tags" | awk '{printf "%.1f MB", $1/1e6}')"
  log "ctags: $(fms "$T_MS")"
  { printf 'bench-uctags:\\\n\t:langmap=Python\\:.pyi:\\\n\t:tc=new-ctags:\n'; cat /etc/gtags/gtags.conf 2>/dev/null || cat /etc/gtags.conf 2>/dev/null || true; } >"$work/gtags.conf"
  mkdir -p "$work/gtags-db"
  note_load "gtags"
  timed gtags timeout "$peer_timeout" env -C "$repo" GTAGSCONF="$work/gtags.conf" GTAGSLABEL=bench-uctags gtags --skip-unreadable -q "$work/gtags-db"
  row "GNU Global \`gtags\` (Universal Ctags plug-in + .pyi)" "$(fms "$T_MS")" "$(fms "$T_CPU_MS")" "$(fmib "$T_RSS_KB")" \
    "$(awk -v b="$idx_bytes" -v ms="$T_MS" 'BEGIN{printf "(%.1f MB/s of stc'"'"'s bytes)", b/1e6/(ms/1000)}')" "database $(du -sb "$work/gtags-db" | awk '{printf "%.1f MB", $1/1e6}')$( ((T_MS >= peer_timeout * 1000)) && echo "; STOPPED by the $peer_timeout s timeout, not finished" || true)"
  log "gtags: $(fms "$T_MS")"
fi

report() {
  echo "## $(basename "$repo") @ ${commit:0:12}"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) CPUs, $(awk '/^MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM"
  echo "- repository: $files files, $(awk -v b="$tree_bytes" 'BEGIN{printf "%.1f MB", b/1e6}') at HEAD, $commits commits"
  echo "- stc: $("$stc" --version 2>/dev/null | head -1) (project rev $(git -C "$root" rev-parse --short HEAD)); STC_SLEEP_BUDGET=0"
  echo "- load average (1, 5, 15 min) before each step: $(printf '%s; ' "${loads[@]}")"
  echo
  echo "| what | wall | CPU user+sys | peak RSS | rate | notes |"
  echo "| --- | ---: | ---: | ---: | ---: | --- |"
  printf '%s\n' "${rows[@]}"
}
report_text=$(report)
echo "$report_text"
if [[ -n "$out" ]]; then mkdir -p "$(dirname "$out")"; echo "$report_text" >"$out"; fi
