#!/usr/bin/env bash
# End-to-end: SIGKILL at random points of `stc init`, `stc index --full` and
# an LLM pass (against a loopback fake LLM), at least 30 times. After every
# kill the store must pass `PRAGMA integrity_check`; after recovery (the
# command a user runs next) it must hold what an uninterrupted run produces:
# the same files (path, blob, status), symbols, mined commits and artifacts.
# Usage: kill_loop_test.sh STC_BINARY
set -uo pipefail
STC=$1
source "$(dirname "$0")/triggers_lib.sh"
FAKE_PID=
trap '[[ -n $FAKE_PID ]] && kill "$FAKE_PID" 2>/dev/null; rm -rf "$WORK"' EXIT
export STC_NO_HOOK=1
KILLS=${STC_TEST_KILLS:-30}

python3 "$(dirname "$0")/fake_llm.py" "$WORK/port" &
FAKE_PID=$!
poll 60 test -s "$WORK/port" || { fail "fake LLM started"; finish; }
LLM_ENV=(STC_PROVIDER=openai "STC_BASE_URL=http://127.0.0.1:$(cat "$WORK/port")/v1" STC_MODEL=fake
         OPENAI_API_KEY=sk-e2e)

R="$WORK/repo"
make_repo "$R"
for c in 1 2 3 4; do
  mkdir -p "$R/mod$c"
  for ((i = 1; i <= 25; i++)); do
    printf 'import pkg.a\n\n\nclass C%d:\n    """Part %d of %d."""\n\n    def run(self, x):\n        return x + %d\n' \
      "$i" "$i" "$c" "$i" >"$R/mod$c/m$i.py"
  done
  git -C "$R" add -A && git -C "$R" commit -qm "module group $c"
done
S="$R/.git/stc"
DB="$S/index.db"

# signature: what a finished store holds, independent of how it got there.
signature() {
  python3 - "$DB" <<'PY'
import hashlib, sqlite3, sys
con = sqlite3.connect(sys.argv[1], timeout=20)
def digest(query):
    rows = con.execute(query).fetchall()
    return f"{len(rows)}:{hashlib.sha1(repr(sorted(rows)).encode()).hexdigest()[:12]}"
print("files", digest("SELECT path, oid, status, lang FROM files"),
      "symbols", digest("SELECT f.path, b.symbols, b.definitions FROM files f "
                        "JOIN blobs b ON b.id = f.blob"),
      "commits", digest("SELECT oid, seq FROM commits"),
      "artifacts", digest("SELECT kind, subject, input_key, provider FROM artifacts "
                          "WHERE kind NOT IN ('rank_model', 'lessons')"),
      "indexed", con.execute("SELECT value FROM meta WHERE key = 'indexed_commit'").fetchone())
PY
}
now_ms() { date +%s%3N; }

# Clean references, timing each command to aim the kills.
t0=$(now_ms)
"$STC" -C "$R" -q init >/dev/null 2>&1 || fail "clean init"
T_INIT=$(($(now_ms) - t0))
SIG_INIT=$(signature)
cp -r "$S" "$WORK/store-init"
t0=$(now_ms)
"$STC" -C "$R" -q index --full >/dev/null 2>&1 || fail "clean index --full"
T_INDEX=$(($(now_ms) - t0))
t0=$(now_ms)
env "${LLM_ENV[@]}" "$STC" -C "$R" -q pass --sleep-budget 10000000 >/dev/null 2>&1 || fail "clean LLM pass"
T_LLM=$(($(now_ms) - t0))
SIG_LLM=$(signature)
[[ $SIG_LLM != "$SIG_INIT" ]] || fail "the LLM pass wrote artifacts"
echo "clean runs: init ${T_INIT} ms, index --full ${T_INDEX} ms, LLM pass ${T_LLM} ms"

# kill_at MS CMD...: starts CMD, SIGKILLs it after MS ms; 0 when it was killed.
kill_at() {
  local ms=$1; shift
  "$@" >/dev/null 2>&1 &
  local pid=$!
  sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"
  kill -9 "$pid" 2>/dev/null
  local killed=$?
  wait "$pid" 2>/dev/null
  return $killed
}
sound() {
  [[ ! -e $DB ]] || [[ "$(sql "$DB" "PRAGMA integrity_check")" == ok ]]
}

# Each mode's kill window starts at its clean run's time and shrinks to 3/4
# of a kill time that came too late, so a clean run measured under a
# different load than the kills does not leave most kills landing after
# the command finished.
spans=("$T_INIT" "$T_INDEX" "$T_LLM")
kills=0
tries=0
while ((kills < KILLS && tries < 4 * KILLS)); do
  mode=$((tries % 3))
  tries=$((tries + 1))
  case $mode in
    0)  # a first init, killed; recovery: init again
      rm -rf "$S"
      cmd=("$STC" -C "$R" -q init); want=$SIG_INIT
      recover=("$STC" -C "$R" -q init) ;;
    1)  # a full re-index, killed; recovery: the next pass
      rm -rf "$S" && cp -r "$WORK/store-init" "$S"
      cmd=("$STC" -C "$R" -q index --full); want=$SIG_INIT
      recover=("$STC" -C "$R" -q pass) ;;
    2)  # an LLM pass, killed; recovery: the next LLM pass
      rm -rf "$S" && cp -r "$WORK/store-init" "$S"
      cmd=(env "${LLM_ENV[@]}" "$STC" -C "$R" -q pass --sleep-budget 10000000)
      want=$SIG_LLM; recover=("${cmd[@]}") ;;
  esac
  span=${spans[$mode]}
  ms=$((RANDOM % span + 1))
  if ! kill_at "$ms" "${cmd[@]}"; then  # finished before the kill: not counted
    spans[$mode]=$((ms * 3 / 4 > 20 ? ms * 3 / 4 : 20))
    continue
  fi
  kills=$((kills + 1))
  sound || fail "kill $kills (${cmd[*]:3} at ${ms} ms): integrity_check: $(sql "$DB" "PRAGMA integrity_check")"
  "${recover[@]}" >/dev/null 2>"$WORK/err" || fail "kill $kills: recovery failed: $(cat "$WORK/err")"
  got=$(signature)
  [[ $got == "$want" ]] || fail "kill $kills (mode $mode at ${ms} ms): after recovery $got, clean $want"
done
((kills >= KILLS)) || fail "only $kills kills landed in $tries tries"
ok "$kills kills at random points of init, index --full and an LLM pass: sound, and recovered to the clean index"
finish
