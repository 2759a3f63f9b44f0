# Shared helpers for the sample repository generators.
#
# Source this file from a generator script, then:
#   sr_init "$1" 1700000000        # create the repository, start the fake clock
#   sr_author alice                # pick one of the fixed identities below
#   write path/to/file <<'EOF'     # create or overwrite a file (parents made)
#   ...
#   EOF
#   append path/to/file <<'EOF'    # append to a file
#   commit "Subject line" ["Body paragraph"]
#
# Everything that ends up in a commit object is fixed (names, e-mails, dates,
# time zones, messages), so two runs produce identical commit ids. The user's
# global and system git configuration are ignored.

set -euo pipefail
umask 022
export LC_ALL=C TZ=UTC
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY \
      GIT_ALTERNATE_OBJECT_DIRECTORIES GIT_TEMPLATE_DIR GIT_CEILING_DIRECTORIES || true

SR_TIME=0   # fake clock, seconds since the epoch
SR_N=0      # commits made so far

# Print an error message and exit.
sr_die() {
  echo "sample_repos: $*" >&2
  exit 1
}

# Run git with settings that make the result independent of the environment.
g() {
  git -c core.autocrlf=false -c core.excludesFile=/dev/null \
      -c core.hooksPath=/dev/null -c commit.gpgSign=false \
      -c i18n.commitEncoding=UTF-8 -c core.fileMode=true "$@"
}

# sr_init DIR START_EPOCH: create an empty repository in DIR and cd into it.
sr_init() {
  local dir=$1
  SR_TIME=$2
  SR_N=0
  [ -n "$dir" ] || sr_die "usage: $0 OUTDIR/<name>"
  if [ -e "$dir" ] && [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
    sr_die "$dir already exists and is not empty (make_all.sh deletes it first)"
  fi
  mkdir -p "$dir"
  cd "$dir"
  g -c init.defaultBranch=main init -q --template= .
  # Repo-local identity so that tests may commit into the generated repository.
  g config user.name "Sample Bot"
  g config user.email "bot@example.com"
  sr_author alice
}

# sr_author NAME: select a fixed identity for the following commits.
sr_author() {
  local name email tz
  case $1 in
    alice) name="Alice Moreau";   email="alice@example.com";  tz="+0100" ;;
    bob)   name="Bob Okafor";     email="bob@example.com";    tz="+0000" ;;
    chen)  name="Chen Wei";       email="chen@example.com";   tz="+0800" ;;
    dana)  name="Dana Kowalski";  email="dana@example.com";   tz="-0500" ;;
    *) sr_die "unknown author $1" ;;
  esac
  export GIT_AUTHOR_NAME="$name" GIT_AUTHOR_EMAIL="$email"
  export GIT_COMMITTER_NAME="$name" GIT_COMMITTER_EMAIL="$email"
  SR_TZ=$tz
}

# write PATH: copy stdin into PATH, creating parent directories.
write() {
  mkdir -p "$(dirname "$1")"
  cat > "$1"
}

# append PATH: append stdin to PATH.
append() {
  [ -f "$1" ] || sr_die "append: $1 does not exist"
  cat >> "$1"
}

# Advance the fake clock by a deterministic, irregular 3 to 43 hours.
sr_tick() {
  SR_N=$((SR_N + 1))
  SR_TIME=$((SR_TIME + 3600 * (3 + (SR_N * 37) % 41) + 60 * ((SR_N * 13) % 60)))
  export GIT_AUTHOR_DATE="@$SR_TIME $SR_TZ"
  export GIT_COMMITTER_DATE="@$SR_TIME $SR_TZ"
}

# commit SUBJECT [BODY]: stage everything and commit at the next clock tick.
commit() {
  g add -A
  if g diff --cached --quiet; then
    sr_die "commit '$1': nothing to commit"
  fi
  sr_tick
  if [ $# -ge 2 ] && [ -n "$2" ]; then
    g commit -q --no-verify -m "$1" -m "$2"
  else
    g commit -q --no-verify -m "$1"
  fi
}

# sr_line_of REGEX FILE [FROM]: number of the first line at or after FROM
# (default 1) matching the sed regex REGEX; dies if there is none.
sr_line_of() {
  local n d=$'\001'   # \001 delimits the regex, so it may contain slashes
  n=$(sed -n "${3:-1},\${\\$d$1$d{=;q}}" "$2")
  [ -n "$n" ] || sr_die "no line matching /$1/ in $2"
  echo "$n"
}

# insert_before REGEX FILE: insert stdin before the first line matching REGEX.
insert_before() {
  local n tmp="$2.sr_tmp"
  n=$(sr_line_of "$1" "$2")
  { head -n $((n - 1)) "$2"; cat; tail -n +"$n" "$2"; } > "$tmp"
  mv "$tmp" "$2"
}

# insert_before_last N FILE: insert stdin before the last N lines of FILE
# (for example before the closing brace of a class).
insert_before_last() {
  local tmp="$2.sr_tmp"
  { head -n -"$1" "$2"; cat; tail -n "$1" "$2"; } > "$tmp"
  mv "$tmp" "$2"
}

# replace_lines FROM_REGEX TO_REGEX FILE: replace the block from the first
# line matching FROM_REGEX through the next line matching TO_REGEX by stdin.
replace_lines() {
  local from to tmp="$3.sr_tmp"
  from=$(sr_line_of "$1" "$3")
  to=$(sr_line_of "$2" "$3" "$from")
  { head -n $((from - 1)) "$3"; cat; tail -n +$((to + 1)) "$3"; } > "$tmp"
  mv "$tmp" "$3"
}
