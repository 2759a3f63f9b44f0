#!/usr/bin/env bash
# lint.tidy: clang-tidy with the checks of .clang-tidy on the C++ sources
# changed against the merge-base with main (committed, staged or not), or on
# every source with --all. Exit 77 (skipped) without clang-tidy.
#
# usage: tidy.sh [--all] [SOURCE_DIR]
set -uo pipefail
all=0
if [[ "${1:-}" == "--all" ]]; then all=1; shift; fi
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$root" || exit 2
tidy=$(command -v clang-tidy || true)
[[ -n "$tidy" ]] || { echo "lint.tidy: clang-tidy not installed (scripts/setup.sh)"; exit 77; }

sources() {
  if ((all)) || ! base=$(git merge-base HEAD main 2>/dev/null); then
    git ls-files -- '*.cc' 2>/dev/null
  else
    { git diff --name-only --diff-filter=d "$base" -- '*.cc' '*.h'; git ls-files --others --exclude-standard -- '*.cc' '*.h'; } | sort -u
  fi
}

files=()
while IFS= read -r f; do
  case "$f" in
    fuzz/*|grammars/*) continue ;;      # its own clang project / generated
  esac
  # A changed header is checked through the sources of its folder.
  if [[ "$f" == *.h ]]; then
    for cc in "$(dirname "$f")"/*.cc; do [[ -f "$cc" ]] && files+=("$cc"); done
  else
    [[ -f "$f" ]] && files+=("$f")
  fi
done < <(sources)
mapfile -t files < <(printf '%s\n' "${files[@]}" | sort -u | sed '/^$/d')
if ((${#files[@]} == 0)); then echo "lint.tidy: no changed sources"; exit 0; fi

# The flags every target shares; test-only definitions get placeholders.
flags=(-std=c++20 -I"$root" -DSTC_VERSION=\"0\" -DSTC_SOURCE_DIR=\"$root\" -DSTC_BINARY=\"stc\"
       -Wno-unknown-warning-option
       -I"$(pg_config --includedir 2>/dev/null || echo /usr/include/postgresql)")  # libpq (indexer/share/pg.cc)
status=0
for f in "${files[@]}"; do
  if ! out=$("$tidy" --quiet "$f" -- "${flags[@]}" 2>&1); then
    echo "$out" | grep -v '^[0-9]* warnings\? generated' 
    status=1
  fi
done
((status == 0)) && echo "lint.tidy: ${#files[@]} file(s) clean"
exit $status
