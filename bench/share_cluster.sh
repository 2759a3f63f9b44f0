# Sourced by the team-share benchmarks (share_bench.sh, rehearsal_share_bench.sh):
#   start_share_cluster NAME
# makes WORK (a temporary directory), starts a throw-away PostgreSQL cluster in
# it (initdb + pg_ctl, as `nobody` when run as root, unix socket in WORK,
# fsync off) with a database `stc`, sets SHARE to its URI, gives stc a clean
# HOME and git configuration, and stops and removes it all on exit (also
# killing LLM_PID when a script started a loopback LLM server there).
start_share_cluster() {
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/$1-XXXXXX")
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [[ -x "$PGBIN/initdb" ]] || { echo "no PostgreSQL server binaries (scripts/setup.sh)" >&2; exit 2; }
  AS=""
  if [[ $(id -u) -eq 0 ]]; then chown nobody "$WORK"; AS="runuser -u nobody --"; fi
  LLM_PID=""
  trap stop_share_cluster EXIT
  export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 STC_NO_HOOK=1
  export HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/.config"
  mkdir -p "$HOME"
  unset STC_STORE STC_SHARE_URL
  $AS "$PGBIN/initdb" --no-sync -A trust -U stc -D "$WORK/pg" >/dev/null
  $AS "$PGBIN/pg_ctl" -w -s -D "$WORK/pg" -l "$WORK/pg.log" \
    -o "-k $WORK -c listen_addresses='' -p 5432 -c fsync=off -c synchronous_commit=off" start
  "$PGBIN/psql" -X -q -h "$WORK" -U stc -d postgres -c 'CREATE DATABASE stc' >/dev/null
  SHARE="postgresql:///stc?host=$WORK&port=5432&user=stc"
}

stop_share_cluster() {
  [[ -n "$LLM_PID" ]] && kill "$LLM_PID" 2>/dev/null
  $AS "$PGBIN/pg_ctl" -w -s -m fast -D "$WORK/pg" stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
