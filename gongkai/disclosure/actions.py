"""Every state change of an application — one function per step (style.md rule 2).

Each action: checks the step is allowed in the current state (:data:`ALLOWED_IN`) and by this
user (``permissions.can_act``/``can_approve``), refusing with the shared errors of
``gongkai.accounts.errors`` (``NotPermitted`` → 403, ``NotAllowedNow`` → 409, ``InvalidInput`` →
400 — all with a Chinese message), runs in
``transaction.atomic`` with the application row locked, writes an :class:`ApplicationEvent` with
the statutory date of the step (staff may record a past date for paper steps; never a future
one), recomputes ``due_on`` from the event list with ``gongkai.rules.clock``, issues the letter
the step calls for, and sends mail only on commit.
"""

from __future__ import annotations

import contextlib
import contextvars
import difflib
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.errors import ActionError, InvalidInput, NotAllowedNow, NotPermitted
from gongkai.accounts.holidays import current_calendar
from gongkai.accounts.models import Agency
from gongkai.portal.dates import prose
from gongkai.accounts.permissions import require
from gongkai.documents.kinds import LetterKind
from gongkai.portal import mailbox
from gongkai.rules import clock as rules_clock
from gongkai.rules import fees as rules_fees
from gongkai.rules import periods
from gongkai.rules.outcomes import OUTCOMES

from . import deliveries, letters, permissions, reminders
from .models import (
    CONFIRMED_CHANNELS,
    OPEN_STATUSES,
    Application,
    ApplicationCounter,
    ApplicationEvent,
    PROVIDED_BY,
    PROVIDING_OUTCOMES,
    Channel,
    ConsultationParty,
    Correction,
    CorrectionAttachment,
    EventType,
    FeeMethod,
    Handling,
    InfoForm,
    Release,
    Status,
)

__all__ = ["ActionError", "InvalidInput", "NotPermitted", "StepNotAllowed"]


class StepNotAllowed(NotAllowedNow):
    """The step is not allowed in the application's current state (→ 409)."""


#: which step is allowed in which status — the one table, read by the actions' status guard and
#: by the case page's step guidance (``steps.BY_STATUS``), in the order the case page offers them;
#: the actions then check the exact rules (once only, within the due date, …)
ALLOWED_IN: dict[str, tuple[str, ...]] = {
    "confirm_receipt": (Status.SUBMITTED,),
    "decide": (Status.IN_PROGRESS,),
    "request_correction": (Status.IN_PROGRESS,),
    "receive_correction": (Status.AWAITING_CORRECTION,),
    "correction_lapsed": (Status.AWAITING_CORRECTION,),
    "record_delivery": (Status.IN_CONSULTATION, Status.AWAITING_PAYMENT),
    "end_consultation": (Status.IN_CONSULTATION,),
    "start_consultation": (Status.IN_PROGRESS, Status.IN_CONSULTATION),
    "fee_paid": (Status.AWAITING_PAYMENT,),
    "fee_lapsed": (Status.AWAITING_PAYMENT,),
    "request_extension": (Status.IN_PROGRESS, Status.IN_CONSULTATION, Status.AWAITING_PAYMENT),
    "extend": (Status.IN_PROGRESS, Status.IN_CONSULTATION, Status.AWAITING_PAYMENT),
    "refuse_extension": (Status.IN_PROGRESS, Status.IN_CONSULTATION, Status.AWAITING_PAYMENT),
    "fee_notice": (Status.IN_PROGRESS,),
    "set_delayed_reply_date": (Status.IN_PROGRESS, Status.IN_CONSULTATION),
    "withdraw": (Status.SUBMITTED, *OPEN_STATUSES),
    "reopen": (Status.CLOSED,),
    "assign_officer": (Status.SUBMITTED, *OPEN_STATUSES),
    "upload_release": OPEN_STATUSES,
    "confirm_release": OPEN_STATUSES,
    "submit_correction": (Status.AWAITING_CORRECTION,),
    "record_provision": (Status.CLOSED,),
}


# -- helpers ----------------------------------------------------------------------------------


_SIMULATED_TODAY: contextvars.ContextVar[date | None] = contextvars.ContextVar("simulated_today", default=None)


def _today() -> date:
    return _SIMULATED_TODAY.get() or timezone.localdate()


_LETTERS_ON_STEP_DATES: contextvars.ContextVar[bool] = contextvars.ContextVar("letters_on_step_dates", default=False)


@contextlib.contextmanager
def letters_on_step_dates():
    """Build history as if each step had been recorded on its own date (the demo's past cases):
    each letter is dated its step's date instead of the day it is generated. Not for pages or the API."""
    token = _LETTERS_ON_STEP_DATES.set(True)
    try:
        yield
    finally:
        _LETTERS_ON_STEP_DATES.reset(token)


@contextlib.contextmanager
def simulated_today(day: date):
    """Build history as if recorded on ``day`` (the demo's past cases): "today" for the date
    checks and letter dates is ``day``. Not for pages or the API."""
    token = _SIMULATED_TODAY.set(day)
    try:
        yield
    finally:
        _SIMULATED_TODAY.reset(token)


def _check_date(on, field: str = "date") -> date:
    if not isinstance(on, date):
        raise InvalidInput({field: "应为日期（YYYY-MM-DD）"})
    if on > _today():
        raise InvalidInput({field: f"日期 {prose(on)} 晚于今天，不能预先登记。"})
    return on


NOT_YOURS = "您无权办理该机关的申请。"


def _require(actor, app: Application) -> None:
    require(actor is not None and permissions.can_act(actor, app), NOT_YOURS)


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update().select_related("agency").get(pk=application.pk)


def _handling_events(app: Application) -> list[ApplicationEvent]:
    """The events of the current handling (after the latest reopen), oldest first."""
    events = list(app.events.order_by("date", "pk"))
    last_reopen = max((i for i, e in enumerate(events) if e.type == EventType.REOPENED), default=None)
    return events if last_reopen is None else events[last_reopen:]


def _clock_events(events: list[ApplicationEvent]) -> list[tuple]:
    out: list[tuple] = []
    for e in events:
        d = e.data
        if e.type in (EventType.RECEIVED, EventType.REOPENED):
            out.append(("received", e.date))
        elif e.type == EventType.CORRECTION_REQUESTED:
            out.append(("correction_requested", e.date))
        elif e.type == EventType.CORRECTION_RECEIVED:
            out.append(("correction_received", e.date))
        elif e.type == EventType.CONSULTATION_STARTED:
            out.append(("pause_started", e.date, {"kind": d["party"]}))
        elif e.type == EventType.CONSULTATION_ENDED:
            out.append(("pause_ended", e.date, {"kind": d["party"]}))
        elif e.type == EventType.FEE_NOTIFIED:
            out.append(("pause_started", e.date, {"kind": "fee"}))
        elif e.type == EventType.FEE_PAID:
            out.append(("pause_ended", e.date, {"kind": "fee"}))
        elif e.type == EventType.EXTENDED:
            out.append(("extended", e.date, {"working_days": d["working_days"]}))
        elif e.type == EventType.DELAYED_REPLY_SET:
            out.append(("delayed_reply", e.date, {"due_on": date.fromisoformat(d["reply_by"])}))
    return out


def clock_for(app: Application) -> rules_clock.ClockResult | None:
    """The statutory clock of the current handling; ``None`` before receipt."""
    events = _clock_events(_handling_events(app))
    if not any(e[0] == "received" for e in events):
        return None
    return rules_clock.compute(events, current_calendar(), fee_pauses_clock=settings.FEE_PAUSES_CLOCK)


def _recompute(app: Application) -> list[str]:
    try:
        result = clock_for(app)
    except ValueError as e:
        raise StepNotAllowed(str(e)) from None
    if result is None:
        app.clock_started_on = app.due_on = None
        return []
    app.clock_started_on = result.received
    app.due_on = result.due
    return list(result.warnings)


def _last_date(events: list[ApplicationEvent]) -> date | None:
    dated = [e.date for e in events if e.type not in (EventType.OFFICER_ASSIGNED, EventType.RELEASE_PREPARED)]
    return max(dated) if dated else None


