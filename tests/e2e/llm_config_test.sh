#!/usr/bin/env bash
# End-to-end: a malformed LLM base URL stops `stc` before any work, with exit 2
# and one line naming the setting; the new LLM settings show in `stc config`.
# Usage: llm_config_test.sh STC_BINARY
set -uo pipefail

STC=$1
WORK=$(mktemp -d "${TMPDIR:-/tmp}/stc-e2e-llm-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
unset STC_STORE STC_PROVIDER STC_BASE_URL STC_MODEL
export STC_NO_HOOK=1
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

repo=$WORK/repo
git init -q "$repo" && cd "$repo" || exit 1
printf 'def main():\n    return 1\n' > app.py
git add -A && git commit -qm "Add app"

for cmd in pass status config; do
  STC_PROVIDER=openai STC_BASE_URL=localhost:11434/v1 "$STC" "$cmd" >"$WORK/out" 2>"$WORK/err"
  code=$?
  if [[ $code -ne 2 ]]; then fail "stc $cmd with a malformed STC_BASE_URL: exit $code, want 2"; fi
  if [[ $(grep -c . "$WORK/err") -ne 1 ]]; then fail "stc $cmd: want one stderr line, got: $(cat "$WORK/err")"; fi
  grep -q "STC_BASE_URL (llm.baseUrl) must be an http:// or https:// URL" "$WORK/err" ||
    fail "stc $cmd: the line does not name the setting: $(cat "$WORK/err")"
done
[[ -e .git/stc/index.db ]] && fail "a store was created despite the malformed base URL"

"$STC" config >"$WORK/out" 2>&1 || fail "stc config failed: $(cat "$WORK/out")"
grep -q "llm.contextTokens = 8192" "$WORK/out" || fail "stc config lacks llm.contextTokens"
grep -q "sleep.maxSeconds = 600" "$WORK/out" || fail "stc config lacks sleep.maxSeconds"

if [[ $failures -ne 0 ]]; then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "llm config e2e: ok"
