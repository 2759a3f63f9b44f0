#!/usr/bin/env bash
# End-to-end checks of the real `stc` binary: the output contract (JSON on
# stdout, fields from README.md), exit codes, and every bad-input case.
# Usage: cli_test.sh STC_BINARY SOURCE_DIR
set -uo pipefail

STC=$1
SRC=$2
WORK=$(mktemp -d "${TMPDIR:-/tmp}/stc-e2e-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
unset STC_STORE
export STC_NO_HOOK=1
failures=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# expect_exit CODE DESCRIPTION -- command...: checks the exit code and that
# a failure prints exactly one line on stderr.
expect_exit() {
  local want=$1 what=$2; shift 3
  local out err code
  out=$("$@" 2>"$WORK/err"); code=$?
  err=$(cat "$WORK/err")
  if [[ $code -ne $want ]]; then fail "$what: exit $code, want $want (stderr: $err)"; return; fi
  if [[ $want -ne 0 && $(printf '%s\n' "$err" | grep -c .) -ne 1 ]]; then
    fail "$what: want one stderr line, got: $err"
  fi
  echo "ok: $what"
}

# json_has FILE KEY...: the file is one JSON document with these dotted keys.
json_has() {
  local file=$1; shift
  python3 - "$file" "$@" <<'PY' || fail "JSON check of $file: keys $*"
import json, sys
doc = json.load(open(sys.argv[1]))
for key in sys.argv[2:]:
    node = doc
    for part in key.split('.'):
        if not isinstance(node, dict) or part not in node:
            sys.exit(f"missing {key}")
        node = node[part]
PY
}

# --- usage ---------------------------------------------------------------
expect_exit 0 "--version" -- "$STC" --version
"$STC" --version | grep -q '^stc ' || fail "--version prints 'stc X'"
expect_exit 0 "--help" -- "$STC" --help
for sub in init index status show search; do
  expect_exit 0 "$sub --help" -- "$STC" "$sub" --help
done
expect_exit 2 "unknown option" -- "$STC" status --bogus
expect_exit 2 "unknown subcommand" -- "$STC" frobnicate
expect_exit 2 "missing subcommand" -- "$STC"

# --- bad repositories ------------------------------------------------------
mkdir -p "$WORK/plain"
expect_exit 2 "not a git repository" -- "$STC" -C "$WORK/plain" index
expect_exit 2 "no such directory" -- "$STC" -C "$WORK/nope" status
git init -q --bare "$WORK/bare.git"
expect_exit 2 "bare repository" -- "$STC" -C "$WORK/bare.git" init
git init -q -b main "$WORK/empty"
expect_exit 2 "empty repository (unborn HEAD)" -- "$STC" -C "$WORK/empty" init

# --- a real repository -----------------------------------------------------
R="$WORK/repo"
bash "$SRC/sample_repos/make_all.sh" "$WORK/samples" >/dev/null 2>&1 || fail "make_all.sh"
git clone -q "$WORK/samples/pyweather" "$R"
expect_exit 2 "status before init" -- "$STC" -C "$R" status
expect_exit 2 "unknown revision" -- "$STC" -C "$R" init --at no-such-rev

"$STC" -C "$R" init --json >"$WORK/init.json" 2>"$WORK/init.err" || fail "init"
[[ -s "$WORK/init.err" ]] && fail "init --json wrote to stderr: $(cat "$WORK/init.err")"
json_has "$WORK/init.json" commit files_total files_parsed files_cached symbols sleep_tokens seconds
echo "ok: init --json"

"$STC" -C "$R" status --json >"$WORK/status.json" || fail "status --json"
json_has "$WORK/status.json" indexed_commit head pending tokens.sleep tokens.test
python3 -c "import json,sys; d=json.load(open('$WORK/status.json')); sys.exit(0 if d['pending']==0 and d['indexed_commit']==d['head'] else 1)" \
  || fail "status: fresh index should have pending 0"
echo "ok: status --json"
"$STC" -C "$R" status >"$WORK/status.txt" || fail "status"
grep -q '^HEAD: .*(up to date)' "$WORK/status.txt" && grep -q '^files: ' "$WORK/status.txt" ||
  fail "status (text) shows HEAD up to date and the file counts"
echo "ok: status"

pyfile=$(cd "$R" && git grep -l -E '^(class|def) ' -- '*.py' | grep -v '^tests/' | head -1)
(cd "$R/$(dirname "$pyfile")" && "$STC" show "$(basename "$pyfile")" --json) >"$WORK/show.json" \
  || fail "show from a subdirectory"
json_has "$WORK/show.json" path summary notes symbols skeleton imports importers depends_on
python3 -c "import json,sys; d=json.load(open('$WORK/show.json')); sys.exit(0 if d['path']=='$pyfile' and d['symbols'] else 1)" \
  || fail "show resolves $pyfile and lists symbols"
echo "ok: show --json ($pyfile)"
"$STC" -C "$R" show "$pyfile" >"$WORK/show.txt" && grep -q "$pyfile" "$WORK/show.txt" ||
  fail "show (text) names $pyfile"
echo "ok: show ($pyfile)"
expect_exit 2 "show of a path not in the index" -- "$STC" -C "$R" show no/such/file.py

"$STC" -C "$R" search weather client --json >"$WORK/search.json" || fail "search --json"
json_has "$WORK/search.json" query results
python3 -c "import json,sys; d=json.load(open('$WORK/search.json')); sys.exit(0 if d['results'] and 'symbols' in d['results'][0] else 1)" \
  || fail "search finds files"
echo "ok: search --json"

# --- awkward content: invalid UTF-8, binary, syntax errors, detached HEAD ---
printf 'def caf\xff():\n    """\xfe doc"""\n    pass\n' >"$R/latin1.py"
printf 'x = 1\n\0\0binary' >"$R/blob.py"
printf 'def broken(:\n  pass\n' >"$R/broken.py"
git -C "$R" add -A && git -C "$R" commit -qm "awkward files"
git -C "$R" checkout -q --detach HEAD
"$STC" -C "$R" index --json >"$WORK/index2.json" || fail "index on detached HEAD"
python3 -c "import json,sys; d=json.load(open('$WORK/index2.json')); sys.exit(0 if d['incremental'] and d['files_parsed']==2 and d['skipped'].get('binary')==1 else 1)" \
  || fail "incremental index parses 2 files and skips 1 binary: $(cat "$WORK/index2.json")"
"$STC" -C "$R" show latin1.py --json >"$WORK/latin1.json" && python3 -m json.tool "$WORK/latin1.json" >/dev/null \
  || fail "show of an invalid UTF-8 file prints valid JSON"
echo "ok: awkward files"

# --- damaged stores ----------------------------------------------------------
DB="$R/.git/stc/index.db"
cp "$DB" "$WORK/good.db"
rm -f "$DB-wal" "$DB-shm"
# Schema version lives in the header's user_version (offset 60, big-endian).
printf '\x00\x00\x03\xe7' | dd of="$DB" bs=1 seek=60 conv=notrunc status=none
expect_exit 2 "store from a newer schema" -- "$STC" -C "$R" status
head -c 8192 /dev/urandom >"$DB"
rm -f "$DB-wal" "$DB-shm"
expect_exit 2 "unreadable store" -- "$STC" -C "$R" index
STC_STORE="$WORK/elsewhere/index.db" "$STC" -C "$R" init -q >/dev/null 2>&1 || fail "STC_STORE override"
[[ -f "$WORK/elsewhere/index.db" ]] || fail "STC_STORE override creates the store there"
echo "ok: damaged stores"

if ((failures)); then
  echo "$failures e2e check(s) failed" >&2
  exit 1
fi
echo "all e2e checks passed"
