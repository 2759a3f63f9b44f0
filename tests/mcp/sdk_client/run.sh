#!/usr/bin/env bash
# Runs client.mjs, the official MCP TypeScript SDK client (pinned by
# package-lock.json), against the real `stc mcp` on an indexed pyweather
# sample repository. The SDK is installed with `npm ci` (integrity-checked)
# once per lock file into $STC_NODE_CACHE, else ~/.cache/stc/node (like the
# grammar cache), and reused. Exits 77 (skipped) only when node or npm is
# absent. Usage: run.sh STC_BINARY SOURCE_DIR
set -euo pipefail

STC=$1
SRC=$2
HERE=$(cd "$(dirname "$0")" && pwd)
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "SKIP: node and npm are needed for the MCP SDK client test"
  exit 77
fi

cache=${STC_NODE_CACHE:-${HOME:-/nonexistent}/.cache/stc/node}
mkdir -p "$cache" 2>/dev/null || cache=$(dirname "$STC")/_node_cache
mkdir -p "$cache"
key=$(cat "$HERE/package.json" "$HERE/package-lock.json" | sha256sum | cut -c1-16)
install="$cache/mcp-sdk-client-$key"
if [[ ! -f "$install/.complete" ]]; then
  staging=$(mktemp -d "$cache/.staging-XXXXXX")
  cp "$HERE/package.json" "$HERE/package-lock.json" "$staging/"
  (cd "$staging" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  touch "$staging/.complete"
  # Another run may have finished first; either copy is complete.
  mv -T "$staging" "$install" 2>/dev/null || rm -rf "$staging"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/stc-sdk-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
export STC_NO_HOOK=1
unset STC_STORE

bash "$SRC/sample_repos/pyweather.sh" "$WORK/pyweather" >/dev/null
(cd "$WORK/pyweather" && "$STC" init -q >/dev/null)

# The script resolves the SDK through a node_modules link beside it.
mkdir "$WORK/client"
cp "$HERE/client.mjs" "$WORK/client/"
ln -s "$install/node_modules" "$WORK/client/node_modules"
node "$WORK/client/client.mjs" "$STC" "$WORK/pyweather"
