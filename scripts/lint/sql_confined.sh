#!/usr/bin/env bash
# lint.sql_confined: SQL stays behind the store. Only indexer/store/ (the
# IndexStore, its table stores, schema and migrations) and indexer/history/
# (the history tables) may hold SQL, include sqlite, or reach the raw
# connection; indexer/share/ holds the team share's PostgreSQL statements
# (share_store.cc; libpq only in pg.cc); tests/ and bench/ may inspect tables
# through the one escape hatch store::connection(IndexStore&). Everything
# else calls typed methods.
#
# usage: sql_confined.sh [SOURCE_DIR]   (exit 1 and one line per finding)
set -u
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$root" || exit 2

allowed='^(indexer/store/|indexer/history/|indexer/share/|tests/|bench/)'
# A string literal opening with an SQL statement keyword, the raw
# connection, the SQLite C API or its headers, and the store's wrappers.
pattern='"(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|BEGIN|COMMIT|ROLLBACK|REPLACE|WITH|VACUUM|ATTACH)[ (]'
pattern+='|\bdb\(\)|\bsqlite3_|<sqlite3\.h>|"indexer/store/sqlite\.h"|store::connection\('
pattern+='|\b(store::)?(Database|Statement|Transaction)\b'

# Tracked and new (not ignored) sources; outside a git checkout, every source
# but build directories.
list_sources() {
  git ls-files --cached --others --exclude-standard -- '*.cc' '*.h' 2>/dev/null ||
    find . \( -name 'build*' -prune \) -o \( -name '*.cc' -o -name '*.h' \) -print | sed 's|^\./||'
}

found=0
while IFS= read -r file; do
  [[ $file =~ $allowed ]] && continue
  if out=$(grep -nE "$pattern" "$file"); then
    while IFS= read -r line; do
      echo "$file:$line"
      found=1
    done <<<"$out"
  fi
done < <(list_sources)

if ((found)); then
  echo "lint.sql_confined: SQL or the raw store connection outside indexer/store/ and" \
       "indexer/history/; add a typed method there instead (ARCHITECTURE.md, The store)" >&2
  exit 1
fi
echo "lint.sql_confined: ok"
