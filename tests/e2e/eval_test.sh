#!/usr/bin/env bash
# End-to-end check of `stc-eval` on the generated sample repositories: mine
# tasks, run a small evaluation (budgets 500 and 2000, both modes, offline),
# check the report files are complete, that index mode beats baseline at the
# smallest budget, that a second run resumes without redoing anything, and
# the bad-input exit codes.
# Usage: eval_test.sh STC_EVAL_BINARY SOURCE_DIR
set -uo pipefail

EVAL=$1
SRC=$2
WORK=$(mktemp -d "${TMPDIR:-/tmp}/stc-eval-e2e-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
unset STC_STORE STC_PROVIDER
export STC_NO_HOOK=1 XDG_CONFIG_HOME="$WORK/config" HOME="$WORK/home"
mkdir -p "$HOME"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

bash "$SRC/sample_repos/make_all.sh" "$WORK/repos" >/dev/null 2>&1 || { echo "sample repos failed" >&2; exit 1; }

: >"$WORK/tasks.jsonl"
for repo in pyweather goqueue polyglot; do
  if "$EVAL" -q mine "$WORK/repos/$repo" --limit 8 -o "$WORK/$repo.jsonl"; then
    n=$(grep -c . "$WORK/$repo.jsonl")
    [[ $n -ge 5 ]] && ok "mined $n tasks from $repo" || fail "only $n tasks from $repo"
    cat "$WORK/$repo.jsonl" >>"$WORK/tasks.jsonl"
  else
    fail "mine $repo"
  fi
done
# Mining is deterministic.
"$EVAL" -q mine "$WORK/repos/pyweather" --limit 8 -o "$WORK/again.jsonl"
cmp -s "$WORK/again.jsonl" "$WORK/pyweather.jsonl" && ok "mining is deterministic" || fail "mining differs"

OUT="$WORK/out"
if "$EVAL" run "$WORK/tasks.jsonl" --budgets 500,2000 --modes index,baseline --provider offline \
    -j 2 -o "$OUT" >"$WORK/run.json" 2>"$WORK/run.log"; then
  ok "run"
else
  fail "run: $(tail -3 "$WORK/run.log")"
fi
for f in results.jsonl summary.json report.md pareto.svg; do
  [[ -s "$OUT/$f" ]] && ok "$f written" || fail "$f missing"
done
rows=$(grep -c . "$OUT/results.jsonl")
[[ $rows -eq $(($(grep -c . "$WORK/tasks.jsonl") * 4)) ]] && ok "$rows rows" || fail "$rows rows"
for section in overall pyweather goqueue polyglot; do
  grep -q "^## $section" "$OUT/report.md" && ok "report has $section" || fail "report lacks $section"
done
grep -q "Headline:" "$OUT/report.md" || fail "report lacks the headline"
grep -q "<polyline" "$OUT/pareto.svg" && grep -q "</svg>" "$OUT/pareto.svg" || fail "pareto.svg incomplete"

python3 - "$OUT/summary.json" <<'PY' && ok "summary complete; index beats baseline at the smallest budget" || fail "summary check"
import json, sys
s = json.load(open(sys.argv[1]))
names = sorted(r["name"] for r in s["repos"])
assert names == ["goqueue", "polyglot", "pyweather"], names
for g in s["repos"] + [s["overall"]]:
    cells = {(c["mode"], c["budget"]) for c in g["cells"]}
    assert cells == {(m, b) for m in ("index", "baseline") for b in (500, 2000)}, cells
    assert all(c["failures"] == 0 for c in g["cells"]), g["name"]
h = s["overall"]["headline"]
print("overall F1 at 500: index %.3f, baseline %.3f" % (h["index_f1_smallest"], h["baseline_f1_smallest"]))
assert h["index_f1_smallest"] > h["baseline_f1_smallest"], h
PY

# A second run resumes: nothing is planned again.
"$EVAL" run "$WORK/tasks.jsonl" --budgets 500,2000 --provider offline -o "$OUT" 2>"$WORK/resume.log"
grep -q " 0 rows written" "$WORK/resume.log" && ok "resume writes no rows" || fail "resume: $(cat "$WORK/resume.log")"
"$EVAL" -q report "$OUT" && ok "report re-renders" || fail "report"

# The shipped defaults' fit over the run's stores (rehearsal stored their
# practice tasks): a model line, and each store scored when left out.
stores=("$OUT"/stores/*.db)
if "$EVAL" fit-defaults "${stores[@]}" >"$WORK/fit.txt" 2>"$WORK/fit.err" &&
    grep -q "^fit on all [1-9][0-9]* tasks: fts -\?[0-9]" "$WORK/fit.txt" &&
    [[ $(grep -c "fit without it" "$WORK/fit.err") -eq ${#stores[@]} ]]; then
  ok "fit-defaults over ${#stores[@]} stores: $(grep -o 'held out.*' "$WORK/fit.txt")"
else
  fail "fit-defaults: $(cat "$WORK/fit.txt" "$WORK/fit.err")"
fi
"$EVAL" -q fit-defaults --json "${stores[@]}" | python3 -c '
import json, sys
j = json.load(sys.stdin)
assert j["model"]["cut"]["rule"] == "expected_f1" and len(j["model"]["weights"]) == 12, j
assert len(j["held_out"]) >= 1 and 0 <= j["mean_f1_held_out"] <= 1, j' &&
  ok "fit-defaults --json" || fail "fit-defaults --json"

# Bad input: exit 2 with one line.
expect2() {
  local what=$1; shift
  "$@" >/dev/null 2>"$WORK/err"; local code=$?
  if [[ $code -eq 2 && $(grep -c . "$WORK/err") -eq 1 ]]; then ok "$what: exit 2"; else
    fail "$what: exit $code: $(cat "$WORK/err")"; fi
}
echo '{"id": "x", "repo": ' >"$WORK/bad.jsonl"
expect2 "malformed task file" "$EVAL" run "$WORK/bad.jsonl" -o "$WORK/bad"
sed '1s/"base":"[0-9a-f]*"/"base":"0123456789abcdef0123456789abcdef01234567"/' "$WORK/pyweather.jsonl" >"$WORK/nobase.jsonl"
expect2 "missing base commit" "$EVAL" run "$WORK/nobase.jsonl" -o "$WORK/nobase"
expect2 "not a repository" "$EVAL" mine "$WORK" -o "$WORK/x.jsonl"
expect2 "unknown mode" "$EVAL" run "$WORK/tasks.jsonl" --modes oracle -o "$WORK/y"
printf 'not a store' >"$WORK/junk.db"
expect2 "fit-defaults on a file that is no store" "$EVAL" fit-defaults "$WORK/junk.db"

if [[ $failures -gt 0 ]]; then echo "$failures failure(s)" >&2; exit 1; fi
echo "eval e2e: all checks passed"
