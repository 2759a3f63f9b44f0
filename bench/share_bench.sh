#!/usr/bin/env bash
# The team share (issue 12), side by side in one run, against a throw-away
# PostgreSQL cluster (initdb + pg_ctl in a temporary directory, as `nobody`
# when run as root) and the loopback LLM of the e2e tests (tests/e2e/fake_llm.py):
#   1. a team of CLONES (default 4) clones of SMALL_REPO running `stc init`
#      with an LLM: total sleep LLM calls and tokens without and with the share
#      (goal: 1x instead of 4x);
#   2. each BIG_REPO (several thousand files; offline): time to a full
#      structural index (`stc index`) for a new clone that pulls from the
#      share vs one indexing alone, BIG_RUNS times alternating (goal: at most
#      half), then the whole `stc init` (sleep budget 0) once each way;
#   3. the pass after a one-file commit, RUNS (default 15) times with and
#      without the share, alternating: p50/p95 of the pass's own seconds and
#      what the share adds (goal: < 50 ms p95 on loopback).
#
#   bash bench/share_bench.sh [--stc BIN] [--small DIR] [--big DIR]... [--big-runs N] [--skip-big] [--clones N] [--runs N]
#
# SMALL_REPO defaults to the generated sample repository pyweather; BIG_REPO
# to clones of /work/.mirror/{python+typeshed,hashicorp+terraform}/repo when
# present (skipped otherwise). Needs the PostgreSQL server binaries (scripts/setup.sh installs
# them), python3, jq and git.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
STC=$HERE/../build/cli/stc
SMALL="" BIG=() CLONES=4 RUNS=15 BIG_RUNS=3 SKIP_BIG=0
while (($#)); do
  case "$1" in
    --stc) STC=$2; shift 2 ;;
    --small) SMALL=$2; shift 2 ;;
    --big) BIG+=("$(realpath "$2")"); shift 2 ;;
    --big-runs) BIG_RUNS=$2; shift 2 ;;
    --clones) CLONES=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --skip-big) SKIP_BIG=1; shift ;;
    *) echo "usage: $0 [--stc BIN] [--small DIR] [--big DIR]... [--big-runs N] [--skip-big] [--clones N] [--runs N]" >&2; exit 2 ;;
  esac
done
STC=$(realpath "$STC")
. "$HERE/share_cluster.sh"
start_share_cluster stc-share-bench
reset_share() { "$PGBIN/psql" -X -q -h "$WORK" -U stc -d stc -c 'DROP TABLE IF EXISTS stc_blobs, stc_artifacts, stc_queue, stc_records, stc_schema_version' >/dev/null 2>&1; }

python3 "$HERE/../tests/e2e/fake_llm.py" "$WORK/llm.port" &
LLM_PID=$!
for _ in $(seq 50); do [[ -s "$WORK/llm.port" ]] && break; sleep 0.1; done
export STC_PROVIDER=openai STC_BASE_URL="http://127.0.0.1:$(cat "$WORK/llm.port")/v1" STC_MODEL=fake
export OPENAI_API_KEY=sk-bench

if [[ -z "$SMALL" ]]; then
  SMALL="$WORK/pyweather"
  bash "$HERE/../sample_repos/pyweather.sh" "$SMALL" >/dev/null
fi

# team MODE: CLONES clones init in turn; prints "calls tokens" summed.
team() {
  local calls=0 tokens=0 i out
  for ((i = 0; i < CLONES; i++)); do
    git clone -q "$SMALL" "$WORK/$1-$i"
    if [[ $1 == share ]]; then
      out=$(STC_SHARE_URL="$SHARE" "$STC" -C "$WORK/$1-$i" init --json 2>/dev/null)
    else
      out=$("$STC" -C "$WORK/$1-$i" init --json 2>/dev/null)
    fi
    calls=$((calls + $(jq .llm_calls <<<"$out")))
    tokens=$((tokens + $(jq .sleep_tokens <<<"$out")))
  done
  echo "$calls $tokens"
}

echo "## 1. Team of $CLONES clones of $(basename "$SMALL") ($(git -C "$SMALL" ls-files | wc -l) files), stc init with the loopback LLM"
reset_share
read -r alone_calls alone_tokens < <(team alone)
read -r share_calls share_tokens < <(team share)
printf '%-22s %10s %14s\n' "" "LLM calls" "sleep tokens"
printf '%-22s %10d %14d\n' "without the share" "$alone_calls" "$alone_tokens"
printf '%-22s %10d %14d\n' "with the share" "$share_calls" "$share_tokens"
awk -v a="$alone_calls" -v s="$share_calls" -v n="$CLONES" 'BEGIN { one = a / n;
  printf "total LLM calls: %.2fx of one clone'"'"'s without the share, %.2fx with it\n", a / one, s / one }'

