"""The annual report's figures of 依申请公开 (disclosure/figures.py); counts worked out by hand."""

from datetime import date as D

import pytest

from gongkai.disclosure import actions, figures

from .factories import registered

pytestmark = pytest.mark.django_db


def grant(world, app, on):
    return actions.decide(app, actor=world.officer, on=on, outcome="granted", reason="依法答复",
                          basis="条例第三十六条", released=["申请的文件"])


@pytest.fixture
def year_2025(world):
    """A: received Mon 2025-01-20, due 2025-02-21, granted 2025-02-10 (on time).
    B: received Mon 2025-03-03, due 2025-03-31 (3/4–7, 10–14, 17–21, 24–28, 31), granted 2025-04-02 (late).
    C: received 2025-05-06, 150 pages → 1700 元 (70×10 + 50×20), paid 2025-05-12, still open.
    E: at the other agency, received 2025-05-07, granted the same week."""
    a = registered(world, received_on=D(2025, 1, 20))
    grant(world, a, D(2025, 2, 10))
    b = registered(world, received_on=D(2025, 3, 3), content="土地征收批复")
    grant(world, b, D(2025, 4, 2))
    c = registered(world, received_on=D(2025, 5, 6), content="近十年的规划档案")
    c = actions.fee_notice(c, actor=world.officer, on=D(2025, 5, 8), method="per_volume", pages=150)
    actions.fee_paid(c, actor=world.officer, on=D(2025, 5, 12))
    e = registered(world, received_on=D(2025, 5, 7), content="另一机关的申请")
    e.agency = world.other_agency
    e.save()
    return world


def test_it_counts_the_decided_cases_on_time(year_2025):
    assert figures.on_time([year_2025.agency], 2025) == {"decided": 2, "on_time": 1}
    assert figures.on_time([year_2025.agency], 2024) == {"decided": 0, "on_time": 0}


def test_it_counts_the_fees_paid_in_the_year(year_2025):
    # one notice sent on 8 May (150 pages per volume), paid on 12 May; none lapsed
    assert figures.fees([year_2025.agency], 2025) == {"count": 1, "yuan": 1700, "notices": 1, "lapsed": 0}
    assert figures.fees([year_2025.other_agency], 2025) == {"count": 0, "yuan": 0, "notices": 0, "lapsed": 0}


def test_it_counts_receipts_month_by_month(year_2025):
    months = figures.monthly_received([year_2025.agency], 2025)
    assert months == {1: 1, 2: 0, 3: 1, 4: 0, 5: 1, 6: 0, 7: 0, 8: 0, 9: 0, 10: 0, 11: 0, 12: 0}
    both = figures.monthly_received([year_2025.agency, year_2025.other_agency], 2025)
    assert both[5] == 2


def test_it_hands_over_table_three_without_totals(year_2025):
    t = figures.table_three([year_2025.agency], 2025)
    assert t["new_received"]["natural_person"] == 3 and t["granted"]["natural_person"] == 2
    assert t["carried_out"]["natural_person"] == 1
    assert "processed_total" not in t and "total" not in t["new_received"]
