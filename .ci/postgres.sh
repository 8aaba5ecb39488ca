#!/usr/bin/env bash
# Start a throw-away PostgreSQL server on 127.0.0.1 for the shared-session tests (installing Debian's postgresql
# package first when no server binaries are there, unless --no-install). Prints two lines to eval:
#   export EQVIEWER_TEST_POSTGRES=postgresql://USER@127.0.0.1:PORT/postgres
#   export EQVIEWER_TEST_POSTGRES_DATA=DIR      (stop it with: pg_ctl -D DIR stop, as the same user)
# Use in .ci/run:   eval "$(.ci/postgres.sh)"; trap '.ci/postgres.sh --stop' EXIT
# --stop stops the server in $EQVIEWER_TEST_POSTGRES_DATA and removes its folder.
set -euo pipefail
install=1
[ "${1:-}" = "--no-install" ] && install=0
find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
bin=$(find_bin)
if [ "${1:-}" = "--stop" ]; then
  data=${EQVIEWER_TEST_POSTGRES_DATA:?postgres.sh --stop: EQVIEWER_TEST_POSTGRES_DATA is not set}
  if [ "$(id -u)" = 0 ]; then as=(runuser -u postgres --); else as=(); fi
  "${as[@]}" "$bin/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
  case "$data" in /tmp/eqviewer-pg.*/db) rm -rf "$(dirname "$data")" ;; esac
  exit 0
fi
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  if [ "$install" = 1 ] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    bin=$(find_bin)
  fi
  [ -n "$bin" ] && [ -x "$bin/initdb" ] || { echo "postgres.sh: no PostgreSQL server binaries (apt-get install postgresql)" >&2; exit 1; }
fi
port=${EQVIEWER_PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
data=$(mktemp -d /tmp/eqviewer-pg.XXXXXX)
if [ "$(id -u)" = 0 ]; then
  # initdb refuses to run as root: the server runs as the postgres user the Debian package made.
  id postgres >/dev/null 2>&1 || { echo "postgres.sh: running as root but there is no postgres user" >&2; exit 1; }
  chown postgres: "$data"
  as=(runuser -u postgres --)
  user=postgres
else
  as=()
  user=$(id -un)
fi
"${as[@]}" "$bin/initdb" -D "$data/db" -A trust -U "$user" -E UTF8 >"$data/initdb.log" 2>&1 \
  || { cat "$data/initdb.log" >&2; exit 1; }
"${as[@]}" "$bin/pg_ctl" -D "$data/db" -l "$data/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c fsync=off" start >&2 \
  || { cat "$data/server.log" >&2; exit 1; }
echo "export EQVIEWER_TEST_POSTGRES=postgresql://$user@127.0.0.1:$port/postgres"
echo "export EQVIEWER_TEST_POSTGRES_DATA=$data/db"
