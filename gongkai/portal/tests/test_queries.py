"""No N+1 on list pages: the number of queries a page makes does not grow with its rows.

Each page is loaded with 2 rows and with 20; both must take the same number of queries.
"""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongkai.accounts.models import Agency, Role
from gongkai.appeals import actions as appeal_actions
from gongkai.catalog.tests.helpers import draft, published
from gongkai.disclosure.tests.factories import registered
from gongkai.feedback.models import Item as FeedbackItem
from gongkai.feedback.tests.helpers import submit
from gongkai.reports.models import AnnualReport, Status as ReportStatus
from gongkai.testing import make_agency, make_user


def queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url, params)
    assert r.status_code == 200, (url, r.status_code)
    return len(ctx)


def grows(client, url, add, *, params=None) -> tuple[int, int]:
    """Query counts with 2 rows and with 20 rows (``add(k)`` adds the k-th row)."""
    for k in range(2):
        add(k)
    queries(client, url, **(params or {}))  # warm per-process caches (content types, calendars …)
    small = queries(client, url, **(params or {}))
    for k in range(2, 20):
        add(k)
    return small, queries(client, url, **(params or {}))


# -- public pages -------------------------------------------------------------------------------------


def test_it_keeps_the_home_page_flat(client, world):
    def add(k):
        gov = make_agency(f"gov-n{k}", f"第{k}县人民政府", kind=Agency.Kind.GOVERNMENT)
        make_agency(f"dept-n{k}", f"第{k}县教育局", parent=gov)
        make_agency(f"org-n{k}", f"第{k}号其他机关", kind=Agency.Kind.OTHER)

    small, big = grows(client, "/", add)
    assert big == small


def test_it_keeps_a_government_page_flat(client, world):
    small, big = grows(client, "/agencies/gov/", lambda k: make_agency(f"dept-n{k}", f"测试县第{k}局",
                                                                         parent=world.government))
    assert big == small


def test_it_keeps_the_catalogue_list_flat(client, world):
    add = lambda k: published(world, title=f"关于第{k}批土地征收补偿标准的公告")  # noqa: E731
    small, big = grows(client, "/agencies/dept-x/catalog/", add)
    assert big == small


def test_it_keeps_search_results_flat(client, world):
    add = lambda k: published(world, title=f"关于第{k}批宅基地审批结果的公告")  # noqa: E731
    small, big = grows(client, "/search/", add, params={"q": "宅基地"})
    # with fewer than 5 results the page also looks for a correction (one more query), so 2 rows
    # may cost one query more than 20; 20 rows must never cost more than 2
    assert small - 1 <= big <= small


def test_it_keeps_the_report_list_flat(client, world):
    def add(k):
        AnnualReport.objects.create(agency=world.agency, year=2000 + k, status=ReportStatus.PUBLISHED,
                                    published_on=date(2001 + k, 1, 20), published_at=timezone.now(),
                                    published_by=world.head)

    small, big = grows(client, "/agencies/dept-x/reports/", add)
    assert big == small


def test_it_keeps_the_questions_and_answers_flat(client, world):
    def add(k):
        item, _ = submit(world.agency, consent=True, subject=f"第{k}个问题")
        FeedbackItem.objects.filter(pk=item.pk).update(
            published_at=timezone.now() - timedelta(minutes=k), public_question=f"问题{k}", public_answer=f"答复{k}")

    small, big = grows(client, "/agencies/dept-x/questions/", add)
    assert big == small


# -- staff work lists ---------------------------------------------------------------------------------


def test_it_keeps_the_application_work_list_flat(client, world):
    client.force_login(world.officer)
    add = lambda k: registered(world, received_on=date(2025, 3, 3) + timedelta(days=k), name=f"申请人{k}")  # noqa: E731
    small, big = grows(client, "/staff/applications/", add)
    assert big == small


def test_it_keeps_the_catalogue_work_list_flat(client, world):
    client.force_login(world.head)
    small, big = grows(client, "/staff/catalog/", lambda k: draft(world, title=f"第{k}号通知草稿"))
    assert big == small


