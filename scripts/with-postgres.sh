#!/usr/bin/env bash
# Runs a command with a throw-away local PostgreSQL server and TEST_POSTGRES_URL pointing at it:
#   scripts/with-postgres.sh .venv/bin/pytest tests/test_storage_register.py
# Uses initdb/pg_ctl of the Debian package (/usr/lib/postgresql/*/bin). The cluster lives in a temp dir
# owned by the `postgres` user (PostgreSQL refuses to run as root), listens on 127.0.0.1 on a free port,
# and is stopped and removed when the command ends; the command's exit code is this script's.
# Without the package, or with TEST_POSTGRES_URL already set, the command runs as it is.
set -uo pipefail

if [[ -n "${TEST_POSTGRES_URL:-}" ]]; then exec "$@"; fi
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [[ -z "$bindir" || ! -x "$bindir/initdb" || ! -x "$bindir/pg_ctl" ]]; then
  echo "with-postgres: 未找到 PostgreSQL（/usr/lib/postgresql/*/bin），只在 SQLite 上运行" >&2
  exec "$@"
fi

as_owner=()
if [[ $(id -u) -eq 0 ]]; then as_owner=(runuser -u postgres --); fi
owner=$([[ $(id -u) -eq 0 ]] && echo postgres || id -un)

tmp=$(mktemp -d /tmp/kaohe-pg.XXXXXX)
chmod 755 "$tmp"
chown "$owner" "$tmp"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

cleanup() {
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$tmp/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

"${as_owner[@]}" "$bindir/initdb" -D "$tmp/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
  >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log" >&2; exit 1; }
"${as_owner[@]}" "$bindir/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $tmp -c max_connections=200 -c fsync=off" start \
  >/dev/null || { cat "$tmp/server.log" >&2; exit 1; }

export TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
"$@"
status=$?
exit $status
