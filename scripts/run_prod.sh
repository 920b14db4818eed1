#!/usr/bin/env bash
# Runs pingxuan on this machine the production way: gunicorn with several worker processes, PostgreSQL, Redis for
# the cache and rate limits, task workers and the scheduler, static files collected and served by whitenoise,
# DEBUG off. Every setting comes from the environment (see docs/deploy.md); the defaults suit one machine.
#
# Demo data (accounts with a published password) is loaded only when asked: `scripts/run_prod.sh --demo` or
# `make run-prod DEMO=1`. Otherwise an empty database gets no account; create the first administrator with
# `.venv/bin/python manage.py create_admin` (asks for the password) or `... create_admin --link` (a one-time link).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
LOAD_DEMO=false
for arg in "$@"; do
  case "$arg" in
    --demo) LOAD_DEMO=true ;;
    *) echo "未知参数：$arg（可用：--demo 载入演示数据）" >&2; exit 2 ;;
  esac
done

export PINGXUAN_PRODUCTION=true DEBUG=false
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/pingxuan}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
export DB_CONN_MAX_AGE=${DB_CONN_MAX_AGE:-60}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
# One process per core, many threads each: the votes waiting in a process at one moment are committed together
# (docs/voting.md), so more threads per process mean larger groups (docs/performance.md, ingest).
WEB_WORKERS=${WEB_WORKERS:-$(nproc)}
WEB_THREADS=${WEB_THREADS:-24}
TASK_WORKERS=${TASK_WORKERS:-2}
export SITE_URL=${SITE_URL:-http://$HOST:$PORT}
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-$HOST,localhost,127.0.0.1}
# Without a TLS terminator in front (this one machine), plain HTTP: no redirect to https, cookies not TLS-only.
# Behind TLS set SECURE_SSL_REDIRECT=true SECURE_COOKIES=true (the defaults of the production settings).
export SECURE_SSL_REDIRECT=${SECURE_SSL_REDIRECT:-false}
export SECURE_COOKIES=${SECURE_COOKIES:-false}
mkdir -p var/prod
if [ -z "${SECRET_KEY:-}" ]; then
  [ -s var/prod/secret_key ] || $PY -c "import secrets; print(secrets.token_urlsafe(64))" > var/prod/secret_key
  chmod 600 var/prod/secret_key
  SECRET_KEY=$(cat var/prod/secret_key)
  export SECRET_KEY
fi

# The database named in DATABASE_URL is created when missing; Redis must answer.
$PY - <<'PYEOF'
import os, sys
from urllib.parse import urlsplit
import psycopg, redis
url = os.environ["DATABASE_URL"]
if url.startswith(("postgres://", "postgresql://")):
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(scheme="postgresql", path="/postgres").geturl()
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
                print(f"已创建数据库 {name}")
    except psycopg.OperationalError as exc:
        sys.exit(f"PostgreSQL 无法连接（{parts.hostname}:{parts.port}）：{exc}")
try:
    redis.from_url(os.environ["REDIS_URL"], socket_timeout=5).ping()
except redis.RedisError as exc:
    sys.exit(f"Redis 无法连接（{os.environ['REDIS_URL']}）：{exc}")
PYEOF

$PY manage.py migrate --noinput -v 0
$PY manage.py collectstatic --noinput -v 0
HAS_USERS=$($PY manage.py shell --no-imports -v 0 -c "from pingxuan.orgs.models import User; print(User.objects.exists())" | tail -1)
if [ "$LOAD_DEMO" = true ]; then
  $PY manage.py demo --in-production > var/prod/demo.txt
  echo "  注意：已载入演示数据，演示账号的密码是公开的，切勿用于真实活动。" >> var/prod/demo.txt
elif [ "$HAS_USERS" = "False" ]; then
  echo "  数据库中还没有账号：请运行 $PY manage.py create_admin 创建系统管理员（或加 --link 打印一次性设置链接）。" > var/prod/demo.txt
else
  echo "  未载入演示数据（需要时用 --demo）。" > var/prod/demo.txt
fi

pids=()
# A background process that ends (for example while the database restarts) is started again after a pause.
keep_running() {
  local name=$1; shift
  ( trap 'kill $child 2>/dev/null; exit 0' TERM INT
    while true; do
      "$@" >> "var/prod/$name.log" 2>&1 & child=$!
      wait $child || true
      echo "$(date -Is) $name ended; restarting in 3 s" >> "var/prod/$name.log"
      sleep 3
    done ) &
  pids+=($!)
}
for i in $(seq 1 "$TASK_WORKERS"); do
  keep_running "worker$i" $PY manage.py db_worker --queue-name '*' --no-reload --no-startup-delay
done
keep_running scheduler $PY manage.py scheduler

.venv/bin/gunicorn pingxuan.wsgi:application --pythonpath src --bind "$HOST:$PORT" \
  --workers "$WEB_WORKERS" --threads "$WEB_THREADS" --backlog 2048 --keep-alive 5 --timeout 60 \
  --max-requests 5000 --max-requests-jitter 500 --access-logfile var/prod/access.log --error-logfile var/prod/gunicorn.log &
pids+=($!)
trap 'kill "${pids[@]}" 2>/dev/null; wait; exit 0' EXIT INT TERM

for _ in $(seq 1 60); do
  curl -fsS -o /dev/null "http://$HOST:$PORT/api/vote/ping/" 2>/dev/null && break
  sleep 0.5
done
echo
echo "评选 pingxuan（生产方式）已启动： http://$HOST:$PORT"
echo "  gunicorn ${WEB_WORKERS} 个进程 × ${WEB_THREADS} 线程，任务进程 ${TASK_WORKERS} 个，定时任务 1 个"
echo "  数据库 ${DATABASE_URL}，缓存与限流 ${REDIS_URL}"
echo "  日志在 var/prod/；系统管理员、组织者和领导小组成员首次登录须绑定手机验证器（两步验证）。"
grep -v "http://127.0.0.1:8000" var/prod/demo.txt || true
echo "按 Ctrl+C 停止。"
wait
