"""The statutory clock — every expected date worked out by hand from domain.md §5.2/§5.3.

Notation in the comments: the receipt day is never counted; “n=k” is the k-th working day.
"""

import re
from datetime import date, timedelta

import pytest

from gongkai.rules.calendar import WorkCalendar
from gongkai.rules.clock import ClockDay, Event, compute, received_on

cal = WorkCalendar()
D = date


def clock(*events, **kwargs):
    return compute(events, cal, **kwargs)


def received(on):
    return Event("received", on)


def pause(kind, first, last=None):
    events = [Event("pause_started", first, kind=kind)]
    if last is not None:
        events.append(Event("pause_ended", last, kind=kind))
    return events


# -- 第三十一条 receipt date ------------------------------------------------------------------


def test_it_takes_the_receipt_date_per_channel():
    s, g, c = D(2025, 3, 3), D(2025, 3, 5), D(2025, 3, 6)
    assert received_on("in_person", submitted_on=s) == s
    assert received_on("post", submitted_on=s, signed_for_on=g) == g
    assert received_on("ordinary_mail", submitted_on=s, confirmed_on=c) == c
    assert received_on("online", submitted_on=s, confirmed_on=c) == c
    assert received_on("fax", submitted_on=s, confirmed_on=c) == c


def test_it_has_no_receipt_date_before_it_is_confirmed():
    assert received_on("online", submitted_on=D(2025, 3, 3)) is None
    assert received_on("post", submitted_on=D(2025, 3, 3)) is None


def test_it_refuses_an_unknown_channel():
    with pytest.raises(ValueError, match="未知的申请渠道"):
        received_on("pigeon", submitted_on=D(2025, 3, 3))


# -- the worked examples of domain.md §5.2 -----------------------------------------------------


def test_it_computes_the_worked_example_across_spring_festival_2025():
    # 2025-01-20 Mon. 1/21 n=1, 22 n=2, 23 n=3, 24 n=4, 25 Sat off, 26 Sun 调休 n=5, 27 n=6,
    # 1/28–2/4 春节 off, 2/5 n=7 (补正告知期限), 2/6 n=8, 2/7 n=9, 2/8 Sat 调休 n=10,
    # 2/10–14 n=11..15, 2/17–21 n=16..20 → 2025-02-21.
    r = clock(received(D(2025, 1, 20)))
    assert r.received == D(2025, 1, 20)
    assert r.correction_notice_due == D(2025, 2, 5)
    assert r.base_due == D(2025, 2, 21)
    assert r.due == D(2025, 2, 21)
    assert not r.provisional
    assert not r.paused


def test_it_extends_by_20_working_days_from_the_base_due_date():
    # From 2025-02-21: 2/24–28 n=21..25, 3/3–7 n=26..30, 3/10–14 n=31..35, 3/17–21 n=36..40.
    r = clock(received(D(2025, 1, 20)), Event("extended", D(2025, 2, 14), working_days=20))
    assert r.base_due == D(2025, 2, 21)
    assert r.due == D(2025, 3, 21)
    assert r.extension_working_days == 20
    assert r.warnings == ()


