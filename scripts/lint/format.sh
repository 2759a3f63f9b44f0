#!/usr/bin/env bash
# lint.format: every C++ file of the tree is formatted as .clang-format says
# (clang-format --dry-run -Werror). Exit 77 (skipped) without clang-format.
# Fix with: git ls-files '*.cc' '*.h' | grep -v ^grammars/ | xargs clang-format -i
#
# usage: format.sh [SOURCE_DIR]
set -uo pipefail
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$root" || exit 2
fmt=$(command -v clang-format || true)
[[ -n "$fmt" ]] || { echo "lint.format: clang-format not installed (scripts/setup.sh)"; exit 77; }
mapfile -t files < <(git ls-files --cached --others --exclude-standard -- '*.cc' '*.h' |
                     grep -v '^grammars/')
if ! "$fmt" --dry-run -Werror "${files[@]}" 2>/tmp/lint-format.$$; then
  grep -E '^[^ ].*: error:' /tmp/lint-format.$$ | cut -d: -f1 | sort -u | sed 's/$/: not formatted/'
  rm -f /tmp/lint-format.$$
  exit 1
fi
rm -f /tmp/lint-format.$$
echo "lint.format: ${#files[@]} files formatted"
