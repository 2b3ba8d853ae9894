"""The law's periods — expected dates counted by hand on the 2025/2026 holiday notices (domain.md §5.3)."""

from datetime import date as D

from gongkai.rules.calendar import WorkCalendar
from gongkai.rules.periods import (annual_report_deadline, consultation_reply_by, due_soon_until, payment_due,
                                   publication_due, publication_is_late)

cal = WorkCalendar()


def test_it_gives_the_third_party_15_working_days_across_national_day():
    # received 2025-09-22 (Mon): 9/23–26 = 1–4, 9/28 (Sun, 上班) = 5, 9/29–30 = 6–7, 10/1–8 off,
    # 10/9 = 8, 10/10 = 9, 10/11 (Sat, 上班) = 10, 10/13–17 = 11–15
    assert consultation_reply_by(D(2025, 9, 22), cal) == D(2025, 10, 17)


def test_it_gives_the_applicant_20_working_days_to_pay_across_spring_festival():
    # domain.md §5.2: received 2026-02-10 → 20th working day 2026-03-16
    assert payment_due(D(2026, 2, 10), cal) == D(2026, 3, 16)


def test_it_puts_the_publication_limit_on_the_20th_working_day():
    # formed 2025-01-20 → 20th working day 2025-02-21 (domain.md §5.2 example)
    assert publication_due(D(2025, 1, 20), cal) == D(2025, 2, 21)
    assert not publication_is_late(D(2025, 1, 20), D(2025, 2, 21), cal)
    assert publication_is_late(D(2025, 1, 20), D(2025, 2, 24), cal)  # 2/22–23 weekend; 2/24 = 21st


def test_it_warns_five_working_days_ahead():
    # 2026-09-28 (Mon) + 5: 9/29, 9/30, 10/1–7 off, 10/8 (Thu), 10/9 (Fri), 10/10 (Sat, 上班)
    assert due_soon_until(D(2026, 9, 28), cal) == D(2026, 10, 10)


def test_it_sets_the_annual_report_deadlines_of_article_49():
    assert annual_report_deadline(2025, government=False) == D(2026, 1, 31)
    assert annual_report_deadline(2025, government=True) == D(2026, 3, 31)
    assert annual_report_deadline(2024, government=False) == D(2025, 1, 31)


def test_waiting_since_counts_working_days_back_over_weekends_and_holidays():
    from datetime import date as D

    from gongkai.rules.calendar import WorkCalendar
    from gongkai.rules.periods import waiting_since

    cal = WorkCalendar()
    # 2025-10-09 (Thu): 10/1–8 are the 国庆/中秋 holiday, 9/28 (Sun) and 10/11 (Sat) 调休 working days.
    # (d, 10/9] holds 1 working day for d = 10/8 … 9/28's next day → latest d is 10/8.
    assert waiting_since(D(2025, 10, 9), 1, cal) == D(2025, 10, 8)
    # 3 working days back from 10/9: 10/9, 9/30, 9/29 → d = 9/28 (a working Sunday, not counted in (d, …])
    assert waiting_since(D(2025, 10, 9), 3, cal) == D(2025, 9, 28)
    # Monday 2025-03-10: 3/10, 3/7, 3/6 → d = 3/5
    assert waiting_since(D(2025, 3, 10), 3, cal) == D(2025, 3, 5)
    assert cal.workdays_between(D(2025, 3, 5), D(2025, 3, 10)) == 3
    assert cal.workdays_between(D(2025, 3, 6), D(2025, 3, 10)) == 2


# -- periods that run from the receipt of a letter (第三十二条, 国办函〔2020〕109号) ----------------

def test_a_posted_consultation_letter_runs_from_its_receipt_across_national_day():
    from gongkai.rules.periods import letter_period

    # sent Wed 2025-09-24 by post, receipt not recorded: usually 3 working days — 9/25, 9/26,
    # 9/28 (Sun, 上班) — so provisionally received 9/28; 15 working days: 9/29–30 (2), 10/1–8 off,
    # 10/9–10 (4), 10/11 (Sat, 上班) (5), 10/13–17 (10), 10/20–24 (15)
    p = letter_period(15, sent_on=D(2025, 9, 24), via="post", calendar=cal)
    assert p.provisional and p.counted_from == D(2025, 9, 28) and p.ends_on == D(2025, 10, 24)
    assert "暂定" in p.note and "2025年9月28日" in p.note
    # the third party signed for it on Mon 9/29: 9/30 (1), 10/9–11 (4), 10/13–17 (9), 10/20–24 (14), 10/27 (15)
    p = letter_period(15, sent_on=D(2025, 9, 24), via="post", received_on=D(2025, 9, 29), calendar=cal)
    assert not p.provisional and p.ends_on == D(2025, 10, 27) and "暂定" not in p.note


def test_an_emailed_fee_notice_runs_from_the_day_after_receipt_across_spring_festival():
    from gongkai.rules.periods import letter_period

    # sent Mon 2026-02-09 by e-mail: provisionally received the next working day, 2/10; domain.md
    # §5.2: received 2026-02-10 → 20th working day 2026-03-16
    p = letter_period(20, sent_on=D(2026, 2, 9), via="electronic", calendar=cal)
    assert p.counted_from == D(2026, 2, 10) and p.ends_on == D(2026, 3, 16)
    # the applicant opened it on Fri 2/13: 2/14 (Sat, 上班) (1), 2/15–23 off, 2/24–27 (5),
    # 2/28 (Sat, 上班) (6), 3/2–6 (11), 3/9–13 (16), 3/16–19 (20)
    p = letter_period(20, sent_on=D(2026, 2, 9), via="electronic", received_on=D(2026, 2, 13), calendar=cal)
    assert p.ends_on == D(2026, 3, 19)


def test_a_letter_handed_over_counts_from_the_send_day_and_the_usual_days_are_a_setting():
    from gongkai.rules.periods import letter_period

    # handed over Tue 2025-09-30: 10/9–11 (3), 10/13–17 (8), 10/20–24 (13), 10/27–28 (15)
    p = letter_period(15, sent_on=D(2025, 9, 30), via="in_person", calendar=cal)
    assert p.counted_from == D(2025, 9, 30) and p.ends_on == D(2025, 10, 28) and "发出当日" in p.note
    # an agency that takes 5 working days for post: 2025-09-24 → 9/25, 9/26, 9/28, 9/29, 9/30
    p = letter_period(15, sent_on=D(2025, 9, 24), via="post", calendar=cal, usual_delivery={"post": 5})
    assert p.counted_from == D(2025, 9, 30)


def test_it_refuses_an_unknown_channel_and_a_receipt_before_the_letter_was_sent():
    import pytest

    from gongkai.rules.periods import letter_period

    with pytest.raises(ValueError, match="送达方式"):
        letter_period(15, sent_on=D(2025, 9, 24), via="pigeon", calendar=cal)
    with pytest.raises(ValueError, match="早于发出日期"):
        letter_period(15, sent_on=D(2025, 9, 24), via="post", received_on=D(2025, 9, 23), calendar=cal)
