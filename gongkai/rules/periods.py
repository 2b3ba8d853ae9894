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

The first two run from the day the addressee *receives* the letter, not the day it went out
(:func:`letter_period`). Until that day is recorded, the period is provisional: it is counted from
the send date plus the channel's usual delivery time (:data:`USUAL_DELIVERY_WORKING_DAYS` — the
project's own estimate, UNCONFIRMED; ``settings.LETTER_DELIVERY_WORKING_DAYS`` may change it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
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


#: how a letter reaches its addressee (送达方式)
DELIVERY_CHANNELS = {"in_person": "当面", "post": "邮寄", "electronic": "电子"}

#: working days a letter usually takes to arrive, used until its receipt is recorded. The
#: project's choice, UNCONFIRMED (no rule fixes it): handed over the same day; an e-mail or
#: platform message read by the next working day; a letter by post within 3 working days.
USUAL_DELIVERY_WORKING_DAYS = {"in_person": 0, "electronic": 1, "post": 3}


@dataclass(frozen=True)
class LetterPeriod:
    """A period that runs from the addressee's receipt of a letter (第三十二条、109号)."""

    working_days: int
    sent_on: date
    via: str
    received_on: date | None  # the recorded receipt; None while not recorded
    counted_from: date  # the receipt, or while not recorded the expected receipt
    ends_on: date

    @property
    def provisional(self) -> bool:
        return self.received_on is None

    @property
    def note(self) -> str:
        if not self.provisional:
            return f"对方于{_prose(self.received_on)}收到（{DELIVERY_CHANNELS[self.via]}），期限自次日起计算。"
        days = (self.counted_from - self.sent_on).days
        usual = f"按{DELIVERY_CHANNELS[self.via]}送达通常需要的时间估算为{_prose(self.counted_from)}收到" \
            if days else f"按{DELIVERY_CHANNELS[self.via]}送达估算为发出当日收到"
        return f"暂定：对方收到日期尚未登记，{usual}；登记收到日期后按实际收到日期重新计算。"


def letter_period(working_days: int, *, sent_on: date, via: str, calendar: WorkCalendar,
                  received_on: date | None = None,
                  usual_delivery: Mapping[str, int] = USUAL_DELIVERY_WORKING_DAYS) -> LetterPeriod:
    """``working_days`` counted from the day after the letter's receipt; while the receipt is not
    recorded, from ``sent_on`` plus the channel's usual delivery (a provisional result)."""
    if via not in DELIVERY_CHANNELS:
        raise ValueError(f"送达方式应为 {'、'.join(DELIVERY_CHANNELS)} 之一，收到：{via!r}")
    if received_on is not None and received_on < sent_on:
        raise ValueError(f"收到日期 {received_on.isoformat()} 早于发出日期 {sent_on.isoformat()}。")
    if received_on is not None:
        counted_from = received_on
    else:
        delay = usual_delivery.get(via, USUAL_DELIVERY_WORKING_DAYS[via])
        counted_from = calendar.add_workdays(sent_on, delay) if delay else sent_on
    return LetterPeriod(working_days=working_days, sent_on=sent_on, via=via, received_on=received_on,
                        counted_from=counted_from, ends_on=calendar.add_workdays(counted_from, working_days))


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


def _prose(d) -> str:
    """2026年3月5日, as the portal writes dates in sentences (``portal.dates.prose``; rules import no portal)."""
    return f"{d.year}年{d.month}月{d.day}日"
