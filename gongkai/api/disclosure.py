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
import json

import pydantic
from django.db import transaction
from django.http import Http404, HttpResponse
from django.utils import timezone
from ninja import Field, File, Form, Header, Router, Schema, UploadedFile
from ninja.errors import HttpError
from ninja.responses import Status as Reply

from gongkai.accounts.holidays import current_calendar
from gongkai.accounts.models import Agency, User
from gongkai.accounts.permissions import staff_agencies
from gongkai.disclosure import actions, deadline, permissions, releases, steps, summary
from gongkai.disclosure.forms import ApplicationForm, ReleaseUploadForm
from gongkai.disclosure.guidance import applicant_next_step, next_step_for_applicant
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


class ReleasedOut(Schema):
    name: str
    url: str = Field(..., description="下载地址；查询码放在 X-Query-Code 请求头中，地址本身不含查询码")
    size: int
    notice: str = Field(..., description="区分处理说明（遮盖几处、依据）")


class NextStepOut(Schema):
    action: str = Field(..., description="correct 补正 | pay 缴费 | wait_confirmation 等待确认收到 | none 无需操作 | "
                                         "overdue 已过答复期限 | closed 已办结")
    text: str
    deadline: dt.date | None = Field(None, description="该操作的期限（补正期限、缴费期限）")


class PublicApplicationOut(Schema):
    number: str
    agency: str
    status: str
    status_label: str
    received_on: dt.date | None
    due_on: dt.date | None
    provisional: bool = Field(..., description="答复期限跨入尚无官方节假日安排的年份，为暂定日期")
    provisional_note: str
    outcome: str | None
    outcome_label: str
    decided_on: dt.date | None
    next_step: NextStepOut
    letters: list[LetterOut]
    released: list[ReleasedOut]


class ReleaseCreatedOut(Schema):
    id: int
    name: str
    state: str
    proposed: int = Field(..., description="系统建议遮盖的处数")
    redactions: int = Field(..., description="已确认的遮盖处数")
    unredacted: bool = Field(..., description="无需遮盖，按原件提供")


class EventOut(Schema):
    type: str
    label: str
    date: dt.date
    actor: str | None
    recorded_at: str
    data: dict


class LetterPeriodOut(Schema):
    letter: str = Field(..., description="consultation 征求意见书 | fee_notice 收费通知")
    label: str
    party: str | None = Field(..., description="征求意见对象：third_party | agency")
    name: str
    open: bool = Field(..., description="征求意见尚未结束 / 尚未缴费")
    sent_on: dt.date
    via: str = Field(..., description="in_person 当面 | post 邮寄 | electronic 电子")
    received_on: dt.date | None = Field(..., description="对方收到日期；未登记为 null")
    working_days: int = Field(..., description="15（条例第三十二条、第三十四条）或 20（国办函〔2020〕109号）")
    ends_on: dt.date = Field(..., description="对方期限的最后一日")
    provisional: bool = Field(..., description="尚未登记对方收到日期：按发出日期加该送达方式通常的送达时间暂定")
    note: str


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
    payment_due_provisional: bool = Field(False, description="缴费期限为暂定（尚未登记申请人收到收费通知的日期）")
    fee_amount: int | None
    extension_pending: bool
    outcome: str | None
    outcome_label: str
    decided_on: dt.date | None
    officer: str | None
    provisional: bool = Field(..., description="答复期限跨入尚无官方节假日安排的年份，为暂定日期")
    provisional_note: str = Field(..., description="provisional 为真时的中文提示，否则为空")
    warnings: list[str] = []
    letters: list[LetterOut] = []
    events: list[EventOut] = []
    corrections: list[dict] = Field([], description="补正后的申请（原申请内容不变）：提交方式、内容、提交和收到日期、附件名")
    letter_periods: list[LetterPeriodOut] = Field([], description="征求意见书、收费通知及对方自收到之日起的期限")


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
                                       "start_consultation | record_delivery | end_consultation | request_extension | extend | "
                                       "refuse_extension | "
                                       "fee_notice | "
                                       "fee_paid | fee_lapsed | set_delayed_reply_date | decide | withdraw | reopen | "
                                       "assign_officer | record_provision")
    date: dt.date | None = None
    items: str | None = None
    deadline: dt.date | None = None
    party: str | None = None
    name: str | None = None
    opinion: str | None = None
    working_days: int | None = None
    reason: str | None = Field(None, description="延期、重新办理等的理由；assign_officer：接手同事的申请时的理由")
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
    content: str | None = Field(None, description="receive_correction：纸质补正的补正后申请内容")
    provided_by: str | None = Field(None, description="record_provision：post 邮寄 | pickup 当面领取 | "
                                                      "inspection 当场查阅 | disc 光盘")
    tracking_number: str | None = Field(None, description="record_provision：邮件单号（邮寄时必填）")
    note: str | None = None
    via: str | None = Field(None, description="start_consultation、fee_notice：文书的送达方式；record_delivery：对方收到的方式。"
                                              "in_person 当面 | post 邮寄 | electronic 电子（不填为邮寄）")
    letter: str | None = Field(None, description="record_delivery：consultation 征求意见书 | fee_notice 收费通知；"
                                                 "date 为对方收到之日，对方的期限自该日起计算")
    backdate_reason: str | None = Field(None, description="extend / refuse_extension：日期早于今天时必填的补录理由")
    letter_sent_on: dt.date | None = Field(None, description="出具文书的步骤：纸质文书已于较早日期寄出（送达）的，填写该日期，"
                                                             "文书按此日落款；须同时写明 letter_reason 并上传扫描件"
                                                             "（用 …/events/files 接口）")
    letter_reason: str | None = Field(None, description="按纸质文书日期落款的理由")


