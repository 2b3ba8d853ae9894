"""The law's periods outside one application's clock, named once (the clock's own are in clock.py).

- 第三十二条 / 第三十四条: a third party or a co-producing agency replies within 15 working days
  of receiving the 征求意见书.
- 国办函〔2020〕109号 (as restated by the provincial notices, domain.md §3.4): the applicant pays
  within 20 working days from the day after receiving the 收费通知.
- 第二十六条: proactive information is published within 20 working days of being formed or changed.
- 第四十九条: a department publishes its annual report by 1月31日, a government's disclosure office
  its government's report by 3月31日 (of the following year).
- Policy, not law: a case is "due soon" within 5 working days of its due date.
- Policy, not law: an online (or fax, ordinary-mail) application not confirmed after 1 working
  day is flagged on the work list, after 3 working days the head is alerted — the receipt date is
  the day both sides confirm (第三十一条), so an unconfirmed application is the one most at risk.

Every period counts from the day after its start day (domain.md §5.1), as ``add_workdays`` does.
"""

from __future__ import annotations

from datetime import date

from .calendar import WorkCalendar

CONSULTATION_REPLY_WORKING_DAYS = 15  # 条例第三十二条、第三十四条
PAYMENT_WORKING_DAYS = 20  # 国办函〔2020〕109号：收到收费通知次日起20个工作日内
PUBLICATION_LIMIT_WORKING_DAYS = 20  # 条例第二十六条
DUE_SOON_WORKING_DAYS = 5  # the platform's own warning threshold (not law)
UNCONFIRMED_WARNING_WORKING_DAYS = 1  # policy: flag on the work list
UNCONFIRMED_ALERT_WORKING_DAYS = 3  # policy: alert the head


def consultation_reply_by(received_on: date, calendar: WorkCalendar) -> date:
    """Last day for the third party's (or other agency's) opinion."""
    return calendar.add_workdays(received_on, CONSULTATION_REPLY_WORKING_DAYS)


def payment_due(received_on: date, calendar: WorkCalendar) -> date:
    """Last day to pay the 信息处理费; unpaid after it, the application is deemed abandoned."""
    return calendar.add_workdays(received_on, PAYMENT_WORKING_DAYS)


def publication_due(formed_on: date, calendar: WorkCalendar) -> date:
    """Last day to publish proactive information formed or changed on ``formed_on``."""
    return calendar.add_workdays(formed_on, PUBLICATION_LIMIT_WORKING_DAYS)


def publication_is_late(formed_on: date, published_on: date, calendar: WorkCalendar) -> bool:
    return calendar.workdays_between(formed_on, published_on) > PUBLICATION_LIMIT_WORKING_DAYS


def due_soon_until(today: date, calendar: WorkCalendar) -> date:
    """Cases due on or before this day (and not overdue) are "due soon"."""
    return calendar.add_workdays(today, DUE_SOON_WORKING_DAYS)


def annual_report_deadline(year: int, *, government: bool) -> date:
    """Last day to publish the report for ``year`` (第四十九条; 1月31日 is taken as allowed)."""
    return date(year + 1, 3, 31) if government else date(year + 1, 1, 31)


def waiting_since(today: date, working_days: int, calendar: WorkCalendar) -> date:
    """The latest day ``d`` with at least ``working_days`` working days in (d, today]: anything
    submitted on or before it has waited that long."""
    d, seen = today, 0
    while seen < working_days:
        if calendar.is_workday(d):
            seen += 1
        d = d.fromordinal(d.toordinal() - 1)
    return d