@pytest.mark.parametrize("receipt, notice_due, due", [
    # 9/23–26 n=1..4, 9/28 Sun 调休 n=5, 9/29 n=6, 9/30 n=7, 10/1–8 off, 10/9 n=8, 10/10 n=9,
    # 10/11 Sat 调休 n=10, 10/13–17 n=11..15, 10/20–24 n=16..20.
    (D(2025, 9, 22), D(2025, 9, 30), D(2025, 10, 24)),
    # 2/11 n=1, 12 n=2, 13 n=3, 2/14 Sat 调休 n=4, 2/15–23 off, 2/24 n=5 … 2/26 n=7, 2/27 n=8,
    # 2/28 Sat 调休 n=9, 3/2–6 n=10..14, 3/9–13 n=15..19, 3/16 n=20.
    (D(2026, 2, 10), D(2026, 2, 26), D(2026, 3, 16)),
    # 9/28 Sat off, 9/29 Sun 调休 n=1, 9/30 n=2, 10/1–7 off, 10/8–11 n=3..6, 10/12 Sat 调休 n=7,
    # 10/14–18 n=8..12, 10/21–25 n=13..17, 10/28 n=18, 29 n=19, 30 n=20.
    (D(2024, 9, 27), D(2024, 10, 12), D(2024, 10, 30)),
    # 12/31 n=1, 1/1 元旦 off, 1/2 n=2, 1/3 n=3, 1/6–10 n=4..8 (1/9 n=7), 1/13–17 n=9..13,
    # 1/20–24 n=14..18, 1/26 Sun 调休 n=19, 1/27 n=20.
    (D(2024, 12, 30), D(2025, 1, 9), D(2025, 1, 27)),
])
def test_it_computes_hand_checked_due_dates(receipt, notice_due, due):
    r = clock(received(receipt))
    assert (r.correction_notice_due, r.base_due, r.due, r.provisional) == (notice_due, due, due, False)


def test_it_explains_every_day_with_a_reason():
    days = clock(received(D(2025, 1, 20))).explain()
    assert days[0] == ClockDay(D(2025, 1, 21), True, 1, "工作日")
    assert days[4] == ClockDay(D(2025, 1, 25), False, None, "周末")
    assert days[5] == ClockDay(D(2025, 1, 26), True, 5, "调休上班日（春节）")
    assert days[7] == ClockDay(D(2025, 1, 28), False, None, "法定节假日（春节）")
    assert days[-1] == ClockDay(D(2025, 2, 21), True, 20, "工作日")
    assert len(days) == 32  # 1/21 … 2/21
    assert [d.date for d in days] == [D(2025, 1, 21) + timedelta(i) for i in range(32)]
    assert days[-1].as_dict() == {"date": "2025-02-21", "counted": True, "ordinal": 20, "reason": "工作日"}


def test_it_marks_extension_days_in_the_explanation():
    days = clock(received(D(2025, 1, 20)), Event("extended", D(2025, 2, 14), working_days=20)).explain()
    day = next(d for d in days if d.date == D(2025, 2, 24))
    assert day == ClockDay(D(2025, 2, 24), True, 21, "工作日；延长答复期限")


# -- 补正 (第三十条) ----------------------------------------------------------------------------


def test_it_restarts_the_clock_when_the_corrected_application_arrives():
    # Received 2025-03-03 (Mon): 3/4 n=1 … 3/7 n=4, 3/10 n=5, 3/11 n=6, 3/12 n=7 → notice due 3/12.
    # Corrected application 2025-04-02 (Wed): 4/3 n=1, 4/4–6 清明 off, 4/7–11 n=2..6,
    # 4/14–18 n=7..11, 4/21–25 n=12..16, 4/27 Sun 调休 n=17, 4/28 n=18, 29 n=19, 30 n=20.
    r = clock(received(D(2025, 3, 3)), Event("correction_requested", D(2025, 3, 10)),
              Event("correction_received", D(2025, 4, 2)))
    assert r.original_received == D(2025, 3, 3)
    assert r.received == D(2025, 4, 2)
    assert r.correction_notice_due == D(2025, 3, 12)
    assert r.base_due == D(2025, 4, 30)
    assert r.due == D(2025, 4, 30)
    days = r.explain()
    assert days[0] == ClockDay(D(2025, 3, 4), False, None, "等待补正（答复期限自收到补正申请之日起计算）")
    assert next(d for d in days if d.date == D(2025, 4, 2)).reason.startswith("收到补正后的申请")
    assert next(d for d in days if d.date == D(2025, 4, 3)).ordinal == 1
    assert next(d for d in days if d.date == D(2025, 4, 4)).reason == "法定节假日（清明）"


