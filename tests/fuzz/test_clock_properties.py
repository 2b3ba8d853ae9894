"""Property tests of the statutory clock (gongkai.rules.clock) over arbitrary histories: several
pauses of every kind, a correction, an extension, in any order. They add to the hand-checked
cases and the single-pause properties in gongkai/rules/tests/test_clock.py.

* any history either gives a result or a Chinese ValueError — nothing else;
* a pause never makes a deadline earlier, whatever else happened;
* an extension is never beyond 20 working days, and more than 20 is refused;
* a fee pause changes nothing when the policy says the fee does not stop the clock.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gongkai.rules.calendar import WorkCalendar
from gongkai.rules.clock import Event, compute

cal = WorkCalendar()
KINDS = ["third_party", "agency", "fee"]
FAST = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

receipts = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 10, 31))


@st.composite
def histories(draw, *, with_extension=True):
    """A receipt, then any of: closed or open pauses, a correction, an extension, a 第三十五条 date."""
    receipt = draw(receipts)
    events = [Event("received", receipt)]
    day = lambda: receipt + timedelta(days=draw(st.integers(0, 60)))  # noqa: E731
    for kind in draw(st.lists(st.sampled_from(KINDS), max_size=4)):
        start = day()
        events.append(Event("pause_started", start, kind=kind))
        if draw(st.booleans()):
            events.append(Event("pause_ended", start + timedelta(days=draw(st.integers(0, 30))), kind=kind))
    if draw(st.booleans()):
        asked = day()
        events.append(Event("correction_requested", asked))
        if draw(st.booleans()):
            events.append(Event("correction_received", asked + timedelta(days=draw(st.integers(0, 20)))))
    if with_extension and draw(st.booleans()):
        events.append(Event("extended", day(), working_days=draw(st.integers(-2, 25))))
    if draw(st.integers(0, 9)) == 0:
        decided = day()
        events.append(Event("delayed_reply", decided, due_on=decided + timedelta(days=draw(st.integers(-5, 90)))))
    return draw(st.permutations(events))


def result_or_none(events, **kwargs):
    try:
        return compute(events, cal, **kwargs)
    except ValueError as e:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(e)), f"not a Chinese message: {e}"
        return None


@FAST
@given(histories())
def test_it_answers_any_history_with_a_result_or_a_chinese_error(events):
    r = result_or_none(events)
    if r is not None and r.statutory_due is not None:  # (a 第三十五条 date is whatever was agreed)
        assert r.statutory_due > r.received
        assert r.days_used <= r.days_allowed


@FAST
@given(histories(), st.sampled_from(KINDS), st.integers(0, 80), st.integers(0, 30))
def test_it_never_makes_a_deadline_earlier_for_another_pause(events, kind, offset, length):
    before = result_or_none(events)
    assume(before is not None and before.statutory_due is not None)
    receipt = next(e.on for e in events if e.type == "received")
    start = receipt + timedelta(days=offset)
    after = result_or_none([*events, Event("pause_started", start, kind=kind),
                            Event("pause_ended", start + timedelta(days=length), kind=kind)])
    assume(after is not None)  # e.g. overlaps an open pause of the same kind: refused, fine
    if after.statutory_due is not None:
        assert after.statutory_due >= before.statutory_due


@FAST
@given(histories(with_extension=False), st.integers(1, 40), st.integers(0, 40))
def test_it_never_extends_beyond_20_working_days(events, n, offset):
    before = result_or_none(events)
    assume(before is not None and before.statutory_due is not None)
    receipt = next(e.on for e in events if e.type == "received")
    extended = [*events, Event("extended", receipt + timedelta(days=offset), working_days=n)]
    if n > 20:
        try:
            compute(extended, cal)
        except ValueError as e:
            assert "20" in str(e)
        else:
            raise AssertionError(f"an extension of {n} working days was accepted")
        return
    after = result_or_none(extended)
    assume(after is not None and after.statutory_due is not None)
    assert after.statutory_due >= before.statutory_due
    assert after.days_allowed == before.days_allowed + n <= 40  # 20 + at most 20 (条例第三十三条)
    assert after.extension_working_days == n
    if not any(e.type.startswith("pause") for e in events):  # no paused days to add: exactly n later
        assert cal.workdays_between(before.statutory_due, after.statutory_due) == n


@FAST
@given(histories())
def test_it_ignores_fee_pauses_when_the_fee_does_not_stop_the_clock(events):
    with_fee = result_or_none(events, fee_pauses_clock=False)
    without_fee = result_or_none([e for e in events if e.kind != "fee"], fee_pauses_clock=False)
    assume(with_fee is not None and without_fee is not None)
    assert with_fee.statutory_due == without_fee.statutory_due
