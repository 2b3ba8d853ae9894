"""The clock as of today (``clock.as_of``) — expectations worked out by hand from domain.md §5
with the official 2025 arrangement (春节 1/28–2/4, 调休 1/26 and 2/8 are working days)."""

from datetime import date as D

from gongkai.rules.calendar import WorkCalendar
from gongkai.rules.clock import Event, as_of, compute

cal = WorkCalendar()


def today(events, on):
    return as_of(compute(events, cal), on, cal)


RECEIVED = Event("received", D(2025, 1, 20))  # Mon; due 2025-02-21 (see test_clock.py)


def test_on_the_day_of_receipt_nothing_is_used():
    t = today([RECEIVED], D(2025, 1, 20))
    assert (t.elapsed, t.remaining, t.paused, t.overdue_by) == (0, 20, 0, 0)
    assert t.due == D(2025, 2, 21) and t.running


def test_it_counts_working_days_across_the_spring_festival():
    # 1/21–24 n=1..4, 1/26 (Sun, 调休) n=5, 1/27 n=6, 1/28–2/4 off, 2/5 n=7
    t = today([RECEIVED], D(2025, 2, 4))
    assert (t.elapsed, t.remaining) == (6, 14)
    t = today([RECEIVED], D(2025, 2, 5))
    assert (t.elapsed, t.remaining) == (7, 13)


def test_on_the_due_date_all_is_used_and_after_it_the_case_is_overdue_by_working_days():
    assert (today([RECEIVED], D(2025, 2, 21)).elapsed, today([RECEIVED], D(2025, 2, 21)).remaining) == (20, 0)
    # 2/22 Sat, 2/23 Sun, 2/24 Mon, 2/25 Tue → 2 working days late
    t = today([RECEIVED], D(2025, 2, 25))
    assert (t.elapsed, t.remaining, t.overdue_by) == (20, 0, 2)


def test_a_closed_pause_is_counted_as_paused_days():
    # received 2025-06-03 (Tue): 6/4–6 n=1..3, 6/9–13 n=4..8, pause 6/16–18 (3 working days),
    # 6/19 n=9, 6/20 n=10 → on 6/20: 10 used, 10 left, 3 paused; due 7/4 (test_clock.py)
    events = [Event("received", D(2025, 6, 3)), Event("pause_started", D(2025, 6, 16), kind="third_party"),
              Event("pause_ended", D(2025, 6, 18), kind="third_party")]
    t = today(events, D(2025, 6, 20))
    assert (t.elapsed, t.remaining, t.paused) == (10, 10, 3) and t.due == D(2025, 7, 4)


def test_an_open_pause_holds_the_period_and_keeps_counting_paused_days():
    # pause from 6/16 still open on 6/24 (Tue): 6/16–20 and 6/23–24 = 7 paused working days
    events = [Event("received", D(2025, 6, 3)), Event("pause_started", D(2025, 6, 16), kind="agency")]
    t = today(events, D(2025, 6, 24))
    assert (t.elapsed, t.remaining, t.paused, t.running) == (8, 12, 7, False) and t.due is None


def test_after_a_correction_the_period_restarts_from_the_corrected_application():
    # corrected application 2025-02-10 (Mon): 2/11–14 n=1..4 → on 2/14: 4 used, 16 left
    events = [RECEIVED, Event("correction_requested", D(2025, 1, 22)), Event("correction_received", D(2025, 2, 10))]
    t = today(events, D(2025, 2, 14))
    assert (t.elapsed, t.remaining, t.paused) == (4, 16, 0) and t.running


def test_while_awaiting_correction_the_period_has_not_started():
    events = [RECEIVED, Event("correction_requested", D(2025, 1, 22))]
    t = today(events, D(2025, 2, 14))
    assert t.remaining is None and t.elapsed == 0 and not t.running and t.due is None


def test_an_extension_lengthens_the_period():
    # extended by 20 on 2/14: period 40, due 3/21; on 2/21 (n=20) 20 used, 20 left
    events = [RECEIVED, Event("extended", D(2025, 2, 14), working_days=20)]
    t = today(events, D(2025, 2, 21))
    assert (t.allowed, t.elapsed, t.remaining) == (40, 20, 20) and t.due == D(2025, 3, 21)
