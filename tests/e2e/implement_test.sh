#!/usr/bin/env bash
# End-to-end checks of `stc-agent implement` with the real binaries: offline
# (the plan, and a clear note that edits need a provider), then against a tiny
# OpenAI-compatible fake on 127.0.0.1 (diff only, --apply, --json, --force).
# Usage: implement_test.sh STC_BINARY STC_AGENT_BINARY
set -uo pipefail

STC=$(realpath "$1")
AGENT=$(realpath "$2")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/stc-implement-e2e-XXXXXX")
FAKE_PID=
cleanup() {
  [[ -n $FAKE_PID ]] && kill "$FAKE_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
export STC_NO_HOOK=1 XDG_CONFIG_HOME="$WORK/config" HOME="$WORK/home"
unset STC_PROVIDER STC_BASE_URL STC_MODEL STC_STORE
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

# run CODE DESCRIPTION -- command...: runs it with stdout in $WORK/out and
# stderr in $WORK/err, checking the exit code.
run() {
  local want=$1 what=$2; shift 3
  "$@" >"$WORK/out" 2>"$WORK/err"
  local code=$?
  if [[ $code -ne $want ]]; then
    fail "$what: exit $code, want $want (stderr: $(cat "$WORK/err"))"
    return 1
  fi
  ok "$what"
}

# pyjson EXPRESSION: evaluates EXPRESSION (a Python boolean over `doc`, the JSON in $WORK/out).
pyjson() {
  python3 - "$WORK/out" "$1" <<'PY' 2>/dev/null
import json, sys
doc = json.load(open(sys.argv[1]))
sys.exit(0 if eval(sys.argv[2]) else 1)
PY
}

# --- a small repository, indexed --------------------------------------------
REPO="$WORK/repo"
mkdir -p "$REPO/src"
cd "$REPO" || exit 1
git init -q -b main
printf 'def main():\n    print("hi")\n' > src/app.py
printf 'X = 1\n' > src/util.py
printf '# demo\n' > README.md
git add -A && git commit -q -m init
run 0 "stc init" -- "$STC" init || exit 1
F="Add a greeting to the app"

# --- usage and offline ------------------------------------------------------
run 2 "implement without a feature" -- "$AGENT" implement
run 2 "implement outside a repository" -- "$AGENT" -C "$WORK" implement "$F"
run 0 "offline implement" -- "$AGENT" implement "$F"
grep -q "edits need an LLM provider" "$WORK/err" || fail "offline: no provider note on stderr"
[[ -s $WORK/out ]] || fail "offline: the plan is not printed"
run 0 "offline implement --json --apply" -- "$AGENT" implement "$F" --json --apply
pyjson 'all(k in doc for k in ("mode","budget","files","edits","applied","tokens","calls","seconds")) and doc["edits"] == [] and doc["applied"] is False' \
  || fail "offline --json shape: $(cat "$WORK/out")"
[[ -z $(git status --porcelain) ]] || fail "offline implement changed the tree"

# --- an OpenAI-compatible fake ----------------------------------------------
cat > "$WORK/fake.py" <<'PY'
import http.server, json, os, re, sys

PLAN = {"files": [
    {"path": "src/app.py", "action": "modify", "reason": "entry point", "steps": ["call greet"]},
    {"path": "src/hello.py", "action": "create", "reason": "new helper", "steps": ["write greet"]}],
    "need_skeletons": []}
EDITS = {
    "src/app.py": "<<<<<<< SEARCH\ndef main():\n=======\ndef greet():\n    return 'hello'\n\n\ndef main():\n>>>>>>> REPLACE\n",
    "src/hello.py": "```python\ndef hello():\n    return 'hello'\n```\n",
}

class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        text = "\n".join(m["content"] if isinstance(m["content"], str) else "" for m in body["messages"])
        m = re.search(r"This file: (\S+) \(", text)
        plan = json.load(open(PLAN_FILE)) if os.path.exists(PLAN_FILE) else PLAN
        reply = EDITS.get(m.group(1), "NO CHANGES") if m else json.dumps(plan)
        out = json.dumps({"id": "x", "object": "chat.completion", "model": "fake",
                          "choices": [{"index": 0, "message": {"role": "assistant", "content": reply},
                                       "finish_reason": "stop"}],
                          "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args):
        pass

PLAN_FILE = sys.argv[2]  # when it exists, the plan to reply with
server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(sys.argv[1], "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
PY
python3 "$WORK/fake.py" "$WORK/port" "$WORK/plan.json" &
FAKE_PID=$!
for _ in $(seq 50); do [[ -s $WORK/port ]] && break; sleep 0.1; done
[[ -s $WORK/port ]] || { fail "fake server did not start"; exit 1; }
export STC_PROVIDER=openai STC_BASE_URL="http://127.0.0.1:$(cat "$WORK/port")/v1" STC_MODEL=fake
export OPENAI_API_KEY=sk-e2e

run 0 "implement shows a diff" -- "$AGENT" implement "$F"
grep -q "^+def greet():" "$WORK/out" || fail "diff: no added line in: $(cat "$WORK/out")"
grep -q "^+++ b/src/hello.py" "$WORK/out" || fail "diff: new file missing"
grep -q "test-time tokens:" "$WORK/err" || fail "no token summary on stderr"
[[ -z $(git status --porcelain) ]] || fail "implement without --apply changed the tree"

printf 'def main():\n    print("hi")\n# local\n' > src/app.py
run 2 "--apply refuses uncommitted changes" -- "$AGENT" implement "$F" --apply
grep -q "uncommitted changes" "$WORK/err" || fail "dirty refusal message: $(cat "$WORK/err")"
grep -q "# local" src/app.py || fail "dirty file was touched"
run 0 "--apply --force" -- "$AGENT" implement "$F" --apply --force
grep -q "# local" src/app.py && grep -q "def greet" src/app.py || fail "--force did not edit over local work"
git checkout -q -- src/app.py && rm -f src/hello.py

run 0 "implement --apply --json" -- "$AGENT" implement "$F" --apply --json
pyjson 'doc["applied"] is True and [e["path"] for e in doc["edits"]] == ["src/app.py", "src/hello.py"] and all(e["applied"] for e in doc["edits"]) and any(c["purpose"] == "edit" for c in doc["calls"]) and doc["tokens"]["prompt"] > 0' \
  || fail "--apply --json: $(cat "$WORK/out")"
[[ -f src/hello.py ]] && grep -q "def greet" src/app.py || fail "--apply did not write the files"
run 0 "stc status --json after implement" -- "$STC" status --json
pyjson 'doc["tokens"]["test"] > 0' || fail "test tokens not recorded: $(cat "$WORK/out")"

# --- a plan naming unsafe paths is refused (exit 2), naming each -----------
git checkout -q -- src/app.py && rm -f src/hello.py
mkdir -p "$WORK/outside"
ln -s "$WORK/outside" out && git add out && git commit -q -m "link out of the tree"
cat > "$WORK/plan.json" <<'JSON'
{"files": [
  {"path": "src/app.py", "action": "modify", "reason": "entry point", "steps": []},
  {"path": "../outside.txt", "action": "create", "reason": "x", "steps": []},
  {"path": "/etc/passwd", "action": "modify", "reason": "x", "steps": []},
  {"path": ".git/config", "action": "modify", "reason": "x", "steps": []},
  {"path": ".GIT/config", "action": "create", "reason": "x", "steps": []},
  {"path": "out/evil.txt", "action": "create", "reason": "x", "steps": []}],
 "need_skeletons": []}
JSON
UNSAFE='["../outside.txt", "/etc/passwd", ".git/config", ".GIT/config", "out/evil.txt"]'
config_before=$(sha1sum .git/config)
run 2 "implement --apply --json refuses unsafe model paths" -- "$AGENT" implement "$F" --apply --json
pyjson "doc['applied'] is False and [r['path'] for r in doc['refused']] == $UNSAFE and 'nothing was written' in doc['error'] and doc['edits'] == []" \
  || fail "unsafe paths JSON: $(cat "$WORK/out")"
for p in ../outside.txt /etc/passwd .git/config .GIT/config out/evil.txt; do
  grep -qF "$p" "$WORK/err" || fail "stderr does not name $p: $(cat "$WORK/err")"
done
run 2 "implement (diff only) refuses unsafe model paths" -- "$AGENT" implement "$F"
grep -q "refusing the plan" "$WORK/err" || fail "no refusal on stderr: $(cat "$WORK/err")"
[[ -z $(ls -A "$WORK/outside") && ! -e $WORK/outside.txt && ! -e .GIT ]] || fail "something was written outside the tree"
[[ $config_before == "$(sha1sum .git/config)" ]] || fail ".git/config changed"
[[ -z $(git status --porcelain) ]] || fail "refused implement changed the tree: $(git status --porcelain)"
rm -f "$WORK/plan.json"

if [[ $failures -ne 0 ]]; then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "all implement e2e checks passed"
