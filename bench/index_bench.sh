#!/usr/bin/env bash
# Indexing benchmark: stc (full and 10-file incremental) against universal-ctags
# and GNU Global on one git repository. Works on a throw-away clone
# (git clone --no-hardlinks), so the repository given is never modified.
#
# Measured, each tool from nothing, runs interleaved round by round:
#   stc index (empty store: the structural index), stc index -j 1, stc init
#   (index + first sleep pass + hooks), ctags -R, gtags.
# Then --inc-runs rounds of: one commit appending a comment line to
# --inc-files files stc parses, `stc index` (fresh process), `stc pass`
# (what the post-commit hook runs), `gtags -i`.
#
# Usage: bench/index_bench.sh REPO_DIR [--out RESULTS.md] [options]
#
#   --out FILE        also write the markdown report to FILE
#   --name NAME       repository name shown in the report (default: basename)
#   --runs N          full-index runs per tool, median reported (default 3)
#   --inc-runs N      incremental rounds, one new commit each (default 5)
#   --inc-files N     files touched per incremental commit (default 10)
#   --stc PATH        stc binary (default: build/cli/stc of this checkout)
#   --jobs N          pass -j N to stc (default: stc's own, one per core)
#   --no-j1           skip the extra single-threaded stc full-index row
#   --gtags-label L   auto | native | uctags (default auto: native when C/C++/
#                     Java/PHP hold most of the source bytes, else uctags)
#   --max-wait SECS   before each timed run wait up to SECS for other
#                     processes to leave the CPUs idle (default 120, 0 = never)
#   --keep            keep the temporary work directory
#   --no-setup        do not call scripts/setup.sh --bench
#
# Wall time is measured around the command with nanosecond clocks (it includes
# process start-up and exit); CPU (user+sys) and peak RSS ("Maximum resident
# set size") come from /usr/bin/time -v. Page cache is warm (the clone has just
# written the files). The report (markdown) goes to stdout, progress to stderr.
set -euo pipefail

die() { echo "index_bench: $*" >&2; exit 2; }
log() { echo "index_bench: $*" >&2; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)

repo="" out="" name="" runs=3 inc_runs=5 inc_files=10 stc_bin="" jobs=""
with_j1=1 gtags_label=auto max_wait=120 keep=0 setup=1
while (($#)); do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --name) name=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --inc-runs) inc_runs=$2; shift 2 ;;
    --inc-files) inc_files=$2; shift 2 ;;
    --stc) stc_bin=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --no-j1) with_j1=0; shift ;;
    --gtags-label) gtags_label=$2; shift 2 ;;
    --max-wait) max_wait=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --no-setup) setup=0; shift ;;
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

# ---------------------------------------------------------------- tools
if ((setup)); then
  "$root/scripts/setup.sh" --bench || log "scripts/setup.sh --bench failed; using the tools already installed"
fi
for t in git jq /usr/bin/time ctags gtags global; do
  command -v "$t" >/dev/null || die "missing $t (scripts/setup.sh --bench installs ctags, gtags and time; jq: apt-get install jq)"
done
ctags --version 2>/dev/null | head -1 | grep -q 'Universal Ctags' ||
  die "ctags is not Universal Ctags: $(ctags --version 2>&1 | head -1)"

if [[ -z "$stc_bin" ]]; then
  stc_bin="$root/build/cli/stc"
  if [[ ! -x "$stc_bin" ]]; then
    log "building stc"
    cmake --build "$root/build" -j"$(nproc)" --target stc >&2
  fi
fi
[[ -x "$stc_bin" ]] || die "no stc binary at $stc_bin"

work=$(mktemp -d "${TMPDIR:-/tmp}/stc-bench.XXXXXX")
cleanup() { if ((keep)); then log "work directory kept: $work"; else rm -rf "$work"; fi; }
trap cleanup EXIT
# The build directory may be rebuilt while we measure: time a private copy.
cp "$stc_bin" "$work/stc"
stc="$work/stc"
stc_version=$("$stc" --version 2>&1 | head -1)
stc_rev=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n "$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null)" ]]; then
  stc_rev+="+dirty"