def test_it_has_no_due_date_while_awaiting_the_correction():
    r = clock(received(D(2025, 3, 3)), Event("correction_requested", D(2025, 3, 10)))
    assert r.awaiting_correction
    assert r.correction_notice_due == D(2025, 3, 12)
    assert r.base_due is None and r.due is None


def test_it_warns_about_a_late_correction_notice():
    r = clock(received(D(2025, 3, 3)), Event("correction_requested", D(2025, 3, 13)),
              Event("correction_received", D(2025, 3, 14)))
    assert any("补正告知" in w and "2025-03-12" in w for w in r.warnings)


def test_it_refuses_a_second_correction_notice():
    with pytest.raises(ValueError, match="一次性"):
        clock(received(D(2025, 3, 3)), Event("correction_requested", D(2025, 3, 5)),
              Event("correction_received", D(2025, 3, 6)), Event("correction_requested", D(2025, 3, 10)))


# -- pauses (第三十二、三十三、三十四条; fee policy §3.6) ---------------------------------------


def test_it_does_not_count_a_third_party_consultation():
    # Received 2025-06-03 (Tue, after 端午 5/31–6/2): 6/4 n=1, 5 n=2, 6 n=3, 6/9–13 n=4..8,
    # pause 6/16–6/18 (3 working days), 6/19 n=9, 6/20 n=10, 6/23–27 n=11..15, 6/30 n=16,
    # 7/1 n=17, 7/2 n=18, 7/3 n=19, 7/4 n=20. (Without the pause: 7/1.)
    r = clock(received(D(2025, 6, 3)), *pause("third_party", D(2025, 6, 16), D(2025, 6, 18)))
    assert r.base_due == D(2025, 7, 1)
    assert r.due == D(2025, 7, 4)
    assert not r.paused
    day = next(d for d in r.explain() if d.date == D(2025, 6, 17))
    assert day == ClockDay(D(2025, 6, 17), False, None, "征求第三方意见（暂停计算）")


def test_it_skips_only_the_working_days_of_a_pause_over_a_weekend():
    # Pause Fri 6/13 – Mon 6/16 holds two working days: 6/9–12 n=4..7, 6/17–20 n=8..11,
    # 6/23–27 n=12..16, 6/30 n=17, 7/1 n=18, 7/2 n=19, 7/3 n=20.
    r = clock(received(D(2025, 6, 3)), *pause("agency", D(2025, 6, 13), D(2025, 6, 16)))
    assert r.due == D(2025, 7, 3)


def test_it_counts_overlapping_pauses_once():
    # third_party 6/16–6/18 and agency 6/17–6/19: 4 working days 6/16–6/19 held → 7/1 + 4 = 7/7
    # (7/2 n=17, 7/3 n=18, 7/4 n=19, 7/7 Mon n=20).
    r = clock(received(D(2025, 6, 3)), *pause("third_party", D(2025, 6, 16), D(2025, 6, 18)),
              *pause("agency", D(2025, 6, 17), D(2025, 6, 19)))
    assert r.due == D(2025, 7, 7)


def test_it_pauses_for_the_fee_only_when_the_policy_says_so():
    events = [received(D(2025, 6, 3)), *pause("fee", D(2025, 6, 16), D(2025, 6, 18))]
    assert compute(events, cal, fee_pauses_clock=True).due == D(2025, 7, 4)  # as the third party above
    off = compute(events, cal, fee_pauses_clock=False)
    assert off.due == D(2025, 7, 1)  # the plain 20th working day
    day = next(d for d in off.explain() if d.date == D(2025, 6, 17))
    assert day.counted and day.ordinal == 10
    assert day.reason == "工作日；等待缴费（按本机关设置不暂停计算）"


