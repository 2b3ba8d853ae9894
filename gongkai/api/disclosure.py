"""依申请公开 API (issue 3, item 11).

Public: submit an application, follow it with its number and query code. Staff (Bearer token):
register, list work, take steps. Application numbers are ``<agency code>-<year>-<serial>`` — only
lower-case letters, digits and hyphens, so they need no URL-encoding.

Errors: 400 ``{"detail", "errors": {field: 中文说明}}``; 403 a step this user may not take (e.g. an
officer approving an extension); 404 an unknown number, a wrong query code or another agency's
case; 409 a step not allowed in the application's current state.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpResponse
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status as Reply

from gongkai.accounts.holidays import current_calendar
from gongkai.accounts.models import Agency, User
from gongkai.accounts.permissions import staff_agencies
from gongkai.disclosure import actions, permissions, steps, summary
from gongkai.disclosure.forms import ApplicationForm
from gongkai.disclosure.guidance import next_step_for_applicant
from gongkai.disclosure.models import Application, Channel, Status
from gongkai.portal import ratelimit
from gongkai.rules.periods import due_soon_until

from .auth import bearer

router = Router(tags=["依申请公开"])


class ApplicationIn(Schema):
    agency: str = Field(..., description="受理机关代码，如 huzhu-zrj")
    applicant_type: str = Field(..., description="natural_person | commercial_enterprise | research_institution | "
                                                 "social_welfare_org | legal_service_org | other_org")
    name: str
    id_type: str = Field(..., description="resident_id | passport | hk_macao_permit | taiwan_permit | "
                                          "foreign_resident | credit_code | other")
    id_number: str
    phone: str
    email: str | None = None
    address: str | None = None
    postcode: str | None = None
    contact_name: str | None = None
    info_name: str | None = None
    info_doc_number: str | None = None
    content: str
    form: str = Field(..., description="paper | email | disc | download | inspection")
    delivery: str = Field(..., description="post | email | pickup | online | fax")


class StaffApplicationIn(ApplicationIn):
    channel: str = Field(..., description="in_person | post | ordinary_mail | online | fax")
    received_on: dt.date | None = Field(None, description="条例第三十一条的收到申请日期（YYYY-MM-DD）")
    submitted_on: dt.date | None = None


class SubmittedOut(Schema):
    number: str
    query_code: str
    status: str


class LetterOut(Schema):
    kind: str
    title: str
    number: str
    issued_on: dt.date
    pdf: str | None
    docx: str | None


class PublicApplicationOut(Schema):
    number: str
    agency: str
    status: str
    status_label: str
    received_on: dt.date | None
    due_on: dt.date | None
    outcome: str | None
    outcome_label: str
    decided_on: dt.date | None
    next_step: str
    letters: list[LetterOut]


class EventOut(Schema):
    type: str
    label: str
    date: dt.date
    actor: str | None
    recorded_at: str
    data: dict


class StaffApplicationOut(Schema):
    number: str
    agency: str
    status: str
    status_label: str
    channel: str
    applicant_type: str
    name: str
    id_type: str
    id_number: str
    phone: str
    email: str
    content: str
    form: str
    delivery: str
    submitted_on: dt.date
    received_on: dt.date | None
    clock_started_on: dt.date | None
    due_on: dt.date | None
    overdue: bool
    correction_deadline: dt.date | None
    payment_due_on: dt.date | None
    fee_amount: int | None
    extension_pending: bool
    outcome: str | None
    outcome_label: str
    decided_on: dt.date | None
    officer: str | None
    warnings: list[str] = []
    letters: list[LetterOut] = []
    events: list[EventOut] = []


class SummaryOut(Schema):
    scope: str = Field(..., description="mine（经办人：本人经办的和本机关未指定经办人的）| agency（负责人：本机关）| "
                                        "agencies（政务公开办、管理员：所辖各机关）")
    scope_label: str
    awaiting_confirmation: int = Field(..., description="待确认收到")
    unconfirmed_late: int = Field(..., description="提交超过1个工作日仍未确认收到")
    unconfirmed_alert: int = Field(..., description="提交超过3个工作日仍未确认收到（已提醒负责人）")
    due_soon: int = Field(..., description="5个工作日内到期")
    overdue: int = Field(..., description="已逾期")
    extension_pending: int = Field(..., description="延期待批准")
    awaiting_correction: int
    in_consultation: int
    awaiting_payment: int
    in_hand: int = Field(..., description="全部在办（含待确认收到）")


class EventIn(Schema):
    type: str = Field(..., description="confirm_receipt | request_correction | receive_correction | correction_lapsed | "
                                       "start_consultation | end_consultation | request_extension | extend | refuse_extension | "
                                       "fee_notice | "
                                       "fee_paid | fee_lapsed | set_delayed_reply_date | decide | withdraw | reopen | "
                                       "assign_officer")
    date: dt.date | None = None
    items: str | None = None
    deadline: dt.date | None = None
    party: str | None = None
    name: str | None = None
    opinion: str | None = None
    working_days: int | None = None
    reason: str | None = None
    method: str | None = None
    pages: int | None = None
    reply_by: dt.date | None = None
    outcome: str | None = None
    basis: str | None = None
    released: list[str] | None = None
    where: str | None = None
    withheld: list[dict] | None = None
    referral_agency: str | None = None
    referral_contact: str | None = None
    earlier_reply: str | None = None
    officer: str | None = Field(None, description="assign_officer：经办人用户名")
    backdate_reason: str | None = Field(None, description="extend / refuse_extension：日期早于今天时必填的补录理由")


class ErrorOut(Schema):
    detail: str
    errors: dict[str, str] | None = None


def _letters(app: Application, base: str, query: str = "", *, public: bool = False) -> list[dict]:
    out = []
    qs = app.letters.order_by("issued_on", "pk").defer("docx", "pdf", "text")
    for letter in qs.filter(to_applicant=True) if public else qs:
        url = f"{base}/letters/{letter.pk}"
        out.append({"kind": letter.kind, "title": letter.title, "number": letter.number, "issued_on": letter.issued_on,
                    "pdf": f"{url}/pdf{query}", "docx": f"{url}/docx{query}"})
    return out


def _public(app: Application, query_code: str) -> dict:
    from urllib.parse import quote

    return {
        "number": app.number, "agency": app.agency.code, "status": app.status, "status_label": app.get_status_display(),
        "received_on": app.received_on, "due_on": app.due_on, "outcome": app.outcome, "outcome_label": app.outcome_label,
        "decided_on": app.decided_on, "next_step": next_step_for_applicant(app, timezone.localdate()),
        "letters": _letters(app, f"/api/v1/applications/{app.number}", f"?query_code={quote(query_code)}", public=True),
    }


def _staff(app: Application, user, *, full: bool = False, listed: bool = False, request=None) -> dict:
    """Lists mask the identity number and contact details; one case's answer shows them to the
    case officer only, and records that it did (disclosure.audit)."""
    identity = not listed and permissions.sees_identity(user, app)
    if identity:
        from gongkai.disclosure.audit import record_identity_view
        from gongkai.disclosure.models import IdentityView

        record_identity_view(app, actor=user, where=IdentityView.Where.API, request=request)
    out = {
        "number": app.number, "agency": app.agency.code, "status": app.status, "status_label": app.get_status_display(),
        "channel": app.channel, "applicant_type": app.applicant_type,
        "name": app.masked_name if listed else app.name, "id_type": app.id_type,
        "id_number": app.id_number if identity else app.masked_id_number,
        "phone": app.phone if identity else app.masked_phone,
        "email": app.email if identity else app.masked_email,
        "content": app.content, "form": app.form, "delivery": app.delivery, "submitted_on": app.submitted_on,
        "received_on": app.received_on, "clock_started_on": app.clock_started_on, "due_on": app.due_on,
        "overdue": app.is_overdue(timezone.localdate()), "correction_deadline": app.correction_deadline,
        "payment_due_on": app.payment_due_on, "fee_amount": app.fee_amount,
        "extension_pending": app.extension_requested_on is not None, "outcome": app.outcome,
        "outcome_label": app.outcome_label, "decided_on": app.decided_on,
        "officer": app.officer.username if app.officer_id else None,
        "warnings": list(getattr(app, "warnings", []) or []),
    }
    if full:
        out["letters"] = _letters(app, f"/api/v1/staff/applications/{app.number}")
        out["events"] = [{"type": e.type, "label": e.get_type_display(), "date": e.date,
                          "actor": str(e.actor) if e.actor_id else None, "recorded_at": e.recorded_at.isoformat(),
                          "data": e.data} for e in app.events.select_related("actor").order_by("date", "pk")]
    return out


def _form_errors(form) -> dict:
    return {"detail": "输入有误，请检查。", "errors": steps.errors_of(form)}


def _staff_case(request, number: str) -> Application:
    try:
        return permissions.get_case(request.auth, number)
    except Http404:
        raise HttpError(404, permissions.NOT_FOUND) from None


# -- public -------------------------------------------------------------------------------------


@router.post("/applications", response={201: SubmittedOut, 400: ErrorOut, 429: ErrorOut}, summary="提交政府信息公开申请")
def submit(request, payload: ApplicationIn):
    """网上提交申请（无需登录）。返回申请编号和查询码；查询码只显示这一次，请申请人妥善保存。
    网上提交的申请以机关确认之日为收到申请之日（条例第三十一条）。同一地址提交过于频繁时返回429。"""
    if ratelimit.rate_limited(request, "apply"):
        return Reply(429, {"detail": ratelimit.RATE_LIMIT_MESSAGE})
    agency = Agency.objects.active().filter(code=payload.agency).first()
    if agency is None:
        return Reply(400, {"detail": "输入有误，请检查。", "errors": {"agency": "没有该机关，或该机关未开通网上申请。"}})
    form = ApplicationForm(payload.dict(exclude_none=True))
    if not form.is_valid():
        return Reply(400, _form_errors(form))
    user = request.user if getattr(request, "user", None) and request.user.is_authenticated else None
    sub = actions.submit_application(agency=agency, fields=form.cleaned_data, actor=user)
    return Reply(201, {"number": sub.application.number, "query_code": sub.query_code, "status": sub.application.status})


@router.get("/applications/{number}", response={200: PublicApplicationOut, 404: ErrorOut, 429: ErrorOut},
            summary="查询申请办理情况")
def track(request, number: str, query_code: str = ""):
    """凭申请编号和查询码查询：状态、答复期限、办理结果和文书。编号或查询码不对一律返回404；
    同一地址查询过于频繁时返回429（防止猜测查询码）。"""
    if ratelimit.rate_limited(request, "application_track"):
        return Reply(429, {"detail": ratelimit.RATE_LIMIT_MESSAGE})
    try:
        app = permissions.get_for_applicant(number, query_code)
    except Http404:
        return Reply(404, {"detail": permissions.NOT_FOUND})
    return Reply(200, _public(app, query_code))


def _letter_response(letter, fmt: str):
    if fmt == "pdf" and letter.pdf:
        body, ctype = bytes(letter.pdf), "application/pdf"
    elif fmt == "docx" and letter.docx:
        body, ctype = bytes(letter.docx), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        raise HttpError(404, "该文书没有这种格式。")
    response = HttpResponse(body, content_type=ctype)
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(letter.title + '.' + fmt)}"
    return response


@router.get("/applications/{number}/letters/{letter_id}/{fmt}", summary="下载文书（申请人）",
            response={404: ErrorOut, 429: ErrorOut})
def public_letter(request, number: str, letter_id: int, fmt: str, query_code: str = ""):
    if ratelimit.rate_limited(request, "application_track"):
        return Reply(429, {"detail": ratelimit.RATE_LIMIT_MESSAGE})
    try:
        app = permissions.get_for_applicant(number, query_code)
    except Http404:
        return Reply(404, {"detail": permissions.NOT_FOUND})
    letter = app.letters.filter(pk=letter_id, to_applicant=True).first()
    if letter is None:
        return Reply(404, {"detail": "没有找到该文书。"})
    return _letter_response(letter, fmt)


# -- staff --------------------------------------------------------------------------------------


@router.post("/staff/applications", auth=bearer, summary="登记申请（工作人员）",
             response={201: StaffApplicationOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut})
def register(request, payload: StaffApplicationIn):
    """登记当面、邮寄、平常信函、传真或网上收到的申请。``received_on`` 为条例第三十一条的收到申请日期，
    登记后即计算答复期限；平常信函等尚未确认的可不填，之后用 ``confirm_receipt`` 登记。"""
    agency = staff_agencies(request.auth).filter(code=payload.agency).first()
    if agency is None:
        return Reply(404, {"detail": "没有找到该机关。"})
    data = payload.dict(exclude_none=True)
    errors = {}
    if payload.channel not in Channel.values:
        errors["channel"] = f"不是允许的取值（可选：{'、'.join(Channel.values)}）"
    form = ApplicationForm(data)
    if not form.is_valid():
        errors.update(steps.errors_of(form))
    if errors:
        return Reply(400, {"detail": "输入有误，请检查。", "errors": errors})
    sub = actions.register_application(agency=agency, fields=form.cleaned_data, channel=payload.channel,
                                       received_on=payload.received_on, submitted_on=payload.submitted_on,
                                       actor=request.auth)
    return Reply(201, _staff(sub.application, request.auth, request=request))


@router.get("/staff/applications", auth=bearer, response={200: list[StaffApplicationOut], 404: ErrorOut},
            summary="申请列表（工作人员）")
def work_list(request, status: str | None = None, overdue: bool = False, due_soon: bool = False,
              awaiting_confirmation: bool = False, extension_pending: bool = False, officer: str | None = None,
              agency: str | None = None, limit: int = 100, offset: int = 0):
    """本人可办理机关的申请。``overdue=true`` 逾期未答复；``due_soon=true`` 临近到期（5个工作日内）；
    ``status`` 为状态代码；``officer`` 经办人用户名；``agency`` 机关代码。按答复期限排序，每页最多500条。"""
    agencies = staff_agencies(request.auth)
    if not agencies.exists():
        return Reply(404, {"detail": "没有可办理的机关。"})
    qs = Application.objects.for_agencies(agencies).select_related("agency", "officer")
    today = timezone.localdate()
    if agency:
        qs = qs.filter(agency__code=agency)
    if status:
        if status not in Status.values:
            raise HttpError(400, f"status 不是允许的取值（可选：{'、'.join(Status.values)}）")
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.overdue(on=today)
    if due_soon:
        qs = qs.due_within(on=today, until=due_soon_until(today, current_calendar()))
    if awaiting_confirmation:
        qs = qs.awaiting_confirmation()
    if extension_pending:
        qs = qs.extension_pending()
    if officer:
        qs = qs.filter(officer__username=officer)
    limit = max(1, min(limit, 500))
    qs = qs.order_by("due_on", "pk")[max(offset, 0):max(offset, 0) + limit]
    return Reply(200, [_staff(a, request.auth, listed=True) for a in qs])


@router.get("/staff/summary", auth=bearer, response={200: SummaryOut, 404: ErrorOut}, summary="待办数量（工作人员）")
def staff_summary(request):
    """工作台的待办数量：经办人为本人经办的（含本机关未指定经办人的），负责人为本机关，
    政务公开办和管理员为所辖各机关。各项与工作清单同名，按今天计算。"""
    if not staff_agencies(request.auth).exists():
        return Reply(404, {"detail": "没有可办理的机关。"})
    return Reply(200, summary.for_user(request.auth, timezone.localdate()))


@router.get("/staff/applications/{number}", auth=bearer, response={200: StaffApplicationOut, 404: ErrorOut},
            summary="申请详情（工作人员）")
def case(request, number: str):
    app = _staff_case(request, number)
    return Reply(200, _staff(app, request.auth, full=True, request=request))


@router.get("/staff/applications/{number}/letters/{letter_id}/{fmt}", auth=bearer, summary="下载文书（工作人员）",
            response={404: ErrorOut})
def staff_letter(request, number: str, letter_id: int, fmt: str):
    app = _staff_case(request, number)
    letter = app.letters.filter(pk=letter_id).first()
    if letter is None:
        return Reply(404, {"detail": "没有找到该文书。"})
    return _letter_response(letter, fmt)


@router.post("/staff/applications/{number}/events", auth=bearer, summary="办理一个步骤（工作人员）",
             response={200: StaffApplicationOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut})
def take_step(request, number: str, payload: EventIn):
    """``{"type": 步骤, "date": "YYYY-MM-DD", …}``，返回办理后的申请（``due_on`` 已重新计算）。
    当前状态不允许该步骤时返回409，经办人批准延期等无权操作返回403。"""
    app = _staff_case(request, number)
    data = payload.dict(exclude_none=True)
    step = data.pop("type")
    if step == "assign_officer":
        user = User.objects.filter(username=data.get("officer") or "").first()
        if user is None:
            return Reply(400, {"detail": "输入有误，请检查。", "errors": {"officer": "没有该用户。"}})
        app = actions.assign_officer(app, actor=request.auth, officer=user)
    else:
        app = steps.run(app, actor=request.auth, step=step, data=steps.form_data_from_json(step, data))
    return Reply(200, _staff(app, request.auth, full=True, request=request))