fi
stc_jobs=()
[[ -z "$jobs" ]] || stc_jobs=(-j "$jobs")

tree="$work/tree"
log "cloning $repo"
git clone --no-hardlinks --quiet "$repo" "$tree"
git -C "$tree" config user.name stc-bench
git -C "$tree" config user.email stc-bench@invalid
commit=$(git -C "$tree" rev-parse HEAD)

# ---------------------------------------------------------------- helpers
# Prints "<busy%>" of all CPUs over 0.5 s.
cpu_busy() {
  local a b
  a=$(awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $5+$6; exit}' /proc/stat)
  sleep 0.5
  b=$(awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $5+$6; exit}' /proc/stat)
  awk -v a="$a" -v b="$b" 'BEGIN{split(a,x," "); split(b,y," ");
    busy=y[1]-x[1]; idle=y[2]-x[2]; t=busy+idle; printf "%d", (t > 0 ? 100*busy/t : 0)}'
}
max_busy=0 LAST_BUSY=0
# Waits (at most --max-wait seconds) until the machine is quiet.
wait_idle() {
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

# run_timed SERIES TAG DIR CMD... : runs CMD in DIR under /usr/bin/time -v.
# Sets T_MS (wall, ms), T_CPU_MS (user+sys, ms) and T_RSS_KB, and appends
# "wall cpu rss busy%" to $work/SERIES.series; stdout in $work/TAG.out.
run_timed() {
  local series=$1 tag=$2 dir=$3; shift 3
  local t0 t1 rc=0
  wait_idle
  t0=$(date +%s%N)
  (cd "$dir" && /usr/bin/time -v -o "$work/$tag.time" "$@" >"$work/$tag.out" 2>"$work/$tag.err") || rc=$?
  t1=$(date +%s%N)
  if ((rc != 0)); then
    log "command failed ($rc): $*"; cat "$work/$tag.err" >&2; exit 1
  fi
  T_MS=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", (b-a)/1e6}')
  T_RSS_KB=$(awk -F': *' '/Maximum resident set size/{print $2}' "$work/$tag.time")
  T_CPU_MS=$(awk -F': *' '/User time \(seconds\)|System time \(seconds\)/{s+=$2} END{printf "%.0f", s*1000}' "$work/$tag.time")
  echo "$T_MS $T_CPU_MS $T_RSS_KB $LAST_BUSY" >>"$work/$series.series"
}

# summary SERIES: sets S_MED S_MIN S_MAX S_N (wall ms), S_CPU (median CPU ms),
# S_RSS (max KB) and S_WALL (the table cell).
summary() {
  local f="$work/$1.series"
  S_N=$(wc -l <"$f")
  S_MED=$(cut -d' ' -f1 "$f" | median); S_MIN=$(cut -d' ' -f1 "$f" | sort -g | head -1)
  S_MAX=$(cut -d' ' -f1 "$f" | maxof); S_CPU=$(cut -d' ' -f2 "$f" | median)
  S_RSS=$(cut -d' ' -f3 "$f" | maxof)
  S_WALL="$(fmt_ms "$S_MED") ($(fmt_ms "$S_MIN") – $(fmt_ms "$S_MAX"), n=$S_N)"
}

median() { sort -g | awk '{v[NR]=$1} END{if(NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
maxof() { sort -g | tail -1; }
fmt_ms() { awk -v v="$1" 'BEGIN{ if (v >= 1000) printf "%.2f s", v/1000; else printf "%.1f ms", v }'; }
fmt_rss() { awk -v v="$1" 'BEGIN{ printf "%.1f MiB", v/1024 }'; }
fmt_mb() { awk -v v="$1" 'BEGIN{ printf "%.1f MB", v/1e6 }'; }
rate() { awk -v n="$1" -v ms="$2" 'BEGIN{ if (ms > 0) printf "%.0f", n/(ms/1000); else print "-" }'; }
mbrate() { awk -v b="$1" -v ms="$2" 'BEGIN{ if (ms > 0) printf "%.2f", b/1e6/(ms/1000); else print "-" }'; }
fsize() { local s=0 f; for f in "$@"; do [[ -f "$f" ]] && s=$((s + $(stat -c %s "$f"))); done; echo "$s"; }

# phases SERIES: "plan 0.15 s, parse 2.85 s, ..." — median per phase over the
# runs' JSON reports, for stc versions that report phase_seconds (else empty).
phases() {
  local f
  for f in "$work/$1"-[0-9]*.out; do
    jq -r '(.phase_seconds // {}) | to_entries | to_entries[] | "\(.key) \(.value.key) \(.value.value)"' "$f" 2>/dev/null
  done | sort -k2,2 -k3,3g | awk '
    { i[$2]=$1; v[$2, ++n[$2]]=$3 }
    END { for (k in n) { m=n[k]; med=(m%2) ? v[k,(m+1)/2] : (v[k,m/2]+v[k,m/2+1])/2;
            printf "%d %s %s\n", i[k], k, (med >= 1 ? sprintf("%.2f s", med) : sprintf("%.0f ms", med*1000)) } }' |
    sort -n | cut -d' ' -f2- | paste -sd, - | sed 's/,/, /g'
}

rows=()
# add_row TOOL OPERATION WALL CPU FILES/S MB/S RSS SIZE NOTES
add_row() { rows+=("| $1 | $2 | $3 | $4 | $5 | $6 | $7 | $8 | $9 |"); }

# ---------------------------------------------------------------- the repository
# Extensions stc parses, from the grammar manifest (fallback: the list of 0.1).
stc_exts=$(grep -ho 'EXTENSIONS [^)]*' "$root/grammars/manifest.cmake" 2>/dev/null |
  grep -v '<' | sed 's/EXTENSIONS//' | tr ' ' '\n' | grep '^\.' | sort -u | tr '\n' ' ' || true)
[[ -n "$stc_exts" ]] || stc_exts=".py .pyi .js .mjs .cjs .jsx .ts .mts .cts .tsx .go .rs .c .h .cc .cpp .cxx .hpp .hh .hxx .h++ .java .rb .rake .gemspec .cs"

# path<TAB>bytes of every regular tracked file.
git -C "$tree" ls-tree -r -l --full-tree HEAD | awk -F'\t' '{split($1,m," "); if (m[2]=="blob" && m[1]!="120000") print $2 "\t" m[4]}' >"$work/tree.tsv"
files_in_tree=$(wc -l <"$work/tree.tsv")
bytes_in_tree=$(awk -F'\t' '{s+=$2} END{print s+0}' "$work/tree.tsv")
awk -F'\t' -v exts="$stc_exts" 'BEGIN{n=split(exts,e," "); for(i=1;i<=n;i++) ok[e[i]]=1}
  {p=$1; if (match(p, /\.[^.\/]+$/) && (substr(p,RSTART) in ok)) print}' "$work/tree.tsv" >"$work/source.tsv"
source_files=$(wc -l <"$work/source.tsv")
source_bytes=$(awk -F'\t' '{s+=$2} END{print s+0}' "$work/source.tsv")
((source_files >= inc_files)) || die "only $source_files files in stc's languages; need $inc_files"

# ---------------------------------------------------------------- full index
# Every tool starts from nothing (empty store / no tags / no GTAGS). The runs
# are interleaved (round r runs each measurement once) so that load from other
# processes falls on all tools alike. stc is measured twice:
#  - `stc index` on an empty store builds the structural index only (files,
#    definitions, references, imports, skeletons, FTS): comparable to ctags/gtags;
#  - `stc init` is what a user runs first: the same index plus (in versions that
#    have them) the first sleep-time pass (history mining, offline artifacts)
#    and the git hooks.
store_dir="$tree/.git/stc"
ctags_args=(-R --totals=yes --langmap=Python:+.pyi)

# GNU Global: the builtin parser knows C, C++, Java, PHP, yacc and asm only; for
# other languages use the Universal Ctags plug-in (Debian: label new-ctags),
# with .pyi added to its Python map like ctags above.
if [[ "$gtags_label" == auto ]]; then
  native_share=$(awk -F'\t' '{p=$1; t+=$2; if (p ~ /\.(c|h|y|s|S|java|c\+\+|cc|hh|cpp|cxx|hxx|hpp|C|H|php|php3|phtml)$/) n+=$2}
    END{printf "%d", (t > 0 ? 100*n/t : 0)}' "$work/source.tsv")
  if ((native_share >= 50)); then gtags_label=native; else gtags_label=uctags; fi
fi
gtconf="$work/gtags.conf"
{
  printf 'bench-uctags:\\\n\t:langmap=Python\\:.pyi:\\\n\t:tc=new-ctags:\n'
  cat /etc/gtags/gtags.conf 2>/dev/null || cat /etc/gtags.conf 2>/dev/null || true
} >"$gtconf"
case "$gtags_label" in
  native) gt_env=(GTAGSCONF="$gtconf" GTAGSLABEL=native); gt_desc="builtin parser (label native)" ;;
  uctags) gt_env=(GTAGSCONF="$gtconf" GTAGSLABEL=bench-uctags); gt_desc="Universal Ctags plug-in (label new-ctags + .pyi)" ;;
  *) die "unknown --gtags-label $gtags_label" ;;