# timed CMD DIR [ENV...]: `stc CMD --json` in DIR (a new store each time);
# prints "seconds files_parsed files_pulled".
timed() {
  local cmd=$1 dir=$2 t0 out
  shift 2
  rm -rf "$dir/.git/stc"
  t0=$EPOCHREALTIME
  out=$(env "$@" "$STC" -C "$dir" "$cmd" --json 2>/dev/null)
  awk -v a="$t0" -v b="$EPOCHREALTIME" -v p="$(jq .files_parsed <<<"$out")" \
    -v q="$(jq '.files_pulled // .share.hits' <<<"$out")" 'BEGIN { printf "%.2f %s %s\n", b - a, p, q }'
}

# big_repo DIR: part 2 on one repository.
big_repo() {
  local big=$1 name i first fparsed alone aparsed pull pparsed ppulled
  name=$(basename "$big")
  echo
  echo "## 2. Full index of a new clone of $name ($(git -C "$big" ls-files | wc -l) files), offline, STC_SLEEP_BUDGET=0"
  reset_share
  for d in first alone pull; do rm -rf "$WORK/$name-$d"; git clone -q "$big" "$WORK/$name-$d"; done
  read -r first fparsed _ < <(timed index "$WORK/$name-first" STC_SHARE_URL="$SHARE" STC_PROVIDER=offline)
  echo "first clone, stc index pushing: ${first} s (files parsed: $fparsed)"
  : >"$WORK/ratios"
  for ((i = 1; i <= BIG_RUNS; i++)); do
    read -r alone aparsed _ < <(timed index "$WORK/$name-alone" STC_PROVIDER=offline)
    read -r pull pparsed ppulled < <(timed index "$WORK/$name-pull" STC_SHARE_URL="$SHARE" STC_PROVIDER=offline)
    echo "run $i: stc index alone ${alone} s (parsed $aparsed), pulling ${pull} s (parsed $pparsed, pulled $ppulled)"
    awk -v a="$alone" -v p="$pull" 'BEGIN { printf "%.3f\n", p / a }' >>"$WORK/ratios"
  done
  sort -n "$WORK/ratios" | awk '{ v[NR] = $1 } END { printf "stc index, pulling / alone: median %.2f (runs: %d)\n", v[int((NR + 1) / 2)], NR }'
  # The whole first pass (history and offline artifacts are not shared).
  read -r alone _ _ < <(timed init "$WORK/$name-alone" STC_SLEEP_BUDGET=0 STC_PROVIDER=offline)
  read -r pull _ _ < <(timed init "$WORK/$name-pull" STC_SHARE_URL="$SHARE" STC_SLEEP_BUDGET=0 STC_PROVIDER=offline)
  awk -v a="$alone" -v p="$pull" 'BEGIN { printf "stc init (index + first pass), alone %.2f s, pulling %.2f s: %.2f\n", a, p, p / a }'
}

if [[ ${#BIG[@]} -eq 0 && $SKIP_BIG -eq 0 ]]; then
  for m in python+typeshed hashicorp+terraform; do
    if [[ -d /work/.mirror/$m/repo ]]; then
      git clone -q "/work/.mirror/$m/repo" "$WORK/${m#*+}"
      BIG+=("$WORK/${m#*+}")
    fi
  done
fi
for big in "${BIG[@]}"; do big_repo "$big"; done

echo
echo "## 3. Pass after a one-file commit, $RUNS runs each, alternating (clone of $(basename "$SMALL"), LLM on)"
R="$WORK/share-0"
: >"$WORK/with" && : >"$WORK/without"
for ((i = 0; i < RUNS; i++)); do
  for mode in without with; do
    printf 'def bench_%s_%d():\n    return %d\n' "$mode" "$i" "$i" >>"$R/bench_change.py"
    git -C "$R" add -A && git -C "$R" -c user.name=b -c user.email=b@e commit -qm "bench $mode $i"
    if [[ $mode == with ]]; then
      STC_SHARE_URL="$SHARE" "$STC" -C "$R" pass --json 2>/dev/null | jq .seconds >>"$WORK/with"
    else
      "$STC" -C "$R" pass --json 2>/dev/null | jq .seconds >>"$WORK/without"
    fi
  done
done
stats() {
  sort -n "$1" | awk -v label="$2" '{ v[NR] = $1 * 1000 } END {
    p50 = v[int(NR * 0.50 + 0.999)]; p95 = v[int(NR * 0.95 + 0.999)];
    printf "%-18s n=%-3d p50 %8.1f ms   p95 %8.1f ms\n", label, NR, p50, p95 }'
}
stats "$WORK/without" "without the share"
stats "$WORK/with" "with the share"