class ErrorOut(Schema):
    detail: str
    errors: dict[str, str] | None = None


def _letters(app: Application, base: str, *, public: bool = False) -> list[dict]:
    out = []
    qs = app.letters.order_by("issued_on", "pk").defer("docx", "pdf", "text", "paper_scan")
    for letter in qs.filter(to_applicant=True) if public else qs:
        url = f"{base}/letters/{letter.pk}"
        out.append({"kind": letter.kind, "title": letter.title, "number": letter.number, "issued_on": letter.issued_on,
                    "pdf": f"{url}/pdf", "docx": f"{url}/docx"})
    return out


QUERY_CODE_HEADER = Header("", alias="X-Query-Code", description="查询码（推荐放在请求头中，不要放进网址）")


def _query_code(request, header: str, query: str) -> str:
    """The code from the ``X-Query-Code`` header, else a POST body's ``query_code``, else the
    ``?query_code=`` of older clients. The platform never puts the code in a URL it generates."""
    if header:
        return header
    if request.method == "POST":
        if request.content_type == "application/json":
            try:
                body = json.loads(request.body or b"{}")
            except ValueError:
                body = {}
            if isinstance(body, dict) and isinstance(body.get("query_code"), str):
                return body["query_code"]
        elif request.POST.get("query_code"):
            return request.POST["query_code"]
    return query


def _provisional(app: Application) -> tuple[bool, str]:
    """As ``gongkai deadline`` says it: a due date resting on a year without an entered holiday
    arrangement is provisional."""
    if app.is_closed:
        return False, ""
    try:
        result = actions.clock_for(app)
    except ValueError:
        return False, ""
    if result is None or not result.provisional:
        return False, ""
    return True, _provisional_note(result.provisional_years)


def _provisional_in_list(app: Application, calendar) -> tuple[bool, str]:
    """The list's cheaper reading (``deadline.provisional_years``)."""
    years = deadline.provisional_years(app, calendar)
    return (True, _provisional_note(years)) if years else (False, "")


def _provisional_note(years) -> str:
    listed = "、".join(str(y) for y in sorted(years))
    return (f"注意：{listed}年尚无官方节假日安排，按暂定规则（周一至周五上班，1月1日放假）计算，"
            "答复期限为暂定日期，官方安排公布后以机关重新计算的期限为准。")


def _public(app: Application) -> dict:
    provisional, note = _provisional(app)
    base = f"/api/v1/applications/{app.number}"
    return {
        "number": app.number, "agency": app.agency.code, "status": app.status, "status_label": app.get_status_display(),
        "received_on": app.received_on, "due_on": app.due_on, "provisional": provisional, "provisional_note": note,
        "outcome": app.outcome, "outcome_label": app.outcome_label,
        "decided_on": app.decided_on, "next_step": applicant_next_step(app, timezone.localdate()),
        "letters": _letters(app, base, public=True),
        "released": [{"name": r.public_name, "url": f"{base}/released/{r.pk}", "size": len(bytes(r.released_pdf or b"")),
                      "notice": r.notice} for r in app.released_to_applicant()],
    }


