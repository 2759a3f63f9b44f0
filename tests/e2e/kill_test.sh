#!/usr/bin/env bash
# End-to-end: a pass killed with SIGKILL in the middle of parsing a large
# commit leaves a consistent store that still describes the old commit, and
# the next pass completes the work, reusing the blobs already stored.
# The pass is slowed with the test-only STC_TEST_SLOW_PASS_MS (a sleep per
# parsed file, inside the pass) so the kill lands mid-way deterministically.
# Usage: kill_test.sh STC_BINARY
set -uo pipefail
STC=$1
source "$(dirname "$0")/triggers_lib.sh"
R="$WORK/repo"
trap 'rm -rf "$WORK"' EXIT
N=1500

make_repo "$R"
STC_NO_HOOK=1 "$STC" -C "$R" -q init >/dev/null 2>&1 || fail "init"
OLD=$(git -C "$R" rev-parse HEAD)
DB="$R/.git/stc/index.db"
mkdir -p "$R/gen"
for ((i = 1; i <= N; i++)); do
  printf 'def f%d(x):\n    """Step %d."""\n    return x + %d\n' "$i" "$i" "$i" >"$R/gen/m$i.py"
done
git -C "$R" add -A && git -C "$R" commit -qm "$N generated modules"
NEW=$(git -C "$R" rev-parse HEAD)
blobs_before=$(sql "$DB" "SELECT COUNT(*) FROM blobs")

STC_TEST_SLOW_PASS_MS=3 "$STC" -C "$R" -q pass --trigger test &
pid=$!
# The first batch (500 blobs) is committed; the files table is not switched yet.
poll 30 eval '(( $(sql "$DB" "SELECT COUNT(*) FROM blobs") >= blobs_before + 500 ))' \
  || fail "the slow pass stored its first batch"
kill -9 "$pid"
wait "$pid" 2>/dev/null
[[ "$(indexed_commit "$R")" == "$OLD" ]] || fail "killed too late: the pass had finished (raise N or the delay)"

[[ "$(sql "$DB" "PRAGMA integrity_check")" == ok ]] || fail "integrity_check after kill -9"
[[ "$(sql "$DB" "SELECT COUNT(*) FROM files")" == 3 ]] || fail "files table still holds the old commit"
[[ "$(sql "$DB" "SELECT COUNT(*) FROM passes WHERE outcome = 'running'")" == 1 ]] || fail "the killed pass's row"
ok "kill -9 mid-pass leaves a consistent store at the old commit"

"$STC" -C "$R" pass --json >"$WORK/pass.json" 2>"$WORK/pass.err" || fail "next pass: $(cat "$WORK/pass.err")"
parsed=$(jget "$WORK/pass.json" files_parsed)
[[ "$(jget "$WORK/pass.json" commit)" == "$NEW" ]] || fail "next pass reaches HEAD"
((parsed > 0 && parsed <= N - 500)) || fail "next pass parses only what is missing ($parsed of $N)"
[[ "$(indexed_commit "$R")" == "$NEW" ]] || fail "indexed_commit is HEAD"
[[ "$(sql "$DB" "SELECT COUNT(*) FROM files")" == $((N + 3)) ]] || fail "files table at the new commit"
[[ "$(sql "$DB" "PRAGMA integrity_check")" == ok ]] || fail "integrity_check after the next pass"
[[ "$(sql "$DB" "SELECT COUNT(*) FROM passes WHERE outcome = 'interrupted'")" == 1 ]] \
  || fail "the killed pass is marked interrupted"
ok "the next pass completes the work ($parsed files parsed, the rest reused)"

finish