esac
gtdb="$work/gtags-db"

stc_run() {  # stc_run SERIES SUBCOMMAND ARGS...
  local series=$1 sub=$2; shift 2
  rm -rf "$store_dir"
  run_timed "$series" "$series-$r" "$tree" "$stc" -q -C "$tree" "$sub" --json "$@"
  printf '{"store_bytes":{"db":%s,"wal":%s}}\n' "$(fsize "$store_dir/index.db")" "$(fsize "$store_dir/index.db-wal")" >"$work/$series.size"
  log "round $r: $series $(fmt_ms "$T_MS") wall, $(fmt_ms "$T_CPU_MS") CPU, $(fmt_rss "$T_RSS_KB")"
}
for ((r = 1; r <= runs; r++)); do
  stc_run stc-full index "${stc_jobs[@]}"
  ((with_j1)) && stc_run stc-full-j1 index -j 1
  rm -f "$work/tags"
  run_timed ctags "ctags-$r" "$tree" ctags "${ctags_args[@]}" -f "$work/tags" .
  log "round $r: ctags $(fmt_ms "$T_MS") wall, $(fmt_ms "$T_CPU_MS") CPU, $(fmt_rss "$T_RSS_KB")"
  rm -rf "$gtdb"; mkdir -p "$gtdb"
  run_timed gtags "gtags-$r" "$tree" env "${gt_env[@]}" gtags --skip-unreadable -q "$gtdb"
  log "round $r: gtags ($gtags_label) $(fmt_ms "$T_MS") wall, $(fmt_ms "$T_CPU_MS") CPU, $(fmt_rss "$T_RSS_KB")"
  stc_run stc-init init "${stc_jobs[@]}"   # last, so its store stays for the incremental rounds