def test_it_has_no_due_date_while_a_pause_is_open():
    # 6/4–6/13 are n=1..8; the pause from 6/16 is still open.
    r = clock(received(D(2025, 6, 3)), *pause("third_party", D(2025, 6, 16)))
    assert r.paused
    assert r.due is None
    assert r.open_pause_kinds == ("third_party",)
    assert (r.days_used, r.days_allowed) == (8, 20)
    assert r.base_due == D(2025, 7, 1)
    assert r.explain()[-1] == ClockDay(D(2025, 6, 16), False, None, "征求第三方意见（暂停计算）")


def test_it_ignores_an_open_fee_pause_when_the_fee_does_not_pause_the_clock():
    r = compute([received(D(2025, 6, 3)), *pause("fee", D(2025, 6, 16))], cal, fee_pauses_clock=False)
    assert not r.paused
    assert r.due == D(2025, 7, 1)


def test_it_extends_after_a_pause():
    # 2025-01-20, pause 2/10–2/12 (Mon–Wed, 3 working days), extension 20: 3/21 + 3 → 3/24, 25, 26.
    r = clock(received(D(2025, 1, 20)), *pause("third_party", D(2025, 2, 10), D(2025, 2, 12)),
              Event("extended", D(2025, 2, 20), working_days=20))
    assert r.base_due == D(2025, 2, 21)
    assert r.due == D(2025, 3, 26)


@pytest.mark.parametrize("events, message", [
    ([Event("pause_ended", D(2025, 6, 18), kind="fee")], "没有对应的开始日期"),
    ([*pause("fee", D(2025, 6, 16)), Event("pause_started", D(2025, 6, 17), kind="fee")], "重复开始"),
    ([Event("pause_started", D(2025, 5, 1), kind="agency")], "早于收到申请日期"),
])
def test_it_refuses_impossible_pauses(events, message):
    with pytest.raises(ValueError, match=message):
        clock(received(D(2025, 6, 3)), *events)


def test_a_message_names_the_event_in_chinese_not_by_its_internal_type():
    with pytest.raises(ValueError) as caught:
        clock(received(D(2025, 6, 3)), Event("pause_started", D(2025, 5, 1), kind="agency"))
    message = str(caught.value)
    assert "事件“开始暂停计算（征求其他机关意见）”（2025-05-01）早于收到申请日期 2025-06-03" in message
    assert not re.search(r"[a-z_]{4,}", message), message
    with pytest.raises(ValueError) as caught:
        Event("extended", "2025-06-03", working_days=5)
    assert "事件“延长答复期限”的日期无效" in str(caught.value)
    assert "extended" not in str(caught.value)


def test_it_refuses_an_unknown_pause_kind():
    with pytest.raises(ValueError, match="暂停计算的类型"):
        Event("pause_started", D(2025, 6, 16), kind="lunch")


# -- extension limits (第三十三条) -------------------------------------------------------------


@pytest.mark.parametrize("n, message", [(21, "最长不得超过20个工作日"), (0, "正整数"), (-3, "正整数")])
def test_it_refuses_a_bad_extension(n, message):
    with pytest.raises(ValueError, match=message):
        clock(received(D(2025, 1, 20)), Event("extended", D(2025, 2, 10), working_days=n))


def test_it_refuses_a_second_extension():
    with pytest.raises(ValueError, match="只能延长一次"):
        clock(received(D(2025, 1, 20)), Event("extended", D(2025, 2, 10), working_days=5),
              Event("extended", D(2025, 2, 11), working_days=5))


def test_it_warns_about_an_extension_decided_after_the_base_due_date():
    r = clock(received(D(2025, 1, 20)), Event("extended", D(2025, 2, 24), working_days=5))
    # 2/24–28 n=21..25
    assert r.due == D(2025, 2, 28)
    assert any("晚于原答复期限 2025-02-21" in w for w in r.warnings)


# -- 第三十五条 --------------------------------------------------------------------------------


