#!/usr/bin/env bash
# Post-commit hook cost: how much the stc hooks add to `git commit`, and how
# long the hook script itself runs (target: p95 under 20 ms).
#
#   bash bench/hook_bench.sh [STC_BINARY] [COMMITS] [HOOK_RUNS]
#
# In a generated repository (200 Python files, so a pass does real work):
#   1. COMMITS (default 50) one-file commits without hooks, timing each `git commit`;
#   2. the same with `stc hook install`, each commit starting a background pass
#      (passes coalesce through the pass lock, as in real use);
#   3. the post-commit hook script run directly HOOK_RUNS (default 100) times.
# Prints p50/p95/max in milliseconds. Needs bash 5, git and flock.
set -euo pipefail

STC=${1:-$(dirname "$0")/../build/cli/stc}
STC=$(realpath "$STC")
COMMITS=${2:-50}
RUNS=${3:-100}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/stc-hook-bench-XXXXXX")
R="$WORK/repo"
trap 'flock -w 60 "$R/.git/stc/pass.lock" true 2>/dev/null; rm -rf "$WORK"' EXIT
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=b GIT_AUTHOR_EMAIL=b@example.com GIT_COMMITTER_NAME=b GIT_COMMITTER_EMAIL=b@example.com
unset STC_STORE STC_NO_HOOK
# A private HOME: libgit2 ignores GIT_CONFIG_GLOBAL, and a global core.hooksPath
# would otherwise receive the benchmark's hooks.
export HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/.config"
mkdir -p "$HOME"

# Microseconds since the epoch, without forking (bash 5's EPOCHREALTIME).
now_us() { NOW_US=${EPOCHREALTIME//[.,]/}; }

# stats FILE LABEL: p50, p95 and max of the microsecond values in FILE, in ms.
stats() {
  sort -n "$1" | awk -v label="$2" '{ v[NR] = $1 / 1000 } END {
    p50 = v[int(NR * 0.50 + 0.999)]; p95 = v[int(NR * 0.95 + 0.999)];
    printf "%-36s n=%-4d p50 %7.2f ms   p95 %7.2f ms   max %7.2f ms\n", label, NR, p50, p95, v[NR] }'
}

# commits N OUT: N one-file commits, the wall time of each `git commit` in OUT.
commits() {
  local i t0
  : >"$2"
  for ((i = 0; i < $1; i++)); do
    printf 'def change_%d():\n    return %d\n' "$i" "$i" >>"$R/pkg/m$((i % 200)).py"
    git -C "$R" add -A
    now_us; t0=$NOW_US
    git -C "$R" commit -qm "change $i"
    now_us; echo $((NOW_US - t0)) >>"$2"
  done
}

git init -q -b main "$R"
mkdir -p "$R/pkg"
for ((i = 0; i < 200; i++)); do
  printf '"""Module %d."""\n\ndef f%d(x):\n    """Return x."""\n    return x + %d\n' "$i" "$i" "$i" >"$R/pkg/m$i.py"
done
git -C "$R" add -A && git -C "$R" commit -qm initial
STC_NO_HOOK=1 "$STC" -C "$R" -q init >/dev/null 2>&1

echo "stc hook benchmark: $(nproc) cores, $(git --version), $COMMITS commits, $RUNS hook runs"
commits "$COMMITS" "$WORK/plain.txt"
stats "$WORK/plain.txt" "git commit, no hooks"

"$STC" -C "$R" -q hook install
commits "$COMMITS" "$WORK/hooked.txt"
stats "$WORK/hooked.txt" "git commit, stc hooks installed"
flock -w 60 "$R/.git/stc/pass.lock" true

cd "$R"  # git runs hooks from the top of the work tree
# time_script FILE OUT [GAP]: runs FILE RUNS times (sleeping GAP seconds
# between runs, untimed), microseconds in OUT.
time_script() {
  local i
  : >"$2"
  for ((i = 0; i < RUNS; i++)); do
    now_us; t0=$NOW_US
    "$1"
    now_us; echo $((NOW_US - t0)) >>"$2"
    [[ -n ${3:-} ]] && sleep "$3"
  done
  return 0
}
printf '#!/bin/sh\ntrue\n' >"$WORK/empty-hook" && chmod +x "$WORK/empty-hook"
time_script "$WORK/empty-hook" "$WORK/floor.txt"
stats "$WORK/floor.txt" "empty #!/bin/sh hook (floor)"
STC_NO_HOOK=1 && export STC_NO_HOOK
time_script .git/hooks/post-commit "$WORK/skip.txt"
unset STC_NO_HOOK
stats "$WORK/skip.txt" "stc hook, STC_NO_HOOK=1 (no spawn)"
sed "s|^  stc_hook_bin=.*|  stc_hook_bin=/bin/true|" .git/hooks/post-commit >"$WORK/true-hook"
chmod +x "$WORK/true-hook"
time_script "$WORK/true-hook" "$WORK/true.txt"
stats "$WORK/true.txt" "stc hook spawning /bin/true"
time_script .git/hooks/post-commit "$WORK/spaced.txt" 0.3
stats "$WORK/spaced.txt" "stc post-commit hook, 0.3 s apart"
flock -w 60 "$R/.git/stc/pass.lock" true
time_script .git/hooks/post-commit "$WORK/hook.txt"
stats "$WORK/hook.txt" "stc post-commit hook, back to back"
flock -w 60 "$R/.git/stc/pass.lock" true
echo "passes run by the hooks: $(grep -c 'trigger=hook outcome=ok' "$R/.git/stc/pass.log")," \
  "coalesced triggers: $(grep -c 'outcome=coalesced' "$R/.git/stc/pass.log")"
