#!/usr/bin/env bash
# Assemble a composite "monorepo" from several git clones, for the monorepo
# scale benchmark (bench/monorepo_bench.sh, issue 15). Nothing it builds is
# ever committed to this project.
#
#   bench/monorepo.sh OUT_DIR [--fraction 25|50|100] [--root-history] CLONE...
#
# OUT_DIR is created as a new git repository. Each CLONE (a git repository;
# bare or not, its HEAD is used) goes under its own top-level directory named
# after the clone (basename without .git), by the classic subtree merge:
#   git fetch CLONE HEAD
#   git merge -s ours --no-commit --allow-unrelated-histories FETCH_HEAD
#   git read-tree --prefix=NAME/ -u FETCH_HEAD
#   git commit
# so every clone's whole history stays reachable from the composite's HEAD
# (one merge commit per clone on a first-parent chain).
#
# To save time and disk, OUT_DIR borrows the clones' objects through
# .git/objects/info/alternates instead of copying them: keep the clones while
# you use OUT_DIR (or run `git repack -a -d` in it and remove the alternates).
#
# --root-history starts the composite from the first clone's HEAD instead of
# an empty commit: its files stay at the root and its own first-parent
# history becomes the composite's (stc mines the first-parent chain; the
# subtree merges' histories hang off second parents). The other clones go
# under their directories as above.
#
# --fraction P adds clones in the order given until the cumulative source bytes
# reach P % of the source bytes of all clones given (default 100); the clone
# that would cross P % is added only when that lands nearer to P %. Source bytes
# = bytes at HEAD of the files in stc's languages (extensions from
# grammars/manifest.cmake), the same measure bench/index_bench.sh uses.
# Prints one line per clone (name, files, source bytes, commits) to stderr and
# a summary at the end.
set -euo pipefail

out="" fraction=100 root_history=0 clones=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --fraction) fraction="$2"; shift 2 ;;
    --root-history) root_history=1; shift ;;
    -h|--help) sed -n 2,33p "$0"; exit 0 ;;
    *) if [[ -z "$out" ]]; then out="$1"; else clones+=("$1"); fi; shift ;;
  esac
