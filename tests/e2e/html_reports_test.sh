#!/usr/bin/env bash
# The two HTML pages in a real headless browser (Debian `chromium`): the
# repository page of `stc report` (a sample repository after `stc init`) and
# `stc-eval report --html` (a small offline evaluation of the same
# repository). Each page must load with no console message at all (the pages
# have no scripts, so any message is an error: a failed resource, a parse
# error) and its screenshot must not be blank: many colours, and the colours
# of the inline SVGs (the plot's two series, the co-change graph) on screen.
# A page with a deliberate console error checks that the detection works.
# Exit 77 (skipped) when chromium is not installed; scripts/setup.sh installs it.
# Usage: html_reports_test.sh STC_BINARY STC_EVAL_BINARY SOURCE_DIR
set -uo pipefail

STC=$1
EVAL=$2
SRC=$3
BROWSER=$(command -v chromium || command -v chromium-browser || true)
if [[ -z "$BROWSER" ]]; then
  echo "SKIP: chromium is not installed (scripts/setup.sh installs it)" >&2
  exit 77
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/stc-html-e2e-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
unset STC_STORE STC_PROVIDER
export STC_NO_HOOK=1 XDG_CONFIG_HOME="$WORK/config" HOME="$WORK/home"
mkdir -p "$HOME"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

# Loads file://$1 headless, writes the screenshot to $2 and the browser's
# console messages (one per line) to $3.
browse() {
  local page=$1 png=$2 console=$3 profile
  profile=$(mktemp -d "$WORK/profile-XXXXXX")
  timeout 120 "$BROWSER" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --enable-logging=stderr --v=0 --hide-scrollbars \
    --window-size=1200,900 --screenshot="$png" "file://$page" >/dev/null 2>"$png.log"
  local code=$?
  grep ':CONSOLE' "$png.log" >"$console"
  return $code
}

# check_page NAME FILE COLOUR...: loads, no console messages, not blank.
check_page() {
  local name=$1 page=$2; shift 2
  local colours=()
  for c in "$@"; do colours+=(--colour "$c"); done
  if ! browse "$page" "$WORK/$name.png" "$WORK/$name.console"; then
    fail "$name: chromium failed: $(tail -3 "$WORK/$name.png.log")"
    return
  fi
  [[ -s "$WORK/$name.console" ]] && fail "$name: console: $(head -3 "$WORK/$name.console")" ||
    ok "$name: no console messages"
  python3 "$SRC/tests/e2e/png_check.py" "$WORK/$name.png" "${colours[@]}" &&
    ok "$name: screenshot is not blank" || fail "$name: screenshot blank or SVG not drawn"
}

# The detection itself: a page with a console error is caught.
printf '<!DOCTYPE html><html><body><p>x</p><script>console.error("planted-error")</script></body></html>\n' \
  >"$WORK/bad.html"
browse "$WORK/bad.html" "$WORK/bad.png" "$WORK/bad.console"
grep -q planted-error "$WORK/bad.console" && ok "a planted console error is detected" ||
  fail "console detection: $(tail -3 "$WORK/bad.png.log")"
python3 "$SRC/tests/e2e/png_check.py" "$WORK/bad.png" >/dev/null &&
  fail "an almost empty page passed the blank check" || ok "an almost empty page counts as blank"

bash "$SRC/sample_repos/pyweather.sh" "$WORK/pyweather" >/dev/null 2>&1 || {
  echo "sample repository failed" >&2
  exit 1
}
R="$WORK/pyweather"

# stc report: the repository page.
"$STC" -C "$R" -q init >/dev/null 2>"$WORK/init.err" || fail "init: $(cat "$WORK/init.err")"
if "$STC" -C "$R" report -o "$WORK/repo.html" --json >"$WORK/report.json" 2>"$WORK/report.err"; then
  ok "stc report"
else
  fail "stc report: $(cat "$WORK/report.err")"
fi
grep -q '"path"' "$WORK/report.json" || fail "stc report --json: $(cat "$WORK/report.json")"
for text in "up to date" "What sleep-time compute has written" "Files that change together" \
  "<svg" "summary" "saved"; do
  grep -q "$text" "$WORK/repo.html" && ok "repo page has '$text'" || fail "repo page lacks '$text'"
done
grep -Eq '(src|href)="(https?:)?//' "$WORK/repo.html" && fail "repo page loads external resources"
check_page repo "$WORK/repo.html" 1f77b4
"$STC" -C "$R" -q report >/dev/null 2>&1 && [[ -s "$R/.git/stc/report.html" ]] &&
  ok "default output .git/stc/report.html" || fail "default output"
"$STC" -C "$WORK" report >/dev/null 2>"$WORK/err"
[[ $? -eq 2 && $(grep -c . "$WORK/err") -eq 1 ]] && ok "outside a repository: exit 2" ||
  fail "outside a repository: $(cat "$WORK/err")"

# stc-eval report --html: a small offline evaluation of the same repository.
"$EVAL" -q mine "$R" --limit 4 -o "$WORK/tasks.jsonl" || fail "mine"
"$EVAL" -q run "$WORK/tasks.jsonl" --budgets 300,2000 --provider offline -o "$WORK/out" \
  >/dev/null 2>"$WORK/run.err" || fail "run: $(tail -3 "$WORK/run.err")"
"$EVAL" -q report "$WORK/out" --html || fail "report --html"
H="$WORK/out/report.html"
for text in "<svg" "gold files" "± se" "index (n = 4)" "pyweather-"; do
  grep -q -- "$text" "$H" && ok "eval page has '$text'" || fail "eval page lacks '$text'"
done
grep -q 'class="why"' "$H" && ok "eval page gives reasons" || fail "eval page lacks reasons"
check_page eval "$H" 1f77b4 d62728

if [[ $failures -gt 0 ]]; then echo "$failures failure(s)" >&2; exit 1; fi
echo "html e2e: all checks passed"
