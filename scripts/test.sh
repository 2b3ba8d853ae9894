#!/usr/bin/env bash
# The whole test suite on SQLite, then on PostgreSQL. Under CI=true PostgreSQL is mandatory.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG_URL=${GONGKAI_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/gongkai}

echo "== 测试：SQLite =="
env -u GONGKAI_DATABASE_URL $BIN/pytest "$@"
sqlite_rc=$?

pg_up() {
  $BIN/python - "$PG_URL" <<'PY'
import sys, psycopg
from urllib.parse import urlsplit
u = urlsplit(sys.argv[1])
try:
    psycopg.connect(host=u.hostname, port=u.port or 5432, user=u.username or "postgres",
                    password=u.password or None, dbname="postgres", connect_timeout=3).close()
except Exception as e:
    print(f"PostgreSQL 不可用：{e}", file=sys.stderr); sys.exit(1)
PY
}

pg_rc=0
if pg_up; then
  echo "== 测试：PostgreSQL =="
  GONGKAI_DATABASE_URL=$PG_URL $BIN/pytest "$@"
  pg_rc=$?
elif [ "${CI:-}" = "true" ]; then
  echo "CI=true：PostgreSQL（$PG_URL）必须可用。" >&2
  pg_rc=1
else
  echo "（跳过 PostgreSQL：服务器不可达）"
fi

if [ $sqlite_rc -ne 0 ] || [ $pg_rc -ne 0 ]; then
  echo "测试失败：SQLite=$sqlite_rc PostgreSQL=$pg_rc" >&2
  exit 1
fi