def _not_before_last_step(app: Application, on: date, events=None) -> None:
    last = _last_date(events if events is not None else _handling_events(app))
    if last is not None and on < last:
        raise InvalidInput({"date": f"日期 {prose(on)} 早于上一步骤的日期 {prose(last)}，请按办理顺序登记。"})


def _event(app: Application, type_: str, on: date, actor, **data) -> ApplicationEvent:
    return ApplicationEvent.objects.create(application=app, type=type_, date=on, actor=actor, data=data)


def _require_status(app: Application, step: str, what: str) -> None:
    allowed = ALLOWED_IN[step]
    if app.status not in allowed:
        labels = "、".join(Status(s).label for s in allowed)
        raise StepNotAllowed(f"申请当前状态为“{app.get_status_display()}”，不能{what}（须为：{labels}）。")


def _save(app: Application, warnings: list[str]) -> Application:
    app.save()
    app.warnings = warnings
    return app


# -- letters: dated the day they are issued, or the day a paper letter went out ------------------

#: the scan of a paper letter that already went out
LETTER_SCAN_TYPES = (".pdf", ".jpg", ".jpeg", ".png")
LETTER_SCAN_MAX_BYTES = 10 * 1024 * 1024


@dataclass
class PaperLetter:
    """Staff record that the step's letter already went out on paper on ``sent_on`` (before
    today): the generated letter is dated that day (its 落款日期) and keeps the scan of what was
    sent, with the reason; the step's history entry marks it."""

    sent_on: date
    reason: str
    scan_name: str
    scan: bytes


def paper_letter(*, sent_on=None, reason: str = "", scan=None) -> PaperLetter | None:
    """What staff entered about a paper letter → :class:`PaperLetter`, ``None`` when nothing was
    entered (the letter is then dated today), or :class:`InvalidInput` in Chinese: the date (not
    after today), the reason and the scan (PDF or image, through the platform's upload checks) are
    all needed."""
    reason = (reason or "").strip()
    if sent_on is None and not reason and scan is None:
        return None
    errors = {}
    if not isinstance(sent_on, date):
        errors["letter_sent_on"] = "请填写纸质文书实际寄出（送达）的日期。"
    elif sent_on > _today():
        errors["letter_sent_on"] = f"日期 {prose(sent_on)} 晚于今天，纸质文书不能预先登记。"
    if not reason:
        errors["letter_reason"] = "请写明文书按纸质文书寄出日期落款的理由（如当日已寄出纸质文书，现补录）。"
    name, data = "", b""
    if scan is None:
        errors["letter_scan"] = "请上传已寄出的纸质文书扫描件（PDF、JPG 或 PNG）。"
    else:
        try:
            name, data = _checked_file(scan, types=LETTER_SCAN_TYPES, max_bytes=LETTER_SCAN_MAX_BYTES,
                                       accepted="纸质文书扫描件只接受 PDF、JPG 或 PNG 文件")
        except ValueError as e:
            errors["letter_scan"] = str(e)
    if errors:
        raise InvalidInput(errors)
    return PaperLetter(sent_on=sent_on, reason=reason, scan_name=name, scan=data)


def _issue(app: Application, kind: str, extra: dict, event: ApplicationEvent | None, *, on: date,
           paper: PaperLetter | None = None):
    """Issue the step's letter. Its 落款日期 is the day it is issued (today), unless staff record
    that the paper letter went out earlier (``paper``): then that day — not before the step's
    date ``on`` — and the scan is kept and the history entry marked."""
    if paper is None:
        return letters.issue(app, kind, extra, on if _LETTERS_ON_STEP_DATES.get() else _today(), event)
    if paper.sent_on < on:
        raise InvalidInput({"letter_sent_on": f"纸质文书的寄出日期不能早于本步骤的日期 {prose(on)}。"})
    if event is not None and "letter_sent_on" not in event.data:
        event.data = {**event.data, "letter_sent_on": paper.sent_on.isoformat(), "letter_reason": paper.reason}
        event.save(update_fields=["data"])
    return letters.issue(app, kind, extra, paper.sent_on, event, paper=paper)


@dataclass
class Submitted:
    application: Application
    query_code: str


def _allocate_number(agency: Agency, year: int) -> tuple[str, int]:
    """Next serial for (agency, year), safe under concurrent submissions: the counter row is
    locked with SELECT … FOR UPDATE; its first creation races are settled by the unique constraint."""
    for _ in range(3):
        counter = ApplicationCounter.objects.select_for_update().filter(agency=agency, year=year).first()
        if counter is None:
            try:
                with transaction.atomic():
                    counter = ApplicationCounter.objects.create(agency=agency, year=year, last=0)
            except IntegrityError:
                continue  # another request created it first: lock that row instead
            counter = ApplicationCounter.objects.select_for_update().get(pk=counter.pk)
        counter.last += 1
        counter.save(update_fields=["last"])
        return f"{agency.code}-{year}-{counter.last:05d}", counter.last
    raise StepNotAllowed("申请编号分配冲突，请重试。")


_APPLICANT_FIELDS = ("applicant_type", "name", "contact_name", "id_type", "id_number", "phone", "email",
                     "address", "postcode", "info_name", "info_doc_number", "content", "form", "delivery")


#: 所需信息的内容描述: a description, not a document (200,000 characters made a 338-page 回执)
APPLICATION_MAX_CHARS = 5000


def content_too_long(content: str) -> str:
    """The Chinese message for a description over the limit, or ""."""
    if len(content or "") <= APPLICATION_MAX_CHARS:
        return ""
    return (f"所需信息的内容描述不能超过{APPLICATION_MAX_CHARS}字（现有{len(content)}字）。"
            "请写明信息的名称、文号、形成时间等特征；需要的信息较多的，可以分几次申请。")


def _new_application(agency: Agency, fields: dict, *, channel: str, submitted_on: date) -> tuple[Application, str]:
    if message := content_too_long(fields.get("content", "")):
        raise InvalidInput({"content": message})
    number, serial = _allocate_number(agency, submitted_on.year)
    app = Application(agency=agency, number=number, year=submitted_on.year, serial=serial, channel=channel,
                      submitted_on=submitted_on, **{k: fields.get(k, "") for k in _APPLICANT_FIELDS})
    app.id_number = app.id_number.strip().upper()
    code = Application.new_query_code()
    app.set_query_code(code)
    return app, code


def _receive(app: Application, on: date, actor, *, how: str, paper: PaperLetter | None = None) -> ApplicationEvent:
    """Fix the statutory receipt date (第三十一条) and open the first handling."""
    if app.channel == Channel.IN_PERSON:
        app.submitted_on = on
    elif app.channel == Channel.POST:
        app.signed_for_on = on
    else:
        app.confirmed_on = on
    app.received_on = rules_clock.received_on(app.channel, submitted_on=app.submitted_on,
                                              signed_for_on=app.signed_for_on, confirmed_on=app.confirmed_on)
    app.status = Status.IN_PROGRESS
    app.save()
    Handling.objects.create(application=app, ordinal=1, started_on=app.received_on)
    event = _event(app, EventType.RECEIVED, on, actor, channel=app.channel, how=how)
    _issue(app, LetterKind.ACKNOWLEDGEMENT, {}, event, on=on, paper=paper)
    return event


def _notify_applicant(app: Application, subject: str, body: str) -> None:
    """Mail the applicant on commit — not with the console backend of embedded mode, which would
    print their address to the log (contact details stay in the case file)."""
    if settings.EMAIL_BACKEND.endswith("console.EmailBackend"):
        return
    if app.email:
        email = app.email
        body += (f"\n\n查询办理进度：{settings.SITE_URL}{reverse('disclosure:track')}"
                 f"（输入申请编号 {app.number} 和查询码；为保护您的信息，邮件中不含查询码）")
        transaction.on_commit(lambda: send_mail(subject, body, None, [email], fail_silently=True))


# -- intake -----------------------------------------------------------------------------------


