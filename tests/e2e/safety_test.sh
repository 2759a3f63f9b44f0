#!/usr/bin/env bash
# End-to-end checks of input safety with the real binaries:
#   - `stc export agents-md --file` writes only inside the work tree (not
#     outside it, not in .git, not through a symlink leaving it);
#   - numeric options of stc, stc-agent and stc-eval and the numeric STC_*
#     variables: exit 2 and one short stderr line giving the range in words;
#   - a file whose name is not UTF-8 comes back in JSON escaped (\xNN), and
#     `stc show` takes the escaped name back.
# Usage: safety_test.sh STC_BINARY STC_AGENT_BINARY STC_EVAL_BINARY
set -uo pipefail

STC=$(realpath "$1")
AGENT=$(realpath "$2")
EVAL=$(realpath "$3")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/stc-safety-e2e-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
export STC_NO_HOOK=1 XDG_CONFIG_HOME="$WORK/config" HOME="$WORK/home"
unset STC_PROVIDER STC_BASE_URL STC_MODEL STC_STORE STC_JOBS STC_SLEEP_BUDGET STC_MAX_FILE_SIZE
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# run CODE DESCRIPTION -- command...: stdout in $WORK/out, stderr in $WORK/err.
run() {
  local want=$1 what=$2; shift 3
  "$@" >"$WORK/out" 2>"$WORK/err"
  local code=$?
  if [[ $code -ne $want ]]; then
    fail "$what: exit $code, want $want (stderr: $(cat "$WORK/err"))"
    return 1
  fi
  echo "ok: $what"
}