done
[[ -n "$out" && ${#clones[@]} -gt 0 ]] || { echo "usage: $0 OUT_DIR [--fraction 25|50|100] CLONE..." >&2; exit 2; }
[[ "$fraction" =~ ^[0-9]+$ ]] && ((fraction > 0 && fraction <= 100)) || { echo "--fraction: 1..100" >&2; exit 2; }
[[ -e "$out" ]] && { echo "$out exists; give a new directory" >&2; exit 2; }
root="$(cd "$(dirname "$0")/.." && pwd)"

stc_exts=$(grep -ho 'EXTENSIONS [^)]*' "$root/grammars/manifest.cmake" 2>/dev/null |
  grep -v '<' | sed 's/EXTENSIONS//' | tr ' ' '\n' | grep '^\.' | sort -u | tr '\n' ' ' || true)
[[ -n "$stc_exts" ]] || stc_exts=".py .pyi .js .mjs .cjs .jsx .ts .mts .cts .tsx .go .rs .c .h .cc .cpp .cxx .hpp .hh .hxx .h++ .java .rb .rake .gemspec .cs"

# stats CLONE -> "files source_files source_bytes"
stats() {
  git -C "$1" ls-tree -r -l --full-tree HEAD | awk -F'\t' -v exts="$stc_exts" '
    BEGIN { n = split(exts, e, " "); for (i = 1; i <= n; i++) ok[e[i]] = 1 }
    { split($1, m, " "); if (m[2] != "blob" || m[1] == "120000") next; f++
      if (match($2, /\.[^.\/]+$/) && (substr($2, RSTART) in ok)) { sf++; sb += m[4] } }
    END { printf "%d %d %d\n", f, sf, sb }'
}

declare -a names files sfiles sbytes
total=0
for i in "${!clones[@]}"; do
  c="$(cd "${clones[$i]}" && pwd)"; clones[$i]="$c"
  git -C "$c" rev-parse --verify -q HEAD >/dev/null || { echo "$c: not a git repository with a HEAD" >&2; exit 2; }
  n=$(basename "$c"); n=${n%.git}
  read -r f sf sb < <(stats "$c")
  names[$i]=$n files[$i]=$f sfiles[$i]=$sf sbytes[$i]=$sb
  total=$((total + sb))
done
target=$((total * fraction / 100))

git init -q "$out"
g() { git -C "$out" -c core.hooksPath=/dev/null -c user.name=monorepo -c user.email=monorepo@localhost "$@"; }
((root_history)) || g commit -q --allow-empty -m "monorepo: root"
cum=0 added=0 afiles=0 asfiles=0
for i in "${!clones[@]}"; do
  ((cum < target)) || break
  # The clone that crosses the target is added only if that lands closer to it.
  ((cum + sbytes[i] - target <= target - cum)) || break
  c=${clones[$i]} n=${names[$i]}
  [[ -e "$out/$n" ]] && { echo "two clones named $n" >&2; exit 2; }
  objs=$(git -C "$c" rev-parse --git-path objects); [[ "$objs" = /* ]] || objs="$c/$objs"
  echo "$objs" >>"$out/.git/objects/info/alternates"
  g fetch -q --no-tags "$c" HEAD
  head=$(g rev-parse FETCH_HEAD)
  if ((root_history && added == 0)); then
    g reset -q --hard "$head"
    commits=$(git -C "$c" rev-list --count HEAD)
    cum=$((cum + sbytes[$i])) added=1 afiles=$((afiles + files[$i])) asfiles=$((asfiles + sfiles[$i]))
    printf '%-12s %6d files, %6d source files, %6.1f MB source, %6d commits (at the root, its history first-parent); cumulative %5.1f%%\n' \
      "$n" "${files[$i]}" "${sfiles[$i]}" "$(awk -v b="${sbytes[$i]}" 'BEGIN{print b/1e6}')" "$commits" \
      "$(awk -v a="$cum" -v t="$total" 'BEGIN{print 100*a/t}')" >&2
    continue
  fi
  g merge -q -s ours --no-commit --allow-unrelated-histories "$head" >/dev/null
  # A mirror may lack some large blobs at HEAD (scipy's lacks one .npz): leave
  # those paths out of the composite's tree (reported below) rather than fail.
  git -C "$c" ls-tree -r --full-tree "$head" | awk -F'\t' '{split($1, m, " "); if (m[2] == "blob") print m[3] "\t" $2}' >"$out/.git/mono-blobs"
  missing=$(cut -f1 "$out/.git/mono-blobs" | git -C "$c" cat-file --batch-check | awk '$2 == "missing" {print $1}' |
    awk -F'\t' -v n="$n" 'NR == FNR {gone[$1] = 1; next} ($1 in gone) {print n "/" $2}' - "$out/.git/mono-blobs")
  rm -f "$out/.git/mono-blobs"
  if [[ -z "$missing" ]]; then
    g read-tree --prefix="$n/" -u "$head"
  else
    g read-tree --prefix="$n/" "$head"
    printf '%s\n' "$missing" | g update-index --force-remove --stdin
    g checkout-index -q -a
    echo "$n: left out $(printf '%s\n' "$missing" | wc -l) path(s) whose blob the clone lacks: $(printf '%s ' $missing)" >&2
  fi
  g commit -q -m "monorepo: add $n at ${head:0:12} (subtree merge of $c)"
  commits=$(git -C "$c" rev-list --count HEAD)
  cum=$((cum + sbytes[$i])) added=$((added + 1)) afiles=$((afiles + files[$i])) asfiles=$((asfiles + sfiles[$i]))
  printf '%-12s %6d files, %6d source files, %6.1f MB source, %6d commits; cumulative %5.1f%%\n' \
    "$n" "${files[$i]}" "${sfiles[$i]}" "$(awk -v b="${sbytes[$i]}" 'BEGIN{print b/1e6}')" "$commits" \
    "$(awk -v a="$cum" -v t="$total" 'BEGIN{print 100*a/t}')" >&2
done
g update-ref -d FETCH_HEAD 2>/dev/null || true
printf '%s: %d of %d clones, %d files, %d source files, %.1f MB source (%.1f%% of %.1f MB), %d commits\n' \
  "$out" "$added" "${#clones[@]}" "$afiles" "$asfiles" "$(awk -v b="$cum" 'BEGIN{print b/1e6}')" \
  "$(awk -v a="$cum" -v t="$total" 'BEGIN{print 100*a/t}')" "$(awk -v b="$total" 'BEGIN{print b/1e6}')" \
  "$(git -C "$out" rev-list --count HEAD)"
