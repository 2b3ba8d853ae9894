"""复议诉讼台账 API (issue 17, item 3): staff only, the same rules as the pages (``/staff/appeals/``).

Who may see and record: any staff role covering the agency (``appeals.permissions``). Someone
else's agency or case → 404, as the rest of the staff API; a step the person may see but not take
(the disclosure office reopening an agency's application) → 403; an already concluded case → 409.
Every change is one of the ledger's actions (``appeals.actions``), so a 纠正 result reopens the
applications it concerns exactly as the web form does.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja import Status as Reply
from ninja.errors import HttpError

from gongkai.appeals import actions
from gongkai.appeals.models import Appeal, Kind, Result
from gongkai.appeals.permissions import get_appeal_for_staff, recording_agencies, visible_appeals

from .auth import bearer

router = Router(tags=["复议诉讼"])

KindIn = Literal["reconsideration", "litigation_direct", "litigation_after_reconsideration"]
OutcomeIn = Literal["upheld", "corrected", "other", "pending"]


class AppealIn(Schema):
    agency: str = Field(..., description="被申请人/被告机关代码，如 dept-x")
    kind: KindIn = Field(..., description="reconsideration 行政复议 | litigation_direct 行政诉讼（未经复议直接起诉）| "
                                          "litigation_after_reconsideration 行政诉讼（复议后起诉）")
    filed_on: dt.date = Field(..., description="申请行政复议或立案日期（YYYY-MM-DD）；表四按此日期计入年度")
    application: str | None = Field(None, description="所涉本机关依申请公开的申请编号")
    body: str | None = Field(None, max_length=100, description="复议机关或人民法院；不填时复议为机关的默认复议机关，"
                                                               "诉讼为机关登记的管辖法院")
    appellant: str | None = Field(None, max_length=100, description="申请人/原告；不填时取所涉申请的申请人")
    case_number: str | None = Field(None, max_length=100, description="案号")
    summary: str | None = Field(None, max_length=5000, description="请求和争议要点")
    reconsideration: int | None = Field(None, description="复议后起诉：此前行政复议案件的 id")


class OutcomePatch(Schema):
    outcome: OutcomeIn = Field(..., description="upheld 维持 | corrected 纠正 | other 其他结果 | "
                                                "pending 尚未审结（撤销已记录的审结，须写 reason）")
    decided_on: dt.date | None = Field(None, description="审结日期（outcome 为 pending 时不填）")
    conclusion: str | None = Field(None, max_length=5000, description="决定/裁判要旨")
    reopen_applications: bool = Field(True, description="结果为纠正时重新办理所涉申请（新的答复期限），同网页表单")
    reason: str | None = Field(None, max_length=500, description="outcome 为 pending 时：撤销审结的理由")


class AppealOut(Schema):
    id: int
    agency: str
    kind: str
    kind_label: str
    appellant: str
    body: str
    case_number: str
    filed_on: dt.date
    year: int = Field(..., description="计入哪一年度报告的表四（申请/立案年度）")
    outcome: str
    outcome_label: str
    decided_on: dt.date | None
    applications: list[str]
    reconsideration: int | None


class ErrorOut(Schema):
    detail: str
    errors: dict[str, str] | None = None


def _out(appeal: Appeal) -> dict:
    return {
        "id": appeal.pk, "agency": appeal.agency.code, "kind": appeal.kind, "kind_label": appeal.get_kind_display(),
        "appellant": appeal.appellant, "body": appeal.body, "case_number": appeal.case_number,
        "filed_on": appeal.filed_on, "year": appeal.filed_on.year, "outcome": appeal.result,
        "outcome_label": appeal.get_result_display(), "decided_on": appeal.concluded_on,
        "applications": sorted(a.number for a in appeal.applications.all()),
        "reconsideration": appeal.reconsideration_id,
    }


def _bad(field: str, message: str) -> Reply:
    return Reply(400, {"detail": "输入有误，请检查。", "errors": {field: message}})


def _appeal(request, pk: int) -> Appeal:
    try:
        return get_appeal_for_staff(request.auth, pk)
    except Http404:
        raise HttpError(404, "没有找到该案件。") from None


@router.post("/staff/appeals", auth=bearer, summary="登记复议诉讼案件（工作人员）",
             response={201: AppealOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut})
def create_appeal(request, payload: AppealIn):
    """登记本机关因政府信息公开被申请行政复议或被提起行政诉讼的案件，同工作台“复议诉讼—登记”。
    不能办理的机关返回404；日期晚于今天、申请编号不是本机关的等返回400。"""
    agency = recording_agencies(request.auth).filter(code=payload.agency).first()
    if agency is None:
        return Reply(404, {"detail": "没有找到该机关。"})
    applications = []
    if payload.application:
        from gongkai.disclosure.models import Application

        app = Application.objects.filter(agency=agency, number=payload.application.strip()).first()
        if app is None:
            return _bad("application", f"本机关没有该申请：{payload.application}")
        applications = [app]
    reconsideration = None
    if payload.reconsideration is not None:
        reconsideration = visible_appeals(request.auth).filter(pk=payload.reconsideration).first()
        if reconsideration is None:
            return _bad("reconsideration", "没有找到该行政复议案件。")
    body = (payload.body or "").strip()
    if not body:
        body = agency.default_reconsideration_body if payload.kind == Kind.RECONSIDERATION else agency.court
    if not body:
        return _bad("body", "请填写人民法院（该机关未登记管辖法院）。")
    appellant = (payload.appellant or "").strip() or (applications[0].name if applications else "")
    appeal = actions.record_appeal(
        agency=agency, kind=payload.kind, appellant=appellant, body=body, filed_on=payload.filed_on,
        case_number=payload.case_number or "", summary=payload.summary or "", applications=applications,
        reconsideration=reconsideration, actor=request.auth)
    return Reply(201, _out(appeal))


@router.patch("/staff/appeals/{appeal_id}", auth=bearer, summary="记录审结结果（工作人员）",
              response={200: AppealOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut})
def patch_appeal(request, appeal_id: int, payload: OutcomePatch):
    """``{"outcome": "upheld" | "corrected" | "other", "decided_on"}`` 记录审结结果；结果为纠正时所涉申请
    自审结日起重新办理（``reopen_applications`` 为 false 时不重新办理）。已审结的案件返回409：
    先以 ``{"outcome": "pending", "reason"}`` 撤销审结，再记录新的结果。政务公开办不能重新办理机关的申请（403）。"""
    appeal = _appeal(request, appeal_id)
    if payload.outcome == Result.PENDING:
        if payload.decided_on is not None:
            return _bad("decided_on", "尚未审结的案件不填审结日期。")
        appeal = actions.undo_conclusion(appeal=appeal, reason=payload.reason or "", actor=request.auth)
    else:
        if payload.decided_on is None:
            return _bad("decided_on", "请填写审结日期。")
        appeal = actions.conclude_appeal(appeal=appeal, result=payload.outcome, concluded_on=payload.decided_on,
                                         conclusion=payload.conclusion or "",
                                         reopen_applications=payload.reopen_applications, actor=request.auth)
    return Reply(200, _out(appeal))


@router.get("/staff/appeals", auth=bearer, summary="复议诉讼案件列表（工作人员）",
            response={200: list[AppealOut], 400: ErrorOut, 404: ErrorOut})
def list_appeals(request, agency: str | None = None, year: int | None = Query(None, ge=1949, le=9999),
                 kind: KindIn | None = None):
    """本人可查看机关的案件，按申请/立案日期倒序。``year`` 为表四的计入年度（申请/立案年度），
    ``agency`` 为机关代码（不能查看的机关返回404）。"""
    qs = visible_appeals(request.auth)
    if agency:
        if not recording_agencies(request.auth).filter(code=agency).exists():
            return Reply(404, {"detail": "没有找到该机关。"})
        qs = qs.filter(agency__code=agency)
    elif not recording_agencies(request.auth).exists():
        return Reply(404, {"detail": "没有可查看的机关。"})
    if year is not None:
        qs = qs.counted_in(year)
    if kind:
        qs = qs.filter(kind=kind)
    return Reply(200, [_out(a) for a in qs.prefetch_related("applications")[:1000]])


@router.get("/staff/appeals/{appeal_id}", auth=bearer, summary="复议诉讼案件详情（工作人员）",
            response={200: AppealOut, 404: ErrorOut})
def get_appeal(request, appeal_id: int):
    return Reply(200, _out(_appeal(request, appeal_id)))
