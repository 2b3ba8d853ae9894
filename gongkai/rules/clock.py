"""The statutory clock of one 政府信息公开申请 as a pure function of its events — domain.md §5.2.

Law (条例, 2019): 第三十一条 fixes the receipt date per channel; 第三十条 补正 (notice within 7
working days of receipt, the reply period restarts from receipt of the corrected application);
第三十三条 20 working days, one extension of at most 20 more, consultation time not counted
(第三十二条 third parties, 第三十四条 other agencies); 第三十五条 an agency-set 延迟答复 date.
The receipt day itself is never counted (民法典第二百零一条 by analogy, domain.md §5.1).

Events (:class:`Event`, or ``(type, on, data)`` tuples with ``data`` a dict of the same fields):

=====================  =========================================================================
``received``           the statutory receipt date (see :func:`received_on`). Exactly one.
``correction_requested``  the one 补正 notice was sent (``on``). At most one (“一次性告知”).
``correction_received``   the corrected application arrived: the clock restarts, received := on.
``pause_started``      ``kind`` = ``third_party`` | ``agency`` | ``fee``; ``on`` is the first day
                       not counted (e.g. the day the 征求意见书 / 收费通知 went out).
``pause_ended``        same ``kind``; ``on`` is the last day not counted (the opinion arrived / the
                       fee was paid that day). Working days from first to last day inclusive are
                       excluded. Pauses of different kinds may overlap.
``extended``           ``working_days`` (1–20) added to the period, counted on from the base due
                       date; at most one.
``delayed_reply``      第三十五条: ``due_on`` is the agency-set reply date; it replaces the due date
                       (if recorded more than once, the latest decision wins).
=====================  =========================================================================

Decisions where the law is silent (documented, tested):

* An **open pause** (started, not ended): ``paused`` is true and no due date can be fixed:
  ``due`` is ``None``; ``days_used`` / ``days_allowed`` say how much of the period is spent and
  ``open_pause_kinds`` which pause holds it. Exceptions: a pause that began after the period had
  run out changes nothing (``due`` stays, ``paused`` is still true), and a 第三十五条 date wins.
  A fee pause with ``fee_pauses_clock=False`` never sets ``paused``.
* **Awaiting correction** (notice sent, corrected application not yet in): the reply period has
  not started; ``base_due`` and ``due`` are ``None`` and ``awaiting_correction`` is true.
* **Fee pauses** count only with ``fee_pauses_clock=True`` (domain.md §3.6 is UNCONFIRMED; the
  agency setting decides). With it off, the days stay counted and ``explain`` says so.
* A late 补正 notice or an extension decided after the base due date is not refused — the event
  happened — but lands in ``warnings``.
* ``provisional`` is true when a day that decides ``due`` or ``correction_notice_due`` falls in a
  year without a known arrangement (:meth:`WorkCalendar.is_known`). A 第三十五条 date does not
  depend on the calendar, so only the 补正 notice window can make such a result provisional.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from .calendar import WorkCalendar

__all__ = [
    "CHANNELS", "CHANNEL_PROSE", "EVENT_TYPES", "EVENT_LABELS", "PAUSE_KINDS", "REPLY_WORKING_DAYS", "CORRECTION_NOTICE_WORKING_DAYS",
    "MAX_EXTENSION_WORKING_DAYS", "Event", "ClockDay", "ClockResult", "ClockToday", "received_on", "compute",
    "as_of",
]

REPLY_WORKING_DAYS = 20  # 第三十三条第二款
MAX_EXTENSION_WORKING_DAYS = 20  # 第三十三条第二款 “延长的期限最长不得超过20个工作日”
CORRECTION_NOTICE_WORKING_DAYS = 7  # 第三十条

#: 第三十一条 channels → Chinese label
CHANNELS = {
    "in_person": "当面提交",
    "post": "邮寄（需签收）",
    "ordinary_mail": "平常信函",
    "online": "互联网",
    "fax": "传真",
}

#: channel → the words a letter uses in “以{…}方式提出”: the form's “邮寄（需签收）” tells officers how
#: the day of receipt is fixed, and has no place in the applicant's letter
CHANNEL_PROSE = {**CHANNELS, "post": "邮寄"}

#: pause kind → reason shown for the excluded working days
PAUSE_KINDS = {
    "third_party": "征求第三方意见（暂停计算）",  # 第三十二条
    "agency": "征求其他机关意见（暂停计算）",  # 第三十三条第三款、第三十四条
    "fee": "等待缴费（暂停计算）",  # 国办函〔2020〕109号, policy flag
}

EVENT_TYPES = (
    "received",
    "correction_requested",
    "correction_received",
    "pause_started",
    "pause_ended",
    "extended",
    "delayed_reply",
)
_ORDER = {t: i for i, t in enumerate(EVENT_TYPES)}

#: event type → the Chinese name shown in messages (the type itself is an internal name)
EVENT_LABELS = {
    "received": "收到申请",
    "correction_requested": "告知补正",
    "correction_received": "收到补正申请",
    "pause_started": "开始暂停计算",
    "pause_ended": "结束暂停计算",
    "extended": "延长答复期限",
    "delayed_reply": "延迟答复",
}
_ONE_DAY = timedelta(days=1)


def received_on(channel: str, submitted_on: date | None = None, signed_for_on: date | None = None,
                confirmed_on: date | None = None) -> date | None:
    """The statutory receipt date (第三十一条); ``None`` while the date it rests on is unknown.

    in_person → 提交之日; post (registered, signed for) → 签收之日; ordinary_mail → 确认之日
    (the office confirms with the applicant on the day it gets the letter); online, fax →
    双方确认之日 (the submission time alone is not the receipt date).
    """
    if channel == "in_person":
        return submitted_on
    if channel == "post":
        return signed_for_on
    if channel in ("ordinary_mail", "online", "fax"):
        return confirmed_on
    raise ValueError(f"未知的申请渠道：{channel!r}（可选：{'、'.join(CHANNELS)}）")


@dataclass(frozen=True)
class Event:
    """One thing that happened to the application, as far as the clock cares."""

    type: str
    on: date
    kind: str = ""  # pause_started / pause_ended
    working_days: int = 0  # extended
    due_on: date | None = None  # delayed_reply

    @property
    def label(self) -> str:
        """The Chinese name of the event, with the pause's reason: 开始暂停计算（征求第三方意见）."""
        name = EVENT_LABELS.get(self.type, self.type)
        if self.type in ("pause_started", "pause_ended") and self.kind in PAUSE_KINDS:
            name += "（" + PAUSE_KINDS[self.kind].removesuffix("（暂停计算）") + "）"
        return name

    def __post_init__(self):
        if self.type not in _ORDER:
            raise ValueError(f"未知的事件类型：{self.type!r}")
        if not isinstance(self.on, date):
            raise ValueError(f"事件“{self.label}”的日期无效：{self.on!r}")
        if self.type in ("pause_started", "pause_ended") and self.kind not in PAUSE_KINDS:
            raise ValueError(f"暂停计算的类型应为 {'、'.join(PAUSE_KINDS)} 之一，收到：{self.kind!r}")
        if self.type == "delayed_reply" and not isinstance(self.due_on, date):
            raise ValueError("第三十五条延迟答复须写明答复日期（due_on）。")

    @classmethod
    def coerce(cls, value: Event | tuple | Mapping) -> Event:
        """An :class:`Event` from an Event, a ``(type, on[, data])`` tuple or a mapping."""
        if isinstance(value, Event):
            return value
        if isinstance(value, Mapping):
            return cls(**value)
        if isinstance(value, tuple) and len(value) in (2, 3):
            data = value[2] if len(value) == 3 and value[2] is not None else {}
            if not isinstance(data, Mapping):
                raise ValueError(f"事件数据应为字典：{value!r}")
            return cls(value[0], value[1], **data)
        raise ValueError(f"无法识别的事件：{value!r}")


