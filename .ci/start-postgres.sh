#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on loopback for the backend's integration tests and prints the URL to use
# (as its last line of stdout), e.g.:  export COURT_TEST_POSTGRES_URL=$(bash .ci/start-postgres.sh | tail -n 1)
# Installs PostgreSQL from Debian's packages when no server binaries are found. PostgreSQL refuses to run as root,
# so the cluster belongs to the `postgres` user (created if missing). Stop it with:
#   runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDATA" stop -m fast   (both are printed on stderr)
# Environment: COURT_PG_PORT (default 55432), COURT_PG_DIR (default: a new temp dir).
set -euo pipefail
port=${COURT_PG_PORT:-55432}

find_bin() {
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  return 1
}

bin=$(find_bin || true)
if [ -z "$bin" ]; then
  echo "start-postgres: installing PostgreSQL from Debian's packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  bin=$(find_bin) || { echo "start-postgres: no PostgreSQL server binaries after install" >&2; exit 1; }
fi

if ! id postgres >/dev/null 2>&1; then
  useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
fi

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

dir=${COURT_PG_DIR:-$(mktemp -d /tmp/court-pg.XXXXXX)}
chown postgres "$dir" 2>/dev/null || true
data="$dir/data"
if [ ! -f "$data/PG_VERSION" ]; then
  as_pg "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || as_pg "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
fi
# fsync stays on: the tests check durability claims, not just logic.
as_pg "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
  -o "-k /tmp -p $port -c listen_addresses=127.0.0.1 -c max_connections=200" start >&2 \
  || { tail -n 20 "$dir/server.log" >&2; exit 1; }
echo "start-postgres: cluster in $data, bin $bin (PG_BIN=$bin PGDATA=$data)" >&2
echo "postgres://postgres@127.0.0.1:$port/postgres"