@transaction.atomic
def submit_application(*, agency: Agency, fields: dict, actor=None) -> Submitted:
    """An online application from the public form or API (no account needed). Its receipt date
    is fixed later, when the office confirms it (第三十一条第（三）项)."""
    if not agency.is_active:
        raise StepNotAllowed("该机关未开通网上申请。")
    app, code = _new_application(agency, fields, channel=Channel.ONLINE, submitted_on=_today())
    if actor is not None and actor.is_authenticated:
        app.applicant = actor
    app.save()
    _event(app, EventType.SUBMITTED, app.submitted_on, actor if app.applicant_id else None)
    _notify_applicant(app, f"政府信息公开申请已提交（{app.number}）",
                      f"您向{agency.name}提交的政府信息公开申请已收到，申请编号 {app.number}。"
                      "机关确认收到后开始计算答复期限。请凭申请编号和查询码在平台查询办理进度。")
    return Submitted(app, code)


@transaction.atomic
def register_application(*, agency: Agency, fields: dict, channel: str, received_on: date | None,
                         actor, submitted_on: date | None = None) -> Submitted:
    """Staff register an application that came in person, by post, ordinary mail, fax or online.

    ``received_on`` is the statutory receipt date (当面：提交之日；邮寄：签收之日；平常信函、传真、
    互联网：双方确认之日). Without it (e.g. a letter not yet confirmed with the applicant) the
    application waits for :func:`confirm_receipt`.
    """
    require(actor is not None and permissions.can_register(actor, agency), NOT_YOURS)
    if channel not in Channel.values:
        raise InvalidInput({"channel": f"提交方式应为：{'、'.join(Channel.values)}"})
    if received_on is None and channel == Channel.IN_PERSON:
        raise InvalidInput({"received_on": "当面提交的申请须填写提交之日。"})
    if received_on is not None:
        _check_date(received_on, "received_on")
    first_day = submitted_on or received_on or _today()
    if submitted_on and received_on and received_on < submitted_on:
        raise InvalidInput({"received_on": "收到申请日期不能早于提交日期。"})
    app, code = _new_application(agency, fields, channel=channel, submitted_on=first_day)
    app.registered_by = actor
    app.save()
    _event(app, EventType.REGISTERED, first_day, actor, channel=channel)
    if received_on is not None:
        _receive(app, received_on, actor, how="registered")
        _recompute(app)
        app.save()
    app.warnings = []
    return Submitted(app, code)


@transaction.atomic
def confirm_receipt(application: Application, *, actor, on: date, paper_letter: PaperLetter | None = None
                    ) -> Application:
    """第三十一条: the day the office confirms (online, ordinary mail, fax) or signs for (post) it."""
    app = _lock(application)
    _require(actor, app)
    _require_status(app, "confirm_receipt", what="确认收到")
    _check_date(on)
    if on < app.submitted_on:
        raise InvalidInput({"date": f"确认日期不能早于提交日期 {prose(app.submitted_on)}。"})
    _receive(app, on, actor, how="confirmed" if app.channel in CONFIRMED_CHANNELS else "signed_for",
             paper=paper_letter)
    warnings = _recompute(app)
    _notify_applicant(app, f"政府信息公开申请已确认收到（{app.number}）",
                      f"{app.agency.name}已于{prose(on)}确认收到您的申请（{app.number}），"
                      f"答复期限至{prose(app.due_on)}。")
    return _save(app, warnings)


TAKEOVER_REASON_MAX = 500


@transaction.atomic
def assign_officer(application: Application, *, actor, officer, reason: str = "") -> Application:
    """A head (or admin) assigns any officer of the agency; an officer may take a case himself.

    Taking over a case a colleague is handling shows the officer the applicant's full identity
    details, so an officer (not a head) must write why; the reason is kept in the event."""
    app = _lock(application)
    _require(actor, app)
    _require_status(app, "assign_officer", what="指定经办人")
    if not permissions.can_handle(officer, app):
        raise InvalidInput({"officer": "只能指定本机关的经办人或负责人。"})
    require(officer == actor or permissions.can_approve(actor, app), "只有负责人可以把申请分配给他人；经办人只能自己认领。")
    reason = (reason or "").strip()
    if len(reason) > TAKEOVER_REASON_MAX:
        raise InvalidInput({"reason": f"理由不能超过{TAKEOVER_REASON_MAX}字。"})
    previous = app.officer
    taking_over = previous is not None and previous != officer
    if taking_over and not reason and not permissions.can_approve(actor, app):
        raise NotPermitted(f"该申请由{previous}办理，接手同事的申请须由负责人指定，或写明接手理由。")
    app.officer = officer
    extra = {"previous_officer_name": str(previous)} if taking_over else {}
    _event(app, EventType.OFFICER_ASSIGNED, _today(), actor, officer=officer.pk, officer_name=str(officer),
           **extra, **({"reason": reason} if reason else {}))
    return _save(app, [])


# -- 补正 (第三十条) ---------------------------------------------------------------------------


@transaction.atomic
def request_correction(application: Application, *, actor, on: date, items: str, deadline: date,
                       paper_letter: PaperLetter | None = None) -> Application:
    app = _lock(application)
    _require(actor, app)
    _require_status(app, "request_correction", what="告知补正")
    _check_date(on)
    events = _handling_events(app)
    if any(e.type == EventType.CORRECTION_REQUESTED for e in events):
        raise StepNotAllowed("补正只能一次性告知（条例第三十条），本申请已告知过补正。")
    if app.reopened_on:
        raise StepNotAllowed("重新办理的申请不再告知补正。")
    _not_before_last_step(app, on, events)
    errors = {}
    if not (items or "").strip():
        errors["items"] = "请写明需要补正的事项。"
    if not isinstance(deadline, date) or deadline <= on:
        errors["deadline"] = "补正期限应晚于告知日期。"
    if errors:
        raise InvalidInput(errors)
    event = _event(app, EventType.CORRECTION_REQUESTED, on, actor, items=items.strip(), deadline=deadline.isoformat())
    app.status = Status.AWAITING_CORRECTION
    app.correction_deadline = deadline
    warnings = _recompute(app)
    _issue(app, LetterKind.CORRECTION, {"correction": {"items": items.strip(), "deadline": deadline}}, event, on=on,
           paper=paper_letter)
    _notify_applicant(app, f"政府信息公开申请需要补正（{app.number}）",
                      f"{app.agency.name}认为您的政府信息公开申请（编号 {app.number}）需要补正，"
                      f"需要补正的事项：{items.strip()}\n\n请于{prose(deadline)}前补正：在网上查询办理进度后，"
                      "在查询页面提交补正后的申请内容和材料；也可以按补正告知书所列方式补正。"
                      "无正当理由逾期不补正的，视为放弃申请，机关不再处理该申请（条例第三十条）。"
                      "补正告知书可在查询页面下载。")
    return _save(app, warnings)


@transaction.atomic
def receive_correction(application: Application, *, actor, on: date, content: str = "",
                       scans=None) -> Application:
    """The corrected application arrived: the 20 working days start again from this day.

    An online correction the applicant submitted (:func:`submit_correction`) is confirmed as
    received on ``on``; a paper one is recorded with its ``content`` and the scan (``scans``)."""
    app = _lock(application)
    _require(actor, app)
    _require_status(app, "receive_correction", what="登记收到补正")
    _check_date(on)
    _not_before_last_step(app, on)
    warnings = []
    if app.correction_deadline and on > app.correction_deadline:
        warnings.append(f"补正于补正期限 {prose(app.correction_deadline)} 之后收到；请确认申请人有正当理由。")
    correction = _record_received_correction(app, actor=actor, on=on, content=content, scans=scans,
                                             warnings=warnings)
    _event(app, EventType.CORRECTION_RECEIVED, on, actor,
           **({"correction": correction.pk, "how": "confirmed" if correction.via == Correction.Via.ONLINE
               else "registered"} if correction else {}))
    app.status = Status.IN_PROGRESS
    app.correction_deadline = None
    warnings += _recompute(app)
    return _save(app, warnings)


