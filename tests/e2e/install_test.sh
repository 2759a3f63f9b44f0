#!/usr/bin/env bash
# Installs the build into a temporary prefix (`cmake --install`) and checks
# what a user gets: the three binaries, their man pages (with every
# subcommand's options) and bash/zsh/fish completions that load and complete.
# Usage: install_test.sh BUILD_DIR
set -uo pipefail

BUILD=$1
PREFIX=$(mktemp -d "${TMPDIR:-/tmp}/stc-install-XXXXXX")
trap 'rm -rf "$PREFIX"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

cmake --install "$BUILD" --prefix "$PREFIX" >/dev/null || { echo "FAIL: cmake --install" >&2; exit 1; }

for bin in stc stc-agent stc-eval; do
  exe=$PREFIX/bin/$bin
  [[ -x $exe ]] || { fail "$bin not installed"; continue; }
  version=$("$exe" --version) && [[ $version == "$bin "[0-9]* ]] && ok "$bin --version: $version" ||
    fail "$bin --version printed '$version'"

  # --help shows defaults.
  [[ $bin == stc ]] && { "$exe" search --help | grep -q -- '--limit UINT:1..10000=10 ' &&
    ok "stc search --help shows the default of --limit" || fail "no default shown for --limit"; }

  # Man page: present, renders, documents every subcommand.
  page=$PREFIX/share/man/man1/$bin.1
  if [[ ! -s $page ]]; then
    if command -v help2man >/dev/null; then fail "no man page $page"; fi
  else
    text=$(MANWIDTH=100 man -l "$page" 2>/dev/null || cat "$page")
    grep -q "^NAME" <<<"$text" || grep -q '^\.SH NAME' "$page" || fail "$bin.1 has no NAME section"
    for sub in $("$exe" --help | awk '/^Subcommands:/ {on = 1; next} /^[^ ]/ {on = 0} on && NF {print $1}'); do
      grep -q "$bin $sub" <<<"$text" || fail "$bin.1 does not document '$bin $sub'"
    done
    ok "$bin.1 documents every subcommand"
  fi

  # Completions: bash loads in a fresh shell and completes.
  comp=$PREFIX/share/bash-completion/completions/$bin
  [[ -s $comp ]] || { fail "no bash completion for $bin"; continue; }
  fn=_${bin//-/_}_complete
  first=$("$exe" --help | awk '/^Subcommands:/ {getline; print $1; exit}')
  got=$(bash -c 'source "$1"; COMP_WORDS=("$2" "${3:0:3}"); COMP_CWORD=1; '"$fn"'; printf "%s\n" "${COMPREPLY[@]}"' \
    _ "$comp" "$bin" "$first")
  grep -qx "$first" <<<"$got" && ok "bash completes '$bin ${first:0:3}' to $first" ||
    fail "bash completion of '$bin ${first:0:3}': got '$got'"
  # The installed scripts are what `<bin> completion SHELL` prints now (they
  # are generated at build time; this also runs completion.cc under coverage).
  for sh in bash zsh fish; do
    case $sh in
      bash) file=$comp ;;
      zsh) file=$PREFIX/share/zsh/site-functions/_$bin ;;
      fish) file=$PREFIX/share/fish/vendor_completions.d/$bin.fish ;;
    esac
    "$exe" completion "$sh" | cmp -s - "$file" || fail "$bin completion $sh differs from the installed $file"
  done
  [[ -s $PREFIX/share/zsh/site-functions/_$bin ]] || fail "no zsh completion for $bin"
  [[ -s $PREFIX/share/fish/vendor_completions.d/$bin.fish ]] || fail "no fish completion for $bin"
  if command -v zsh >/dev/null; then
    zsh -n "$PREFIX/share/zsh/site-functions/_$bin" || fail "zsh completion of $bin does not parse"
  fi
  if command -v fish >/dev/null; then
    fish -n "$PREFIX/share/fish/vendor_completions.d/$bin.fish" || fail "fish completion of $bin does not parse"
  fi
done

# Deeper bash completions of stc: nested subcommands, option values, options.
comp=$PREFIX/share/bash-completion/completions/stc
complete_stc() {
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _stc_complete; printf "%s\n" "${COMPREPLY[@]}"' \
    _ "$comp" "$@"
}
[[ $(complete_stc stc hook un) == uninstall ]] && ok "bash completes 'stc hook un'" ||
  fail "'stc hook un' completes to '$(complete_stc stc hook un)'"
[[ $(complete_stc stc context --format "" | tr '\n' ' ') == "md json " ]] &&
  ok "bash completes the values of 'stc context --format'" ||
  fail "'stc context --format' completes to '$(complete_stc stc context --format "")'"
complete_stc stc search --sc | grep -qx -- --scope && ok "bash completes 'stc search --sc'" ||
  fail "'stc search --sc' does not complete to --scope"

if command -v fish >/dev/null; then
  got=$(fish -c "source '$PREFIX/share/fish/vendor_completions.d/stc.fish'; complete -C 'stc hook un'")
  grep -q '^uninstall' <<<"$got" && ok "fish completes 'stc hook un'" ||
    fail "fish completion of 'stc hook un': got '$got'"
fi

if ((failures)); then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "all install checks passed"