@dataclass(frozen=True)
class ClockDay:
    """One calendar day of the period, for ``explain``."""

    date: date
    counted: bool
    ordinal: int | None  # the working-day number when counted
    reason: str

    def as_dict(self) -> dict:
        return {"date": self.date.isoformat(), "counted": self.counted, "ordinal": self.ordinal,
                "reason": self.reason}


@dataclass(frozen=True)
class ClockResult:
    received: date  # the date the reply period runs from (after a 补正, the corrected application)
    original_received: date
    correction_notice_due: date  # 7th working day after the original receipt
    base_due: date | None  # 20th working day after ``received``; None while awaiting correction
    statutory_due: date | None  # after extension and pauses, before a 第三十五条 date
    due: date | None  # the reply is due by the end of this day
    provisional: bool
    paused: bool  # a pause is open now
    awaiting_correction: bool = False
    correction_requested_on: date | None = None
    extension_working_days: int = 0
    delayed_reply_due: date | None = None
    open_pause_kinds: tuple[str, ...] = ()
    days_allowed: int = REPLY_WORKING_DAYS
    days_used: int = 0
    provisional_years: frozenset[int] = frozenset()
    warnings: tuple[str, ...] = ()
    days: tuple[ClockDay, ...] = field(default=(), repr=False)

    def explain(self) -> list[ClockDay]:
        """Every day from the day after the original receipt to the last date the clock examined
        (the due date, or the 第三十五条 date if later), with whether and why it counts."""
        return list(self.days)


