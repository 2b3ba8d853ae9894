"""Annual-report benchmark at province scale: one agency's report and the province summary.

Bulk-creates a province (default 2,000 agencies: the provincial government, 40 county governments
and their departments) with 600,000 applications (each with its handling; 2024–2025, every
applicant type and outcome), 8,000 appeals and 20,000 catalogue items, in a fresh database with
the real migrations, then times ``gongkai.reports.builder.compute_tables`` — tables 二, 三 and 四,
exactly as a report is built — for:

* one department's 2025 report;
* the province summary: the provincial government's report, covering all 2,000 agencies.

Baseline, measured in the same run over the same rows: table 三 computed by a straightforward
per-application Python loop (read every handling of the covered agencies and classify it in
Python). Both must give the same table; the run fails if they do not.

    python bench/reports.py                                        # SQLite
    python bench/reports.py --pg postgres://postgres@127.0.0.1:5432/gk_bench_reports
    python bench/reports.py --applications 60000 --agencies 200    # smaller
    python bench/reports.py --json out.json                        # figures for bench/results.md

The database is created from scratch (SQLite: a temporary file; PostgreSQL: the named database is
dropped and re-created).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

YEAR = 2025


def timed(fn, repeat: int) -> tuple[float, list[float], object]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), times, result


def setup(pg: str | None) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    os.environ["GONGKAI_EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ.setdefault("GONGKAI_DATA_DIR", tempfile.mkdtemp(prefix="gk_bench_reports_"))
    if pg:
        import psycopg
        from urllib.parse import urlsplit

        parts = urlsplit(pg)
        name = parts.path.lstrip("/")
        admin = pg.replace(parts.path, "/postgres")
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["GONGKAI_DATABASE_URL"] = pg
    else:
        os.environ["GONGKAI_DATABASE_URL"] = f"sqlite:///{Path(os.environ['GONGKAI_DATA_DIR']) / 'bench.sqlite3'}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def populate(n_apps: int, n_agencies: int, n_appeals: int, n_items: int, seed: int) -> dict:
    from django.db import connection, transaction
    from django.utils import timezone

    from gongkai.accounts.models import Agency, User
    from gongkai.appeals.models import Appeal, Kind as AppealKind, Result
    from gongkai.catalog.models import DocType, Item, StatutoryItem, Topic
    from gongkai.disclosure.models import Application, Handling, Status
    from gongkai.rules.annual_format import APPLICANT_TYPES
    from gongkai.rules.outcomes import OUTCOMES

    rnd = random.Random(seed)
    counties = max(1, n_agencies // 50)
    per_county = max(1, (n_agencies - 1 - counties) // counties)
    with transaction.atomic():
        province = Agency.objects.create(code="prov", name="某省人民政府", kind="government")
        govs = Agency.objects.bulk_create([Agency(code=f"c{c:03d}", name=f"第{c}县人民政府", kind="government",
                                                  parent=province) for c in range(counties)])
        depts = Agency.objects.bulk_create([
            Agency(code=f"c{c:03d}-d{d:03d}", name=f"第{c}县第{d}局", kind="department", parent=govs[c])
            for c in range(counties) for d in range(per_county)])
        clerk = User.objects.create(username="bench")
    agencies = [province, *govs, *depts]
    outcomes = list(OUTCOMES)
    start, end = date(2024, 1, 1), date(2025, 12, 31)
    span = (end - start).days
    serial: dict[tuple[int, int], int] = {}
    t0 = time.perf_counter()
    chunk = 20_000
    weights = [1.0 / (1 + i % 7) for i in range(len(agencies))]  # some agencies get many more
    for first in range(0, n_apps, chunk):
        apps = []
        for i in range(first, min(n_apps, first + chunk)):
            a = rnd.choices(agencies, weights)[0] if i % 5 else agencies[i % len(agencies)]
            received = start + timedelta(days=rnd.randrange(span))
            year = received.year
            serial[(a.pk, year)] = serial.get((a.pk, year), 0) + 1
            closed = rnd.random() < 0.93
            decided = received + timedelta(days=rnd.randrange(3, 60)) if closed else None
            if decided and decided > end:
                decided = None
            apps.append(Application(
                agency=a, number=f"{a.code}-{year}-{serial[(a.pk, year)]:05d}", year=year,
                serial=serial[(a.pk, year)], query_code_hash="0" * 64, applicant_type=rnd.choice(APPLICANT_TYPES),
                name="申请人", id_type="resident_id", id_number="11010519491231002X", phone="13900000000",
                content="宅基地审批结果", form="paper", delivery="post", channel="online", submitted_on=received,
                confirmed_on=received, received_on=received, clock_started_on=received,
                status=Status.CLOSED if decided else Status.IN_PROGRESS,
                due_on=received + timedelta(days=28), outcome=rnd.choice(outcomes) if decided else None,
                decided_on=decided))
        with transaction.atomic():
            created = Application.objects.bulk_create(apps, batch_size=2000)
            Handling.objects.bulk_create([Handling(application_id=x.pk, started_on=x.received_on,
                                                   closed_on=x.decided_on, outcome=x.outcome) for x in created],
                                         batch_size=5000)
    apps_s = time.perf_counter() - t0
    with transaction.atomic():
        appeals = []
        for i in range(n_appeals):
            filed = start + timedelta(days=rnd.randrange(span))
            concluded = filed + timedelta(days=rnd.randrange(20, 200)) if rnd.random() < 0.8 else None
            appeals.append(Appeal(agency=rnd.choice(agencies), kind=rnd.choice(list(AppealKind.values)),
                                  appellant="申请人", body="某市人民政府", filed_on=filed,
                                  result=rnd.choice([r for r in Result.values if r != Result.PENDING])
                                  if concluded else Result.PENDING,
                                  concluded_on=concluded, created_by=clerk))
        Appeal.objects.bulk_create(appeals, batch_size=5000)
        topic = Topic.objects.filter(parent__isnull=False).first()
        items = []
        for i in range(n_items):
            a = agencies[i % len(agencies)]
            published = start + timedelta(days=rnd.randrange(span))
            kind = rnd.random()
            items.append(Item(agency=a, title=f"第{i}号文件", index_number=f"{a.code}/{i:07d}",
                              status=Item.Status.PUBLISHED, published_on=published, topic=topic,
                              statutory_item=StatutoryItem.OTHER,
                              doc_type=DocType.NORMATIVE if kind < 0.3 else DocType.REGULATION if kind < 0.35
                              else DocType.OTHER_DOCUMENT,
                              signed_on=published - timedelta(days=3), formed_on=published - timedelta(days=3),
                              created_by=clerk, published_at=timezone.now(),
                              repealed_on=published + timedelta(days=300) if kind < 0.05 else None,
                              validity=("repealed" if kind < 0.05 else "valid") if kind < 0.35 else ""))
        Item.objects.bulk_create(items, batch_size=5000)
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("ANALYZE")
    else:
        with connection.cursor() as c:
            c.execute("ANALYZE")
    return {"province": province, "one": depts[0] if depts else province, "agencies": len(agencies),
            "populate_seconds": round(apps_s, 1)}


def python_loop_table_three(agencies, year: int) -> dict:
    """The baseline: every handling of the covered agencies read into Python and classified."""
    from gongkai.disclosure.models import Handling
    from gongkai.rules.annual_format import APPLICANT_TYPES, OUTCOME_KEYS

    rows = ["new_received", "carried_in", *OUTCOME_KEYS, "carried_out"]
    table = {r: dict.fromkeys(APPLICANT_TYPES, 0) for r in rows}
    prev_end, year_end = date(year - 1, 12, 31), date(year, 12, 31)
    rows_ = Handling.objects.filter(application__agency__in=agencies).values_list(
        "application__applicant_type", "started_on", "closed_on", "outcome")
    for kind, started_on, closed_on, outcome in rows_.iterator(chunk_size=5000):
        if started_on.year == year:
            table["new_received"][kind] += 1
        if started_on <= prev_end and (closed_on is None or closed_on > prev_end):
            table["carried_in"][kind] += 1
        if closed_on is not None and closed_on.year == year:
            table[outcome][kind] += 1
        if started_on <= year_end and (closed_on is None or closed_on > year_end):
            table["carried_out"][kind] += 1
    return table


def run(args) -> dict:
    setup(args.pg)
    from django.db import connection

    from gongkai.disclosure.models import Handling
    from gongkai.reports import builder

    t = time.perf_counter()
    ctx = populate(args.applications, args.agencies, args.appeals, args.items, args.seed)
    setup_s = time.perf_counter() - t
    vendor = connection.vendor
    print(f"database: {vendor}; {ctx['agencies']:,} agencies, {args.applications:,} applications, "
          f"{args.appeals:,} appeals, {args.items:,} catalogue items (setup {setup_s:.0f} s)", flush=True)
    one, province = ctx["one"], ctx["province"]
    covered = builder.covered_agencies(province)
    out = {"database": vendor, "agencies": ctx["agencies"], "applications": args.applications,
           "appeals": args.appeals, "items": args.items, "setup_seconds": round(setup_s, 1), "figures": []}

    def figure(name, seconds, times, baseline_name=None, baseline=None, target=None):
        out["figures"].append({"name": name, "median_s": round(seconds, 3), "runs_s": [round(x, 3) for x in times],
                               "baseline": baseline_name, "baseline_median_s": None if baseline is None
                               else round(baseline, 3), "target_s": target})
        line = f"{name:<46}{seconds * 1000:>10.0f} ms"
        if baseline is not None:
            line += f"   baseline ({baseline_name}) {baseline * 1000:.0f} ms, {baseline / seconds:.1f}×"
        if target is not None:
            line += f"   target ≤ {target * 1000:.0f} ms: {'met' if seconds <= target else 'NOT MET'}"
        print(line, flush=True)

    # one agency
    s, times, tables = timed(lambda: builder.compute_tables(one, YEAR), args.repeat)
    s3, t3, raw = timed(lambda: Handling.objects.for_agencies([one]).table_three(YEAR), args.repeat)
    b3, bt3, loop = timed(lambda: python_loop_table_three([one], YEAR), args.repeat)
    assert raw == loop, "table 三 differs between the builder and the Python loop (one agency)"
    figure("one agency: report tables 二+三+四", s, times, target=1.0)
    figure("one agency: table 三", s3, t3, "per-application Python loop", b3)
    # the province
    s, times, tables = timed(lambda: builder.compute_tables(province, YEAR), args.repeat)
    s3, t3, raw = timed(lambda: Handling.objects.for_agencies(covered).table_three(YEAR), args.repeat)
    b3, bt3, loop = timed(lambda: python_loop_table_three(covered, YEAR), max(1, min(args.repeat, 3)))
    assert raw == loop, "table 三 differs between the builder and the Python loop (province)"
    figure(f"province summary ({len(covered):,} agencies): tables 二+三+四", s, times, target=10.0)
    figure(f"province summary ({len(covered):,} agencies): table 三", s3, t3, "per-application Python loop", b3)
    total = tables["applications"]["new_received"]["total"]
    print(f"province 2025: {total:,} new applications, {tables['applications']['processed_total']['total']:,} "
          f"processed, {tables['applications']['carried_out']['total']:,} carried into 2026")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--applications", type=int, default=600_000)
    ap.add_argument("--agencies", type=int, default=2_000)
    ap.add_argument("--appeals", type=int, default=8_000)
    ap.add_argument("--items", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=5, help="timed runs per figure (the median is reported)")
    ap.add_argument("--seed", type=int, default=20251231)
    ap.add_argument("--pg", help="postgres://… (dropped and re-created)")
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()
    out = run(args)
    if args.json:
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