done

stc_row() {  # stc_row SERIES OPERATION
  local series=$1 what=$2 json="$work/$1-$runs.out"
  summary "$series"
  local parsed total bytes symbols deps db wal extra=""
  parsed=$(jq -r .files_parsed "$json"); total=$(jq -r .files_total "$json")
  bytes=$(jq -r .bytes_parsed "$json"); symbols=$(jq -r .symbols "$json"); deps=$(jq -r .deps "$json")
  if jq -e 'has("commits_mined")' "$json" >/dev/null; then
    extra="; first sleep pass: $(jq -r .commits_mined "$json") commits mined, $(jq -r '.artifacts_written // 0' "$json") artifacts"
  fi
  db=$(jq -r '.store_bytes.db' "$work/$series.size"); wal=$(jq -r '.store_bytes.wal' "$work/$series.size")
  add_row "stc" "$what" "$S_WALL" "$(fmt_ms "$S_CPU")" \
    "$(rate "$parsed" "$S_MED")" "$(mbrate "$bytes" "$S_MED")" "$(fmt_rss "$S_RSS")" "$(fmt_mb $((db + wal)))" \
    "$parsed files parsed of $total in tree, $(fmt_mb "$bytes"), $symbols symbols, $deps deps$extra; store = index.db $(fmt_mb "$db") + WAL $(fmt_mb "$wal")$(p=$(phases "$series"); [[ -z "$p" ]] || echo "; phases (median, stc's own clock): $p")"
}
stc_row stc-full "full structural index (\`index\` on an empty store)"
stc_full_med=$S_MED
((with_j1)) && stc_row stc-full-j1 "full structural index (\`index -j 1\` on an empty store)"
stc_row stc-init "first run (\`init\`: index + first sleep pass + hooks)"
stc_init_med=$S_MED
main_json=$(cat "$work/stc-init-$runs.out")

totals=$(grep -h 'files,.*scanned' "$work/ctags-$runs.out" "$work/ctags-$runs.err" | head -1)
ctags_files=$(sed -E 's/^([0-9]+) files.*/\1/' <<<"$totals")
ctags_bytes=$(sed -E 's/.*\(([0-9]+) kB\).*/\1/' <<<"$totals"); ctags_bytes=$((ctags_bytes * 1024))
ctags_tags=$(grep -hv '^!_TAG_' "$work/tags" | wc -l)
summary ctags
add_row "universal-ctags" "full (\`ctags ${ctags_args[*]} -f TAGS .\`)" "$S_WALL" "$(fmt_ms "$S_CPU")" \
  "$(rate "$ctags_files" "$S_MED")" "$(mbrate "$ctags_bytes" "$S_MED")" \
  "$(fmt_rss "$S_RSS")" "$(fmt_mb "$(fsize "$work/tags")")" \
  "$ctags_files files scanned, $(fmt_mb "$ctags_bytes"), $ctags_tags definition tags"
CTAGS_MED=$S_MED

gt_query() { (cd "$tree" && env "${gt_env[@]}" GTAGSROOT="$tree" GTAGSDBPATH="$gtdb" global "$@"); }
gt_files=$(gt_query -P | wc -l)
gt_bytes=$( (cd "$tree" && gt_query -P | tr '\n' '\0' | xargs -0 -r stat -c %s) | awk '{s+=$1} END{print s+0}')
gt_defs=$(gt_query -c | wc -l); gt_refs=$(gt_query -rc | wc -l)
summary gtags
add_row "GNU Global" "full (\`gtags\`, $gt_desc)" "$S_WALL" "$(fmt_ms "$S_CPU")" \
  "$(rate "$gt_files" "$S_MED")" "$(mbrate "$gt_bytes" "$S_MED")" \
  "$(fmt_rss "$S_RSS")" "$(fmt_mb "$(fsize "$gtdb/GTAGS" "$gtdb/GRTAGS" "$gtdb/GPATH")")" \
  "$gt_files source files, $(fmt_mb "$gt_bytes"), $gt_defs defined names, $gt_refs referenced names"
GTAGS_MED=$S_MED

# ---------------------------------------------------------------- incremental
# Files to touch: those the index marks as parsed (fall back to the extension
# list), sorted; round r takes every (N/k)-th file starting at r-1.
if command -v sqlite3 >/dev/null &&
  sqlite3 -readonly "$store_dir/index.db" "SELECT path FROM files WHERE status='indexed' ORDER BY path" >"$work/candidates" 2>/dev/null &&
  [[ -s "$work/candidates" ]]; then :; else
  cut -f1 "$work/source.tsv" | LC_ALL=C sort >"$work/candidates"
fi
# Keep files under 1 MB (stc's default size limit) that still exist.
awk -F'\t' 'NR==FNR{sz[$1]=$2; next} ($1 in sz) && sz[$1] < 1000000' "$work/tree.tsv" "$work/candidates" |
  LC_ALL=C sort >"$work/cands"
ncand=$(wc -l <"$work/cands")
((ncand >= inc_files)) || die "only $ncand candidate files for the incremental rounds"
stride=$((ncand / inc_files))

comment_prefix() {
  case "$1" in
    *.py|*.pyi|*.rb|*.rake|*.gemspec) echo '#' ;;
    *) echo '//' ;;
  esac
}