@dataclass
class _Pause:
    kind: str
    start: date
    end: date | None = None

    def covers(self, d: date) -> bool:
        return self.start <= d and (self.end is None or d <= self.end)


def compute(events: Iterable[Event | tuple | Mapping], calendar: WorkCalendar, *,
            fee_pauses_clock: bool = True) -> ClockResult:
    """The clock of one application. Raises ``ValueError`` (Chinese) on an impossible history."""
    # By date; on one date, the receipt first, then the caller's order (a pause may end and another
    # of the same kind start on one day).
    evs = sorted((Event.coerce(e) for e in events), key=lambda e: (e.on, e.type != "received"))
    receipts = [e for e in evs if e.type == "received"]
    if len(receipts) != 1:
        raise ValueError("须有且只有一个“收到申请”事件。" if receipts else "缺少“收到申请”事件。")
    original = receipts[0].on
    received = original
    correction_requested: date | None = None
    correction_received: date | None = None
    pauses: list[_Pause] = []
    extension = 0
    extended_on: date | None = None
    delayed: date | None = None

    for e in evs:
        if e.on < original:
            raise ValueError(f"事件“{e.label}”（{e.on.isoformat()}）早于收到申请日期 {original.isoformat()}。")
        if e.type == "correction_requested":
            if correction_requested is not None:
                raise ValueError("补正只能一次性告知（条例第三十条），不能第二次要求补正。")
            correction_requested = e.on
        elif e.type == "correction_received":
            if correction_requested is None:
                raise ValueError("收到补正申请前须先有“要求补正”事件。")
            if correction_received is not None:
                raise ValueError("补正申请只能收到一次。")
            correction_received = received = e.on
        elif e.type == "pause_started":
            if any(p.kind == e.kind and p.end is None for p in pauses):
                raise ValueError(f"“{PAUSE_KINDS[e.kind]}”已在暂停中，不能重复开始。")
            pauses.append(_Pause(e.kind, e.on))
        elif e.type == "pause_ended":
            open_ = [p for p in pauses if p.kind == e.kind and p.end is None]
            if not open_:
                raise ValueError(f"{e.on.isoformat()} 结束的“{PAUSE_KINDS[e.kind]}”没有对应的开始日期。")
            open_[0].end = e.on
        elif e.type == "extended":
            if extended_on is not None:
                raise ValueError("答复期限只能延长一次（条例第三十三条）。")
            n = e.working_days
            if isinstance(n, bool) or not isinstance(n, int) or n < 1:
                raise ValueError(f"延长的工作日数应为正整数，收到：{n!r}")
            if n > MAX_EXTENSION_WORKING_DAYS:
                raise ValueError(f"延长的期限最长不得超过{MAX_EXTENSION_WORKING_DAYS}个工作日（条例第三十三条），收到：{n}。")
            extension, extended_on = n, e.on
        elif e.type == "delayed_reply":
            if e.due_on <= received:
                raise ValueError(f"延迟答复日期 {e.due_on.isoformat()} 应晚于收到申请日期。")
            delayed = e.due_on  # sorted by date: the latest decision wins

    warnings: list[str] = []
    notice_due = calendar.add_workdays(original, CORRECTION_NOTICE_WORKING_DAYS)
    if correction_requested is not None and correction_requested > notice_due:
        warnings.append(f"补正告知（{correction_requested.isoformat()}）晚于期限 {notice_due.isoformat()}（条例第三十条）。")
    deciding_ranges = [(original, notice_due)]
    awaiting = correction_requested is not None and correction_received is None
    allowed = REPLY_WORKING_DAYS + extension
    days: list[ClockDay] = []

    # Days voided by the 补正 restart (or not yet running while awaiting the corrected application).
    if correction_requested is not None:
        last_void = received if correction_received else correction_requested
        d = original + _ONE_DAY
        while d <= last_void:
            reason = ("收到补正后的申请（当日不计入，期限重新计算）" if d == correction_received
                      else "等待补正（答复期限自收到补正申请之日起计算）")
            days.append(ClockDay(d, False, None, reason))
            d += _ONE_DAY

    base_due = statutory_due = None
    used = 0
    if not awaiting:
        base_due = calendar.add_workdays(received, REPLY_WORKING_DAYS)
        if extended_on is not None and extended_on > base_due:
            warnings.append(f"延长答复期限的决定（{extended_on.isoformat()}）晚于原答复期限 {base_due.isoformat()}。")
        counting = [p for p in pauses if p.kind != "fee" or fee_pauses_clock]
        d = received
        while used < allowed:
            d += _ONE_DAY
            if not calendar.is_workday(d):
                days.append(ClockDay(d, False, None, calendar.describe(d)))
                continue
            covering = [p for p in counting if p.covers(d)]
            if covering:
                days.append(ClockDay(d, False, None, "；".join(PAUSE_KINDS[p.kind] for p in covering)))
                if any(p.end is None for p in covering):
                    break  # an open pause: the rest of the period cannot be placed yet
                continue
            used += 1
            reason = calendar.describe(d)
            if used > REPLY_WORKING_DAYS:
                reason += "；延长答复期限"
            if not fee_pauses_clock and any(p.kind == "fee" and p.covers(d) for p in pauses):
                reason += "；等待缴费（按本机关设置不暂停计算）"
            days.append(ClockDay(d, True, used, reason))
        else:
            statutory_due = d
        if delayed is None:
            deciding_ranges.append((received, d))

    due = statutory_due
    if delayed is not None:
        due = delayed
        last = days[-1].date if days else received
        d = last + _ONE_DAY
        while d <= delayed:
            days.append(ClockDay(d, False, None, "第三十五条延迟答复期限"))
            d += _ONE_DAY

    still_open = tuple(sorted({p.kind for p in pauses
                               if p.end is None and (p.kind != "fee" or fee_pauses_clock)}))
    prov_years: set[int] = set()
    for start, end in deciding_ranges:
        if end > start:
            prov_years |= calendar.provisional_years(start + _ONE_DAY, end)

    return ClockResult(
        received=received,
        original_received=original,
        correction_notice_due=notice_due,
        base_due=base_due,
        statutory_due=statutory_due,
        due=due,
        provisional=bool(prov_years),
        paused=bool(still_open),
        awaiting_correction=awaiting,
        correction_requested_on=correction_requested,
        extension_working_days=extension,
        delayed_reply_due=delayed,
        open_pause_kinds=still_open,
        days_allowed=allowed,
        days_used=used,
        provisional_years=frozenset(prov_years),
        warnings=tuple(warnings),
        days=tuple(days),
    )


