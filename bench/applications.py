"""依申请公开 benchmark: the staff dashboards, work lists, the daily reminder sweep and table 三 at scale.

Bulk-creates N applications (default 600,000) across A agencies (default 2,000, under 100 county
governments under one province — issue 14 "Scale") in a fresh database with the real migrations,
then times:

* every dashboard and work list page as each role sees it (the real views through the Django test
  client: officer, head, a county's 政务公开办, the province's 政务公开办): budget 300 ms each,
  the run fails when one is slower;

and, with the platform's own QuerySet methods and sweep (gongkai.disclosure):

* the work lists an officer opens every morning (5 个工作日内到期, 已逾期, 待补正, 我经办的):
  count + first page of 50, for one agency;
* the disclosure office's overdue list across the 20 agencies of its government;
* the daily sweep (``reminders.sweep``) — first run of the day and a second run (idempotent: 0);
* table 三 for one agency and year (``Handling.objects.table_three``).

    python bench/applications.py                                   # SQLite, 600,000 / 2,000
    python bench/applications.py --pg postgres://postgres@127.0.0.1:5432/gk_bench_disclosure
    python bench/applications.py --n 20000 --agencies 50

The database is created from scratch (SQLite: a temporary file; PostgreSQL: the named database
is dropped and re-created).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TODAY = date(2026, 6, 15)


def timed(fn, repeat: int = 5) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), result


def setup(args) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    os.environ["GONGKAI_EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ.setdefault("GONGKAI_DATA_DIR", tempfile.mkdtemp(prefix="gk_bench_disclosure_"))
    if args.pg:
        import psycopg
        from urllib.parse import urlsplit

        parts = urlsplit(args.pg)
        name = parts.path.lstrip("/")
        admin = args.pg.replace(parts.path, "/postgres")
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["GONGKAI_DATABASE_URL"] = args.pg
    else:
        os.environ["GONGKAI_DATABASE_URL"] = f"sqlite:///{Path(os.environ['GONGKAI_DATA_DIR']) / 'bench.sqlite3'}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def populate(n: int, n_agencies: int) -> dict:
    from django.db import transaction

    from gongkai.accounts.holidays import current_calendar
    from gongkai.accounts.models import Agency, Membership, Role, User
    from gongkai.disclosure.models import Application, Handling, OPEN_STATUSES, Status
    from gongkai.rules.annual_format import APPLICANT_TYPES
    from gongkai.rules.outcomes import OUTCOMES

    rnd = random.Random(20260615)
    cal = current_calendar()
    govs = max(1, n_agencies // 20)
    with transaction.atomic():
        province = Agency.objects.create(code="province", name="某省人民政府", kind="government")
        governments = Agency.objects.bulk_create([Agency(code=f"gov{g:03d}", name=f"第{g}县人民政府", kind="government",
                                                         parent=province) for g in range(govs)])
        agencies = Agency.objects.bulk_create([Agency(code=f"a{i:04d}", name=f"第{i}号机关", parent=governments[i % govs])
                                               for i in range(n_agencies)])
        users = User.objects.bulk_create(
            [User(username=f"{a.code}-o{k}", email=f"{a.code}-o{k}@example.cn") for a in agencies for k in range(2)]
            + [User(username=f"{a.code}-h", email=f"{a.code}-h@example.cn") for a in agencies])
        by_name = {u.username: u for u in users}
        officers = [(a, by_name[f"{a.code}-o{k}"]) for a in agencies for k in range(2)]
        Membership.objects.bulk_create(
            [Membership(user=u, agency=a, role=Role.OFFICER) for a, u in officers]
            + [Membership(user=by_name[f"{a.code}-h"], agency=a, role=Role.HEAD) for a in agencies])
        office = User.objects.create(username="office")
        Membership.objects.create(user=office, agency=governments[0], role=Role.DISCLOSURE_OFFICE)
        province_office = User.objects.create(username="province-office")
        Membership.objects.create(user=province_office, agency=province, role=Role.DISCLOSURE_OFFICE)
    by_agency = {}
    for a, u in officers:
        by_agency.setdefault(a.pk, []).append(u)
    outcomes = list(OUTCOMES)
    due_cache: dict[date, date] = {}

    def due_for(d: date) -> date:
        if d not in due_cache:
            due_cache[d] = cal.add_workdays(d, 20)
        return due_cache[d]

    serial = {}
    apps = []
    start = date(2024, 1, 1)
    span = (TODAY - start).days
    for i in range(n):
        a = agencies[i % n_agencies]
        received = start + timedelta(days=rnd.randrange(span))
        year = received.year
        serial[(a.pk, year)] = serial.get((a.pk, year), 0) + 1
        recent = (TODAY - received).days < 60
        closed = not recent or rnd.random() < 0.3
        status = Status.CLOSED if closed else rnd.choice(
            [Status.IN_PROGRESS] * 6 + [Status.AWAITING_CORRECTION, Status.IN_CONSULTATION, Status.AWAITING_PAYMENT,
                                        Status.SUBMITTED])
        due = due_for(received) if status in (Status.IN_PROGRESS, Status.CLOSED) else None
        decided = min(TODAY, received + timedelta(days=rnd.randrange(5, 40))) if closed else None
        apps.append(Application(
            agency=a, number=f"{a.code}-{year}-{serial[(a.pk, year)]:05d}", year=year, serial=serial[(a.pk, year)],
            query_code_hash="0" * 64, applicant_type=rnd.choice(APPLICANT_TYPES), name="申请人", id_type="resident_id",
            id_number=f"630223199001{i % 10000:04d}", phone="13900000000", content="宅基地审批结果", form="paper",
            delivery="post", channel="online", submitted_on=received,
            confirmed_on=None if status == Status.SUBMITTED else received,
            received_on=None if status == Status.SUBMITTED else received,
            clock_started_on=None if status == Status.SUBMITTED else received, status=status,
            officer=None if status == Status.SUBMITTED else rnd.choice(by_agency[a.pk]), due_on=due,
            outcome=rnd.choice(outcomes) if closed else None, decided_on=decided,
            extension_requested_on=received + timedelta(days=10) if status in OPEN_STATUSES and rnd.random() < 0.05
            else None))
    t = time.perf_counter()
    Application.objects.bulk_create(apps, batch_size=2000)
    ids = list(Application.objects.exclude(received_on=None).order_by("pk")
               .values_list("pk", "received_on", "decided_on", "outcome"))
    Handling.objects.bulk_create([Handling(application_id=pk, started_on=r, closed_on=d, outcome=o)
                                  for pk, r, d, o in ids], batch_size=5000)
    created = time.perf_counter() - t
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("ANALYZE")
    return {"agency": agencies[0], "officer": by_agency[agencies[0].pk][0], "office": office,
            "head": by_name[f"{agencies[0].code}-h"], "province_office": province_office, "create_seconds": created}


PAGE_BUDGET_MS = 300.0


def time_pages(ctx) -> list[str]:
    """Every dashboard and work list as each role sees it; returns the pages over budget."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from gongkai.disclosure.staff_views import WORK_LISTS

    moment = timezone.make_aware(__import__("datetime").datetime.combine(TODAY, __import__("datetime").time(9)))
    timezone.now = lambda: moment  # the data is built around TODAY
    slow = []
    print(f"{'page (role)':<58}{'queries':>8}{'ms':>10}")
    for role in ("officer", "head", "office", "province_office"):
        client = Client()
        client.force_login(ctx[role])
        urls = ["/staff/", "/staff/?agencies_page=20"] if role == "province_office" else ["/staff/"]
        urls += [f"/staff/applications/?list={name}" for name in WORK_LISTS]
        urls += ["/staff/applications/?list=open&scope=mine"] if role == "officer" else []
        urls += ["/staff/applications/?list=open&page=50"]
        for url in urls:
            client.get(url)  # warm
            times = []
            for _ in range(3):
                with CaptureQueriesContext(connection) as q:
                    t = time.perf_counter()
                    r = client.get(url)
                    times.append((time.perf_counter() - t) * 1000)
                assert r.status_code == 200, (role, url, r.status_code)
            ms = statistics.median(times)
            flag = "" if ms <= PAGE_BUDGET_MS else "  > 300 ms"
            if flag:
                slow.append(f"{role} {url}")
            print(f"{url + ' (' + role + ')':<58}{len(q.captured_queries):>8}{ms:>10.1f}{flag}")
    return slow


