"""Every state change of annual reports (draft → review → published; corrections as new versions)
and of the report checker (年度报告体检): one function each, keyword-only ``actor`` checked with
``permissions``, one transaction. Refusals: ``NotPermitted``, :class:`ReportError`, ``InvalidInput``."""

from __future__ import annotations

import re
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from gongkai.accounts.errors import InvalidInput, NotAllowedNow
from gongkai.accounts.models import Agency
from gongkai.accounts.permissions import require

from . import builder
from .models import (SECTION_FIELDS, AnnualReport, CheckBatch, CheckedFile, EventType, ReportEvent, Source, Status,
                     finding_key, legal_deadline)
from .permissions import can_check, can_edit, can_publish, owns_batch

NOT_YOURS = "您无权办理该机关的年度报告。"


class ReportError(NotAllowedNow):
    """A report step its current state does not allow; the message is Chinese. ``missing`` lists
    what blocks it (the publication gate's findings), empty for a step out of turn."""

    def __init__(self, message: str, missing: list[dict] | None = None):
        super().__init__(message, missing=missing or [])


def _event(report: AnnualReport, type_: EventType, actor, **data) -> None:
    ReportEvent.objects.create(report=report, type=type_, actor=actor, data=data)


def _check_year(year: int) -> None:
    if not 2008 <= year <= date.today().year:
        raise InvalidInput({"year": f"年度 {year} 无效：应为2008年至今年之间。"})


@transaction.atomic
def start_report(*, agency: Agency, year: int, actor) -> AnnualReport:
    """The working copy for (agency, year): the existing draft, or a new one — a correction of the
    published version when there is one (its narrative copied), else a first draft with the
    suggested sentences."""
    require(can_edit(actor, agency), NOT_YOURS)
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
        report.fill_sections(published.sections)
    builder.refresh(report, suggest=published is None)
    report.save()
    _event(report, EventType.STARTED, actor, version=report.version,
           supersedes=published.version if published else None)
    return report