stc_inc_parsed=() stc_inc_self=() stc_inc_bytes=0
have_pass=0
"$stc" pass --help >/dev/null 2>&1 && have_pass=1
for ((r = 1; r <= inc_runs; r++)); do
  mapfile -t picked < <(awk -v s="$stride" -v o="$((r - 1))" -v k="$inc_files" \
    '(NR-1) >= o && ((NR-1-o) % s) == 0 && c < k {print; c++}' "$work/cands")
  for f in "${picked[@]}"; do
    printf '\n%s stc-bench round %d: %s\n' "$(comment_prefix "$f")" "$r" "$f" >>"$tree/$f"
  done
  git -C "$tree" add -- "${picked[@]}"
  # Bypass the post-commit hook `stc init` installs: the pass it would start
  # in the background is what we time explicitly, as a fresh process.
  git -C "$tree" -c core.hooksPath=/dev/null commit -q --no-verify -m "stc-bench incremental round $r"
  run_timed stc-inc "stc-inc-$r" "$tree" "$stc" -q -C "$tree" index --json "${stc_jobs[@]}"
  parsed=$(jq -r .files_parsed "$work/stc-inc-$r.out")
  bytes=$(jq -r .bytes_parsed "$work/stc-inc-$r.out")
  stc_inc_parsed+=("$parsed")
  stc_inc_self+=("$(jq -r '.seconds * 1000' "$work/stc-inc-$r.out")")
  stc_inc_bytes=$((stc_inc_bytes + bytes))
  log "stc index round $r: $(fmt_ms "$T_MS") wall, $(fmt_ms "$T_CPU_MS") CPU, files_parsed=$parsed, stc says $(jq -r .seconds "$work/stc-inc-$r.out") s"
  if ((have_pass)); then
    run_timed stc-pass "stc-pass-$r" "$tree" "$stc" -q -C "$tree" pass --wait --trigger hook --json "${stc_jobs[@]}"
    log "stc pass round $r: $(fmt_ms "$T_MS") wall, $(fmt_ms "$T_CPU_MS") CPU"
  fi
  run_timed gtags-i "gtags-i-$r" "$tree" env "${gt_env[@]}" gtags -i --skip-unreadable -q "$gtdb"
  log "gtags -i round $r: $(fmt_ms "$T_MS") wall, $(fmt_ms "$T_CPU_MS") CPU"
