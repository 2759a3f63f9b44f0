#!/usr/bin/env bash
# Generates one binary's man page and shell completions from the binary
# itself, so they say what its --help says.
#   gen_docs.sh BINARY OUTDIR "one-line description" [help2man]
# Writes OUTDIR/completions/{NAME.bash,_NAME,NAME.fish} (`NAME completion
# SHELL`) and, when help2man is given, OUTDIR/man1/NAME.1: help2man over
# `NAME --help` and `NAME --version`, plus a SUBCOMMANDS section holding each
# subcommand's own --help.
set -euo pipefail
bin=$1 out=$2 description=$3 help2man=${4:-}
name=$(basename "$bin")
# Run it by name, so usage lines say `stc …`, not the build directory's path.
export PATH="$(cd "$(dirname "$bin")" && pwd):$PATH"
bin=$name

mkdir -p "$out/completions"
"$bin" completion bash >"$out/completions/$name.bash"
"$bin" completion zsh >"$out/completions/_$name"
"$bin" completion fish >"$out/completions/$name.fish"

[[ -n "$help2man" ]] || exit 0
mkdir -p "$out/man1"
include=$(mktemp)
trap 'rm -f "$include"' EXIT

# Subcommand names: the first word of each line under "Subcommands:".
subcommands=$("$bin" --help | awk '/^Subcommands:/ {on = 1; next} /^[^ ]/ {on = 0} on && NF {print $1}')

# roff: a backslash is \e; a line may not start with a dot or a quote.
roff_verbatim() { sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/"; }

{
  echo "[SUBCOMMANDS]"
  for sub in $subcommands; do
    echo ".SS \"$name $sub\""
    echo ".nf"
    "$bin" "$sub" --help | roff_verbatim
    echo ".fi"
  done
  echo "[SEE ALSO]"
  for other in stc stc-agent stc-eval; do
    [[ "$other" == "$name" ]] || echo ".BR $other (1),"
  done
  echo "and README.md of the stc sources for configuration, the index and the evaluation."
} >"$include"

"$help2man" --no-info --section=1 --name="$description" \
  --include="$include" --output="$out/man1/$name.1" "$bin"
