#!/usr/bin/env bash
# End-to-end: the disk holding the store fills up during history mining.
# The store lives on a 2 MB tmpfs (STC_STORE); the repository has a small
# tree but a long history with long messages, so the structure stage fits
# and history mining runs out of room. `stc init` must exit 1 with one line
# saying the disk is full, the pass log must say why, and after the disk is
# grown the next pass completes with nothing lost.
# Needs mount(2) (root or CAP_SYS_ADMIN); skipped with a message otherwise.
# Usage: disk_full_test.sh STC_BINARY
set -uo pipefail
STC=$1
source "$(dirname "$0")/triggers_lib.sh"
MNT="$WORK/mnt"
mkdir -p "$MNT"
cleanup() { umount "$MNT" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
if ! mount -t tmpfs -o size=2m tmpfs "$MNT" 2>/dev/null; then
  echo "SKIP: cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN); disk-full test not run"
  exit 0
fi
export STC_NO_HOOK=1 STC_STORE="$MNT/stc/index.db"
R="$WORK/repo"
N=2500
git init -q -b main "$R"
# N commits, each changing one of five files, with a 1 KB message: fast-import.
python3 - "$N" <<'PY' | git -C "$R" fast-import --quiet
import sys
n = int(sys.argv[1])
words = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda omicron".split()
for i in range(1, n + 1):
    msg = f"change {i}: " + " ".join(words[(i * 7 + k) % len(words)] + str(k * i % 97)
                                    for k in range(150)) + "\n"
    body = f"def f{i % 5}(x):\n    return x + {i}\n"
    print("commit refs/heads/main")
    print(f"committer t <t@example.com> {1600000000 + i * 60} +0000")
    print(f"data {len(msg.encode())}\n{msg}", end="")
    print(f"M 100644 inline pkg/m{i % 5}.py")
    print(f"data {len(body.encode())}\n{body}", end="")
    print()
PY
git -C "$R" checkout -q main

[[ $(git -C "$R" rev-list --count HEAD) == "$N" ]] || { fail "history generated"; finish; }
before=$failures
"$STC" -C "$R" init >"$WORK/out" 2>"$WORK/err"
rc=$?
[[ $rc == 1 ]] || fail "init on a full disk exits 1 (got $rc): $(cat "$WORK/err")"
[[ $(wc -l <"$WORK/err") == 1 ]] || fail "one line on stderr: $(cat "$WORK/err")"
grep -q "history: .*full.*free space" "$WORK/err" || fail "stderr says the disk is full: $(cat "$WORK/err")"
grep -q "outcome=failed error: history: .*full" "$MNT/stc/pass.log" \
  || fail "pass.log says why: $(cat "$MNT/stc/pass.log" 2>/dev/null)"
((failures == before)) && ok "disk full during history mining: exit 1, one line, the pass log says why"
before=$failures

mount -o remount,size=64m "$MNT" || fail "grow the tmpfs"
"$STC" -C "$R" -q pass --json >"$WORK/pass.json" 2>"$WORK/err" || fail "next pass: $(cat "$WORK/err")"
DB="$STC_STORE"
[[ "$(sql "$DB" "PRAGMA integrity_check")" == ok ]] || fail "integrity_check after the full disk"
[[ "$(sql "$DB" "SELECT COUNT(*) FROM commits")" == "$N" ]] || fail "every commit mined"
[[ "$(sql "$DB" "SELECT COUNT(*) FROM files")" == 5 ]] || fail "files indexed"
[[ "$(sql "$DB" "SELECT value FROM meta WHERE key = 'indexed_commit'")" == "$(git -C "$R" rev-parse HEAD)" ]] \
  || fail "indexed at HEAD"
[[ "$(sql "$DB" "SELECT outcome FROM passes ORDER BY id DESC LIMIT 1")" == ok ]] || fail "the next pass is ok"
((failures == before)) && ok "after the disk is grown the next pass completes ($N commits mined)"
finish
