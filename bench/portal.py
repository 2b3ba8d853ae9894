"""Portal throughput: ``wrk`` against gunicorn (2 workers, production mode) on 127.0.0.1.

Builds a database with 100,000 published catalogue items (indexed for search by the platform's own
``gongkai.catalog.search.reindex``) and 100,000 applications, starts gunicorn with 2 sync workers
in production mode (the page cache on Redis), and loads four pages with wrk:

* the portal home page ``/``;
* a government's agency page ``/agencies/gov00/``;
* item pages ``/catalog/<索引号>/`` (1,000 different items in turn);
* search results ``/search/?q=…`` (14 different queries in turn).

Before a page's runs every one of its paths is requested once, so the cached figures are those of
a portal in steady use (each item page has been visited since it was last published). Baseline,
measured in the same run on the same server and data: the same pages with the page cache off
(``GONGKAI_PAGE_CACHE_SECONDS=0``), i.e. every request rendered from the database — what a first
visit to a page costs.
Each figure is the median of ``--runs`` wrk runs. wrk and gunicorn share the machine's cores.

    python bench/portal.py                                           # PostgreSQL (default database)
    python bench/portal.py --sqlite                                  # SQLite file instead
    python bench/portal.py --items 20000 --applications 20000 --duration 5
    python bench/portal.py --json out.json

The PostgreSQL database (``--pg``) is dropped and re-created unless it already holds a data set of
the same size from an earlier run (``--rebuild`` forces it).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = ["不动产登记", "宅基地", "改造", "住房", "土地征收 补偿", "老旧小区改造", "矿业权 出让", "国土空间规划",
           "行政处罚决定书", "耕地保护", "公共租赁住房 申请", "防汛 应急预案", "义务教育 招生", "财政预算 公开"]
PLACES = ["威远镇", "丹麻镇", "高寨镇", "南门峡镇", "加定镇", "五十镇", "塘川镇", "五峰镇", "台子乡", "西山乡"]
SUBJECTS = ["不动产登记", "农村宅基地", "土地征收", "征地补偿安置", "国土空间规划", "村庄规划", "矿业权出让", "采矿权",
            "行政处罚决定书", "违法占地", "公共租赁住房", "老旧小区改造", "耕地保护", "永久基本农田", "财政预算", "三公经费",
            "义务教育", "招生入学", "防汛", "应急预案", "城乡低保", "农村公路", "河长制", "林地审批", "家庭医生签约"]
TITLES = ["关于{p}{s}的通知", "{p}{s}工作方案", "关于公布{y}年{s}结果的公告", "{s}实施细则", "{p}{s}情况公示",
          "关于进一步做好{s}工作的意见", "{y}年度{s}工作总结", "{s}政策解读"]
SENTENCES = ["为进一步规范{s}工作，根据有关法律法规，结合本县实际，制定本方案。", "{p}{s}涉及{n}户群众，相关部门已完成现场核查。",
             "各乡镇人民政府要高度重视{s}，明确责任分工，确保按期完成。", "对群众反映的{s}问题，已组织专人调查处理。",
             "{y}年全县共办理{s}{n}件，平均办理时限缩短至{d}个工作日。", "有关{s}的具体事宜，请咨询政务服务中心窗口。"]
PAGES = ("home", "agency", "item", "search")
TARGET_RPS, TARGET_P99_MS = 500, 100


# ---- data ----------------------------------------------------------------------------------------

def django_env(args, data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    env.update({"DJANGO_SETTINGS_MODULE": "gongkai.settings", "GONGKAI_DATA_DIR": str(data_dir),
                "GONGKAI_DATABASE_URL": args.db_url,
                "GONGKAI_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"})
    return env


def marker(args) -> str:
    return f"portal-bench items={args.items} applications={args.applications} v1"


def prepare_database(args) -> float:
    """Create (or reuse) the data set; returns seconds spent building it."""
    if args.sqlite:
        path = Path(args.db_url.removeprefix("sqlite:///"))
        if not args.rebuild and path.exists() and Path(f"{path}.marker").is_file() \
                and Path(f"{path}.marker").read_text() == marker(args):
            return 0.0
        for suffix in ("", "-wal", "-shm", ".marker"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        import psycopg
        from urllib.parse import urlsplit

        parts = urlsplit(args.db_url)
        name = parts.path.lstrip("/")
        admin = args.db_url.replace(parts.path, "/postgres")
        with psycopg.connect(admin, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if exists and not args.rebuild:
                with psycopg.connect(args.db_url) as db:
                    try:
                        row = db.execute("SELECT obj_description('catalog_item'::regclass)").fetchone()
                    except psycopg.Error:
                        row = None
                if row and row[0] == marker(args):
                    return 0.0
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    t = time.perf_counter()
    code = f"import sys; sys.path.insert(0, {str(ROOT / 'bench')!r}); import portal; portal.populate({args.items}, " \
           f"{args.applications}, {args.seed}, {marker(args)!r})"
    subprocess.run([sys.executable, "-c", code], env=django_env(args, args.data_dir), check=True, cwd=ROOT)
    return time.perf_counter() - t


def populate(n_items: int, n_apps: int, seed: int, mark: str) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from gongkai.accounts.models import Agency, User
    from gongkai.catalog.models import Item, StatutoryItem, Topic
    from gongkai.disclosure.models import Application, Handling, Status
    from gongkai.rules.annual_format import APPLICANT_TYPES
    from gongkai.rules.outcomes import OUTCOMES

    call_command("migrate", verbosity=0)
    rnd = random.Random(seed)
    with transaction.atomic():
        govs = [Agency.objects.create(code=f"gov{g:02d}", name=f"第{g}县人民政府", kind="government") for g in range(5)]
        agencies = [Agency.objects.create(code=f"a{i:03d}", name=f"第{i}号机关", parent=govs[i % 5]) for i in range(100)]
        clerk = User.objects.create(username="bench")
    topics = list(Topic.objects.filter(parent__isnull=False).values_list("pk", flat=True))
    statutory = list(StatutoryItem.values)
    t = time.perf_counter()
    for first in range(0, n_items, 10_000):
        items = []
        for i in range(first, min(n_items, first + 10_000)):
            s, p, y = rnd.choice(SUBJECTS), rnd.choice(PLACES), rnd.randrange(2019, 2027)
            published = date(2019, 1, 1) + timedelta(days=rnd.randrange(0, 2700))
            body = "".join(rnd.choice(SENTENCES).format(p=rnd.choice(PLACES), s=s, y=y, n=rnd.randrange(3, 900),
                                                        d=rnd.randrange(3, 20)) for _ in range(rnd.randrange(4, 9)))
            a = agencies[i % len(agencies)]
            items.append(Item(agency=a, index_number=f"{a.code}/{published.year}-{i:06d}",
                              title=rnd.choice(TITLES).format(p=p, s=s, y=y), body=body, body_text=body,
                              formed_on=published, published_on=published, published_at=timezone.now(),
                              topic_id=rnd.choice(topics), statutory_item=rnd.choice(statutory),
                              status=Item.Status.PUBLISHED, created_by=clerk))
        Item.objects.bulk_create(items, batch_size=2000)
    print(f"items: {time.perf_counter() - t:.0f} s", flush=True)
    t = time.perf_counter()
    with transaction.atomic():
        bulk_index()
    print(f"search index: {time.perf_counter() - t:.0f} s", flush=True)
    t = time.perf_counter()
    outcomes = list(OUTCOMES)
    serial: dict = {}
    for first in range(0, n_apps, 20_000):
        apps = []
        for i in range(first, min(n_apps, first + 20_000)):
            a = agencies[i % len(agencies)]
            received = date(2024, 1, 1) + timedelta(days=rnd.randrange(0, 880))
            serial[(a.pk, received.year)] = n = serial.get((a.pk, received.year), 0) + 1
            decided = received + timedelta(days=rnd.randrange(3, 40)) if rnd.random() < 0.9 else None
            apps.append(Application(
                agency=a, number=f"{a.code}-{received.year}-{n:05d}", year=received.year, serial=n,
                query_code_hash="0" * 64, applicant_type=rnd.choice(APPLICANT_TYPES), name="申请人",
                id_type="resident_id", id_number="11010519491231002X", phone="13900000000", content="宅基地审批结果",
                form="paper", delivery="post", channel="online", submitted_on=received, confirmed_on=received,
                received_on=received, clock_started_on=received, status=Status.CLOSED if decided else Status.IN_PROGRESS,
                due_on=received + timedelta(days=28), outcome=rnd.choice(outcomes) if decided else None,
                decided_on=decided))
        with transaction.atomic():
            created = Application.objects.bulk_create(apps, batch_size=2000)
            Handling.objects.bulk_create([Handling(application_id=x.pk, started_on=x.received_on,
                                                   closed_on=x.decided_on, outcome=x.outcome) for x in created],
                                         batch_size=5000)
    print(f"applications: {time.perf_counter() - t:.0f} s", flush=True)
    with connection.cursor() as c:
        c.execute("ANALYZE")
        if connection.vendor == "postgresql":
            c.execute(f"COMMENT ON TABLE catalog_item IS '{mark}'")
    if connection.vendor == "sqlite":
        Path(f"{connection.settings_dict['NAME']}.marker").write_text(mark)


def bulk_index() -> None:
    """The platform's own segmentation and index writes (gongkai.catalog.search), with the entry
    rows inserted in bulk instead of one update_or_create per item; falls back to ``reindex()``."""
    from django.db import connection

    from gongkai.catalog.models import Item, SearchEntry
    from gongkai.catalog import search

    try:
        from gongkai.catalog.search import _entry_values, _texts, dictionary_terms
        from gongkai.catalog.search.backends import backend_for, runner
        from gongkai.catalog.search.segment import index_text
    except ImportError:
        search.reindex()
        return
    terms = dictionary_terms()
    backend = backend_for(connection.vendor)
    qs = Item.objects.filter(status=Item.Status.PUBLISHED).select_related("agency").order_by("pk")
    chunk: list = []

    def flush():
        SearchEntry.objects.bulk_create([SearchEntry(item_id=i.pk, **_entry_values(i)) for i in chunk],
                                        batch_size=2000)
        with connection.cursor() as cursor:
            run = runner(cursor)
            for i in chunk:
                title, body = _texts(i)
                backend.write(run, i.pk, index_text(title, terms), index_text(body, terms))
        chunk.clear()

    for item in qs.iterator(chunk_size=2000):
        chunk.append(item)
        if len(chunk) >= 2000:
            flush()
    if chunk:
        flush()


def sample_paths(args) -> dict[str, list[str]]:
    code = ("import django, json, random; django.setup(); from gongkai.catalog.models import Item; "
            "ids = list(Item.objects.filter(status='published').values_list('index_number', flat=True)[:20000]); "
            "random.Random(1).shuffle(ids); print(json.dumps(ids[:1000]))")
    out = subprocess.run([sys.executable, "-c", code], env=django_env(args, args.data_dir), check=True,
                         capture_output=True, text=True, cwd=ROOT).stdout
    from urllib.parse import quote

    return {"home": ["/"], "agency": ["/agencies/gov00/"],
            "item": [f"/catalog/{quote(n)}/" for n in json.loads(out)],
            "search": [f"/search/?q={quote(q)}" for q in QUERIES]}


# ---- server and load -----------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, args, page_cache: bool):
        self.port = free_port()
        env = django_env(args, args.data_dir)
        env.update({"GONGKAI_MODE": "production", "GONGKAI_SECRET_KEY": "bench-" + "x9Q" * 20,
                    "GONGKAI_ALLOWED_HOSTS": "127.0.0.1", "GONGKAI_SSL_REDIRECT": "false",
                    "GONGKAI_ALLOW_SQLITE": "true", "GONGKAI_CACHE_URL": args.cache_url,
                    "GONGKAI_PAGE_CACHE_SECONDS": "300" if page_cache else "0", "GONGKAI_LOG_LEVEL": "WARNING"})
        subprocess.run([sys.executable, "-m", "gongkai", "manage", "collectstatic", "--noinput", "-v", "0"],
                       env=env, check=True, cwd=ROOT)
        if page_cache:
            subprocess.run([sys.executable, "-c", "import django; django.setup(); "
                            "from django.core.cache import cache; cache.clear()"], env=env, check=True, cwd=ROOT)
        self.proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "gongkai.wsgi:application", "--bind",
                                      f"127.0.0.1:{self.port}", "--workers", str(args.workers),
                                      "--worker-class", "sync", "--log-level", "warning"],
                                     env=env, cwd=ROOT, start_new_session=True)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


LUA = """
paths = {%s}
counter = 0
request = function()
  counter = counter %% #paths + 1
  return wrk.format("GET", paths[counter])