def run(args) -> None:
    setup(args)
    from django.db import connection

    from gongkai.accounts.holidays import current_calendar
    from gongkai.accounts.permissions import staff_agencies
    from gongkai.disclosure import reminders
    from gongkai.disclosure.models import Application, Handling

    t = time.perf_counter()
    ctx = populate(args.n, args.agencies)
    print(f"database: {connection.vendor}; {args.n:,} applications across {args.agencies} agencies "
          f"(bulk insert {ctx['create_seconds']:.1f} s, total setup {time.perf_counter() - t:.1f} s)")
    cal = current_calendar()
    until = cal.add_workdays(TODAY, 5)
    agency, officer = ctx["agency"], ctx["officer"]
    one = Application.objects.filter(agency=agency)
    office_agencies = staff_agencies(ctx["office"])
    lists = {
        "5个工作日内到期（一个机关）": lambda: one.due_within(on=TODAY, until=until),
        "已逾期（一个机关）": lambda: one.overdue(on=TODAY),
        "待补正（一个机关）": lambda: one.awaiting_correction(),
        "我经办的（一名经办人）": lambda: one.filter(officer=officer).open(),
        "已逾期（政务公开办，20个机关）": lambda: Application.objects.for_agencies(office_agencies).overdue(on=TODAY),
        "延期待批准（全部）": lambda: Application.objects.extension_pending(),
    }
    print(f"{'work list':<34}{'count':>8}{'count+page ms':>16}")
    for label, qs in lists.items():
        def page(qs=qs):
            q = qs()
            return q.count(), list(q.select_related("agency", "officer").order_by("due_on", "pk")[:50])
        ms, (count, _) = timed(page)
        print(f"{label:<34}{count:>8}{ms:>16.1f}")
    t = time.perf_counter()
    first = reminders.sweep(TODAY)
    first_ms = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    second = reminders.sweep(TODAY)
    second_ms = (time.perf_counter() - t) * 1000
    print(f"daily sweep, first run : {first_ms:8.1f} ms  {first}")
    print(f"daily sweep, second run: {second_ms:8.1f} ms  {second}")
    ms, _ = timed(lambda: Handling.objects.for_agencies([agency]).table_three(2025), repeat=3)
    print(f"table 三, one agency, 2025: {ms:.1f} ms")
    ms, _ = timed(lambda: Handling.objects.for_agencies(office_agencies).table_three(2025), repeat=3)
    print(f"table 三, a government's 20 agencies, 2025: {ms:.1f} ms")
    slow = time_pages(ctx)
    if slow:
        print("over the 300 ms budget: " + "; ".join(slow))
        sys.exit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=600_000)
    parser.add_argument("--agencies", type=int, default=2_000)
    parser.add_argument("--pg", help="postgres://… (dropped and re-created)")
    run(parser.parse_args())


if __name__ == "__main__":
    main()
