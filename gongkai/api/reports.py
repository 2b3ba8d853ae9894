"""Annual reports over the API.

Public (no login): ``GET /reports?agency=&year=`` lists published reports; ``GET
/reports/{agency}/{year}`` is the published version with its text, tables (the spec's keys, as in
the JSON export) and export links. A draft is never public: none published → 404.

Staff (``Authorization: Bearer``): ``POST /staff/reports/{agency}/{year}`` builds the draft or
counts it again (on a published year: starts a correction, as the page's 新建更正版本 does);
``GET`` reads it; ``PUT …/sections/{key}`` writes a part of the text; ``PUT
…/figures`` enters table 二's figures the catalogue does not hold; ``POST …/events`` takes a step
— ``submit``, ``return``, ``approve``/``publish`` (the head's 审核通过并发布, one step here),
``acknowledge`` (the head acknowledges or dismisses a warning, with a reason). Every step is the
action the pages call, with the same checks: the publication gate answers 409 with ``missing``,
the list of what blocks it.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Literal

from django.http import Http404
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from gongkai.accounts.models import Agency
from gongkai.accounts.permissions import get_staff_agency
from gongkai.catalog import actions as catalog_actions
from gongkai.reports import actions, builder
from gongkai.reports.exports import FORMATS
from gongkai.reports.exports.json_export import as_data
from gongkai.reports.models import SECTION_FIELDS, AnnualReport, finding_key

from .auth import bearer

router = Router(tags=["年度报告"])


class ErrorOut(Schema):
    detail: str
    errors: dict[str, str] | None = None


class BlockedOut(Schema):
    detail: str
    missing: list[dict] = []


class ReportListQuery(Schema):
    agency: str = Field("", max_length=63, description="机关代码，如 huzhu-zrj")
    year: int | None = Field(None, ge=2008, le=2100, description="年度")


class ReportLink(Schema):
    agency: str
    agency_name: str
    year: int
    version: int
    published_on: datetime.date | None
    url: str


class PublishedOut(Schema):
    agency: str
    agency_name: str
    year: int
    version: int
    published_on: datetime.date | None
    sections: dict[str, str]
    tables: dict
    exports: dict[str, str]


class FindingOut(Schema):
    code: str
    severity: str
    message: str
    key: str
    location: dict = {}
    url: str | None = None
    review: dict | None = None


class DraftOut(Schema):
    agency: str
    year: int
    version: int
    status: str
    status_label: str
    sections: dict[str, str]
    tables: dict
    findings: list[FindingOut]
    missing: list[FindingOut]


class SectionIn(Schema):
    text: str = Field(..., max_length=50000)


class FiguresIn(Schema):
    """Table 二's figures the catalogue does not hold; each one given is entered (0 included), one
    left out stays as it was (``null`` clears it: not entered)."""
    licensing: int | None = Field(None, ge=0, le=10**9, description="行政许可本年处理决定数量")
    punishment: int | None = Field(None, ge=0, le=10**9, description="行政处罚本年处理决定数量")
    coercion: int | None = Field(None, ge=0, le=10**9, description="行政强制本年处理决定数量")
    fees_10k_yuan: Decimal | None = Field(None, ge=0, lt=10**10, decimal_places=4,
                                          description="行政事业性收费本年收费金额（万元）")

    model_config = {"extra": "forbid"}


class EventIn(Schema):
    type: Literal["submit", "approve", "return", "publish", "acknowledge"]
    reason: str = Field("", max_length=500, description="退回或确认的理由")
    key: str = Field("", max_length=300, description="acknowledge：检查项（findings 中的 key）")
    state: Literal["acknowledged", "dismissed", "open"] = Field(
        "acknowledged", description="acknowledge：acknowledged 确认、dismissed 不适用、open 撤销")


# -- public ---------------------------------------------------------------------------------------


def _exports(report: AnnualReport, request) -> dict[str, str]:
    base = reverse("annual_reports:detail", args=[report.agency.code, report.year])
    links = {fmt: request.build_absolute_uri(
        reverse("annual_reports:download", args=[report.agency.code, report.year, fmt])) for fmt in FORMATS}
    links["html"] = request.build_absolute_uri(base)
    return links


@router.get("/reports", response={200: list[ReportLink], 400: ErrorOut}, summary="已发布的年度报告")
def list_reports(request, filters: Query[ReportListQuery]):
    reports = AnnualReport.objects.published().select_related("agency").order_by("-year", "agency__code")
    if filters.agency:
        reports = reports.filter(agency__code=filters.agency)
    if filters.year:
        reports = reports.filter(year=filters.year)
    return [{"agency": r.agency.code, "agency_name": r.agency.name, "year": r.year, "version": r.version,
             "published_on": r.published_on,
             "url": request.build_absolute_uri(reverse("api:published_report", args=[r.agency.code, r.year]))}
            for r in reports[:500]]


@router.get("/reports/{agency}/{year}", response={200: PublishedOut, 404: ErrorOut}, summary="一份已发布的年度报告",
            url_name="published_report")
def published_report(request, agency: str, year: int):
    report = AnnualReport.objects.published().select_related("agency").filter(agency__code=agency, year=year).first()
    if report is None:
        raise HttpError(404, f"没有找到机关“{agency}”已发布的{year}年度报告。")
    data = as_data(builder.to_document(report))
    return {"agency": report.agency.code, "agency_name": report.agency.name, "year": year, "version": report.version,
            "published_on": report.published_on, "sections": data["sections"], "tables": data["tables"],
            "exports": _exports(report, request)}


# -- staff ----------------------------------------------------------------------------------------


def _agency(request, code: str) -> Agency:
    try:
        return get_staff_agency(request.auth, code)
    except Http404:
        raise HttpError(404, "没有找到该机关，或您无权办理该机关的年度报告。") from None


def _working(agency: Agency, year: int) -> AnnualReport:
    report = AnnualReport.objects.working().select_related("agency").filter(agency=agency, year=year).first()
    if report is None:
        raise HttpError(404, f"{agency.name}没有{year}年度报告的草稿；请先 POST 本地址生成。")
    return report


def _draft(report: AnnualReport) -> dict:
    data = as_data(builder.to_document(report))
    findings = report.findings_with_reviews()
    blocking = {finding_key(f) for f in report.blocking()} if report.is_editable else set()
    return {"agency": report.agency.code, "year": report.year, "version": report.version, "status": report.status,
            "status_label": report.get_status_display(), "sections": data["sections"], "tables": data["tables"],
            "findings": findings, "missing": [f for f in findings if f["key"] in blocking]}


@router.post("/staff/reports/{agency}/{year}", auth=bearer, response={200: DraftOut, 400: ErrorOut, 403: ErrorOut,
                                                                      404: ErrorOut, 409: BlockedOut},
             summary="生成或重新统计年度报告草稿（工作人员）")
def build_report(request, agency: str, year: int):
    where = _agency(request, agency)
    report = actions.start_report(agency=where, year=year, actor=request.auth)
    if report.is_editable:
        report = actions.refresh_report(report, actor=request.auth)
    return _draft(report)


@router.get("/staff/reports/{agency}/{year}", auth=bearer, response={200: DraftOut, 404: ErrorOut},
            summary="读取年度报告草稿（工作人员）")
def read_report(request, agency: str, year: int):
    return _draft(_working(_agency(request, agency), year))


@router.put("/staff/reports/{agency}/{year}/sections/{key}", auth=bearer,
            response={200: DraftOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: BlockedOut},
            summary="修改年度报告的一个部分（工作人员）")
def put_section(request, agency: str, year: int, key: str, payload: SectionIn):
    if key not in SECTION_FIELDS:
        raise HttpError(400, f"没有“{key}”这一部分；可选：{'、'.join(SECTION_FIELDS)}。")
    report = actions.edit_sections(_working(_agency(request, agency), year), actor=request.auth,
                                   **{key: payload.text})
    return _draft(report)


@router.put("/staff/reports/{agency}/{year}/figures", auth=bearer,
            response={200: DraftOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: BlockedOut},
            summary="填报表二中目录没有的数字（工作人员）")
def put_figures(request, agency: str, year: int, payload: FiguresIn):
    where = _agency(request, agency)
    given = payload.model_dump(exclude_unset=True)
    if not given:
        raise HttpError(400, "请至少填写一项：licensing、punishment、coercion、fees_10k_yuan。")
    catalog_actions.record_yearly_figures(where, year, data=given, actor=request.auth)
    report = actions.refresh_report(_working(where, year), actor=request.auth)
    return _draft(report)


@router.post("/staff/reports/{agency}/{year}/events", auth=bearer,
             response={200: DraftOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: BlockedOut},
             summary="提交、退回、发布年度报告或确认检查结果（工作人员）")
def report_event(request, agency: str, year: int, payload: EventIn):
    where, user = _agency(request, agency), request.auth
    if payload.type in ("approve", "publish"):
        report = AnnualReport.objects.working().filter(agency=where, year=year).first()
        if report is None:
            raise HttpError(404, f"{where.name}没有待发布的{year}年度报告。")
        report = actions.publish_report(report, actor=user)
    elif payload.type == "submit":
        report = actions.submit_report(_working(where, year), actor=user)
    elif payload.type == "return":
        report = actions.return_report(_working(where, year), actor=user, reason=payload.reason)
    else:
        report = actions.review_finding(_working(where, year), actor=user, key=payload.key, state=payload.state,
                                        reason=payload.reason)
    return _draft(report)

