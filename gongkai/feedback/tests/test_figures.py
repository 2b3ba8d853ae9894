"""The annual report's figures and sentence, and the dashboard's, from items built through the actions."""

from datetime import date

from gongkai.feedback import actions
from gongkai.feedback.figures import dashboard, suggested_sentence, year_figures
from gongkai.feedback.models import Item, Kind, Satisfaction

from .helpers import submit


def build(people, clock):
    """2025, agency X: four 咨询 (due 5 working days after receipt) and one 投诉.

    a: received Tue 30 Sep, due 14 Oct, replied 13 Oct (on time, 4 working days: 9, 10, 11, 13) → 满意
    b: received Tue 30 Sep, due 14 Oct, replied 16 Oct (late, 6 working days) → 不满意 (reopened)
    c: received Mon 3 Nov, due Mon 10 Nov (4, 5, 6, 7, 10), replied 5 Nov (2 working days) → 基本满意
    d: received Mon 1 Dec, due Mon 8 Dec, never replied → late by 31 Dec
    e: 投诉 received Wed 31 Dec, due 14 Jan 2026 → not yet due on 31 Dec; closed items are not counted
    """
    replies = {}
    for key, received, replied_on, kind in (("a", date(2025, 9, 30), date(2025, 10, 13), Kind.INQUIRY),
                                            ("b", date(2025, 9, 30), date(2025, 10, 16), Kind.INQUIRY),
                                            ("c", date(2025, 11, 3), date(2025, 11, 5), Kind.INQUIRY),
                                            ("d", date(2025, 12, 1), None, Kind.INQUIRY),
                                            ("e", date(2025, 12, 31), None, Kind.COMPLAINT)):
        item, _ = submit(people.agency, kind=kind, received_on=received)
        if replied_on:
            clock.set(replied_on)
            replies[key] = actions.reply_item(item, text="答复", actor=people.head)
    actions.rate_reply(replies["a"], value=Satisfaction.SATISFIED)
    actions.rate_reply(replies["b"], value=Satisfaction.UNSATISFIED)
    actions.rate_reply(replies["c"], value=Satisfaction.BASICALLY)
    closed, _ = submit(people.agency, received_on=date(2025, 6, 3))
    actions.close_item(closed, reason="重复提交", actor=people.head)
    submit(people.other_agency, received_on=date(2025, 5, 6))  # agency Y
    submit(people.agency, received_on=date(2024, 12, 31))  # another year


def test_it_computes_the_year_figures(people, clock):
    build(people, clock)
    f = year_figures(people.agency, 2025, on=date(2025, 12, 31))
    assert f["received"] == 6  # a–e and the closed one
    assert f["replied"] == 3 and f["on_time"] == 2  # a, c
    assert f["came_due"] == 4  # a, b, c replied; d overdue; e not yet due
    assert f["on_time_rate"] == 50.0
    assert f["median_reply_workdays"] == 4  # of 4, 6, 2
    assert f["by_kind"] == {"inquiry": 5, "complaint": 1}
    assert f["satisfaction"] == {"satisfied": 1, "basically": 1, "unsatisfied": 1, "rated": 3}


def test_it_includes_the_agencies_under_a_government_when_asked(people, clock):
    build(people, clock)
    assert year_figures(people.government, 2025)["received"] == 0
    assert year_figures(people.government, 2025, include_children=True)["received"] == 7


def test_it_writes_the_annual_report_sentence(people, clock):
    build(people, clock)
    assert suggested_sentence(people.agency, 2025, on=date(2025, 12, 31)) == (
        "2025年共收到公众建议、咨询、投诉等互动事项6件，已到答复期限的4件中按期答复2件，按期答复率50%；"
        "满意度评价3件，其中满意1件、基本满意1件。")
    assert suggested_sentence(people.other_agency, 2025, on=date(2025, 12, 31)) == (
        "2025年共收到公众建议、咨询、投诉等互动事项1件，已到答复期限的1件中按期答复0件，按期答复率0%；暂无满意度评价。")
    assert suggested_sentence(people.agency, 2023) == "2023年未收到公众建议、咨询、投诉等互动事项。"


def test_it_gives_the_dashboard_its_numbers(people, clock):
    build(people, clock)
    d = dashboard(Item.objects.filter(agency=people.agency), on=date(2025, 12, 31))
    # open: b (reopened), d, e, and the 2024 item — none assigned except b (owner = the head who replied)
    assert d["open"] == 4
    owners = {o["name"]: (o["open"], o["overdue"]) for o in d["owners"]}
    # b was rated on 5 Nov (the clock's last setting): its new deadline, 12 Nov, has passed too
    assert owners["张建国"] == (1, 1)
    assert owners["（待分派）"] == (3, 2)  # d and the 2024 item (due 8 Jan 2025) are overdue
    assert [i.received_on for i in d["overdue"]] == [date(2024, 12, 31), date(2025, 9, 30), date(2025, 12, 1)]
    assert [i.due_on for i in d["overdue"]] == [date(2025, 1, 8), date(2025, 11, 12), date(2025, 12, 8)]
    assert d["timeliness"]["on_time_rate"] == 50.0
