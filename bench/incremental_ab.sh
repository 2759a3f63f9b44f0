#!/usr/bin/env bash
# Incremental index, two stc binaries side by side: the same commits indexed
# by each binary into its own store (STC_STORE), as fresh processes, in
# alternating order. Reports wall time, CPU (user+sys) and stc's own clock.
#
# usage: bench/incremental_ab.sh --base BIN --new BIN --repo DIR
#                                [--rounds N] [--kind modify|add] [--files N]
#   --kind modify  each round appends a comment line to --files (10) tracked
#                  source files (.py .pyi .go .c .h .js .ts .rs .java .rb)
#   --kind add     each round adds one new file beside a tracked source file
# The repository gets one commit per round (hooks bypassed): use a throw-away
# clone. Both stores are built first (untimed) and removed at the end.
set -euo pipefail

base="" new="" repo="" rounds=9 kind=modify nfiles=10
while [[ $# -gt 0 ]]; do
  case "$1" in
    --base) base=$2; shift 2 ;;
    --new) new=$2; shift 2 ;;
    --repo) repo=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --kind) kind=$2; shift 2 ;;
    --files) nfiles=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[[ -x "$base" && -x "$new" && -d "$repo/.git" ]] || {
  echo "usage: $0 --base BIN --new BIN --repo DIR [--rounds N] [--kind modify|add]" >&2
  exit 2
}
export GIT_CONFIG_GLOBAL=/dev/null STC_NO_HOOK=1
tmp=$(mktemp -d)
TIMEFORMAT="%3R %3U %3S"  # for the `time` around each index below
trap 'rm -rf "$tmp"' EXIT
declare -A bin=([base]=$base [new]=$new)
for b in base new; do
  mkdir -p "$tmp/$b"
  STC_STORE="$tmp/$b/index.db" "${bin[$b]}" -C "$repo" index >/dev/null 2>&1
done

sources() {
  git -C "$repo" ls-files -- '*.py' '*.pyi' '*.go' '*.c' '*.h' '*.js' '*.ts' '*.rs' '*.java' '*.rb'
}
comment_for() {
  case "$1" in *.py|*.pyi|*.rb) echo "#" ;; *) echo "//" ;; esac
}

: >"$tmp/rows"
for r in $(seq "$rounds"); do
  tag="$RANDOM$RANDOM"
  if [[ $kind == add ]]; then
    near=$(sources | shuf -n 1)
    ext="${near##*.}"
    new_file="$(dirname "$near")/stc_bench_$tag.$ext"
    echo "$(comment_for "$new_file") stc bench $tag" >"$repo/$new_file"
    git -C "$repo" add -- "$new_file"
  else
    while read -r f; do
      echo "$(comment_for "$f") stc bench $tag" >>"$repo/$f"
    done < <(sources | shuf -n "$nfiles")
  fi
  git -C "$repo" -c user.name=bench -c user.email=bench@localhost commit -qam "bench $kind $r"
  order="base new"
  (( r % 2 == 0 )) && order="new base"
  for b in $order; do
    # bash's own `time`: millisecond wall, user and sys of the child, and no
    # extra process around it (/usr/bin/time's %e has 10 ms steps).
    { time STC_STORE="$tmp/$b/index.db" "${bin[$b]}" -C "$repo" index --json >"$tmp/json" \
      2>/dev/null; } 2>"$tmp/t"
    secs=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["seconds"])' "$tmp/json")
    echo "$b $(cat "$tmp/t") $secs $(cut -d' ' -f1 /proc/loadavg)" >>"$tmp/rows"
  done
done

python3 - "$tmp/rows" "$kind" <<'EOF'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
print(f"incremental index, --kind {sys.argv[2]}, {len(rows) // 2} rounds")
for b in ("base", "new"):
    r = [x for x in rows if x[0] == b]
    wall = sorted(float(x[1]) * 1000 for x in r)
    cpu = [(float(x[2]) + float(x[3])) * 1000 for x in r]
    own = [float(x[4]) * 1000 for x in r]
    load = [float(x[5]) for x in r]
    print(f"{b:4}: wall median {statistics.median(wall):.0f} ms ({wall[0]:.0f}-{wall[-1]:.0f}), "
          f"CPU median {statistics.median(cpu):.0f} ms, stc's clock median "
          f"{statistics.median(own):.0f} ms, load {min(load):.1f}-{max(load):.1f}")
EOF