done
summary stc-inc
inc_bytes_avg=$((stc_inc_bytes / inc_runs))
db=$(fsize "$store_dir/index.db"); wal=$(fsize "$store_dir/index.db-wal")
add_row "stc" "incremental, $inc_files-file commit (\`index\`, fresh process)" \
  "$S_WALL" "$(fmt_ms "$S_CPU")" "$(rate "$inc_files" "$S_MED")" "$(mbrate "$inc_bytes_avg" "$S_MED")" \
  "$(fmt_rss "$S_RSS")" "$(fmt_mb $((db + wal)))" \
  "files_parsed per round: ${stc_inc_parsed[*]}; wall per round (ms): $(cut -d' ' -f1 "$work/stc-inc.series" | xargs printf '%.0f '); stc's own \`seconds\` (ms): $(printf '%.0f ' "${stc_inc_self[@]}")$(p=$(phases stc-inc); [[ -z "$p" ]] || echo "; phases (median): $p")"
STC_INC_MED=$S_MED STC_INC_MAX=$S_MAX
if ((have_pass)); then
  summary stc-pass
  add_row "stc" "sleep pass after the same commits (\`pass\`, fresh process; index already current)" \
    "$S_WALL" "$(fmt_ms "$S_CPU")" "-" "-" "$(fmt_rss "$S_RSS")" "$(fmt_mb "$(fsize "$store_dir/index.db" "$store_dir/index.db-wal")")" \
    "what the post-commit hook runs in the background: history for the new commit, artifacts; last report: \`$(jq -c '{files_parsed, commits_mined, artifacts_written, outcome}' "$work/stc-pass-$inc_runs.out" 2>/dev/null)\`"