@transaction.atomic
def correction_lapsed(application: Application, *, actor, on: date, paper_letter: PaperLetter | None = None
                      ) -> Application:
    """无正当理由逾期不补正：视为放弃申请 (closes as ``other_no_correction``)."""
    app = _lock(application)
    _require(actor, app)
    _require_status(app, "correction_lapsed", what="按逾期未补正办结")
    _check_date(on)
    if app.correction_deadline and on <= app.correction_deadline:
        raise StepNotAllowed(f"补正期限 {prose(app.correction_deadline)} 尚未届满，不能按逾期未补正办结。")
    _not_before_last_step(app, on)
    return _close(app, actor=actor, on=on, outcome="other_no_correction", event_type=EventType.CORRECTION_LAPSED,
                  paper=paper_letter, reason="申请人在补正期限内无正当理由未补正，视为放弃申请，本机关不再处理该政府信息公开申请。")


# -- consultation (第三十二条、第三十四条) --------------------------------------------------------


def _open_consultations(events: list[ApplicationEvent]) -> list[str]:
    open_: list[str] = []
    for e in events:
        if e.type == EventType.CONSULTATION_STARTED:
            open_.append(e.data["party"])
        elif e.type == EventType.CONSULTATION_ENDED and e.data["party"] in open_:
            open_.remove(e.data["party"])
    return open_


@transaction.atomic
def start_consultation(application: Application, *, actor, on: date, party: str, name: str,
                       via: str = deliveries.DEFAULT_VIA,
                       paper_letter: PaperLetter | None = None) -> Application:
    """The 征求意见书 goes out on ``on`` by ``via`` (当面/邮寄/电子). The party's 15 working days run
    from its receipt (``record_delivery``); until then they are provisional (deliveries.py)."""
    app = _lock(application)
    _require(actor, app)
    _require_status(app, "start_consultation", what="征求意见")
    _check_date(on)
    if party not in ConsultationParty.values:
        raise InvalidInput({"party": "征求意见对象应为 third_party（第三方）或 agency（其他机关）。"})
    if not (name or "").strip():
        raise InvalidInput({"name": "请写明被征求意见的第三方或机关名称。"})
    _check_via(via)
    events = _handling_events(app)
    if party in _open_consultations(events):
        raise StepNotAllowed(f"正在征求{ConsultationParty(party).label}意见，须先登记结束。")
    _not_before_last_step(app, on, events)
    reply_by = deliveries.period(periods.CONSULTATION_REPLY_WORKING_DAYS, sent_on=on, via=via).ends_on  # provisional
    event = _event(app, EventType.CONSULTATION_STARTED, on, actor, party=party, name=name.strip(), via=via,
                   reply_by=reply_by.isoformat())
    app.status = Status.IN_CONSULTATION
    warnings = _recompute(app)
    # the letter states a date only when it is handed over: otherwise the date would rest on an estimate
    # of the delivery, and the period runs from the receipt (第三十二条) whatever the letter says
    consultation = {"party": party, "party_name": name.strip(),
                    "reply_within_working_days": periods.CONSULTATION_REPLY_WORKING_DAYS,
                    "reply_by": reply_by if via == "in_person" else None}
    _issue(app, LetterKind.CONSULTATION, {"consultation": consultation}, event, on=on, paper=paper_letter)
    _issue(app, LetterKind.CONSULTATION_NOTICE, {"consultation": consultation}, event, on=on, paper=paper_letter)
    return _save(app, warnings)


OPINIONS = {"agreed": "同意公开", "objected": "不同意公开", "no_reply": "逾期未提出意见"}


@transaction.atomic
def end_consultation(application: Application, *, actor, on: date, party: str | None = None,
                     opinion: str = "") -> Application:
    """The opinion arrived (or the 15 working days ran out): the last day not counted is ``on``."""
    app = _lock(application)
    _require(actor, app)
    _require_status(app, "end_consultation", what="结束征求意见")
    _check_date(on)
    events = _handling_events(app)
    open_ = _open_consultations(events)
    if not open_:
        raise StepNotAllowed("没有正在进行的征求意见。")
    if party is None:
        if len(open_) > 1:
            raise InvalidInput({"party": "同时在征求第三方和其他机关意见，请写明结束哪一项。"})
        party = open_[0]
    if party not in open_:
        raise StepNotAllowed(f"没有正在进行的向{ConsultationParty(party).label if party in ConsultationParty.values else party}征求意见。")
    if opinion and opinion not in OPINIONS:
        raise InvalidInput({"opinion": f"意见应为：{'、'.join(OPINIONS)}"})
    _not_before_last_step(app, on, events)
    sent = deliveries.open_letter(events, "consultation", party)
    if opinion == "no_reply" and sent is not None and on <= sent.period.ends_on:
        raise StepNotAllowed(
            f"{ConsultationParty(party).label}提出意见的期限到 {prose(sent.period.ends_on)} 届满"
            f"{'（暂定：尚未登记对方收到征求意见书的日期）' if sent.period.provisional else ''}，"
            "期限届满前不能按“逾期未提出意见”结束征求意见（条例第三十二条、第三十四条）。")
    _event(app, EventType.CONSULTATION_ENDED, on, actor, party=party, opinion=opinion)
    if len(open_) == 1:
        app.status = Status.IN_PROGRESS
    warnings = _recompute(app)
    return _save(app, warnings)


# -- delivery of the letters whose periods run from receipt (第三十二条、109号) ----------------------


VIA_MESSAGE = f"送达方式应为：{'、'.join(f'{k}（{v}）' for k, v in periods.DELIVERY_CHANNELS.items())}。"


def _check_via(via: str) -> None:
    if via not in periods.DELIVERY_CHANNELS:
        raise InvalidInput({"via": VIA_MESSAGE})


def sent_letters(app: Application) -> list[deliveries.SentLetter]:
    """The consultation letters and fee notice of the current handling, with their periods."""
    return deliveries.sent_letters(_handling_events(app))


def payment_due_provisional(app: Application) -> bool:
    """The unpaid fee notice's receipt is not recorded: ``payment_due_on`` is an estimate."""
    sent = deliveries.open_letter(_handling_events(app), "fee_notice")
    return sent is not None and sent.period.provisional


@transaction.atomic
def record_delivery(application: Application, *, actor, on: date, letter: str, via: str,
                    party: str | None = None) -> Application:
    """The 征求意见书 (``letter="consultation"``, to ``party``) or the 收费通知 (``"fee_notice"``)
    reached its addressee on ``on`` by ``via``: the addressee's period now runs from that day
    (第三十二条、第三十四条 15 working days; 国办函〔2020〕109号 20 working days to pay)."""
    app = _lock(application)
    _require(actor, app)
    _require_status(app, "record_delivery", what="登记文书送达")
    _check_date(on)
    _check_via(via)
    events = _handling_events(app)
    if letter == "consultation":
        open_ = _open_consultations(events)
        if party in (None, "") and len(open_) == 1:
            party = open_[0]
        if party not in open_:
            raise InvalidInput({"party": "请写明是向哪一方（third_party 第三方、agency 其他机关）的征求意见书，"
                                         "且该项征求意见尚未结束。"})
        sent = deliveries.open_letter(events, "consultation", party)
    elif letter == "fee_notice":
        if app.status != Status.AWAITING_PAYMENT:
            raise StepNotAllowed("本申请没有等待缴费的收费通知。")
        party, sent = "", deliveries.open_letter(events, "fee_notice")
    else:
        raise InvalidInput({"letter": "文书应为 consultation（征求意见书）或 fee_notice（收费通知）。"})
    if sent is None:
        raise StepNotAllowed("没有找到尚在期限内的该份文书。")
    if not sent.period.provisional:
        raise StepNotAllowed(f"已登记对方于 {prose(sent.period.received_on)} 收到该文书。")
    if on < sent.period.sent_on:
        raise InvalidInput({"date": f"收到日期 {prose(on)} 早于发出日期 {prose(sent.period.sent_on)}。"})
    ends_on = deliveries.period(sent.period.working_days, sent_on=sent.period.sent_on, via=via, received_on=on).ends_on
    _event(app, EventType.LETTER_RECEIVED, on, actor, letter=letter, party=party or None, via=via,
           ends_on=ends_on.isoformat())
    if letter == "fee_notice":
        app.payment_due_on = ends_on
    warnings = _recompute(app)
    return _save(app, warnings)


