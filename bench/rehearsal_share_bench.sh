#!/usr/bin/env bash
# Rehearsal through the team share (issue 12): clone A of REPO computes its
# practice tasks and pushes them; clone B of the same commit pulls them. Both
# clones are first indexed with sleep budget 0 (no rehearsal), then one
# `stc pass --sleep-budget BUDGET` each does only the rehearsal: its seconds,
# its estimated rehearsal tokens, and its stage line (computed vs pulled), on a
# throw-away PostgreSQL cluster (initdb + pg_ctl in a temporary directory, as
# `nobody` when run as root). Offline lessons (no LLM).
# Then, with --workers N (default 2; 0 skips it): a fresh share, clone P's
# `stc pass --enqueue --sleep-budget 1` computes one practice task and queues
# the rest as `rehearsal` units; N `stc worker`s in N new clones (the loopback
# LLM of the e2e tests, which they need to start; the units are offline ones)
# do them at once: their wall time, then P's next pass pulling them.
#
#   bash bench/rehearsal_share_bench.sh [--stc BIN] [--repo DIR] [--budget N] [--workers N]
#
# REPO defaults to /work/.mirror/pallets+flask/repo, else the sample
# repository pyweather. Needs the PostgreSQL server binaries, jq and git.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
STC=$HERE/../build/cli/stc
REPO=/work/.mirror/pallets+flask/repo
BUDGET=10000000
WORKERS=2
while (($#)); do
  case "$1" in
    --workers) WORKERS=$2; shift 2 ;;
    --stc) STC=$2; shift 2 ;;
    --repo) REPO=$2; shift 2 ;;
    --budget) BUDGET=$2; shift 2 ;;
    *) echo "usage: $0 [--stc BIN] [--repo DIR] [--budget N]" >&2; exit 2 ;;
  esac
done
STC=$(realpath "$STC")
. "$HERE/share_cluster.sh"
start_share_cluster stc-rehearsal-bench
unset STC_PROVIDER
export STC_SHARE_URL="$SHARE"

if [[ ! -d "$REPO" ]]; then
  REPO="$WORK/pyweather"
  bash "$HERE/../sample_repos/pyweather.sh" "$REPO" >/dev/null
fi

echo "repository: $REPO ($(git -C "$REPO" rev-list --count HEAD) commits), budget $BUDGET"
printf '%-8s %9s %9s %8s  %s\n' clone seconds tokens records stage
for who in A B; do
  git clone -q "$REPO" "$WORK/$who"
  STC_SLEEP_BUDGET=0 "$STC" -C "$WORK/$who" init >/dev/null 2>&1
  out=$("$STC" -C "$WORK/$who" pass --sleep-budget "$BUDGET" --json 2>/dev/null)
  records=$("$PGBIN/psql" -X -At -h "$WORK" -U stc -d stc -c 'SELECT COUNT(*) FROM stc_records')
  printf '%-8s %9.2f %9s %8s  %s\n' "$who" "$(jq -r .seconds <<<"$out")" \
    "$(jq -r .rehearsal_tokens <<<"$out")" "$records" \
    "$(jq -r '.stages[] | select(startswith("rehearsal"))' <<<"$out" | cut -c1-110)"
done

((WORKERS > 0)) || exit 0
"$PGBIN/psql" -X -q -h "$WORK" -U stc -d stc \
  -c 'DROP TABLE IF EXISTS stc_blobs, stc_artifacts, stc_queue, stc_records, stc_schema_version'
git clone -q "$REPO" "$WORK/P"
STC_SLEEP_BUDGET=0 "$STC" -C "$WORK/P" init >/dev/null 2>&1
out=$("$STC" -C "$WORK/P" pass --enqueue --sleep-budget 1 --json 2>/dev/null)
echo "P, --enqueue: $(jq -r '.share.enqueued' <<<"$out") units queued, $(jq -r .seconds <<<"$out") s"
python3 "$HERE/../tests/e2e/fake_llm.py" "$WORK/llm.port" &
LLM_PID=$!
for _ in $(seq 50); do [[ -s "$WORK/llm.port" ]] && break; sleep 0.1; done
for ((i = 0; i < WORKERS; i++)); do git clone -q "$REPO" "$WORK/W$i"; done
t0=$(date +%s.%N)
pids=()
for ((i = 0; i < WORKERS; i++)); do
  STC_PROVIDER=openai STC_BASE_URL="http://127.0.0.1:$(cat "$WORK/llm.port")/v1" STC_MODEL=fake \
    OPENAI_API_KEY=sk-bench "$STC" -C "$WORK/W$i" worker --json >"$WORK/W$i.json" 2>/dev/null &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || true; done
t1=$(date +%s.%N)
for ((i = 0; i < WORKERS; i++)); do echo "worker $i: $(jq -c '{claimed, done, released}' "$WORK/W$i.json")"; done
printf 'workers: %d in %.2f s wall (each clone indexed from scratch first, pulling the blobs)\n' \
  "$WORKERS" "$(echo "$t1 - $t0" | bc)"
out=$("$STC" -C "$WORK/P" pass --sleep-budget "$BUDGET" --json 2>/dev/null)
printf 'P, next pass: %.2f s, %s tokens: %s\n' "$(jq -r .seconds <<<"$out")" \
  "$(jq -r .rehearsal_tokens <<<"$out")" \
  "$(jq -r '.stages[] | select(startswith("rehearsal"))' <<<"$out" | cut -c1-80)"
