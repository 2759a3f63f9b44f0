#!/usr/bin/env bash
# The demo: generate the mixed-language sample repository, index it, look
# around, commit a change and index again incrementally, then plan a feature
# with stc-agent (index mode and the --no-index baseline).
# Usage: scripts/demo.sh [BUILD_DIR]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build}
[[ "$BUILD" = /* ]] || BUILD="$ROOT/$BUILD"
STC="$BUILD/cli/stc"
DEMO="$BUILD/demo"

say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME="Demo User" GIT_AUTHOR_EMAIL=demo@example.com
export GIT_COMMITTER_NAME="Demo User" GIT_COMMITTER_EMAIL=demo@example.com

bash "$ROOT/sample_repos/make_all.sh" "$DEMO" >/dev/null
REPO="$DEMO/polyglot"
cd "$REPO"
echo "sample repository: $REPO ($(git rev-list --count HEAD) commits, $(git ls-files | wc -l) files)"

say "stc init"
"$STC" init
say "stc status"
"$STC" status
say "stc search \"rate limit\""
"$STC" search rate limit
FILE=$(git ls-files '*.py' | head -1)
say "stc show $FILE"
"$STC" show "$FILE"

say "# edit two files and commit, then: stc index"
for f in $(git ls-files '*.py' '*.ts' | head -2); do
  case $f in *.py) mark='#' ;; *) mark='//' ;; esac
  printf '\n%s demo edit\n' "$mark" >>"$f"
done
git commit -qam "Demo: touch two files"
"$STC" index
say "stc index --json   (nothing changed: nothing parsed)"
"$STC" index --json

AGENT="$BUILD/cli/stc-agent/stc-agent"
FEATURE="Add an export endpoint for bookmarks to the server and clients"
say "stc-agent plan \"$FEATURE\""
"$AGENT" plan "$FEATURE"
say "stc-agent plan \"$FEATURE\" --no-index   (the baseline: no sleep-time index)"
"$AGENT" plan "$FEATURE" --no-index
say "stc-agent plan \"$FEATURE\" --budget 500 --json"
"$AGENT" plan "$FEATURE" --budget 500 --json
say "stc context \"$FEATURE\" --budget 600   (the same context, for any agent)"
"$STC" context "$FEATURE" --budget 600
say "stc status   (sleep vs test tokens)"
"$STC" status | grep -E "^(indexed|tokens)"
