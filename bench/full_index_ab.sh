#!/bin/bash
# Compares two stc binaries' full structural index of one repository, and
# universal-ctags on the same tree, in alternating rounds (so load from other
# processes falls on all of them alike). Each run starts from an empty store.
#
#   bench/full_index_ab.sh REPO ROUNDS BASE_STC NEW_STC
#
# Per round: BASE `index --full`, NEW `index --full`, BASE and NEW with `-j 1`,
# then `ctags -R --totals=yes --langmap=Python:+.pyi`. One line per run: wall,
# user and system seconds from /usr/bin/time. REPO's .git/stc is deleted.
set -euo pipefail
if [[ $# -ne 4 ]]; then
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
repo=$(cd "$1" && pwd)
rounds=$2
base=$(realpath "$3")
new=$(realpath "$4")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run() {
  local label=$1 round=$2
  shift 2
  rm -rf "$repo/.git/stc" "$tmp/TAGS"
  (cd "$repo" && /usr/bin/time -f '%e %U %S' -o "$tmp/time" "$@" >/dev/null 2>&1)
  local wall user sys
  read -r wall user sys <"$tmp/time"
  printf '%-9s round=%s wall=%s user=%s sys=%s cpu=%.2f\n' "$label" "$round" "$wall" "$user" \
    "$sys" "$(echo "$user + $sys" | bc)"
}

echo "# uptime before: $(uptime)"
for r in $(seq 1 "$rounds"); do
  run base-full "$r" "$base" index --full --json
  run new-full "$r" "$new" index --full --json
  run base-j1 "$r" "$base" index --full -j 1 --json
  run new-j1 "$r" "$new" index --full -j 1 --json
  run ctags "$r" ctags -R --totals=yes --langmap=Python:+.pyi -f "$tmp/TAGS" .
done
echo "# uptime after: $(uptime)"
