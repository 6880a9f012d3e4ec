#!/usr/bin/env bash
# The whole test suite: lint, types, unit and page tests, PostgreSQL store tests, browser tests.
# Starts a throw-away PostgreSQL server on loopback for the tests marked `postgres`.
set -euo pipefail
cd "$(dirname "$0")/.."

pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pgdir=$(mktemp -d /tmp/atlas-pg.XXXXXX)
chown postgres "$pgdir"
port=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
runuser -u postgres -- "$pgbin/initdb" -D "$pgdir/data" -A trust -U postgres >/dev/null
runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w \
  -o "-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
stop_pg() { runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pgdir"; }
trap stop_pg EXIT
export GEO_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"

echo "== ruff"; .venv/bin/ruff check .
echo "== mypy"; .venv/bin/mypy
echo "== pytest"
# Build the gazetteer cache once, before the workers start, so that they share it.
.venv/bin/python -c 'from geo.places.gazetteer import load_gazetteer; from geo.config import load_config; load_gazetteer(load_config().cache_dir)'
.venv/bin/python -m pytest -n 2 -p no:cacheprovider "$@"
