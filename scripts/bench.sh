#!/usr/bin/env bash
# make bench: every benchmark in bench/ on SQLite and PostgreSQL; writes bench/results.md.
#
#   make bench                                  # default sizes (about 20 minutes on 2 cores)
#   BENCH_ONLY="reports portal" make bench      # some of them (check search applications reports portal)
#   BENCH_SEARCH_MILLION=1 make bench           # also search over 1,000,000 items (long)
#   GONGKAI_BENCH_PG=postgres://user@host:5432  # the PostgreSQL server (databases gk_bench_* are replaced)
#   BENCH_PYTHON=/path/to/python                # the interpreter (default .venv/bin/python)
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${BENCH_PYTHON:-.venv/bin/python}
[ -x "$PY" ] || PY=$(command -v python3)
PG=${GONGKAI_BENCH_PG:-postgres://postgres@127.0.0.1:5432}
ONLY=${BENCH_ONLY:-check search applications reports portal}
OUT=$(mktemp -d /tmp/gongkai-bench.XXXXXX)
export PYTHONUNBUFFERED=1

command -v wrk >/dev/null || bash scripts/system-deps.sh bench || echo "无法安装 wrk：跳过门户吞吐量测试" >&2
CACHE=redis://127.0.0.1:6379/15
if ! $PY -c "import redis; redis.Redis.from_url('$CACHE', socket_connect_timeout=2).ping()" 2>/dev/null; then
  CACHE="file://$OUT/page-cache"
  echo "Redis 不可用：门户测试使用文件缓存 $CACHE"
fi

$PY scripts/bench_results.py --machine > "$OUT/machine-start.json"
wants() { [[ " $ONLY " == *" $1 "* ]]; }
run() {  # run NAME COMMAND…: output in $OUT/NAME.log, status and seconds in $OUT/status
  local name=$1; shift
  echo "== $name: $*"
  local start=$SECONDS
  "$@" >"$OUT/$name.log" 2>&1
  local rc=$?
  echo "$name $rc $((SECONDS - start))" >>"$OUT/status"
  tail -n 12 "$OUT/$name.log"
  [ $rc -eq 0 ] || echo "!! $name 失败（退出码 $rc），见 $OUT/$name.log" >&2
}

wants check && run check $PY bench/check.py --out "$OUT/check.md"
if wants search; then
  run search $PY bench/search.py --format json --pg "$PG/gk_bench_search"
  [ -n "${BENCH_SEARCH_MILLION:-}" ] && run search-1m $PY bench/search.py --n 1000000 --rounds 3 --like-rounds 1 --format json \
    --pg "$PG/gk_bench_search"
fi
if wants applications; then
  run applications-sqlite $PY bench/applications.py
  run applications-postgresql $PY bench/applications.py --pg "$PG/gk_bench_applications"
fi
if wants reports; then
  run reports-sqlite $PY bench/reports.py --json "$OUT/reports-sqlite.json"
  run reports-postgresql $PY bench/reports.py --pg "$PG/gk_bench_reports" --json "$OUT/reports-postgresql.json"
fi
if wants portal && command -v wrk >/dev/null; then
  run portal-postgresql $PY bench/portal.py --pg "$PG/gk_bench_portal" --cache-url "$CACHE" \
    --json "$OUT/portal-postgresql.json"
  run portal-sqlite $PY bench/portal.py --sqlite --cache-url "$CACHE" --json "$OUT/portal-sqlite.json"
fi
$PY scripts/bench_results.py --machine > "$OUT/machine-end.json"

if $PY scripts/bench_results.py "$OUT" > bench/results.md.new; then
  mv bench/results.md.new bench/results.md
  echo "结果已写入 bench/results.md（原始输出：$OUT）"
else
  rm -f bench/results.md.new
  echo "!! 无法汇总结果（bench/results.md 未改动），原始输出：$OUT" >&2
  exit 1
fi
! grep -q " [1-9][0-9]* [0-9]*$" "$OUT/status"
