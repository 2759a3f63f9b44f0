#!/bin/bash
# Compares two stc binaries' sleep-time rehearsal on one repository, in
# alternating rounds (so load from other processes falls on both alike), and
# checks that both learn exactly the same thing.
#
#   bench/rehearsal_ab.sh REPO ROUNDS BASE_STC NEW_STC [BACKLOG_BUDGET]
#
# Once: NEW `index` into a scratch store (the index is the same for both).
# Per round, each binary on its own copy of that store:
#   first  - `stc pass` with the default sleep budget: the history, the
#            offline artifacts and the first rehearsal (what `stc init` adds
#            to the index);
#   backlog - then `stc pass --sleep-budget BACKLOG_BUDGET` (default
#            1000000): the older practice tasks, up to 400 in all.
# One line per run: wall, user and system seconds from /usr/bin/time and the
# practice tasks added. After the last round, the md5 of each binary's
# rehearsal_tasks rows and of its rank_model and lessons artifacts (they must
# be equal). REPO is only read (stores live in a temporary directory).
set -euo pipefail
if [[ $# -lt 4 || $# -gt 5 ]]; then
  sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
repo=$(cd "$1" && pwd)
rounds=$2
base=$(realpath "$3")
new=$(realpath "$4")
backlog=${5:-1000000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export STC_NO_HOOK=1

(cd "$repo" && STC_STORE="$tmp/indexed.db" "$new" index --json >/dev/null)

run() {
  local label=$1 round=$2 store=$3
  shift 3
  (cd "$repo" && STC_STORE="$store" /usr/bin/time -f '%e %U %S' -o "$tmp/time" "$@" \
    >"$tmp/out.json" 2>/dev/null)
  local wall user sys tasks
  read -r wall user sys <"$tmp/time"
  tasks=$(grep -o 'rehearsal: [0-9]* new practice tasks' "$tmp/out.json" | grep -o '[0-9]*' || echo 0)
  printf '%-12s round=%s wall=%s user=%s sys=%s tasks=%s\n' "$label" "$round" "$wall" "$user" \
    "$sys" "$tasks"
}

echo "# uptime before: $(uptime)"
for r in $(seq 1 "$rounds"); do
  for side in base new; do
    bin=$base
    [[ $side == new ]] && bin=$new
    cp "$tmp/indexed.db" "$tmp/$side.db"
    rm -f "$tmp/$side.db-wal" "$tmp/$side.db-shm"
    run "$side-first" "$r" "$tmp/$side.db" "$bin" pass --json
    run "$side-backlog" "$r" "$tmp/$side.db" "$bin" pass --sleep-budget "$backlog" --json
  done
done
echo "# uptime after: $(uptime)"
for side in base new; do
  rows=$(sqlite3 "$tmp/$side.db" \
    "SELECT commit_oid, seq, tokens, data FROM rehearsal_tasks ORDER BY seq" | md5sum | cut -c1-12)
  model=$(sqlite3 "$tmp/$side.db" \
    "SELECT content FROM artifacts WHERE kind IN ('rank_model', 'lessons') ORDER BY kind" |
    md5sum | cut -c1-12)
  echo "# $side: rehearsal_tasks $rows, model and lessons $model"
done