# -- extension (第三十三条第二款) ------------------------------------------------------------------


def _overdue_by(app: Application, today: date) -> int:
    return current_calendar().workdays_between(app.due_on, today) if app.due_on and today > app.due_on else 0


def past_due_message(app: Application, today: date) -> str:
    return (f"答复期限 {prose(app.due_on)} 已过，本申请已逾期 {_overdue_by(app, today)} 个工作日，不能再延长答复期限"
            "（条例第三十三条第二款：延长须在答复期限内经负责人同意并告知申请人）。请立即作出答复，"
            "并如实记录逾期情况。")


#: a number of working days out of range, wherever it is entered (the form, the API, this action)
EXTENSION_DAYS_MESSAGE = f"延长的期限应为1至{rules_clock.MAX_EXTENSION_WORKING_DAYS}个工作日（条例第三十三条第二款）。"


def _check_extension(app: Application, on: date, working_days, *, step: str = "extend") -> list[ApplicationEvent]:
    _require_status(app, step, what="延长答复期限")
    events = _handling_events(app)
    if any(e.type == EventType.EXTENDED for e in events):
        raise StepNotAllowed("答复期限只能延长一次（条例第三十三条第二款）。")
    most = rules_clock.MAX_EXTENSION_WORKING_DAYS
    if isinstance(working_days, bool) or not isinstance(working_days, int) or not 1 <= working_days <= most:
        raise InvalidInput({"working_days": EXTENSION_DAYS_MESSAGE})
    today = _today()
    if app.due_on is not None and today > app.due_on:
        raise StepNotAllowed(past_due_message(app, today))
    result = clock_for(app)
    if result is not None and result.base_due is not None and on > result.base_due:
        raise StepNotAllowed(f"原答复期限 {prose(result.base_due)} 已过，不能再延长。")
    if app.due_on is not None and on > app.due_on:
        raise StepNotAllowed(f"答复期限 {prose(app.due_on)} 已过，不能再延长。")
    return events


def _backdate(on: date, backdate_reason: str) -> dict:
    """A decision dated before today must say why (it is marked in the history)."""
    if on >= _today():
        return {}
    reason = (backdate_reason or "").strip()
    if not reason:
        raise InvalidInput({"backdate_reason": f"日期 {prose(on)} 早于今天：补录过去的决定须写明理由"
                                               "（如负责人当日已在纸质审批单上签字同意）。"})
    return {"backdated": True, "backdate_reason": reason}


def _requested_by(app: Application):
    req = app.events.filter(type=EventType.EXTENSION_REQUESTED).select_related("actor").order_by("-pk").first()
    return req.actor if req else None


@transaction.atomic
def request_extension(application: Application, *, actor, on: date, working_days: int, reason: str) -> Application:
    """An officer asks the head to approve an extension (the head approves with :func:`extend` or
    refuses with :func:`refuse_extension`). The heads are told at once, then every day until they
    decide (``reminders.sweep``)."""
    app = _lock(application)
    _require(actor, app)
    _check_date(on)
    _check_extension(app, on, working_days, step="request_extension")
    if app.extension_requested_on:
        raise StepNotAllowed("已提交延期申请，等待负责人批准。")
    if not (reason or "").strip():
        raise InvalidInput({"reason": "请写明需要延长答复期限的理由。"})
    _event(app, EventType.EXTENSION_REQUESTED, on, actor, working_days=working_days, reason=reason.strip())
    app.extension_requested_on = on
    app.extension_reminded_on = _today()  # told now: the daily sweep reminds again from tomorrow
    due = f"答复期限 {prose(app.due_on)}" if app.due_on else "答复期限暂停计算"
    reminders.notify_heads(app, f"延期答复待您批准：{app.number}",
                           [f"申请 {app.number} 的经办人申请延长答复期限 {working_days} 个工作日（{due}）。",
                            "请在答复期限届满前批准或不批准（条例第三十三条第二款）。"])
    return _save(app, [])


@transaction.atomic
def extend(application: Application, *, actor, on: date, working_days: int, reason: str,
           backdate_reason: str = "", paper_letter: PaperLetter | None = None) -> Application:
    """经政府信息公开工作机构负责人同意 — only a head (or admin) may approve; once; ≤ 20 working
    days; decided no later than the due date — and never once today is past it, whatever date is
    entered; the applicant is told (延期答复告知书, dated the day it is issued). A date before today
    needs ``backdate_reason`` and is marked in the history."""
    app = _lock(application)
    _require(actor, app)
    require(permissions.can_approve(actor, app), "延长答复期限须经政府信息公开工作机构负责人同意，经办人不能批准。")
    _check_date(on)
    events = _check_extension(app, on, working_days)
    if not (reason or "").strip():
        raise InvalidInput({"reason": "请写明需要延长答复期限的理由。"})
    _not_before_last_step(app, on, events)
    marks = _backdate(on, backdate_reason)
    requester = _requested_by(app) if app.extension_requested_on else None
    event = _event(app, EventType.EXTENDED, on, actor, working_days=working_days, reason=reason.strip(),
                   approved_by=actor.pk, approved_by_name=str(actor), **marks)
    app.extension_requested_on = None
    warnings = _recompute(app)
    _issue(app, LetterKind.EXTENSION, {"extension": {"working_days": working_days, "reason": reason.strip(),
                                                     "new_due": app.due_on}}, event, on=on, paper=paper_letter)
    if requester is not None and requester != actor:
        reminders.notify_user(requester, f"延期答复已批准：{app.number}",
                              [f"负责人已批准申请 {app.number} 延长答复期限 {working_days} 个工作日，"
                               f"答复期限至 {prose(app.due_on)}。延期答复告知书已生成，请送达申请人。"])
    _notify_applicant(app, f"政府信息公开申请延期答复（{app.number}）",
                      f"{app.agency.name}决定延长您的政府信息公开申请（{app.number}）的答复期限，"
                      f"答复期限至{prose(app.due_on)}。")
    return _save(app, warnings)


@transaction.atomic
def refuse_extension(application: Application, *, actor, on: date, reason: str, backdate_reason: str = "") -> Application:
    """不批准: the head refuses a pending extension request (with the reason); the officer is told
    and the due date stands. Allowed after the due date too (the request must not wait forever)."""
    app = _lock(application)
    _require(actor, app)
    require(permissions.can_approve(actor, app), "是否延长答复期限由政府信息公开工作机构负责人决定，经办人不能决定。")
    _require_status(app, "refuse_extension", what="决定不批准延期")
    _check_date(on)
    if not app.extension_requested_on:
        raise StepNotAllowed("没有待批准的延期申请。")
    if not (reason or "").strip():
        raise InvalidInput({"reason": "请写明不批准延期的理由，经办人会收到通知。"})
    if on < app.extension_requested_on:
        raise InvalidInput({"date": f"决定日期不能早于延期申请日期 {prose(app.extension_requested_on)}。"})
    marks = _backdate(on, backdate_reason)
    requester = _requested_by(app)
    _event(app, EventType.EXTENSION_REFUSED, on, actor, reason=reason.strip(), refused_by_name=str(actor), **marks)
    app.extension_requested_on = None
    today = _today()
    if app.due_on:
        late = _overdue_by(app, today)
        due = (f"答复期限 {prose(app.due_on)} 已过，已逾期 {late} 个工作日，请立即作出答复。" if late
               else f"答复期限仍为 {prose(app.due_on)}，请在期限内作出答复。")
    else:
        due = "答复期限暂停计算中，恢复后按原期限答复。"
    reminders.notify_user(requester, f"延期答复未获批准：{app.number}",
                          [f"负责人不批准申请 {app.number} 延长答复期限。理由：{reason.strip()}", due])
    return _save(app, [due])


# -- fees (国办函〔2020〕109号) ----------------------------------------------------------------


def month_ordinal(app: Application) -> int:
    """This application's place among the applicant's applications to the agency in its month
    (按件计收 counts per natural month, 第四条; the month of the statutory receipt)."""
    day = app.received_on or app.submitted_on
    qs = Application.objects.same_applicant(app).filter(received_on__year=day.year, received_on__month=day.month)
    earlier = qs.filter(received_on__lt=day).count() + qs.filter(received_on=day, pk__lt=app.pk).count()
    return earlier + 1


