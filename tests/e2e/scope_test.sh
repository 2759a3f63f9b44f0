#!/usr/bin/env bash
# End-to-end checks of .stcignore and --scope with the real binaries:
# .stcignore paths are not indexed (and the user's global git excludes do not
# leak in), un-ignoring re-indexes; `stc search`, `stc context` and
# `stc-agent plan` (index and --no-index) keep to the --scope subtree.
# Usage: scope_test.sh STC_BINARY STC_AGENT_BINARY
set -uo pipefail

STC=$1
AGENT=$2
WORK=$(mktemp -d "${TMPDIR:-/tmp}/stc-scope-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
unset STC_STORE
export STC_NO_HOOK=1
export HOME=$WORK/home XDG_CONFIG_HOME=$WORK/home/.config
mkdir -p "$HOME/.config/git"
failures=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# paths FILE JQ-ISH: prints the paths of a JSON document (python), one a line.
paths() {
  python3 - "$1" "$2" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
key = sys.argv[2]
items = doc if key == "." else doc[key]
for item in items:
    if item.get("path"):
        print(item["path"])
PY
}

# all_under FILE PREFIX WHAT: every path in FILE starts with PREFIX, and there is one.
all_under() {
  local file=$1 prefix=$2 what=$3
  if [[ ! -s $file ]]; then fail "$what: no paths"; return; fi
  if grep -v "^$prefix" "$file" >/dev/null; then
    fail "$what: paths outside $prefix: $(grep -v "^$prefix" "$file" | tr '\n' ' ')"
  else
    echo "ok: $what"
  fi
}

# expect_exit CODE DESCRIPTION -- command...: exit code and one stderr line on failure.
expect_exit() {
  local want=$1 what=$2; shift 3
  local code
  "$@" >/dev/null 2>"$WORK/err"; code=$?
  if [[ $code -ne $want ]]; then fail "$what: exit $code, want $want ($(cat "$WORK/err"))"; return; fi
  if [[ $want -ne 0 && $(grep -c . "$WORK/err") -ne 1 ]]; then fail "$what: want one stderr line"; fi
  echo "ok: $what"
}

status_of() {
  "$STC" -C "$R" show "$1" --json 2>/dev/null |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])'
}

R=$WORK/repo
mkdir -p "$R/services/billing" "$R/services/shipping" "$R/lib"
cd "$R" && git init -q -b main
cat >services/billing/retry.py <<'PY'
"""Retry failed payments with exponential backoff."""
def retry_payment(payment, attempts=3):
    return backoff_delay(attempts)
def backoff_delay(attempt):
    return 2 ** attempt
PY
cat >services/billing/invoice.py <<'PY'
"""Invoices for payments."""
from services.billing.retry import retry_payment
def send_invoice(payment):
    return retry_payment(payment)
PY
cat >services/shipping/retry.py <<'PY'
"""Retry failed shipments with backoff."""
def retry_shipment(shipment, attempts=3):
    return backoff_delay(attempts)
def backoff_delay(attempt):
    return 3 ** attempt
PY
cat >services/shipping/carrier.py <<'PY'
"""Carriers that ship parcels; retry on carrier timeouts."""
def carrier_retry(parcel):
    return parcel
PY
cat >lib/http.py <<'PY'
"""HTTP client with retry and backoff."""
def http_retry_backoff(request):
    return request
PY
printf 'lib/\n' >.stcignore
git add -A && git commit -q -m "services and lib"
# A user-wide git ignore file (written after the commit, which it would
# otherwise have kept carrier.py out of) must not affect what stc indexes.
echo 'carrier.py' >"$HOME/.config/git/ignore"
"$STC" -q index >/dev/null 2>&1 || fail "stc index"

# --- .stcignore -------------------------------------------------------------
[[ $(status_of lib/http.py) == excluded ]] && echo "ok: .stcignore excludes lib/" ||
  fail "lib/http.py should be excluded, is $(status_of lib/http.py)"
[[ $(status_of services/shipping/carrier.py) == indexed ]] &&
  echo "ok: the global git ignore file does not leak into the index" ||
  fail "carrier.py should be indexed, is $(status_of services/shipping/carrier.py)"
symbols_of() {
  "$STC" -C "$R" show "$1" --json 2>/dev/null |
    python3 -c 'import json,sys; print(len(json.load(sys.stdin)["symbols"]))'
}
[[ $(symbols_of lib/http.py) == 0 ]] && echo "ok: an ignored file has no symbols" ||
  fail "ignored lib/http.py has $(symbols_of lib/http.py) symbols"
printf '# lib is indexed again\n' >.stcignore
git commit -q -am "un-ignore lib"
"$STC" -q index >/dev/null 2>&1 || fail "stc index after un-ignoring"
[[ $(status_of lib/http.py) == indexed && $(symbols_of lib/http.py) == 1 ]] &&
  echo "ok: un-ignoring re-indexes lib/http.py" ||
  fail "lib/http.py should be indexed again, is $(status_of lib/http.py)"

# --- --scope: search ----------------------------------------------------------
"$STC" search retry backoff --json >"$WORK/all.json" || fail "search"
paths "$WORK/all.json" results >"$WORK/all"
grep -q '^services/shipping/' "$WORK/all" && echo "ok: unscoped search is repository-wide" ||
  fail "unscoped search misses services/shipping"
"$STC" search retry backoff --json --scope services/billing >"$WORK/b.json" || fail "scoped search"
paths "$WORK/b.json" results >"$WORK/b"
all_under "$WORK/b" services/billing/ "search --scope services/billing"
(cd services/billing && "$STC" search retry backoff --json --scope .) >"$WORK/d.json" ||
  fail "search --scope . in a subdirectory"
paths "$WORK/d.json" results >"$WORK/d"
all_under "$WORK/d" services/billing/ "search --scope . from services/billing"
(cd services/billing && "$STC" search retry backoff --json) >"$WORK/e.json"
paths "$WORK/e.json" results >"$WORK/e"
grep -q '^services/shipping/' "$WORK/e" && echo "ok: a subdirectory without --scope is not scoped" ||
  fail "search from a subdirectory without --scope should be repository-wide"

# --- --scope: context and plan -----------------------------------------------
"$STC" context "retry failed payments with backoff" --json --scope services/billing \
  >"$WORK/c.json" || fail "scoped context"
paths "$WORK/c.json" items | sort -u >"$WORK/c"
all_under "$WORK/c" services/billing/ "context --scope services/billing"
for mode in "" --no-index; do
  "$AGENT" plan "retry failed shipments with backoff" --json $mode --scope services/billing \
    >"$WORK/plan.json" || fail "scoped plan $mode"
  paths "$WORK/plan.json" files >"$WORK/plan"
  all_under "$WORK/plan" services/billing/ "plan $mode --scope services/billing"
done
"$AGENT" plan "retry failed shipments with backoff" --json >"$WORK/plan.json"
# grep reads all of its input: with pipefail, grep -q exiting at the first
# match could break python's pipe and fail the pipeline.
paths "$WORK/plan.json" files | grep '^services/shipping/' >/dev/null &&
  echo "ok: unscoped plan finds services/shipping" || fail "unscoped plan misses shipping"

# --- bad scopes ---------------------------------------------------------------
expect_exit 2 "search --scope of a missing directory" -- "$STC" search retry --scope nowhere
expect_exit 2 "context --scope outside the repository" -- "$STC" context retry --scope ..
expect_exit 2 "plan --scope of a file" -- "$AGENT" plan retry --scope lib/http.py

if ((failures)); then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "all scope checks passed"