def test_it_keeps_the_feedback_work_list_flat(client, world):
    client.force_login(world.head)
    small, big = grows(client, "/staff/feedback/", lambda k: submit(world.agency, subject=f"第{k}个咨询"))
    assert big == small


def test_it_keeps_the_appeals_ledger_flat(client, world):
    client.force_login(world.head)

    def add(k):
        appeal_actions.record_appeal(agency=world.agency, kind="reconsideration", appellant=f"申请人{k}",
                                     body="测试市人民政府", filed_on=date(2025, 5, 1) + timedelta(days=k),
                                     actor=world.head)

    small, big = grows(client, "/staff/appeals/", add)
    assert big == small


def test_it_keeps_the_staff_dashboard_flat(client, world):
    office = make_user("office2", world.government, Role.DISCLOSURE_OFFICE)
    client.force_login(office)
    small, big = grows(client, "/staff/", lambda k: make_agency(f"dept-n{k}", f"测试县第{k}局",
                                                                  parent=world.government))
    assert big == small


# -- the province summary -------------------------------------------------------------------------------


def test_it_counts_a_province_s_table_two_in_few_queries_and_the_same_figures(world):
    """builder._proactive over many agencies: grouped queries, equal to the per-agency sum."""
    import random
    from decimal import Decimal

    from gongkai.catalog.figures import proactive_figures
    from gongkai.catalog.models import DecisionKind, DocType, Item, StatutoryItem, Topic, YearlyFigures
    from gongkai.reports import builder

    rnd = random.Random(7)
    topic = Topic.objects.filter(parent__isnull=False).first()
    agencies = [make_agency(f"p-{k}", f"某县第{k}局", parent=world.government) for k in range(24)]
    n = 0
    for a in agencies:
        for _ in range(rnd.randrange(0, 6)):
            n += 1
            kind = rnd.choice(list(DocType.values))
            published_on = date(2024, 6, 1) + timedelta(days=rnd.randrange(0, 540))
            repealed = published_on + timedelta(days=rnd.randrange(30, 400)) if rnd.random() < 0.3 else None
            Item.objects.create(
                agency=a, title=f"文件{n}", index_number=f"{a.code}/{n}", status=rnd.choice(
                    [Item.Status.PUBLISHED] * 4 + [Item.Status.WITHDRAWN, Item.Status.DRAFT]),
                formed_on=published_on, published_on=published_on, topic=topic, statutory_item=StatutoryItem.OTHER,
                doc_type=kind, signed_on=published_on - timedelta(days=5) if rnd.random() < 0.7 else None,
                repealed_on=repealed, validity=("repealed" if repealed else "valid") if kind in (
                    DocType.REGULATION, DocType.NORMATIVE) else "",
                decision_kind=rnd.choice(["", *DecisionKind.values]), created_by=world.officer)
        if rnd.random() < 0.7:
            YearlyFigures.objects.create(
                agency=a, year=2025, decisions_from_catalog=rnd.random() < 0.3,
                licensing=rnd.choice([None, 3, 10]), punishment=rnd.choice([None, 0, 7]), coercion=None,
                fees_10k_yuan=rnd.choice([None, Decimal("1.2345"), Decimal("0.5")]), updated_by=world.officer)

    with CaptureQueriesContext(connection) as ctx:
        grouped = builder._proactive(agencies, 2025)
    assert len(ctx) <= 5
    # the same as each agency's own table 二 (gongkai.catalog.figures), added up by hand
    by_hand = {row: dict.fromkeys(cols, 0) for row, cols in grouped.items()}
    by_hand["fees"]["amount_10k_yuan"] = Decimal("0")
    for a in agencies:
        for row, cols in proactive_figures(a, 2025).items():
            for col, value in cols.items():
                by_hand[row][col] += value or 0
    assert grouped == by_hand
    assert grouped["regulations"]["in_force"] + grouped["normative_documents"]["in_force"] > 0