def _applicant(request, number: str, header: str, query: str) -> Application | Reply:
    """The application for its number and code — or the answer to give: 429 when this address asks
    too often (guessing codes), 404 for a wrong number or code."""
    if wait := ratelimit.rate_limited(request, "application_track"):
        raise ratelimit.RateLimited(wait)
    try:
        return permissions.get_for_applicant(number, _query_code(request, header, query))
    except Http404:
        return Reply(404, {"detail": permissions.NOT_FOUND})


def _staff(app: Application, user, *, full: bool = False, listed: bool = False, request=None,
           calendar=None) -> dict:
    """Lists mask the identity number and contact details; one case's answer shows them to the
    case officer only, and records that it did (disclosure.audit)."""
    identity = not listed and permissions.sees_identity(user, app)
    if identity:
        from gongkai.disclosure.audit import record_identity_view
        from gongkai.disclosure.models import IdentityView

        record_identity_view(app, actor=user, where=IdentityView.Where.API, request=request)
    provisional, note = _provisional_in_list(app, calendar) if listed and calendar else _provisional(app)
    out = {
        "number": app.number, "agency": app.agency.code, "status": app.status, "status_label": app.get_status_display(),
        "provisional": provisional, "provisional_note": note,
        "channel": app.channel, "applicant_type": app.applicant_type,
        "name": app.masked_name if listed else app.name, "id_type": app.id_type,
        "id_number": app.id_number if identity else app.masked_id_number,
        "phone": app.phone if identity else app.masked_phone,
        "email": app.email if identity else app.masked_email,
        "content": app.content, "form": app.form, "delivery": app.delivery, "submitted_on": app.submitted_on,
        "received_on": app.received_on, "clock_started_on": app.clock_started_on, "due_on": app.due_on,
        "overdue": app.is_overdue(timezone.localdate()), "correction_deadline": app.correction_deadline,
        "payment_due_on": app.payment_due_on, "fee_amount": app.fee_amount,
        "payment_due_provisional": app.status == Status.AWAITING_PAYMENT and actions.payment_due_provisional(app),
        "extension_pending": app.extension_requested_on is not None, "outcome": app.outcome,
        "outcome_label": app.outcome_label, "decided_on": app.decided_on,
        "officer": app.officer.username if app.officer_id else None,
        "warnings": list(getattr(app, "warnings", []) or []),
    }
    if full:
        out["letters"] = _letters(app, f"/api/v1/staff/applications/{app.number}")
        out["letter_periods"] = [s.as_dict() for s in actions.sent_letters(app)]
        out["events"] = [{"type": e.type, "label": e.get_type_display(), "date": e.date,
                          "actor": str(e.actor) if e.actor_id else None, "recorded_at": e.recorded_at.isoformat(),
                          "data": e.data} for e in app.events.select_related("actor").order_by("date", "pk")]
        out["corrections"] = [{"via": c.via, "content": c.content, "submitted_on": c.submitted_on.isoformat(),
                               "received_on": c.received_on.isoformat() if c.received_on else None,
                               "attachments": [a.filename for a in c.attachments.all()]}
                              for c in app.corrections.prefetch_related("attachments")]
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
    if wait := ratelimit.rate_limited(request, "apply"):
        raise ratelimit.RateLimited(wait)
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
def track(request, number: str, query_code: str = "", x_query_code: str = QUERY_CODE_HEADER):
    """凭申请编号和查询码查询：状态、答复期限（``provisional`` 为真时是暂定日期）、申请人下一步要做什么
    （``next_step``，含期限）、办理结果、文书和提供的政府信息（``released``：区分处理后的公开文本）。
    查询码放在 ``X-Query-Code`` 请求头中（``?query_code=`` 仍然接受，但不要再用）。编号或查询码不对一律返回404；
    同一地址查询过于频繁时返回429（防止猜测查询码）。"""
    app = _applicant(request, number, x_query_code, query_code)
    if isinstance(app, Reply):
        return app
    return Reply(200, _public(app))


_CORRECTION_BODY = {"requestBody": {"content": {
    "application/json": {"schema": {"type": "object", "required": ["content"], "properties": {
        "content": {"type": "string", "description": "补正后的申请内容"},
        "query_code": {"type": "string", "description": "查询码（也可放在 X-Query-Code 请求头中）"}}}},
    "multipart/form-data": {"schema": {"type": "object", "required": ["content"], "properties": {
        "content": {"type": "string"}, "query_code": {"type": "string"},
        "files": {"type": "array", "items": {"type": "string", "format": "binary"},
                  "description": "附件（PDF、JPG、PNG、DOCX、TXT，每个不超过10MB，最多5个）"}}}},
}}}