# bad_number PATTERN -- command...: exit 2, one stderr line under 200
# characters containing PATTERN (the range in words), no float noise.
bad_number() {
  local pattern=$1; shift 2
  run 2 "$*" -- "$@" || return
  local err
  err=$(cat "$WORK/err")
  [[ $(grep -c . "$WORK/err") -eq 1 ]] || fail "$*: want one stderr line, got: $err"
  [[ ${#err} -lt 200 ]] || fail "$*: message too long: $err"
  [[ $err == *"$pattern"* ]] || fail "$*: message lacks '$pattern': $err"
  [[ $err != *179769* && $err != *.000000* ]] || fail "$*: unreadable range: $err"
}

# pyjson EXPRESSION: a Python boolean over `doc`, the JSON in $WORK/out.
pyjson() {
  python3 - "$WORK/out" "$1" <<'PY' 2>/dev/null
import json, sys
doc = json.load(open(sys.argv[1]))
sys.exit(0 if eval(sys.argv[2]) else 1)
PY
}

# --- a repository with a Latin-1 file name and a symlink out of the tree ---
REPO="$WORK/repo"
mkdir -p "$REPO/src" "$REPO/docs" "$WORK/outside"
cd "$REPO" || exit 1
git init -q -b main
printf 'def main():\n    print("hi")\n' > src/app.py
printf 'def cafe_menu():\n    return "espresso"\n' > $'src/caf\xe9.py'
printf '# docs\n' > docs/index.md
ln -s "$WORK/outside" out
ln -s AGENTS.md CLAUDE.md
git add -A && git commit -q -m init
run 0 "stc init" -- "$STC" init || exit 1

# --- export agents-md --file --------------------------------------------------
run 2 "export --file outside (absolute)" -- "$STC" export agents-md --file "$WORK/abs.md"
grep -q "inside the work tree" "$WORK/err" || fail "export: no hint: $(cat "$WORK/err")"
run 2 "export --file ../x.md" -- "$STC" export agents-md --file ../x.md
run 2 "export --file through a symlink leaving the tree" -- "$STC" export agents-md --file out/x.md
run 2 "export --file .git/x.md" -- "$STC" export agents-md --file .git/x.md
run 2 "export --file .GIT/x.md" -- "$STC" export agents-md --file .GIT/x.md
run 2 "export --file a directory" -- "$STC" export agents-md --file docs
[[ ! -e $WORK/abs.md && ! -e $WORK/x.md && -z $(ls -A "$WORK/outside") && ! -e .git/x.md && ! -e .GIT ]] \
  || fail "export wrote outside the work tree"
run 0 "export --file docs/AGENTS.md" -- "$STC" export agents-md --file docs/AGENTS.md --json
pyjson 'doc["outcome"] == "created"' && grep -q "stc:begin" docs/AGENTS.md || fail "docs/AGENTS.md not written"
run 0 "export --file an absolute path inside" -- "$STC" export agents-md --file "$REPO/ABS.md"
[[ -f ABS.md ]] || fail "ABS.md not written"
run 0 "export --file CLAUDE.md (a symlink inside the tree)" -- "$STC" export agents-md --file CLAUDE.md
[[ -L CLAUDE.md ]] && grep -q "stc:begin" AGENTS.md || fail "CLAUDE.md -> AGENTS.md not followed"

# --- numeric options and variables --------------------------------------------
bad_number "from 1 to 10000, got '0'" -- "$STC" search foo -n 0
bad_number "whole number from 1 to 10000" -- "$STC" search foo --limit abc
bad_number "from 0 to 1000000000, got '-1'" -- "$STC" pass --sleep-budget -1
bad_number "from 0 to 256 (0 means one per core)" -- "$STC" index -j 999
bad_number "from 0 to 256" -- "$STC" pass -j abc
bad_number "a number from 0.1 to 86400" -- "$STC" watch --idle abc
bad_number "a number from 0.1 to 86400" -- "$STC" watch --idle 0
bad_number "from 0 to 1000000000" -- "$STC" watch --sleep-budget x
bad_number "from 100 to 10000000" -- "$STC" context "add a thing" --budget 5
bad_number "from 100 to 10000000, got 'abc'" -- "$AGENT" plan "add a thing" --budget abc
bad_number "from 100 to 10000000" -- "$AGENT" implement "add a thing" --budget 50
bad_number "from 0 to 1000000 (0 means every task)" -- "$EVAL" mine "$REPO" -o - --limit -1
bad_number "from 1 to 10000" -- "$EVAL" mine "$REPO" -o - --min-files 0
bad_number "from 1 to 10000" -- "$EVAL" mine "$REPO" -o - --max-files abc
bad_number "from 0 to 1000" -- "$EVAL" mine "$REPO" -o - --min-words -2
bad_number "each from 100 to 10000000" -- "$EVAL" run tasks.jsonl -o "$WORK/o" --budgets 500,abc
bad_number "from 0 to 1000000000" -- "$EVAL" run tasks.jsonl -o "$WORK/o" --sleep-budget -1
bad_number "from 0 to 256" -- "$EVAL" run tasks.jsonl -o "$WORK/o" -j abc
bad_number "STC_JOBS (index.jobs) must be a whole number from 0 to 256" -- env STC_JOBS=abc "$STC" status
bad_number "STC_SLEEP_BUDGET (sleep.budget) must be a whole number from 0 to 1000000000" -- \
  env STC_SLEEP_BUDGET=-1 "$STC" status
bad_number "STC_MAX_FILE_SIZE (index.maxFileSize) must be a size in bytes from 1 to 1G" -- \
  env STC_MAX_FILE_SIZE=lots "$STC" status
run 0 "valid numbers still work" -- "$STC" search main -n 1 --json

# --- file names that are not UTF-8 --------------------------------------------
run 0 "search finds the Latin-1 file" -- "$STC" search cafe menu --json
pyjson 'any(r["path"] == "src/caf\\xe9.py" for r in doc["results"])' \
  || fail "search path not escaped as src/caf\\xe9.py: $(cat "$WORK/out")"
escaped=$(python3 -c 'import json,sys; print(next(r["path"] for r in json.load(open(sys.argv[1]))["results"] if "caf" in r["path"]))' "$WORK/out")
run 0 "show takes the escaped name back" -- "$STC" show "$escaped" --json
pyjson 'doc["path"] == "src/caf\\xe9.py" and "cafe_menu" in doc["skeleton"]' || fail "show escaped: $(cat "$WORK/out")"
run 0 "show takes the raw name" -- "$STC" show $'src/caf\xe9.py' --json
pyjson 'doc["path"] == "src/caf\\xe9.py"' || fail "show raw: $(cat "$WORK/out")"
run 2 "show of a missing escaped name" -- "$STC" show 'src/caf\xe8.py'

if [[ $failures -ne 0 ]]; then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "all safety e2e checks passed"