def _lock(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update().select_related("agency").get(pk=report.pk)


@transaction.atomic
def refresh_report(report: AnnualReport, *, actor) -> AnnualReport:
    report = _lock(report)
    require(can_edit(actor, report.agency), NOT_YOURS)
    if not report.is_editable:
        raise ReportError("已发布或导入的报告不能重新统计；如需更正，请新建更正版本。")
    builder.refresh(report)
    report.save()
    _event(report, EventType.REFRESHED, actor)
    return report


@transaction.atomic
def edit_sections(report: AnnualReport, *, actor, correction_note: str | None = None, **sections) -> AnnualReport:
    report = _lock(report)
    require(can_edit(actor, report.agency), NOT_YOURS)
    if not report.is_editable:
        raise ReportError("已发布的报告不能修改；如需更正，请新建更正版本。")
    unknown = set(sections) - set(SECTION_FIELDS)
    if unknown:
        raise InvalidInput(f"未知的部分：{'、'.join(sorted(unknown))}")
    if any(len(text or "") > 50000 for text in sections.values()):
        raise InvalidInput("单个部分不能超过50000字。")
    report.fill_sections({key: (text or "").replace("\r\n", "\n") for key, text in sections.items()})
    if correction_note is not None:
        report.correction_note = correction_note
    withdrawn = report.status == Status.REVIEW
    if withdrawn:
        report.status = Status.DRAFT  # edited after submission: withdrawn, to be submitted again
    report.findings = builder.findings_for(report.agency, report.year, report.tables, report.sections)
    report.save()
    _event(report, EventType.EDITED, actor, sections=sorted(sections), **({"withdrawn": True} if withdrawn else {}))
    return report


def _gate(report: AnnualReport, step: str, actor=None) -> None:
    """The publication gate: every error fixed, every warning acknowledged or dismissed by the head."""
    blocking = report.blocking()
    if blocking:
        errors = [f for f in blocking if f["severity"] == "error"]
        warnings = len(blocking) - len(errors)
        advice = "错误须改正。" if errors else ""
        if warnings:
            advice += (f"{warnings}项警告须由负责人先确认（知悉，仍发布）或标为不适用并写明理由，才能{step}"
                       + ("：请在“发布前检查”中处理。" if actor is not None and can_publish(actor, report.agency)
                          else "；经办人不能确认警告，请告知负责人——负责人的工作台已列出这份报告。"))
        raise ReportError(
            f"报告还有{len(blocking)}项检查未通过，不能{step}：" + "；".join(f["message"].rstrip("。") for f in blocking[:5])
            + ("等。" if len(blocking) > 5 else "。") + advice,
            missing=[{"code": f["code"], "severity": f["severity"], "message": f["message"], "key": finding_key(f),
                      **({"url": f["url"]} if f.get("url") else {})} for f in blocking])


@transaction.atomic
def submit_report(report: AnnualReport, *, actor) -> AnnualReport:
    """Submit a draft to the head: refused while the gate (``_gate``) does not pass."""
    report = _lock(report)
    require(can_edit(actor, report.agency), NOT_YOURS)
    if report.status != Status.DRAFT:
        raise ReportError("只有草稿可以提交审核。")
    builder.refresh(report)
    _gate(report, "提交审核", actor)
    report.status, report.submitted_at, report.submitted_by = Status.REVIEW, timezone.now(), actor
    report.save()
    _event(report, EventType.SUBMITTED, actor)
    return report


@transaction.atomic
def return_report(report: AnnualReport, *, actor, reason: str) -> AnnualReport:
    report = _lock(report)
    require(can_publish(actor, report.agency), "只有负责人可以退回年度报告。")
    if report.status != Status.REVIEW:
        raise ReportError("只有待审核的报告可以退回。")
    report.status = Status.DRAFT
    report.save()
    _event(report, EventType.RETURNED, actor, reason=reason)
    return report


@transaction.atomic
def publish_report(report: AnnualReport, *, actor, on: date | None = None) -> AnnualReport:
    """Publish: the tables are recomputed and checked one last time, then frozen. A report with an
    error-level finding cannot be published. A correction supersedes the earlier version, which
    stays readable. Everything happens in one transaction: a failure leaves the previous
    published version as it was."""
    report = _lock(report)
    require(can_publish(actor, report.agency), "只有负责人可以发布年度报告。")
    if report.status != Status.REVIEW:
        raise ReportError("报告须先提交审核，再由负责人发布。")
    builder.refresh(report)
    _gate(report, "发布", actor)
    if report.supersedes_id and not report.correction_note.strip():
        raise InvalidInput({"correction_note": "更正版本须写明更正说明。"})
    on = on or timezone.localdate()
    if on.year <= report.year:
        raise ReportError(builder.year_not_ended(report.year)["message"])
    previous = AnnualReport.objects.select_for_update().filter(
        agency=report.agency, year=report.year, status=Status.PUBLISHED).first()
    if previous is not None:
        previous.status = Status.SUPERSEDED
        previous.save(update_fields=["status", "updated_at"])
        _event(previous, EventType.SUPERSEDED, actor, by_version=report.version)
    report.status, report.published_on, report.published_at, report.published_by = (
        Status.PUBLISHED, on, timezone.now(), actor)
    report.save()
    _event(report, EventType.PUBLISHED, actor, on=on.isoformat(), late=on > legal_deadline(report.agency, report.year))
    return report


def _display_name(user) -> str:
    """The person's name as shown to others (姓名), not the login name."""
    return (getattr(user, "display_name", "") or user.get_full_name() or user.username).strip()


REVIEW_STATES = {"acknowledged": "已确认", "dismissed": "不适用"}


@transaction.atomic
def review_finding(report: AnnualReport, *, actor, key: str, state: str, reason: str) -> AnnualReport:
    """The head acknowledges a warning (known, published anyway) or dismisses it (the check does
    not apply here), with a reason; recorded, and kept when the checks run again. Errors cannot be
    acknowledged: they are fixed. ``state="open"`` withdraws a review."""
    report = _lock(report)
    require(can_publish(actor, report.agency), "只有负责人可以确认检查结果。")
    if not report.is_editable:
        raise ReportError("已发布的报告不能再确认检查结果。")
    reason = (reason or "").strip()
    if state not in (*REVIEW_STATES, "open"):
        raise InvalidInput({"state": "应为 acknowledged（确认）、dismissed（不适用）或 open（撤销）。"})
    reviews = dict(report.reviews or {})
    if state == "open":
        reviews.pop(key, None)
    else:
        finding = next((f for f in report.findings or [] if finding_key(f) == key), None)
        if finding is None:
            raise InvalidInput({"key": "没有这一项检查结果（可能已经改正，请刷新页面）。"})
        if finding["severity"] == "error":
            raise ReportError("错误须改正，不能确认后发布。")
        if not reason:
            raise InvalidInput({"reason": "请说明理由。"})
        if len(reason) > 500:
            raise InvalidInput({"reason": "理由不能超过500字。"})
        reviews[key] = {"state": state, "reason": reason, "by": _display_name(actor), "by_id": actor.pk,
                        "at": timezone.now().isoformat(timespec="seconds")}
    report.reviews = reviews
    report.save(update_fields=["reviews", "updated_at"])
    _event(report, EventType.REVIEWED, actor, key=key, state=state, reason=reason)
    return report


def _same_agency(read: str, agency: Agency) -> bool:
    read, name = re.sub(r"\s+", "", read), re.sub(r"\s+", "", agency.name)
    return bool(read) and (read == name or read in name or name in read)


def _importable(agency: Agency, year: int, result: dict) -> None:
    """An import is refused unless the file, as read, is this agency's report for this year and
    has no error: a file of another agency or year (or cut off, its tables incomplete) would put
    wrong figures into the carry-over check."""
    read_agency, read_year = (result.get("agency") or "").strip(), result.get("year")
    problems = []
    if not read_agency:
        problems.append("文件中没有识别出机关名称")
    elif not _same_agency(read_agency, agency):
        problems.append(f"文件识别出的机关是“{read_agency}”，不是{agency.name}")
    if not read_year:
        problems.append("文件中没有识别出报告年度")
    elif int(read_year) != year:
        problems.append(f"文件识别出的年度是{read_year}年，不是{year}年")
    errors = [f for f in result.get("findings") or [] if f.get("severity") == "error"]
    if errors:
        problems.append(f"检查发现{len(errors)}个错误（" + "；".join(
            (f.get("message") or f.get("code") or "").rstrip("。") for f in errors[:3]) + ("等" if len(errors) > 3 else "")
            + "）")
    if problems:
        raise ReportError("不能导入为" + f"{agency.name}{year}年度报告：" + "；".join(problems) + "。")


@transaction.atomic
def import_report(*, agency: Agency, year: int, result: dict, filename: str, data: bytes, actor) -> AnnualReport:
    """Attach a checked report (``gongkai.reports.importers.check_file(...).as_dict()``) as the
    agency's report for a year before it used the platform — so the carry chain reaches back.
    Refused when the file, as read, is another agency's or year's, or has errors. The import is
    not published (status ``imported``): it never appears on the public pages, the API or the
    search, and never passes around the publication gate; only the next year's carry-over check
    reads it (``AnnualReportQuerySet.current_for``)."""
    require(can_edit(actor, agency), NOT_YOURS)
    _check_year(year)
    if AnnualReport.objects.filter(agency=agency, year=year, source=Source.BUILT,
                                   status__in=[Status.PUBLISHED, Status.SUPERSEDED]).exists():
        raise ReportError(f"{agency.name}{year}年度报告已在本平台发布，不能再导入。")
    if not any(result.get("tables", {}).get(t) for t in ("proactive", "applications", "appeals")):
        raise InvalidInput("该文件中没有识别出任何统计表，不能作为年度报告导入。")
    _importable(agency, year, result)
    Agency.objects.select_for_update().filter(pk=agency.pk).first()  # serialise per agency
    old = AnnualReport.objects.filter(agency=agency, year=year, status=Status.IMPORTED).order_by("-version").first()
    last = AnnualReport.objects.filter(agency=agency, year=year).aggregate(v=Max("version"))["v"] or 0
    published_on = result.get("published_on")
    report = AnnualReport(
        agency=agency, year=year, version=last + 1, status=Status.IMPORTED, source=Source.IMPORTED,
        supersedes=old, findings=result.get("findings", []), built_at=timezone.now(),
        published_on=date.fromisoformat(published_on) if published_on else None)
    report.tables = result.get("tables", {})
    report.imported_file.save(filename[-100:] or "report", ContentFile(data), save=False)
    report.save()
    _event(report, EventType.IMPORTED, actor, filename=filename, findings=len(report.findings))
    return report


# -- the report checker (年度报告体检) -----------------------------------------------------------------


@transaction.atomic
def start_check_batch(*, actor, files: list[tuple[str, bytes]],
                      skipped: list[tuple[str, str]] = ()) -> CheckBatch:
    """A batch of ``[(file name, bytes)]`` (``uploads.expand``), queued for checking. ``skipped``,
    ``[(file name, reason)]``, are the uploaded files that will not be checked: they are listed in
    the batch with their reason (as already done), so nothing uploaded disappears."""
    require(can_check(actor), "只有工作人员可以使用年度报告体检。")
    if not files:
        if skipped:
            raise InvalidInput({"files": "没有可检查的文件：" + "；".join(
                f"“{name}”{reason}" for name, reason in skipped[:10]) + ("……" if len(skipped) > 10 else "")})
        raise InvalidInput({"files": "请选择要检查的文件。"})
    now = timezone.now()
    batch = CheckBatch.objects.create(created_by=actor, total=len(files) + len(skipped), checked=len(skipped))
    CheckedFile.objects.bulk_create([CheckedFile(batch=batch, name=name, data=data) for name, data in files]
                                    + [CheckedFile(batch=batch, name=name, data=b"", error=reason, checked_at=now)
                                       for name, reason in skipped])
    return batch


@transaction.atomic
def record_check_result(item: CheckedFile, *, actor, result: dict | None = None, error: str = "") -> CheckedFile:
    """One file's findings (``check_file(...).as_dict()``) or why it could not be read; recorded for
    the batch's owner (the background check acts for them). A file is checked once: a second
    result is ignored, so the batch may be run twice. The batch is done when its last file is."""
    batch = CheckBatch.objects.select_for_update().get(pk=item.batch_id)
    require(owns_batch(actor, batch), "只能记录本人上传的体检批次。")
    if not CheckedFile.objects.filter(pk=item.pk, checked_at__isnull=True).update(
            result=result, error=error, checked_at=timezone.now()):
        return item
    remaining = batch.files.filter(checked_at__isnull=True).exists()
    CheckBatch.objects.filter(pk=batch.pk).update(
        checked=F("checked") + 1, state=CheckBatch.State.RUNNING if remaining else CheckBatch.State.DONE)
    item.result, item.error = result, error
    return item


@transaction.atomic
def attach_checked_file(item: CheckedFile, *, actor, agency: Agency, year: int) -> AnnualReport:
    """Import a checked file of one's own batch as ``agency``'s report for ``year`` (``import_report``)."""
    require(owns_batch(actor, item.batch), "只能导入本人上传的体检文件。")
    if not item.result:
        raise ReportError("该文件尚未检查或无法读取，不能导入。")
    data = bytes(CheckedFile.objects.values_list("data", flat=True).get(pk=item.pk))
    report = import_report(agency=agency, year=year, result=item.result, filename=item.name, data=data, actor=actor)
    item.attached = report
    item.save(update_fields=["attached"])
    return report