@dataclass(frozen=True)
class ClockToday:
    """Where the period stands on ``today`` — what the case page and the track page show.

    ``elapsed``: working days of the period counted up to and including ``today`` (never more
    than ``allowed``); ``remaining``: working days still to run after ``today`` (``None`` while the
    period has not started, i.e. awaiting the corrected application); ``paused``: working days up
    to ``today`` not counted because of a consultation or fee pause; ``overdue_by``: working days
    after the due date up to ``today`` (0 when not overdue). On a running period without a
    第三十五条 date, ``elapsed + remaining == allowed``.
    """

    today: date
    allowed: int
    elapsed: int
    remaining: int | None
    paused: int
    overdue_by: int
    due: date | None
    running: bool  # the period is running today (not awaiting correction, not in an open pause)


def as_of(result: ClockResult, today: date, calendar: WorkCalendar) -> ClockToday:
    """The clock of ``result`` on ``today`` (pure arithmetic over the result's days)."""
    pause_reasons = set(PAUSE_KINDS.values())
    elapsed = paused = 0
    for day in result.days:
        if day.date > today:
            break
        if day.counted:
            elapsed += 1
        elif calendar.is_workday(day.date) and any(r in pause_reasons for r in day.reason.split("；")):
            paused += 1
    if result.paused and result.due is None and result.days and today > result.days[-1].date:
        # an open pause: every working day after the last day examined is paused too
        paused += calendar.workdays_between(result.days[-1].date, today)
    allowed = result.days_allowed
    overdue_by = 0
    if result.awaiting_correction:
        remaining, running = None, False
    elif result.due is None:  # an open pause holds the period
        remaining, running = allowed - elapsed, False
    elif result.delayed_reply_due is not None:
        remaining, running = calendar.workdays_between(today, result.due), True
    else:
        remaining, running = allowed - elapsed, True
    if result.due is not None and today > result.due:
        overdue_by = calendar.workdays_between(result.due, today)
        remaining = 0
    return ClockToday(today=today, allowed=allowed, elapsed=elapsed, remaining=remaining, paused=paused,
                      overdue_by=overdue_by, due=result.due, running=running)