@transaction.atomic
def fee_notice(application: Application, *, actor, on: date, method: str, pages: int | None = None,
               via: str = deliveries.DEFAULT_VIA,
               paper_letter: PaperLetter | None = None) -> Application:
    """The 收费通知 goes out on ``on`` by ``via``; the applicant's 20 working days run from its
    receipt (``record_delivery``), provisional until then (deliveries.py)."""
    app = _lock(application)
    _require(actor, app)
    _require_status(app, "fee_notice", what="发出收费通知")
    _check_date(on)
    events = _handling_events(app)
    if any(e.type == EventType.FEE_NOTIFIED for e in events):
        raise StepNotAllowed("本申请已发出过收费通知。")
    if app.due_on is not None and on > app.due_on:
        raise StepNotAllowed(f"收费通知应在答复期限（{prose(app.due_on)}）内发出。")
    _check_via(via)
    _not_before_last_step(app, on, events)
    ordinal = None
    if method == FeeMethod.PER_PIECE:
        ordinal = month_ordinal(app)
        amount = rules_fees.per_piece(ordinal)
        if amount == 0:
            raise StepNotAllowed(f"这是该申请人本月第{ordinal}件申请，未超过{rules_fees.FREE_PIECES}件，不收费（国办函〔2020〕109号第四条）。")
    elif method == FeeMethod.PER_VOLUME:
        if isinstance(pages, bool) or not isinstance(pages, int) or pages < 1:
            raise InvalidInput({"pages": "按量计收须填写页数（正整数）。"})
        amount = rules_fees.per_volume(pages)
        if amount == 0:
            raise StepNotAllowed(f"{pages}页未超过{rules_fees.FREE_PAGES}页，不收费（国办函〔2020〕109号第五条）。")
    else:
        raise InvalidInput({"method": "收费方式应为 per_piece（按件）或 per_volume（按量）。"})
    pay_by = deliveries.period(periods.PAYMENT_WORKING_DAYS, sent_on=on, via=via).ends_on  # provisional
    event = _event(app, EventType.FEE_NOTIFIED, on, actor, method=method, pages=pages, ordinal=ordinal,
                   amount_yuan=amount, via=via, pay_by=pay_by.isoformat())
    app.status = Status.AWAITING_PAYMENT
    app.fee_amount = amount
    app.payment_due_on = pay_by
    warnings = _recompute(app)
    _issue(app, LetterKind.FEE_NOTICE, {"fee": {
        "method": method, "amount_yuan": amount, "ordinal": ordinal, "pages": pages,
        "pay_within_working_days": periods.PAYMENT_WORKING_DAYS}}, event, on=on, paper=paper_letter)
    return _save(app, warnings)


@transaction.atomic
def fee_paid(application: Application, *, actor, on: date) -> Application:
    app = _lock(application)
    _require(actor, app)
    _require_status(app, "fee_paid", what="登记缴费")
    _check_date(on)
    _not_before_last_step(app, on)
    _event(app, EventType.FEE_PAID, on, actor, amount_yuan=app.fee_amount)
    app.status = Status.IN_PROGRESS
    app.payment_due_on = None
    warnings = _recompute(app)
    return _save(app, warnings)


@transaction.atomic
def fee_lapsed(application: Application, *, actor, on: date, paper_letter: PaperLetter | None = None) -> Application:
    """逾期未缴纳的视为放弃申请 (closes as ``other_fee_unpaid``)."""
    app = _lock(application)
    _require(actor, app)
    _require_status(app, "fee_lapsed", what="按逾期未缴费办结")
    _check_date(on)
    if app.payment_due_on and on <= app.payment_due_on:
        raise StepNotAllowed(f"缴费期限 {prose(app.payment_due_on)} 尚未届满，不能按逾期未缴费办结。")
    _not_before_last_step(app, on)
    return _close(app, actor=actor, on=on, outcome="other_fee_unpaid", event_type=EventType.FEE_LAPSED,
                  paper=paper_letter,
                  reason="申请人逾期未按收费通知要求缴纳信息处理费，视为放弃申请，本机关不再处理该政府信息公开申请。")


# -- 第三十五条 ----------------------------------------------------------------------------------


@transaction.atomic
def set_delayed_reply_date(application: Application, *, actor, on: date, reply_by: date, reason: str,
                           paper_letter: PaperLetter | None = None) -> Application:
    app = _lock(application)
    _require(actor, app)
    _require_status(app, "set_delayed_reply_date", what="确定延迟答复期限")
    _check_date(on)
    errors = {}
    if not isinstance(reply_by, date) or reply_by <= on:
        errors["reply_by"] = "延迟答复的日期应晚于告知日期。"
    if not (reason or "").strip():
        errors["reason"] = "请写明申请数量、频次明显超过合理范围的情况和理由（条例第三十五条）。"
    if errors:
        raise InvalidInput(errors)
    _not_before_last_step(app, on)
    event = _event(app, EventType.DELAYED_REPLY_SET, on, actor, reply_by=reply_by.isoformat(), reason=reason.strip())
    warnings = _recompute(app)
    _issue(app, LetterKind.DELAYED_REPLY, {"delayed_reply": {"reply_by": reply_by, "reason": reason.strip()}},
           event, on=on, paper=paper_letter)
    return _save(app, warnings)


# -- closing ------------------------------------------------------------------------------------


def _close(app: Application, *, actor, on: date, outcome: str, event_type: str, reason: str = "",
           decision: dict | None = None, paper: PaperLetter | None = None) -> Application:
    decision = dict(decision or {})
    info = OUTCOMES[outcome]
    decision.setdefault("basis", info.basis)
    decision["outcome"] = outcome
    decision["reason"] = reason
    event = _event(app, event_type, on, actor, **{k: v for k, v in decision.items() if v not in (None, "", [])})
    app.status = Status.CLOSED
    app.outcome = outcome
    app.decided_on = on
    app.extension_requested_on = None
    handling = app.handlings.filter(closed_on__isnull=True).order_by("-ordinal").first()
    if handling is not None:
        handling.closed_on, handling.outcome = on, outcome
        handling.save(update_fields=["closed_on", "outcome"])
    app.save()
    _issue(app, LetterKind.DECISION, {"decision": decision}, event, on=on, paper=paper)
    if outcome in PROVIDING_OUTCOMES and app.form == InfoForm.EMAIL:
        _provide_by_email(app, on=on, actor=actor)
    _notify_applicant(app, f"政府信息公开申请已答复（{app.number}）",
                      f"{app.agency.name}已于{prose(on)}答复您的政府信息公开申请（{app.number}），"
                      "请凭申请编号和查询码在平台查看并下载答复书。")
    app.warnings = []
    return app


DECISION_FIELDS = ("reason", "basis", "released", "where", "withheld", "referral_agency", "referral_contact",
                   "earlier_reply")


