#!/usr/bin/env bash
# End-to-end reliability of the store and the pass runner (issue 13):
# a coalesced trigger's target is honoured; concurrent first init/index all
# succeed with one store; a bad revision or an empty repository leaves no
# store; a damaged store (corrupted page, missing table) and a store path
# that is a directory exit 2 with one line saying what to do; the pass and
# `stc status` count pending LLM units the same way.
# Usage: store_test.sh STC_BINARY
set -uo pipefail
STC=$1
source "$(dirname "$0")/triggers_lib.sh"
FAKE_PID=
trap '[[ -n $FAKE_PID ]] && kill "$FAKE_PID" 2>/dev/null; rm -rf "$WORK"' EXIT
export STC_NO_HOOK=1

# expect RC NAME CMD...: runs CMD (stdout/stderr to $WORK/out, $WORK/err), checks its exit code.
expect() {
  local rc=$1 name=$2; shift 2
  "$@" >"$WORK/out" 2>"$WORK/err"
  local got=$?
  [[ $got == "$rc" ]] || { fail "$name: exit $got, want $rc: $(head -c 400 "$WORK/err")"; return 1; }
}
one_line() { [[ $(wc -l <"$WORK/err") == 1 ]] || fail "$1: not one line on stderr: $(cat "$WORK/err")"; }

# many_modules DIR N [SUB]: N small Python modules under DIR/SUB (gen), committed.
many_modules() {
  local sub=${3:-gen}
  mkdir -p "$1/$sub"
  for ((i = 1; i <= $2; i++)); do
    printf 'def f%d(x):\n    """Step %d of %s."""\n    return x + %d\n' "$i" "$i" "$sub" "$i" >"$1/$sub/m$i.py"
  done
  git -C "$1" add -A && git -C "$1" commit -qm "$2 generated modules"
}

# --- 1. a coalesced trigger's target is indexed ------------------------------
R="$WORK/coalesce"
make_repo "$R"
"$STC" -C "$R" -q init >/dev/null 2>&1 || fail "init (coalesce)"
many_modules "$R" 400
OLD=$(git -C "$R" rev-parse HEAD)
echo "def late(): pass" >"$R/pkg/late.py" && git -C "$R" add -A && git -C "$R" commit -qm late
NEW=$(git -C "$R" rev-parse HEAD)
# --wait: the probe below may hold the lock for an instant before the pass starts.
STC_TEST_SLOW_PASS_MS=5 "$STC" -C "$R" -q pass --wait --at HEAD~1 --trigger slow &
slow=$!
poll 20 eval '! flock -n "$R/.git/stc/pass.lock" true' || fail "the slow pass took the lock"
expect 0 "pass while a pass runs" "$STC" -C "$R" pass --json
[[ $(jget "$WORK/out" outcome) == coalesced ]] || fail "second pass coalesced: $(cat "$WORK/out")"
wait "$slow" || fail "the slow pass failed"
[[ "$(indexed_commit "$R")" == "$NEW" ]] || fail "the store ends at the coalesced caller's HEAD, not HEAD~1"
grep -q "trigger=slow outcome=ok commit=${NEW:0:12}" "$R/.git/stc/pass.log" \
  || fail "the follow-up pass logged its target: $(cat "$R/.git/stc/pass.log")"

# The newest request wins: a coalesced --at an older commit is where the store ends.
many_modules "$R" 400 more
STC_TEST_SLOW_PASS_MS=5 "$STC" -C "$R" -q pass --wait --trigger slow &
slow=$!
poll 20 eval '! flock -n "$R/.git/stc/pass.lock" true' || fail "the second slow pass took the lock"
expect 0 "pass --at OLD while a pass runs" "$STC" -C "$R" pass --at "$OLD" --json
[[ $(jget "$WORK/out" outcome) == coalesced ]] || fail "pass --at OLD coalesced: $(cat "$WORK/out")"
wait "$slow" || fail "the second slow pass failed"
[[ "$(indexed_commit "$R")" == "$OLD" ]] || fail "the store ends at the newest request ($OLD)"
ok "a coalesced trigger's target is indexed (newest request wins)"

