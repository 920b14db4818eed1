#!/usr/bin/env bash
# Runs the whole suite: on SQLite always; on PostgreSQL and Redis when they answer (required under CI=true).
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export FONTCONFIG_FILE="$PWD/var/fonts/fonts.conf"
export DJANGO_ALLOW_ASYNC_UNSAFE=true
export PINGXUAN_TEST=1
PG_URL=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
REDIS=${TEST_REDIS_URL:-redis://127.0.0.1:6379/15}

pg_up() { $PY - "$PG_URL" <<'PYEOF'
import sys, psycopg
try:
    psycopg.connect(sys.argv[1].replace("postgres://", "postgresql://"), connect_timeout=3).close()
except Exception as exc:
    print(exc); sys.exit(1)
PYEOF
}
redis_up() { $PY -c "import redis,sys; redis.from_url(sys.argv[1], socket_timeout=3).ping()" "$REDIS" 2>/dev/null; }

status=0
# Types first (configured in pyproject.toml): a type error fails the run, after the suite has run too.
echo "== Types (mypy) =="
types=0
$PY -m mypy || types=$?

echo "== Suite on SQLite (embedded default) =="
$PY -m pytest -q -n 2 --dist loadfile "$@" || status=$?
[ $status -eq 5 ] && { echo "no tests ran"; exit 1; }

if pg_up; then
  echo "== Suite on PostgreSQL ($PG_URL) =="
  extra=()
  if redis_up; then export REDIS_URL=$REDIS; else
    if [ "${CI:-}" = "true" ]; then echo "Redis at $REDIS is not answering: required under CI."; exit 1; fi
    echo "Redis not answering: PostgreSQL run uses the local-memory cache."; fi
  DATABASE_URL=$PG_URL $PY -m pytest -q -n 2 --dist loadfile -m "not browser and not nodb" "${extra[@]}" "$@" || status=$?
else
  if [ "${CI:-}" = "true" ]; then echo "PostgreSQL at $PG_URL is not answering: required under CI."; exit 1; fi
  echo "PostgreSQL not answering: skipped the PostgreSQL run (CI requires it)."
fi
if [ $types -ne 0 ]; then echo "mypy found type errors (see the start of this run)."; status=1; fi
exit $status
