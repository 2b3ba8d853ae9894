"""State changes of annual reports: draft → review → published; corrections as new versions."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gongkai.accounts.models import Agency, Role
from gongkai.accounts.permissions import has_role

from . import builder
from .models import AnnualReport, ReportEvent, Source, Status

EDIT_ROLES = (Role.OFFICER, Role.HEAD, Role.DISCLOSURE_OFFICE, Role.ADMIN)
PUBLISH_ROLES = (Role.HEAD, Role.ADMIN)
SECTION_FIELDS = {"overview": "overview", "proactive": "proactive_text", "applications": "applications_text",
                  "appeals": "appeals_text", "problems": "problems", "other": "other"}


class ReportError(Exception):
    """A step that is not allowed now; the message is Chinese."""


def _require(actor, agency: Agency, roles, message="您无权办理该机关的年度报告。"):
    if actor is None or not has_role(actor, agency, roles):
        raise ReportError(message)


def _event(report: AnnualReport, type_: str, actor, **data) -> None:
    ReportEvent.objects.create(report=report, type=type_, actor=actor, data=data)


def _check_year(year: int) -> None:
    if not 2008 <= year <= date.today().year:
        raise ReportError(f"年度 {year} 无效：应为2008年至今年之间。")


def _refresh(report: AnnualReport) -> None:
    report.tables = builder.compute_tables(report.agency, report.year)
    report.chart_data = {"monthly": builder.monthly_received(report.agency, report.year),
                         "previous_monthly": builder.monthly_received(report.agency, report.year - 1)}
    report.findings = builder.findings_for(report.agency, report.year, report.tables, report.sections)
    report.built_at = timezone.now()


@transaction.atomic
def start_report(*, agency: Agency, year: int, actor) -> AnnualReport:
    """The working copy for (agency, year): the existing draft, or a new one — a correction of the
    published version when there is one (its narrative copied), else a first draft with the
    suggested sentences."""
    _require(actor, agency, EDIT_ROLES)
    _check_year(year)
    Agency.objects.select_for_update().filter(pk=agency.pk).first()  # serialise per agency
    existing = AnnualReport.objects.working().filter(agency=agency, year=year).first()
    if existing:
        return existing
    published = AnnualReport.objects.published().filter(agency=agency, year=year).first()
    last = AnnualReport.objects.filter(agency=agency, year=year).aggregate(v=Max("version"))["v"] or 0
    report = AnnualReport(agency=agency, year=year, version=last + 1, status=Status.DRAFT, source=Source.BUILT)
    if published is not None:
        report.supersedes = published
        for field in SECTION_FIELDS.values():
            setattr(report, field, getattr(published, field))
    else:
        tables = builder.compute_tables(agency, year)
        for key, text in builder.suggested_sections(agency, year, tables).items():
            setattr(report, SECTION_FIELDS[key], text)
    _refresh(report)
    report.save()
    _event(report, "started", actor, version=report.version,
           supersedes=published.version if published else None)
    return report


def _lock(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update().select_related("agency").get(pk=report.pk)


@transaction.atomic
def refresh_report(report: AnnualReport, *, actor) -> AnnualReport:
    report = _lock(report)
    _require(actor, report.agency, EDIT_ROLES)
    if not report.is_editable:
        raise ReportError("已发布或导入的报告不能重新统计；如需更正，请新建更正版本。")
    _refresh(report)
    report.save()
    _event(report, "refreshed", actor)
    return report


@transaction.atomic
def edit_sections(report: AnnualReport, *, actor, correction_note: str | None = None, **sections) -> AnnualReport:
    report = _lock(report)
    _require(actor, report.agency, EDIT_ROLES)
    if not report.is_editable:
        raise ReportError("已发布的报告不能修改；如需更正，请新建更正版本。")
    unknown = set(sections) - set(SECTION_FIELDS)
    if unknown:
        raise ReportError(f"未知的部分：{'、'.join(sorted(unknown))}")
    for key, text in sections.items():
        if text is not None and len(text) > 50000:
            raise ReportError("单个部分不能超过50000字。")
        setattr(report, SECTION_FIELDS[key], (text or "").replace("\r\n", "\n"))
    if correction_note is not None:
        report.correction_note = correction_note
    if report.status == Status.REVIEW:
        report.status = Status.DRAFT  # edited after submission: review again
    report.findings = builder.findings_for(report.agency, report.year, report.tables, report.sections)
    report.save()
    _event(report, "edited", actor, sections=sorted(sections))
    return report


@transaction.atomic
def submit_report(report: AnnualReport, *, actor) -> AnnualReport:
    report = _lock(report)
    _require(actor, report.agency, EDIT_ROLES)
    if report.status != Status.DRAFT:
        raise ReportError("只有草稿可以提交审核。")
    _refresh(report)
    report.status, report.submitted_at, report.submitted_by = Status.REVIEW, timezone.now(), actor
    report.save()
    _event(report, "submitted", actor)
    return report


@transaction.atomic
def return_report(report: AnnualReport, *, actor, reason: str) -> AnnualReport:
    report = _lock(report)
    _require(actor, report.agency, PUBLISH_ROLES, "只有负责人可以退回年度报告。")
    if report.status != Status.REVIEW:
        raise ReportError("只有待审核的报告可以退回。")
    report.status = Status.DRAFT
    report.save()
    _event(report, "returned", actor, reason=reason)
    return report


@transaction.atomic
def publish_report(report: AnnualReport, *, actor, on: date | None = None) -> AnnualReport:
    """Publish: the tables are recomputed and checked one last time, then frozen. A report with an
    error-level finding cannot be published. A correction supersedes the earlier version, which
    stays readable. Everything happens in one transaction: a failure leaves the previous
    published version as it was."""
    report = _lock(report)
    _require(actor, report.agency, PUBLISH_ROLES, "只有负责人可以发布年度报告。")
    if report.status != Status.REVIEW:
        raise ReportError("报告须先提交审核，再由负责人发布。")
    _refresh(report)
    if report.has_errors:
        report.save()
        raise ReportError("报告存在错误，不能发布：" + "；".join(
            f["message"] for f in report.findings if f["severity"] == "error"))
    if report.supersedes_id and not report.correction_note.strip():
        raise ReportError("更正版本须写明更正说明。")
    on = on or timezone.localdate()
    previous = AnnualReport.objects.select_for_update().filter(
        agency=report.agency, year=report.year, status=Status.PUBLISHED).first()
    if previous is not None:
        previous.status = Status.SUPERSEDED
        previous.save(update_fields=["status", "updated_at"])
        _event(previous, "superseded", actor, by_version=report.version)
    report.status, report.published_on, report.published_at, report.published_by = (
        Status.PUBLISHED, on, timezone.now(), actor)
    report.save()
    _event(report, "published", actor, on=on.isoformat(), late=on > _deadline(report))
    return report


def _deadline(report: AnnualReport) -> date:
    from .models import legal_deadline

    return legal_deadline(report.agency, report.year)


@transaction.atomic
def import_report(*, agency: Agency, year: int, result: dict, filename: str, data: bytes, actor) -> AnnualReport:
    """Attach a checked report (``gongkai.reports.importers.check_file(...).as_dict()``) as the
    agency's report for a year before it used the platform — so the carry chain reaches back."""
    from django.core.files.base import ContentFile

    _require(actor, agency, EDIT_ROLES)
    _check_year(year)
    if AnnualReport.objects.filter(agency=agency, year=year, source=Source.BUILT,
                                   status__in=[Status.PUBLISHED, Status.SUPERSEDED]).exists():
        raise ReportError(f"{agency.name}{year}年度报告已在本平台发布，不能再导入。")
    if not any(result.get("tables", {}).get(t) for t in ("proactive", "applications", "appeals")):
        raise ReportError("该文件中没有识别出任何统计表，不能作为年度报告导入。")
    old = AnnualReport.objects.select_for_update().filter(agency=agency, year=year, source=Source.IMPORTED,
                                                          status=Status.PUBLISHED).first()
    last = AnnualReport.objects.filter(agency=agency, year=year).aggregate(v=Max("version"))["v"] or 0
    if old is not None:
        old.status = Status.SUPERSEDED
        old.save(update_fields=["status", "updated_at"])
    published_on = result.get("published_on")
    report = AnnualReport(
        agency=agency, year=year, version=last + 1, status=Status.PUBLISHED, source=Source.IMPORTED,
        supersedes=old, findings=result.get("findings", []), built_at=timezone.now(),
        published_on=date.fromisoformat(published_on) if published_on else None, published_at=timezone.now(),
        published_by=actor)
    report.tables = result.get("tables", {})
    report.imported_file.save(filename[-100:] or "report", ContentFile(data), save=False)
    report.save()
    _event(report, "imported", actor, filename=filename, findings=len(report.findings))
    return report