@router.post("/applications/{number}/correction", summary="网上补正（申请人）", openapi_extra=_CORRECTION_BODY,
             response={200: PublicApplicationOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut, 429: ErrorOut})
def correct(request, number: str, query_code: str = "", x_query_code: str = QUERY_CODE_HEADER):
    """机关告知补正后（状态为 ``awaiting_correction``），申请人提交补正后的申请内容（JSON ``{"content"}``，
    或 multipart 表单加附件 ``files``）。原申请内容不变，补正内容另行保存；机关确认收到补正之日起重新计算答复期限。
    编号或查询码不对返回404；不在待补正状态或已提交过补正返回409；内容为空、附件过大等返回400。"""
    app = _applicant(request, number, x_query_code, query_code)
    if isinstance(app, Reply):
        return app
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body or b"{}")
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return Reply(400, {"detail": "输入有误，请检查。", "errors": {"content": "请求体应为 JSON 对象：{\"content\": \"…\"}。"}})
        content, files = body.get("content"), []
    else:
        content, files = request.POST.get("content"), request.FILES.getlist("files") + request.FILES.getlist("file")
    if not isinstance(content, str):
        content = ""
    user = request.user if getattr(request, "user", None) and request.user.is_authenticated else None
    actions.submit_correction(app, content=content, files=files, actor=user)
    app.refresh_from_db()
    return Reply(200, _public(app))


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
def public_letter(request, number: str, letter_id: int, fmt: str, query_code: str = "",
                  x_query_code: str = QUERY_CODE_HEADER):
    """查询码放在 ``X-Query-Code`` 请求头中。"""
    app = _applicant(request, number, x_query_code, query_code)
    if isinstance(app, Reply):
        return app
    letter = app.letters.filter(pk=letter_id, to_applicant=True).first()
    if letter is None:
        return Reply(404, {"detail": "没有找到该文书。"})
    return _letter_response(letter, fmt)


@router.get("/applications/{number}/released/{release_id}", summary="下载提供的政府信息（申请人）",
            response={404: ErrorOut, 429: ErrorOut})
def public_release(request, number: str, release_id: int, query_code: str = "",
                   x_query_code: str = QUERY_CODE_HEADER):
    """予以公开、部分公开后提供的文件：区分处理后的公开文本（PDF，被遮盖的文字已删除，附遮盖说明），
    从不提供原件。查询码放在 ``X-Query-Code`` 请求头中；没有或不对返回404。"""
    app = _applicant(request, number, x_query_code, query_code)
    if isinstance(app, Reply):
        return app
    release = app.released_to_applicant().filter(pk=release_id).first()
    if release is None or not release.released_pdf:
        return Reply(404, {"detail": "没有找到该文件。"})
    from gongkai.disclosure.views import release_response

    return release_response(release)


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
    calendar = current_calendar()
    return Reply(200, [_staff(a, request.auth, listed=True, calendar=calendar) for a in qs])


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
    return _take_step(request, _staff_case(request, number), payload)


def _take_step(request, app: Application, payload: EventIn, files: dict | None = None):
    """One step of ``payload`` on ``app`` (both endpoints): ``files`` is given by the multipart one."""
    data = payload.dict(exclude_none=True)
    step = data.pop("type")
    if step == "assign_officer":
        if files is not None:
            return Reply(400, {"detail": "输入有误，请检查。", "errors": {"type": "更换经办人不带扫描件，请用 …/events 接口。"}})
        user = User.objects.filter(username=data.get("officer") or "").first()
        if user is None:
            return Reply(400, {"detail": "输入有误，请检查。", "errors": {"officer": "没有该用户。"}})
        app = actions.assign_officer(app, actor=request.auth, officer=user, reason=data.get("reason") or "")
    else:
        app = steps.run(app, actor=request.auth, step=step, data=steps.form_data_from_json(step, data), files=files)
    return Reply(200, _staff(app, request.auth, full=True, request=request))



_SCAN = "PDF、JPG 或 PNG，经平台的上传检查"


@router.post("/staff/applications/{number}/events/files", auth=bearer, summary="办理一个步骤并上传扫描件（工作人员）",
             response={200: StaffApplicationOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut})