fi
summary gtags-i
add_row "GNU Global" "incremental, same $inc_files-file commits (\`gtags -i\`)" \
  "$S_WALL" "$(fmt_ms "$S_CPU")" "$(rate "$inc_files" "$S_MED")" "-" \
  "$(fmt_rss "$S_RSS")" "$(fmt_mb "$(fsize "$gtdb/GTAGS" "$gtdb/GRTAGS" "$gtdb/GPATH")")" \
  "wall per round (ms): $(cut -d' ' -f1 "$work/gtags-i.series" | xargs printf '%.0f ')"
add_row "universal-ctags" "incremental" "n/a" "-" "-" "-" "-" "-" "no incremental mode; a re-run is the full time above"

# ---------------------------------------------------------------- report
cpu_model=$(awk -F': *' '/^model name/{print $2; exit}' /proc/cpuinfo)
mem=$(awk '/^MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo)
report() {
  echo "## $name @ ${commit:0:12}"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- machine: $(nproc) CPUs ($cpu_model), $mem RAM, $(uname -sr)"
  echo "- repository: $name, commit $commit; $files_in_tree files ($(fmt_mb "$bytes_in_tree"))," \
    "$source_files in stc's languages ($(fmt_mb "$source_bytes"))"
  echo "- stc: $stc_version (project rev $stc_rev), threads: ${jobs:-default (one per core)}"
  echo "- peers: $(ctags --version | head -1 | cut -d, -f1); $(gtags --version | head -1)"
  echo "- other load: busiest 0.5 s CPU sample taken just before a timed run was ${max_busy}% of all CPUs" \
    "(each run first waits up to ${max_wait}s for < 15%); median over runs $(cat "$work"/*.series | cut -d' ' -f4 | median)%"
  echo
  echo "| tool | operation | wall time: median (min – max, n) | CPU user+sys (median) | files/s | MB/s | peak RSS | output size | notes |"
  echo "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |"
  printf '%s\n' "${rows[@]}"
  echo
  echo "files/s and MB/s are over the files each tool itself processed (notes column), divided by the median wall time."
  echo
  echo "Ratios (median wall): stc full structural index / ctags = $(awk -v a="$stc_full_med" -v b="$CTAGS_MED" 'BEGIN{printf "%.2f", a/b}')x," \
    "/ gtags = $(awk -v a="$stc_full_med" -v b="$GTAGS_MED" 'BEGIN{printf "%.2f", a/b}')x;" \
    "stc init / ctags = $(awk -v a="$stc_init_med" -v b="$CTAGS_MED" 'BEGIN{printf "%.2f", a/b}')x;" \
    "stc incremental median $(fmt_ms "$STC_INC_MED"), max $(fmt_ms "$STC_INC_MAX")."
  echo
  echo "stc init JSON (last run): \`$(jq -c 'del(.errors, .store, .hooks)' <<<"$main_json")\`"
}
report_text=$(report)
echo "$report_text"
if [[ -n "$out" ]]; then
  mkdir -p "$(dirname "$out")"
  echo "$report_text" >"$out"
  log "wrote $out"
fi