end
"""


def _ms(value: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value)
    n, unit = float(m.group(1)), m.group(2)
    return n / 1000 if unit == "us" else n if unit == "ms" else n * 1000 if unit == "s" else n * 60000


def wrk(url: str, paths: list[str], args, tmp: Path) -> dict:
    script = tmp / "paths.lua"
    random.Random(2).shuffle(paths)
    script.write_text(LUA % ", ".join(json.dumps(p) for p in paths))
    out = subprocess.run(["wrk", "-t", str(args.threads), "-c", str(args.connections), "-d", f"{args.duration}s",
                          "--timeout", "5s", "--latency", "-s", str(script), url],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    pct = {int(p): _ms(v) for p, v in re.findall(r"^\s+(\d+)%\s+(\S+)", out, re.M)}
    total = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = non2xx + (sum(int(x) for x in sock.groups()) if sock else 0)
    return {"rps": rps, "p50_ms": pct.get(50), "p99_ms": pct.get(99), "requests": total, "errors": errors}


def measure(server: Server, paths: dict, args, tmp: Path) -> dict:
    out = {}
    for page in PAGES:
        for p in paths[page]:  # warm up: compiled templates, connections, and every page into the cache
            urllib.request.urlopen(server.url + p, timeout=30).read()
        runs = [wrk(server.url, list(paths[page]), args, tmp) for _ in range(args.runs)]
        out[page] = {
            "rps": statistics.median(r["rps"] for r in runs),
            "p50_ms": statistics.median(r["p50_ms"] for r in runs),
            "p99_ms": statistics.median(r["p99_ms"] for r in runs),
            "errors": sum(r["errors"] for r in runs), "requests": sum(r["requests"] for r in runs),
            "runs": runs,
        }
        print(f"  {page:<8}{out[page]['rps']:>9.0f} req/s   p50 {out[page]['p50_ms']:6.1f} ms   "
              f"p99 {out[page]['p99_ms']:6.1f} ms   errors {out[page]['errors']}", flush=True)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=100_000)
    ap.add_argument("--applications", type=int, default=100_000)
    ap.add_argument("--sqlite", action="store_true", help="SQLite file instead of PostgreSQL")
    ap.add_argument("--pg", default=os.environ.get("GONGKAI_BENCH_PG", "postgres://postgres@127.0.0.1:5432/gk_bench_portal"))
    ap.add_argument("--cache-url", default=os.environ.get("GONGKAI_BENCH_CACHE", "redis://127.0.0.1:6379/15"))
    ap.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    ap.add_argument("--threads", type=int, default=2, help="wrk threads")
    ap.add_argument("--connections", type=int, default=16, help="wrk connections")
    ap.add_argument("--duration", type=int, default=8, help="seconds per wrk run")
    ap.add_argument("--runs", type=int, default=3, help="wrk runs per page (the median is reported)")
    ap.add_argument("--rebuild", action="store_true", help="build the data set again even if it exists")
    ap.add_argument("--seed", type=int, default=20260601)
    ap.add_argument("--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "gk_bench_portal")
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()
    if not shutil.which("wrk"):
        ap.error("wrk 未安装（Debian：apt-get install wrk；make bench 会自动安装）")
    args.data_dir.mkdir(parents=True, exist_ok=True)
    args.db_url = f"sqlite:///{args.data_dir / 'portal.sqlite3'}" if args.sqlite else args.pg
    vendor = "sqlite" if args.sqlite else "postgresql"

    build_s = prepare_database(args)
    print(f"database: {vendor}; {args.items:,} catalogue items, {args.applications:,} applications "
          f"({'built in %.0f s' % build_s if build_s else 'reused'}); gunicorn {args.workers} workers; "
          f"wrk {args.threads} threads, {args.connections} connections, {args.duration} s × {args.runs}", flush=True)
    paths = sample_paths(args)
    result = {"database": vendor, "items": args.items, "applications": args.applications, "workers": args.workers,
              "wrk": {"threads": args.threads, "connections": args.connections, "duration_s": args.duration,
                      "runs": args.runs}, "build_seconds": round(build_s, 1),
              "target": {"rps": TARGET_RPS, "p99_ms": TARGET_P99_MS}}
    with tempfile.TemporaryDirectory() as tmp:
        for mode, cached in (("cached", True), ("uncached", False)):
            print(f"{mode} ({'page cache on Redis' if cached else 'page cache off: baseline'}):", flush=True)
            server = Server(args, page_cache=cached)
            try:
                result[mode] = measure(server, paths, args, Path(tmp))
            finally:
                server.stop()
    for page in PAGES:
        c = result["cached"][page]
        met = c["rps"] >= TARGET_RPS and c["p99_ms"] <= TARGET_P99_MS and c["errors"] == 0
        print(f"{page}: {c['rps']:.0f} req/s p99 {c['p99_ms']:.1f} ms (uncached {result['uncached'][page]['rps']:.0f} "
              f"req/s p99 {result['uncached'][page]['p99_ms']:.1f} ms) — target {'met' if met else 'NOT MET'}")
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
