#!/bin/bash
# Compares two stc binaries' sleep-time rehearsal on one repository, in
# alternating rounds (so load from other processes falls on both alike), and
# checks that both learn exactly the same thing.
#
#   bench/rehearsal_ab.sh REPO ROUNDS BASE_STC NEW_STC [BACKLOG_BUDGET]
#
# REPO is cloned into a temporary directory, where 5 one-file commits (a
# blank line appended to a source file) are made on top of its HEAD; B is
# the commit before them. Once: NEW `index --at B` into a scratch store (the
# index is the same for both). Per round, each binary on its own copies:
#   first   - `stc pass --at B` with the default sleep budget: the history,
#             the offline artifacts and the first rehearsal (what `stc init`
#             adds to the index);
#   backlog - then `stc pass --at B --sleep-budget BACKLOG_BUDGET` (default
#             1000000): the older practice tasks, up to 400 in all;
#   hook    - from a copy of the store after `first` (backlog left), one
#             `stc pass --at C --trigger hook` per new commit C, oldest first:
#             what the post-commit hook starts (the commit's history and
#             artifacts, at most 2 backlog practice tasks); the median of 5.
# One line per run: wall, user and system seconds from /usr/bin/time and the
# practice tasks added. After the last round, the md5 of each binary's
# rehearsal_tasks rows and of its rank_model and lessons artifacts after the
# backlog pass (they must be equal). REPO itself is only read.
set -euo pipefail
if [[ $# -lt 4 || $# -gt 5 ]]; then
  sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
src=$(cd "$1" && pwd)
rounds=$2
base=$(realpath "$3")
new=$(realpath "$4")
backlog=${5:-1000000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export STC_NO_HOOK=1
hooks=5

git clone -q "$src" "$tmp/repo"
repo=$tmp/repo
file=$(cd "$repo" && git ls-files '*.py' '*.pyi' '*.go' '*.rs' '*.c' '*.js' '*.ts' '*.java' |
  sed -n 1p)
[[ -n $file ]] || { echo "no source file in $src" >&2; exit 1; }
for i in $(seq 1 $hooks); do
  (cd "$repo" && echo "" >>"$file" && git -c user.name=bench -c user.email=bench@localhost \
    commit -q --no-verify -am "bench: touch $file ($i)")
done
at=$(cd "$repo" && git rev-parse "HEAD~$hooks")
(cd "$repo" && STC_STORE="$tmp/indexed.db" "$new" index --at "$at" --json >/dev/null)

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
    rm -f "$tmp/$side".db* "$tmp/$side"-hook.db*  # no write-ahead log of an earlier round
    cp "$tmp/indexed.db" "$tmp/$side.db"
    run "$side-first" "$r" "$tmp/$side.db" "$bin" pass --at "$at" --json
    cp "$tmp/$side.db" "$tmp/$side-hook.db"
    run "$side-backlog" "$r" "$tmp/$side.db" "$bin" pass --at "$at" --sleep-budget "$backlog" --json
    for i in $(seq $((hooks - 1)) -1 0); do
      c=$(cd "$repo" && git rev-parse "HEAD~$i")
      run "$side-hook" "$r" "$tmp/$side-hook.db" "$bin" pass --at "$c" --trigger hook --json
    done
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