@transaction.atomic
def decide(application: Application, *, actor, on: date, outcome: str, reason: str = "", basis: str = "",
           released: list[str] | None = None, where: str = "", withheld: list[dict] | None = None,
           referral_agency: str = "", referral_contact: str = "", earlier_reply: str = "",
           paper_letter: PaperLetter | None = None) -> Application:
    """The reply (第三十六条): exactly one of the 21 outcomes of table 三."""
    if outcome == "other_no_correction":
        return correction_lapsed(application, actor=actor, on=on, paper_letter=paper_letter)
    if outcome == "other_fee_unpaid":
        return fee_lapsed(application, actor=actor, on=on, paper_letter=paper_letter)
    app = _lock(application)
    _require(actor, app)
    if outcome not in OUTCOMES:
        raise InvalidInput({"outcome": "办理结果应为年度报告表三的21种情形之一。"})
    if app.status == Status.IN_CONSULTATION:
        raise StepNotAllowed("正在征求意见，须先登记征求意见结束（收到意见或期限届满）再作出答复。")
    if app.status == Status.AWAITING_PAYMENT:
        raise StepNotAllowed("正在等待缴费，须先登记缴费或按逾期未缴费办结。")
    if app.status == Status.AWAITING_CORRECTION:
        raise StepNotAllowed("正在等待补正，须先登记收到补正或按逾期未补正办结。")
    _require_status(app, "decide", what="作出答复")
    _check_date(on)
    events = _handling_events(app)
    _not_before_last_step(app, on, events)
    info = OUTCOMES[outcome]
    released = [t.strip() for t in (released or []) if t and t.strip()]
    withheld = [w for w in (withheld or []) if isinstance(w, dict) and (w.get("part") or "").strip()]
    files = app.releases.filter(state=Release.State.RELEASED).defer("original", "released_pdf")
    errors: dict[str, str] = {}
    if outcome != "granted" and not (reason or "").strip():
        errors["reason"] = "请写明答复理由（查找、审查的情况和不予公开或无法提供的理由）。"
    if outcome == "granted":
        if not released and not (where or "").strip() and not files.exists():
            errors["released"] = ("予以公开的，须列明提供的信息、上传按原件提供的文件，或写明获取的方式、途径"
                                  "（条例第三十六条第（一）、（二）项）。")
        redacted = [r.title for r in files if not r.unredacted and r.log]
        if redacted:
            errors["outcome"] = (f"文件“{'、'.join(redacted)}”已作遮盖（区分处理），应按“部分公开”答复"
                                 "（条例第三十七条），或改为无需遮盖、按原件提供。")
    if outcome == "partially_granted":
        if not withheld or any(not (w.get("reason") or "").strip() for w in withheld):
            errors["withheld"] = "部分公开的，须逐项写明不予公开的部分及其理由（条例第三十七条）。"
        if not released and not files.exists():
            errors["released"] = "部分公开的，须提供可以公开的内容（上传并制作区分处理文本，或列明提供的信息）。"
    if outcome == "unavailable_unclear" and not any(e.type == EventType.CORRECTION_RECEIVED for e in events):
        errors["outcome"] = "“补正后申请内容仍不明确”只适用于已经告知补正并收到补正的申请。"
    if outcome == "other_other" and not (reason or "").strip():
        errors["reason"] = "请写明其他处理的具体情形。"
    if errors:
        raise InvalidInput(errors)
    if not released and outcome in PROVIDING_OUTCOMES:
        released = list(files.values_list("title", flat=True))
    decision = {"basis": (basis or "").strip() or info.basis, "released": released, "where": (where or "").strip(),
                "withheld": [{"part": w["part"].strip(), "reason": (w.get("reason") or "").strip(),
                              "basis": (w.get("basis") or "").strip()} for w in withheld],
                "referral_agency": referral_agency.strip(), "referral_contact": referral_contact.strip(),
                "earlier_reply": earlier_reply.strip()}
    return _close(app, actor=actor, on=on, outcome=outcome, event_type=EventType.DECIDED,
                  reason=(reason or "").strip(), decision=decision, paper=paper_letter)


@transaction.atomic
def withdraw(application: Application, *, actor, on: date, reason: str = "",
             paper_letter: PaperLetter | None = None) -> Application:
    """The applicant withdrew the application (closes as ``other_other``)."""
    app = _lock(application)
    _require(actor, app)
    _require_status(app, "withdraw", what="撤回")
    _check_date(on)
    _not_before_last_step(app, on)
    return _close(app, actor=actor, on=on, outcome="other_other", event_type=EventType.WITHDRAWN, paper=paper_letter,
                  reason=(reason or "").strip() or "申请人撤回政府信息公开申请，本机关终止办理。")


@transaction.atomic
def reopen(application: Application, *, actor, on: date, reason: str) -> Application:
    """After a 复议 or court decision corrects the reply: a new handling with a new clock from ``on``."""
    app = _lock(application)
    _require(actor, app)
    _require_status(app, "reopen", what="重新办理")
    if app.received_on is None:
        raise StepNotAllowed("该申请未曾确认收到，不能重新办理。")
    _check_date(on)
    if on < app.decided_on:
        raise InvalidInput({"date": f"重新办理日期不能早于原答复日期 {prose(app.decided_on)}。"})
    if not (reason or "").strip():
        raise InvalidInput({"reason": "请写明重新办理的依据（如复议决定书、判决书的文号）。"})
    _event(app, EventType.REOPENED, on, actor, reason=reason.strip(), previous_outcome=app.outcome,
           previous_decided_on=app.decided_on.isoformat())
    last = app.handlings.order_by("-ordinal").first()
    Handling.objects.create(application=app, ordinal=(last.ordinal + 1) if last else 1, started_on=on)
    app.status = Status.IN_PROGRESS
    app.outcome = None
    app.decided_on = None
    app.reopened_on = on
    app.correction_deadline = app.payment_due_on = app.fee_amount = app.extension_requested_on = None
    warnings = _recompute(app)
    return _save(app, warnings)


# -- duplicates and volume (第三十五条, 109号) -------------------------------------------------------


def _normalise(text: str) -> str:
    return "".join(ch for ch in (text or "") if ch.isalnum())


def possible_duplicates(app: Application, *, threshold: float = 0.75, limit: int = 200) -> list[tuple[Application, float]]:
    """Earlier applications by the same applicant (same identity document) to the same agency with
    the same or nearly the same request (difflib ratio of the normalised text ≥ ``threshold``)."""
    mine = _normalise(app.request_summary)
    out = []
    qs = (Application.objects.same_applicant(app).exclude(pk=app.pk).filter(created_at__lte=app.created_at)
          .order_by("-created_at")[:limit])
    for other in qs:
        ratio = difflib.SequenceMatcher(None, mine, _normalise(other.request_summary)).ratio()
        if ratio >= threshold:
            out.append((other, round(ratio, 2)))
    return sorted(out, key=lambda t: -t[1])


def applicant_month_count(app: Application) -> int:
    """How many applications this applicant made to the agency in the month of this one."""
    day = app.received_on or app.submitted_on
    return (Application.objects.same_applicant(app)
            .filter(received_on__year=day.year, received_on__month=day.month).count()) or 1


# -- the applicant's side: online 补正 (第三十条) and providing the information (第四十条) ----------

#: files sent with a correction (or the scan of a paper one)
CORRECTION_FILE_TYPES = (".pdf", ".jpg", ".jpeg", ".png", ".docx", ".txt")
CORRECTION_FILE_MAX_BYTES = 10 * 1024 * 1024
CORRECTION_MAX_FILES = 5
CORRECTION_MAX_CHARS = 5000
#: released files larger than this together are not attached to the e-mail: it links the tracking page
EMAIL_ATTACHMENTS_MAX_BYTES = 10 * 1024 * 1024


def _checked_file(f, *, types: tuple[str, ...], max_bytes: int, accepted: str) -> tuple[str, bytes]:
    """An uploaded file → (name, bytes), or ValueError in Chinese: its type, size, emptiness and the
    platform's checks for programs, active PDFs and zip bombs (``portal.uploads``)."""
    from gongkai.portal import uploads

    name = (getattr(f, "name", "") or "附件").replace("\\", "/").rsplit("/", 1)[-1][:200]
    if not name.lower().endswith(types):
        raise ValueError(f"“{name}”的类型不支持，{accepted}。")
    if f.size > max_bytes:
        raise ValueError(f"“{name}”超过{max_bytes // (1024 * 1024)}MB，请压缩后再上传。")
    try:
        data = uploads.check_upload(f)
    except uploads.UnsafeUpload as e:
        raise ValueError(str(e)) from None
    if not data:
        raise ValueError(f"“{name}”是空文件。")
    return name, data


def check_correction_files(files) -> list[tuple[str, bytes]]:
    """Uploaded files → (name, bytes), or :class:`InvalidInput` in Chinese (type, size, count, and
    the platform's checks for programs, active PDFs and zip bombs — ``portal.uploads``)."""
    files = [f for f in (files or []) if f is not None]
    if len(files) > CORRECTION_MAX_FILES:
        raise InvalidInput({"files": f"附件最多{CORRECTION_MAX_FILES}个。"})
    out = []
    for f in files:
        try:
            out.append(_checked_file(f, types=CORRECTION_FILE_TYPES, max_bytes=CORRECTION_FILE_MAX_BYTES,
                                     accepted="只接受 PDF、JPG、PNG、DOCX 或 TXT 文件"))
        except ValueError as e:
            raise InvalidInput({"files": str(e)}) from None
    return out