def test_it_lets_the_article_35_date_override_the_due_date():
    # Statutory: 2025-06-03 → 7/1 (see above); the agency set 2025-08-29.
    r = clock(received(D(2025, 6, 3)), Event("delayed_reply", D(2025, 6, 20), due_on=D(2025, 8, 29)))
    assert r.statutory_due == D(2025, 7, 1)
    assert r.due == D(2025, 8, 29)
    assert r.delayed_reply_due == D(2025, 8, 29)
    days = r.explain()
    assert days[-1] == ClockDay(D(2025, 8, 29), False, None, "第三十五条延迟答复期限")
    assert next(d for d in days if d.date == D(2025, 7, 2)).reason == "第三十五条延迟答复期限"


def test_it_refuses_an_article_35_date_without_a_date():
    with pytest.raises(ValueError, match="due_on"):
        Event("delayed_reply", D(2025, 6, 20))


# -- provisional years -------------------------------------------------------------------------


def test_it_flags_a_due_date_in_a_year_without_an_official_arrangement():
    # 2026-12-20 (Sun): 12/21–25 n=1..5, 12/28 n=6, 29 n=7 (notice due), 30 n=8, 31 n=9,
    # 2027-01-01 off (provisional 元旦), 1/4–8 n=10..14, 1/11–15 n=15..19, 1/18 n=20.
    r = clock(received(D(2026, 12, 20)))
    assert r.correction_notice_due == D(2026, 12, 29)
    assert r.due == D(2027, 1, 18)
    assert r.provisional
    assert r.provisional_years == {2027}
    assert next(d for d in r.explain() if d.date == D(2027, 1, 1)).reason == "放假（元旦，暂定：无该年官方安排）"


def test_it_is_not_provisional_once_the_year_is_entered():
    c = WorkCalendar(overrides={D(2027, 1, 1): False}, known_years=[2027])
    r = compute([received(D(2026, 12, 20))], c)
    assert r.due == D(2027, 1, 18)
    assert not r.provisional


# -- event input -------------------------------------------------------------------------------


def test_it_accepts_tuples_and_mappings_in_any_order():
    r = compute([("extended", D(2025, 2, 14), {"working_days": 20}),
                 {"type": "received", "on": D(2025, 1, 20)}], cal)
    assert r.due == D(2025, 3, 21)


@pytest.mark.parametrize("events, message", [
    ([], "缺少“收到申请”"),
    ([received(D(2025, 1, 20)), received(D(2025, 1, 21))], "只有一个"),
    ([received(D(2025, 1, 20)), Event("correction_received", D(2025, 1, 22))], "要求补正"),
])
def test_it_refuses_an_impossible_history(events, message):
    with pytest.raises(ValueError, match=message):
        compute(events, cal)


# -- properties --------------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402 - hypothesis is in the test extra
from hypothesis import strategies as st  # noqa: E402

receipts = st.dates(min_value=D(2024, 1, 1), max_value=D(2026, 10, 31))


@settings(max_examples=100, deadline=None, database=None)
@given(receipts, st.integers(0, 40), st.integers(0, 30), st.sampled_from(["third_party", "agency", "fee"]))
def test_it_never_moves_the_due_date_earlier_for_a_pause(receipt, offset, length, kind):
    start = receipt + timedelta(days=offset)
    plain = clock(received(receipt)).due
    paused = clock(received(receipt), *pause(kind, start, start + timedelta(days=length))).due
    assert paused >= plain
    # and it moves it by exactly the paused working days that fell inside the period
    held = sum(1 for i in range(length + 1)
               if cal.is_workday(start + timedelta(days=i)) and receipt < start + timedelta(days=i) <= paused)
    assert cal.workdays_between(receipt, paused) == 20 + held


@settings(max_examples=100, deadline=None, database=None)
@given(receipts, st.integers(1, 20))
def test_it_never_extends_beyond_20_working_days_after_the_base_due_date(receipt, n):
    r = clock(received(receipt), Event("extended", receipt + timedelta(days=1), working_days=n))
    assert r.due == cal.add_workdays(r.base_due, n)
    assert r.due <= cal.add_workdays(r.base_due, 20)
    assert cal.workdays_between(r.base_due, r.due) == n
