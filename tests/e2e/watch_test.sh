#!/usr/bin/env bash
# End-to-end: `stc watch --idle 1` pre-parses an edited file once the tree
# is quiet (its blob id is in the store before any commit), watches
# directories created later, follows commits, and exits 0 promptly on SIGTERM.
# Usage: watch_test.sh STC_BINARY
set -uo pipefail
STC=$1
source "$(dirname "$0")/triggers_lib.sh"
R="$WORK/repo"
wpid=
trap '[[ -n $wpid ]] && kill -9 "$wpid" 2>/dev/null; rm -rf "$WORK"' EXIT

make_repo "$R"
STC_NO_HOOK=1 "$STC" -C "$R" -q init >/dev/null 2>&1 || fail "init"
"$STC" -C "$R" watch --idle 1 --json >"$WORK/watch.out" 2>"$WORK/watch.err" &
wpid=$!
passes() { grep -c '"outcome"' "$WORK/watch.out"; }
poll 20 eval '(( $(passes) >= 1 ))' || fail "the watch runs a catch-up pass: $(cat "$WORK/watch.err")"

printf 'def a(x):\n    """Edited."""\n    return 2 * x\n' >"$R/pkg/a.py"
oid=$(git -C "$R" hash-object pkg/a.py)
poll 20 blob_stored "$R" "$oid" || fail "the edited file's blob is pre-parsed after the idle period"
ok "idle trigger pre-parses an edited file"

mkdir -p "$R/newpkg/deep"
printf 'def n():\n    return 1\n' >"$R/newpkg/deep/n.py"
poll 20 blob_stored "$R" "$(git -C "$R" hash-object newpkg/deep/n.py)" || fail "a file in a new directory"
printf 'def n():\n    return 2\n' >"$R/newpkg/deep/n.py"
poll 20 blob_stored "$R" "$(git -C "$R" hash-object newpkg/deep/n.py)" \
  || fail "an edit inside a directory created while watching"
ok "new directories are watched"

git -C "$R" add -A && git -C "$R" commit -qm "edits"
poll 20 at_head "$R" || fail "a commit (HEAD change) leads to a pass that indexes it"
ok "commits are followed"

t0=$SECONDS
kill -TERM "$wpid"
wait "$wpid"
rc=$?
wpid=
[[ $rc -eq 0 ]] || fail "SIGTERM: exit $rc, want 0 ($(cat "$WORK/watch.err"))"
((SECONDS - t0 <= 5)) || fail "SIGTERM: took $((SECONDS - t0)) s"
ok "SIGTERM stops the watch (exit 0)"

finish
