#!/usr/bin/env bash
# End-to-end: `stc init` installs the hooks, a commit starts a background
# pass that brings the index to HEAD, two quick commits cost one pass plus at
# most one follow-up, STC_NO_HOOK=1 skips the hooks, uninstall removes them.
# Usage: hooks_test.sh STC_BINARY
set -uo pipefail
STC=$1
source "$(dirname "$0")/triggers_lib.sh"
R="$WORK/repo"
trap 'lock_free "$R" 2>/dev/null; rm -rf "$WORK"' EXIT

make_repo "$R"
"$STC" -C "$R" init --json >"$WORK/init.json" 2>"$WORK/init.err" || fail "init: $(cat "$WORK/init.err")"
[[ -s "$WORK/init.err" ]] && fail "init --json wrote to stderr: $(cat "$WORK/init.err")"
python3 - "$WORK/init.json" <<'PY' || fail "init --json: contract fields and 4 installed hooks"
import json, sys
d = json.load(open(sys.argv[1]))
for k in ("commit", "files_total", "files_parsed", "files_cached", "symbols", "sleep_tokens", "seconds", "hooks"):
    assert k in d, k
assert [h["state"] for h in d["hooks"]] == ["installed"] * 4, d["hooks"]
assert d["outcome"] == "ran"
PY
"$STC" -C "$R" hook status --json >"$WORK/status.json" || fail "hook status"
[[ $(jget "$WORK/status.json" hooks | grep -o '"installed"' | wc -l) -eq 4 ]] || fail "hook status shows 4 installed"
ok "init installs the hooks"

# --- commit -> hook -> background pass -> index at HEAD -------------------
printf 'def d(x):\n    return x\n' >"$R/pkg/d.py"
t0=$(date +%s%N)
git -C "$R" add -A && git -C "$R" commit -qm second
ms=$((($(date +%s%N) - t0) / 1000000))
poll 20 at_head "$R" || fail "the post-commit hook brought the index to HEAD"
ok "commit -> background pass -> index at HEAD (git commit took ${ms} ms)"

# --- two quick commits -> one pass plus at most one follow-up ---------------
lock_free "$R"
mark=$(wc -l <"$R/.git/stc/pass.log")
for n in e f; do
  printf 'def %s(x):\n    return x\n' "$n" >"$R/pkg/$n.py"
  git -C "$R" add -A && git -C "$R" commit -qm "add $n"
done
# Each hook process logs at least one line (its passes, or "coalesced").
hook_processes() { tail -n +$((mark + 1)) "$R/.git/stc/pass.log" | grep 'trigger=hook' | grep -o '\[pid [0-9]*\]' | sort -u | wc -l; }
poll 20 eval '[[ $(hook_processes) -ge 2 ]]' || fail "both hook processes ran: $(tail -n +$((mark + 1)) "$R/.git/stc/pass.log")"
lock_free "$R"
poll 20 at_head "$R" || fail "index at HEAD after two quick commits"
passes=$(tail -n +$((mark + 1)) "$R/.git/stc/pass.log" | grep -c 'trigger=hook outcome=ok')
((passes >= 1 && passes <= 2)) || fail "two quick commits ran $passes passes (want 1 or 2)"
ok "two quick commits -> $passes pass(es), index at HEAD"

# --- stc pass by hand --------------------------------------------------------
"$STC" -C "$R" pass --json >"$WORK/pass.json" || fail "stc pass"
python3 - "$WORK/pass.json" "$(git -C "$R" rev-parse HEAD)" <<'PY' || fail "pass --json fields"
import json, sys
d = json.load(open(sys.argv[1]))
for k in ("commit", "files_parsed", "commits_mined", "artifacts_written", "llm_calls", "sleep_tokens",
          "pending", "errors", "seconds", "outcome", "stage_seconds"):
    assert k in d, k
assert d["outcome"] == "ran" and d["commit"] == sys.argv[2] and d["files_parsed"] == 0, d
assert all(0 <= v <= d["seconds"] for v in d["stage_seconds"].values()), d["stage_seconds"]
PY
ok "stc pass --json"

# --- uninstall; STC_NO_HOOK=1 init leaves hooks alone -------------------------
"$STC" -C "$R" -q hook uninstall || fail "hook uninstall"
for h in post-commit post-merge post-checkout post-rewrite; do
  [[ -e "$R/.git/hooks/$h" ]] && fail "uninstall removes $h"
done
R2="$WORK/repo2"
make_repo "$R2"
STC_NO_HOOK=1 "$STC" -C "$R2" init --json >"$WORK/init2.json" || fail "STC_NO_HOOK=1 init"
[[ "$(jget "$WORK/init2.json" hooks)" == "[]" ]] || fail "STC_NO_HOOK=1: hooks []"
[[ -e "$R2/.git/hooks/post-commit" ]] && fail "STC_NO_HOOK=1 installs no hook"
ok "uninstall and STC_NO_HOOK=1"

finish