def _correction_content(content: str) -> str:
    content = (content or "").strip()
    if len(content) < 4:
        raise InvalidInput({"content": "请填写补正后的申请内容（至少4个字），写明所需信息的名称、文号或其他特征。"})
    if len(content) > CORRECTION_MAX_CHARS:
        raise InvalidInput({"content": f"补正内容不能超过{CORRECTION_MAX_CHARS}字，较长的材料请作为附件上传。"})
    return content


def _attach(correction: Correction, files: list[tuple[str, bytes]]) -> None:
    for name, data in files:
        CorrectionAttachment.objects.create(correction=correction, filename=name, data=data, size=len(data))


def _notify_staff(app: Application, subject: str, body: str) -> None:
    """Mail the case officer (or, while nobody is assigned, the agency's officers and heads) on
    commit. Staff mail carries the number and dates only, never the applicant's details."""
    from gongkai.accounts.models import Membership

    from .permissions import CASE_ROLES

    if app.officer_id:
        emails = [app.officer.email] if app.officer.email and app.officer.is_active else []
    else:
        emails = sorted({m.user.email for m in Membership.objects.active().filter(
            agency=app.agency, role__in=CASE_ROLES).select_related("user") if m.user.is_active and m.user.email})
    if emails:
        transaction.on_commit(lambda: send_mail(subject, body, None, emails, fail_silently=True))


def pending_correction(app: Application) -> Correction | None:
    """The correction the applicant submitted online that staff have not yet confirmed."""
    return app.corrections.filter(received_on__isnull=True).order_by("-pk").first()


@transaction.atomic
def submit_correction(application: Application, *, content: str, files=None, actor=None) -> Correction:
    """The applicant sends the corrected request online (the tracking page or the API). It is kept
    beside the original; the officer is told and confirms the day it was received, from which the
    reply period restarts (第三十条、第三十一条)."""
    app = _lock(application)
    if app.status != Status.AWAITING_CORRECTION:
        raise StepNotAllowed(f"申请当前状态为“{app.get_status_display()}”，没有需要补正的内容。")
    earlier = pending_correction(app)
    if earlier is not None:
        raise StepNotAllowed(f"您已于{prose(earlier.submitted_on)}提交补正，请等待机关确认收到；"
                             "如需修改，请与机关联系。")
    content = _correction_content(content)
    checked = check_correction_files(files)
    today = _today()
    user = actor if actor is not None and actor.is_authenticated else None
    correction = Correction.objects.create(application=app, via=Correction.Via.ONLINE, content=content,
                                           submitted_on=today, recorded_by=user)
    _attach(correction, checked)
    _event(app, EventType.CORRECTION_SUBMITTED, today, user, correction=correction.pk,
           attachments=[name for name, _ in checked])
    _notify_staff(app, f"申请人已网上提交补正（{app.number}）",
                  f"申请 {app.number} 的申请人已于{prose(today)}在网上提交补正后的申请。"
                  "请在办理页面核对后登记“收到补正”，答复期限自确认收到之日起重新计算。")
    _notify_applicant(app, f"补正申请已提交（{app.number}）",
                      f"您对申请 {app.number} 的补正已提交，机关确认收到后重新计算答复期限。")
    return correction


def _record_received_correction(app: Application, *, actor, on: date, content: str, scans,
                                warnings: list[str]) -> Correction | None:
    """收到补正: confirm the pending online correction, or record the paper one with its scan."""
    pending = pending_correction(app)
    if pending is not None:
        if (content or "").strip():
            raise InvalidInput({"content": "申请人已网上提交补正内容，无需再录入；请只确认收到日期。"})
        pending.received_on = on
        pending.save(update_fields=["received_on"])
        if scans:
            _attach(pending, check_correction_files(scans))
        return pending
    if not (content or "").strip():
        if scans:
            raise InvalidInput({"content": "请录入补正后的申请内容，扫描件作为附件保存。"})
        warnings.append("未录入补正后的申请内容：纸质补正请录入内容并上传扫描件，以便案卷完整。")
        return None
    content = _correction_content(content)
    checked = check_correction_files(scans)
    correction = Correction.objects.create(application=app, via=Correction.Via.PAPER, content=content,
                                           submitted_on=on, received_on=on, recorded_by=actor)
    _attach(correction, checked)
    return correction


def _provide_by_email(app: Application, *, on: date, actor) -> None:
    """提供形式为电子邮件: the reply and the released files go to the applicant on commit, and an
    event records it. Not when mail is not really delivered (the mail folder of embedded mode, or
    the console): the event then says the mail was not sent, so staff provide it otherwise."""
    files = list(app.released_to_applicant())
    letter = app.letters.filter(kind=LetterKind.DECISION, to_applicant=True).order_by("-pk").first()
    names = [r.public_name for r in files]
    if not mailbox.delivers() or not app.email:
        _event(app, EventType.INFORMATION_PROVIDED, on, actor, provided_by="email_not_sent", files=names,
               note="请改以网上下载、邮寄等方式提供，或配置邮件服务。")
        return
    total = sum(len(bytes(r.released_pdf)) for r in files)
    attach = total <= EMAIL_ATTACHMENTS_MAX_BYTES
    attachments = [(r.public_name, bytes(r.released_pdf), "application/pdf") for r in files] if attach else []
    if letter is not None and letter.pdf:
        attachments.insert(0, (f"{letter.title}（{letter.number}）.pdf", bytes(letter.pdf), "application/pdf"))
    body = (f"{app.agency.name}已于{prose(on)}答复您的政府信息公开申请（{app.number}）。"
            + ("答复书和提供的政府信息见附件。" if attach else
               "提供的文件较大，请凭申请编号和查询码在平台“申请查询”页面下载。"))
    email, subject = app.email, f"政府信息公开申请答复及提供的信息（{app.number}）"
    _event(app, EventType.INFORMATION_PROVIDED, on, actor, provided_by="email", files=names,
           note="" if attach else "文件较大，邮件中告知网上下载。")
    transaction.on_commit(lambda: EmailMessage(subject, body, None, [email], attachments=attachments)
                          .send(fail_silently=True))


#: the ways staff record handing over the information (纸质、光盘、当场查阅)
RECORDED_PROVISION = ("post", "pickup", "inspection", "disc")


@transaction.atomic
def record_provision(application: Application, *, actor, on: date, provided_by: str, tracking_number: str = "",
                     note: str = "") -> Application:
    """Staff record when and how the information was handed over or posted (纸质、光盘、当场查阅)."""
    app = _lock(application)
    _require(actor, app)
    _require_status(app, "record_provision", what="登记提供信息")
    if app.outcome not in PROVIDING_OUTCOMES:
        raise StepNotAllowed("只有予以公开、部分公开的申请需要登记提供信息。")
    _check_date(on)
    if on < app.decided_on:
        raise InvalidInput({"date": f"提供信息的日期不能早于答复日期 {prose(app.decided_on)}。"})
    if provided_by not in RECORDED_PROVISION:
        raise InvalidInput({"provided_by": "提供方式应为：" + "、".join(PROVIDED_BY[k] for k in RECORDED_PROVISION)})
    tracking_number = (tracking_number or "").strip()
    if provided_by == "post" and not tracking_number:
        raise InvalidInput({"tracking_number": "邮寄的，请填写邮件单号。"})
    files = [r.public_name for r in app.released_to_applicant()]
    _event(app, EventType.INFORMATION_PROVIDED, on, actor, provided_by=provided_by, tracking_number=tracking_number,
           note=(note or "").strip(), files=files)
    how = PROVIDED_BY[provided_by] + (f"（邮件单号 {tracking_number}）" if tracking_number else "")
    _notify_applicant(app, f"政府信息已提供（{app.number}）",
                      f"{app.agency.name}已于{prose(on)}以{how}方式向您提供申请 {app.number} 的政府信息。")
    return _save(app, [])
