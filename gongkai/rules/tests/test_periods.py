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
