#!/usr/bin/env bash
# Installs the Debian packages stc needs to build and test. A no-op when they
# are already present. Usage: scripts/setup.sh [--bench] [--coverage]
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  libgit2-dev libtree-sitter-dev libsqlite3-dev libcurl4-openssl-dev zlib1g-dev libdeflate-dev
  libpq-dev postgresql
  nlohmann-json3-dev libcli11-dev libexpected-dev
  googletest libgtest-dev libgmock-dev
  help2man man-db
  nodejs npm
  chromium
  clang libclang-rt-dev clang-format clang-tidy
  python3
)
for arg in "$@"; do
  case "$arg" in
    --bench) packages+=(universal-ctags global ripgrep time libbenchmark-dev) ;;
    --coverage) packages+=(lcov) ;;  # scripts/coverage.sh
    *) echo "usage: scripts/setup.sh [--bench] [--coverage]" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    # node and npm may come from outside Debian (nvm, NodeSource): accept the commands.
    if [[ "$p" == nodejs && -x "$(command -v node)" ]]; then continue; fi
    if [[ "$p" == npm && -x "$(command -v npm)" ]]; then continue; fi
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "setup: installing ${missing[*]}" >&2
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