# --- 2. concurrent first init / index -----------------------------------------
race() {  # race DIR CMD...: every CMD at once on a fresh copy; all must exit 0
  local dir=$1; shift
  local pids=() cmd rc=0
  for cmd in "$@"; do
    "$STC" -C "$dir" -q $cmd >"$WORK/race.$BASHPID.$RANDOM" 2>&1 &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || rc=1; done
  return $rc
}
BASE="$WORK/race-base"
make_repo "$BASE"
many_modules "$BASE" 60
for round in 1 2; do
  for mix in "init init" "init init init init init" "index index" "init index index init"; do
    R="$WORK/race-$round"
    rm -rf "$R" && cp -r "$BASE" "$R"
    # shellcheck disable=SC2086
    race "$R" $mix || fail "concurrent ($mix): $(cat "$WORK"/race.* | grep -v '^$' | head -3)"
    rm -f "$WORK"/race.*
    [[ $(ls "$R/.git/stc/" | grep -c '^index.db$') == 1 ]] || fail "one store ($mix)"
    [[ "$(sql "$R/.git/stc/index.db" "PRAGMA integrity_check")" == ok ]] || fail "integrity ($mix)"
    [[ "$(sql "$R/.git/stc/index.db" "SELECT COUNT(*) FROM files")" == 63 ]] || fail "files ($mix)"
    [[ "$(sql "$R/.git/stc/index.db" "SELECT SUM(b.symbols) FROM files f JOIN blobs b ON b.id = f.blob")" == 63 ]] \
      || fail "symbols ($mix)"
    at_head "$R" || fail "at HEAD ($mix)"
  done
done
ok "concurrent first init/index: all exit 0, one sound store at HEAD"

# --- empty repository, bad revision: nothing left behind -----------------------
R="$WORK/empty"
git init -q "$R"
expect 2 "init on an empty repository" "$STC" -C "$R" init && one_line "init on an empty repository"
[[ ! -e "$R/.git/stc" ]] || fail "init on an empty repository left $(ls "$R/.git/stc")"
R="$WORK/badrev"
make_repo "$R"
expect 2 "init --at a bad revision" "$STC" -C "$R" init --at nosuchrev
[[ ! -e "$R/.git/stc" ]] || fail "init --at a bad revision left a store"
expect 2 "index --at a bad revision" "$STC" -C "$R" index --at nosuchrev
[[ ! -e "$R/.git/stc/index.db" ]] || fail "index --at a bad revision left a store"
ok "init on an empty repository or a bad revision leaves nothing"

# --- the damaged store: every command exits 2 with one line -------------------
# check_all NAME PATTERN: every store command exits 2, one line matching PATTERN.
check_all() {
  local c
  for c in "status" "status --json" "search step" "show gen/m1.py" "pass" "index" "init" \
           "context 'add a step'" "export agents-md"; do
    expect 2 "$1: stc $c" eval '"$STC" -C "$R" -q '"$c" || continue
    one_line "$1: stc $c"
    grep -q -- "$2" "$WORK/err" || fail "$1: stc $c says: $(cat "$WORK/err")"
  done
}
R="$WORK/corrupt"
make_repo "$R"
many_modules "$R" 150
"$STC" -C "$R" -q init >/dev/null 2>&1 || fail "init (corrupt)"
DB="$R/.git/stc/index.db"
sql "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
size=$(stat -c %s "$DB")
head -c 8192 /dev/urandom | dd of="$DB" bs=1 seek=$((size / 2)) conv=notrunc status=none
[[ "$(sql "$DB" "PRAGMA integrity_check" 2>/dev/null)" != ok ]] || fail "the overwrite damaged the store"
check_all "corrupted page" "the index is damaged.*remove $R/.git/stc and run \`stc init\`"
ok "a corrupted page: every command exits 2 saying to remove the store and run stc init"

rm -rf "$R/.git/stc"
"$STC" -C "$R" -q init >/dev/null 2>&1 || fail "init after removing the damaged store"
sql "$DB" "DROP TABLE blob_imports" >/dev/null
check_all "missing table" "the index is damaged.*table blob_imports is missing.*stc init"
ok "a missing table: every command exits 2 saying what to do"

# --- a store path that is a directory -----------------------------------------
mkdir -p "$WORK/adir"
STC_STORE="$WORK/adir" check_all "store path is a directory" "index path $WORK/adir is a directory"
ok "a store path that is a directory: exit 2 naming the path"

# --- pass and status count pending units alike --------------------------------
python3 "$(dirname "$0")/fake_llm.py" "$WORK/port" &
FAKE_PID=$!
poll 60 test -s "$WORK/port" || fail "fake LLM started"
R="$WORK/pending"
make_repo "$R"
many_modules "$R" 30
"$STC" -C "$R" -q init >/dev/null 2>&1 || fail "init (pending)"
export STC_PROVIDER=openai STC_BASE_URL="http://127.0.0.1:$(cat "$WORK/port")/v1" STC_MODEL=fake
export OPENAI_API_KEY=sk-e2e
expect 0 "pass with a small budget" "$STC" -C "$R" pass --sleep-budget 700 --json
p=$(jget "$WORK/out" pending)
expect 0 "status" "$STC" -C "$R" status --json
s=$(jget "$WORK/out" pending_units)
((p > 0)) && [[ $p == "$s" ]] || fail "pending: pass says $p, status says $s"
ok "pass and status agree on pending units ($p)"
unset STC_PROVIDER STC_BASE_URL STC_MODEL OPENAI_API_KEY

finish
