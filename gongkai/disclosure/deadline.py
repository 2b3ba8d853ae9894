"""The deadline panel of one application as of today — the one place the case page, the track
page and the API get "已用 / 剩余 / 暂停 / 期限 / 为什么" from (arithmetic: ``rules.clock.as_of``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from gongkai.accounts.holidays import current_calendar
from gongkai.portal.dates import prose
from gongkai.rules import clock as rules_clock

from . import actions
from .models import Application, ConsultationParty, EventType, Status


@dataclass(frozen=True)
class Deadline:
    result: rules_clock.ClockResult
    today: rules_clock.ClockToday
    reasons: tuple[str, ...]  # why the due date is what it is, in order
    correction_notice_hint: bool  # the 补正 notice window is still open (no correction requested yet)


def _reasons(app: Application, result: rules_clock.ClockResult) -> list[str]:
    out = [f"{prose(result.original_received)}收到申请（条例第三十一条），次日起计算{rules_clock.REPLY_WORKING_DAYS}个工作日（条例第三十三条）。"]
    for e in actions._handling_events(app):
        d = e.data or {}
        if e.type == EventType.REOPENED:
            out.append(f"{prose(e.date)}重新办理，答复期限自次日起重新计算。")
        elif e.type == EventType.CORRECTION_REQUESTED:
            out.append(f"{prose(e.date)}告知补正，收到补正申请前答复期限不计算（条例第三十条）。")
        elif e.type == EventType.CORRECTION_RECEIVED:
            out.append(f"{prose(e.date)}收到补正申请，答复期限自次日起重新计算{rules_clock.REPLY_WORKING_DAYS}个工作日。")
        elif e.type == EventType.CONSULTATION_STARTED:
            party = ConsultationParty(d["party"]).label if d.get("party") in ConsultationParty.values else "有关方面"
            out.append(f"{prose(e.date)}开始征求{party}意见，征求意见期间不计算（条例第三十三条第三款）。")
        elif e.type == EventType.CONSULTATION_ENDED:
            out.append(f"{prose(e.date)}征求意见结束，次日起恢复计算。")
        elif e.type == EventType.FEE_NOTIFIED:
            out.append(f"{prose(e.date)}发出收费通知，等待缴费期间暂停计算。")
        elif e.type == EventType.LETTER_RECEIVED:
            if d.get("letter") == "fee_notice":
                out.append(f"{prose(e.date)}申请人收到收费通知，缴费期限至{_prose_iso(d.get('ends_on'))}"
                           "（收到次日起20个工作日，国办函〔2020〕109号）。")
            else:
                party = ConsultationParty(d["party"]).label if d.get("party") in ConsultationParty.values else "对方"
                out.append(f"{prose(e.date)}{party}收到征求意见书，提出意见的期限至{_prose_iso(d.get('ends_on'))}"
                           "（收到之日起15个工作日，条例第三十二条、第三十四条）。")
        elif e.type == EventType.FEE_PAID:
            out.append(f"{prose(e.date)}申请人缴费，次日起恢复计算。")
        elif e.type == EventType.EXTENDED:
            out.append(f"{prose(e.date)}经负责人同意延长{d.get('working_days')}个工作日（条例第三十三条第二款）。")
        elif e.type == EventType.DELAYED_REPLY_SET:
            out.append(f"{prose(e.date)}确定延迟答复期限至{prose(d.get('reply_by'))}（条例第三十五条）。")
    return out


def for_application(app: Application, today: date) -> Deadline | None:
    """``None`` before receipt (or for an impossible history, which the actions refuse anyway)."""
    try:
        result = actions.clock_for(app)
    except ValueError:
        return None
    if result is None:
        return None
    if app.is_closed and app.decided_on:
        today = min(today, app.decided_on)  # a closed case: where the clock stood at the reply
    now = rules_clock.as_of(result, today, current_calendar())
    hint = (app.status == Status.IN_PROGRESS and result.correction_requested_on is None and not app.reopened_on
            and today <= result.correction_notice_due)
    return Deadline(result=result, today=now, reasons=tuple(_reasons(app, result)), correction_notice_hint=hint)


def provisional_years(app: Application, calendar) -> tuple[int, ...]:
    """A list's cheap reading of "the due date is provisional" (no events read per row): the years
    without an entered holiday arrangement that the period from the clock's start to the due date
    touches; ``()`` for a closed case or one whose clock has not started."""
    if app.is_closed or not app.clock_started_on or not app.due_on:
        return ()
    return tuple(sorted(calendar.provisional_years(app.clock_started_on + timedelta(days=1), app.due_on)))


def _prose_iso(value: str | None) -> str:
    """An ISO date kept in an event's data, written as prose (2026年12月2日)."""
    return prose(date.fromisoformat(value)) if value else "（未记录）"