def take_step_with_files(request, number: str,
                         event: str = Form("", description="与 …/events 相同的 JSON 对象（type、date 等）"),
                         letter_scan: UploadedFile | None = File(None, description=f"已寄出纸质文书的扫描件（{_SCAN}）"),
                         scan: UploadedFile | None = File(None, description=f"receive_correction：纸质补正材料的扫描件（{_SCAN}）")):
    """纸质渠道的步骤带扫描件：``event`` 为 JSON 文本，其余同 ``…/events``。出具文书的步骤写明
    ``letter_sent_on`` 和 ``letter_reason`` 并上传 ``letter_scan`` 的，文书按纸质文书寄出日落款；
    ``receive_correction`` 可附 ``scan``（纸质补正材料）。出错时不保存任何内容。"""
    app = _staff_case(request, number)  # first: who may not see the case learns nothing about it
    try:
        raw = json.loads(event)
    except ValueError:
        raw = None
    if not isinstance(raw, dict):
        return Reply(400, {"detail": "输入有误，请检查。", "errors": {"event": "event 须为 JSON 对象，如 {\"type\": \"decide\", …}。"}})
    try:
        payload = EventIn(**raw)
    except pydantic.ValidationError as e:
        fields = sorted({str(err["loc"][0]) for err in e.errors() if err.get("loc")})
        return Reply(400, {"detail": "输入有误，请检查。",
                           "errors": {f: "格式不正确。" for f in fields} or {"event": "格式不正确。"}})
    files = {name: f for name, f in (("letter_scan", letter_scan), ("scan", scan)) if f is not None}
    return _take_step(request, app, payload, files)


@router.post("/staff/applications/{number}/releases", auth=bearer, summary="上传拟提供的文件（工作人员）",
             response={201: ReleaseCreatedOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut})
def upload_release(request, number: str, file: UploadedFile | None = File(None, description=".txt、.docx 或文字版 .pdf"),
                   title: str = Form("", description="文件标题；留空用文件名"),
                   spans: str = Form("", description="采用系统建议的哪些遮盖：序号用逗号分隔，all 为全部"),
                   redact: str = Form("", description="另外需要遮盖的文字，每行一项（文中每处出现都遮盖）"),
                   basis: str = Form("", description="另外遮盖的依据；留空为条例第十五条（个人隐私）"),
                   as_is: bool = Form(False, description="无需遮盖，按原件提供：PDF 原样提供，TXT、DOCX 转为 PDF"),
                   reason: str = Form("", description="按原件提供的理由；筛查发现个人信息或无法筛查（扫描件）时必填")):
    """同办理页面的“区分处理”：上传后系统筛查个人信息并建议遮盖（``proposed``）。给出 ``spans`` 或 ``redact`` 的，
    同时确认遮盖并制作公开文本（``state`` 为 ``released``）；否则为待确认（``proposed``），可在页面确认。
    ``as_is`` 为真的，无需遮盖、按原件提供（``unredacted``）：筛查发现个人信息或无法筛查时须写明 ``reason``，
    否则返回400，不保存任何内容。作出答复（``decide``）时 ``released`` 写明提供的文件名称（予以公开、部分公开均可）。"""
    app = _staff_case(request, number)  # first: who may not see the case learns nothing about it
    if file is None:
        return Reply(400, {"detail": "输入有误，请检查。", "errors": {"file": "请选择要上传的文件。"}})
    stem = (file.name or "").rsplit(".", 1)[0]
    form = ReleaseUploadForm({"title": (title or "").strip() or stem or "文件"}, {"file": file})
    if not form.is_valid():
        return Reply(400, _form_errors(form))
    chosen: list[str] = []
    with transaction.atomic():  # upload and confirmation together: a refused redaction leaves nothing behind
        release = releases.upload(app, actor=request.auth, title=form.cleaned_data["title"], upload=file)
        if as_is:
            if spans.strip() or redact.strip():
                raise actions.InvalidInput({"as_is": "按原件提供的文件不作遮盖，不能同时给出 spans 或 redact。"})
            release = releases.provide_as_is(release, actor=request.auth, reason=reason)
        elif spans.strip() == "all":
            chosen = [str(i) for i in range(len(release.proposed))]
        else:
            chosen = [p.strip() for p in spans.split(",") if p.strip()]
        if chosen or redact.strip():
            release = releases.confirm(release, actor=request.auth, chosen=chosen, extra_text=redact,
                                       extra_basis=basis.strip() or releases.DEFAULT_BASIS)
    return Reply(201, {"id": release.pk, "name": release.title, "state": release.state,
                       "proposed": len(release.proposed), "redactions": len(release.log),
                       "unredacted": release.unredacted})
