#!/usr/bin/env bash
# Generate every sample repository into OUTDIR/<name>, replacing existing ones.
#
# Usage: bash sample_repos/make_all.sh OUTDIR
set -euo pipefail

if [ $# -ne 1 ] || [ -z "$1" ]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)

for name in pyweather goqueue polyglot; do
  rm -rf "${out:?}/$name"
  bash "$here/$name.sh" "$out/$name"
  echo "$name: $(git -C "$out/$name" rev-list --count HEAD) commits in $out/$name" >&2
done
