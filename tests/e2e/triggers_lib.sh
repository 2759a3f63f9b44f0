# Helpers shared by the trigger end-to-end scripts (hooks_test.sh,
# kill_test.sh, watch_test.sh). Source it after setting STC to the binary.
# Every wait polls with a deadline; nothing relies on a fixed sleep.

WORK=$(mktemp -d "${TMPDIR:-/tmp}/stc-e2e-triggers-XXXXXX")
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
unset STC_STORE STC_NO_HOOK STC_TEST_SLOW_PASS_MS GIT_DIR
# libgit2 ignores GIT_CONFIG_GLOBAL: keep it (and stc's user config) away from
# the developer's ~/.gitconfig, whose core.hooksPath would receive our hooks.
export HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/.config"
mkdir -p "$HOME"
failures=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

# poll SECONDS COMMAND...: runs COMMAND every 50 ms until it succeeds; 1 on time-out.
poll() {
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do
    ((SECONDS >= deadline)) && return 1
    sleep 0.05
  done
}

# sql DB QUERY: prints the first column of the first row ('' when none).
sql() {
  python3 - "$1" "$2" <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], timeout=20)
row = con.execute(sys.argv[2]).fetchone()
print("" if row is None else row[0])
PY
}

# jget FILE KEY: a top-level JSON field (lists and objects as JSON).
jget() {
  python3 - "$1" "$2" <<'PY'
import json, sys
v = json.load(open(sys.argv[1]))[sys.argv[2]]
print(json.dumps(v) if isinstance(v, (list, dict)) else v)
PY
}

indexed_commit() { sql "$1/.git/stc/index.db" "SELECT value FROM meta WHERE key = 'indexed_commit'"; }
at_head() { [[ "$(indexed_commit "$1")" == "$(git -C "$1" rev-parse HEAD)" ]]; }
blob_stored() { [[ "$(sql "$1/.git/stc/index.db" "SELECT COUNT(*) FROM blobs WHERE oid = '$2'")" == 1 ]]; }
# Waits until no pass holds the repository's pass lock.
lock_free() { flock -w 20 "$1/.git/stc/pass.lock" true; }

# make_repo DIR: a small Python repository with one commit.
make_repo() {
  git init -q -b main "$1"
  mkdir -p "$1/pkg"
  for n in a b c; do printf 'def %s(x):\n    """Return x."""\n    return x\n' "$n" >"$1/pkg/$n.py"; done
  git -C "$1" add -A && git -C "$1" commit -qm first
}

finish() {
  if ((failures)); then
    echo "$failures check(s) failed" >&2
    exit 1
  fi
  echo "all checks passed"
}
