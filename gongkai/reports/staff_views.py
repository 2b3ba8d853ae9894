"""Staff pages: the annual-report workspace, the disclosure office's overview, the report checker."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Min
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.accounts.errors import ActionError
from gongkai.accounts.permissions import get_staff_agency, staff_agencies

from . import actions, builder
from .exports import FORMATS, render_html_fragment
from .exports.check_xlsx import CONTENT_TYPE as XLSX, check_workbook
from .exports_cache import download
from .forms import AttachForm, SectionsForm, StartForm
from .importers.codes import finding_name
from .importers.pairs import with_pair_findings
from .models import SECTION_FIELDS, AnnualReport, CheckBatch, Source, Status, legal_deadline
from .permissions import can_publish, editable_agencies, get_batch, get_report_for_staff, require_staff
from .tasks import check_batch, check_batch_now
from .uploads import MAX_FILE, MAX_FILES, MAX_TOTAL, SKIPPED_PREFIX, Expanded, UploadError, expand

INLINE_LIMIT = 2 * 1024 * 1024


def _default_year() -> int:
    return timezone.localdate().year - 1


@login_required
def overview(request):
    """Every agency the user may see, with the state of its report for the year."""
    require_staff(request.user)
    try:
        year = int(request.GET.get("year") or _default_year())
    except ValueError:
        year = _default_year()
    today = timezone.localdate()
    rows = []
    agencies = staff_agencies(request.user).select_related("parent").order_by("parent_id", "code")
    reports = {(r.agency_id, r.status): r for r in AnnualReport.objects.filter(agency__in=agencies, year=year)
               .order_by("version")}
    first = _first_years(agencies)
    for agency in agencies:
        published = reports.get((agency.pk, Status.PUBLISHED))
        working = reports.get((agency.pk, Status.DRAFT)) or reports.get((agency.pk, Status.REVIEW))
        deadline = legal_deadline(agency, year)
        shown = published or working
        findings = shown.findings_with_reviews() if shown else []
        # a year before the agency's first report on the platform was kept elsewhere: not overdue here
        before = not shown and first.get(agency.pk) is not None and year < first[agency.pk]
        rows.append({
            "agency": agency, "published": published, "working": working, "deadline": deadline,
            "days_left": (deadline - today).days, "before_platform": before,
            "imported": reports.get((agency.pk, Status.IMPORTED)),
            "late": bool(published and published.published_on and published.published_on > deadline),
            "errors": sum(1 for f in findings if f["severity"] == "error"),
            "warnings": sum(1 for f in findings if f["severity"] == "warning" and not f["review"]),
            "reviewed": sum(1 for f in findings if f["severity"] == "warning" and f["review"]),
        })
    return render(request, "reports/staff/overview.html", {
        "rows": rows, "year": year, "years": range(today.year, 2018, -1), "today": today,
        "missing": sum(1 for r in rows if not r["published"] and not r["before_platform"]),
    })


def _first_years(agencies) -> dict[int, int]:
    """``{agency_id: the first year it has a report made on the platform}``; an agency with none
    takes the platform's first year (the earliest report made here by any agency)."""
    built = AnnualReport.objects.filter(source=Source.BUILT)
    first = dict(built.filter(agency__in=agencies).values("agency_id").annotate(y=Min("year"))
                 .values_list("agency_id", "y"))
    platform = built.aggregate(y=Min("year"))["y"]
    return {a.pk: first.get(a.pk, platform) for a in agencies} if platform is not None else {}


@login_required
def workspace(request, code: str, year: int):
    agency = get_staff_agency(request.user, code)
    report = (AnnualReport.objects.working().filter(agency=agency, year=year).first()
              or AnnualReport.objects.published().filter(agency=agency, year=year).first())
    versions = AnnualReport.objects.filter(agency=agency, year=year).order_by("-version")
    form = None
    if report and report.is_editable and request.method == "GET":
        text = report.sections
        if builder.refresh_proactive(report):
            report.save(update_fields=["tables_data", "findings", "updated_at", *SECTION_FIELDS.values()])
            messages.info(request, "表二已按最新填报的数字更新。" if report.sections == text else
                          "表二和正文中引用表二数字的句子已按最新填报的数字更新。")
    if report and report.is_editable:
        initial = dict(report.sections, correction_note=report.correction_note)
        form = SectionsForm(request.POST or None, initial=initial)
        if request.method == "POST" and request.POST.get("step") == "save":
            if form.is_valid():
                d = form.cleaned_data
                was_review = report.status == Status.REVIEW
                try:
                    actions.edit_sections(report, actor=request.user, correction_note=d.pop("correction_note"), **d)
                except ActionError as e:
                    messages.error(request, str(e))
                else:
                    messages.success(request, "已保存。修改后报告已撤回为草稿，不再待负责人审核；请重新提交审核。"
                                     if was_review else "已保存。")
                    return redirect("reports:workspace", code=code, year=year)
    deadline = legal_deadline(agency, year)
    fragment = render_html_fragment(builder.to_document(report), heading_level=2) if report else ""
    checks = report.findings_with_reviews() if report and report.is_editable else []
    _reviewers_by_name(checks)
    if form is not None:  # a finding about a part of the text links to its text box
        for f in checks:
            section = (f.get("location") or {}).get("section")
            if section in SECTION_FIELDS and not f.get("url"):
                f["anchor"] = f"#id_{section}"
    order = {"error": 0, "warning": 1, "info": 2}
    checks.sort(key=lambda f: (order.get(f["severity"], 3), bool(f["review"])))
    return render(request, "reports/staff/workspace.html", {
        "agency": agency, "year": year, "report": report, "versions": versions, "form": form,
        "fragment": fragment, "deadline": deadline, "days_left": (deadline - timezone.localdate()).days,
        "formats": FORMATS, "can_publish": can_publish(request.user, agency),
        "counting_note": builder.COUNTING_NOTE, "checks": checks,
        "blocking": len(report.blocking()) if report and report.is_editable else 0,
        "head_warnings": sum(1 for f in checks if f["severity"] == "warning" and not f["review"]),
    })


def _reviewers_by_name(checks: list[dict]) -> None:
    """Reviews recorded before the name was kept show the login name: show the person's name."""
    from gongkai.accounts.models import User

    logins = {f["review"]["by"] for f in checks if f.get("review") and not f["review"].get("by_id")}
    names = dict(User.objects.filter(username__in=logins).exclude(display_name="")
                 .values_list("username", "display_name")) if logins else {}
    for f in checks:
        if f.get("review") and f["review"].get("by") in names:
            f["review"] = dict(f["review"], by=names[f["review"]["by"]])


@login_required
@require_POST
def start(request, code: str):
    agency = get_staff_agency(request.user, code)
    form = StartForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return redirect("reports:overview")
    year = form.cleaned_data["year"]
    try:
        actions.start_report(agency=agency, year=year, actor=request.user)
    except ActionError as e:
        messages.error(request, str(e))
        return redirect("reports:overview")
    return redirect("reports:workspace", code=code, year=year)


@login_required
@require_POST
def step(request, pk: int):
    report = get_report_for_staff(request.user, pk)
    name = request.POST.get("step")
    try:
        if name == "refresh":
            actions.refresh_report(report, actor=request.user)
            messages.success(request, "已按最新的办理记录重新统计。")
        elif name == "submit":
            actions.submit_report(report, actor=request.user)
            messages.success(request, "已提交负责人审核。")
        elif name == "return":
            actions.return_report(report, actor=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, "已退回修改。")
        elif name == "publish":
            actions.publish_report(report, actor=request.user)
            messages.success(request, "已发布。")
        elif name == "review":
            state = request.POST.get("state", "")
            actions.review_finding(report, actor=request.user, key=request.POST.get("key", ""), state=state,
                                   reason=request.POST.get("reason", ""))
            messages.success(request, {"acknowledged": "已确认该项，理由已记录。", "dismissed": "已标为不适用，理由已记录。"}
                             .get(state, "已撤销确认。"))
        elif name == "correct":
            actions.start_report(agency=report.agency, year=report.year, actor=request.user)
            messages.success(request, "已新建更正版本；发布后原版本保留并标明已被更正。")
        else:
            raise Http404("未知的操作。")
    except ActionError as e:
        messages.error(request, str(e))
    return redirect("reports:workspace", code=report.agency.code, year=report.year)


@login_required
def export(request, pk: int, fmt: str):
    report = get_report_for_staff(request.user, pk)
    if fmt not in FORMATS:
        raise Http404("不支持的格式。")
    return download(report, fmt)


# -- the report checker (年度报告体检) -----------------------------------------------------------------


def _checked_files(batch: CheckBatch) -> list:
    """The batch's files, each result (in memory, not saved) with its cross-year findings against
    the batch's report of the year before by the same agency (``importers.pairs``)."""
    files = list(batch.files.defer("data"))
    if batch.state == CheckBatch.State.DONE:
        for f, result in zip(files, with_pair_findings([f.result for f in files], [f.name for f in files])):
            f.result = result
    return files


@login_required
def check_upload(request):
    require_staff(request.user)
    errors: list[str] = []
    if request.method == "POST":
        uploads = request.FILES.getlist("files")
        try:
            if len(uploads) > 50:
                raise UploadError("一次最多上传50个文件；更多文件请打包为 ZIP。")
            expanded = Expanded()
            for upload in uploads:
                if upload.size > 100 * 1024 * 1024:
                    raise UploadError(f"“{upload.name}”超过100MB。")
                expanded.extend(expand(upload.name, upload.read()))
            items = expanded.files
            batch = actions.start_check_batch(actor=request.user, files=items, skipped=expanded.skipped)
        except (UploadError, ActionError) as e:
            errors.append(str(e))
        else:
            if len(items) == 1 and len(items[0][1]) <= INLINE_LIMIT:
                check_batch_now(batch.pk)
            else:
                transaction.on_commit(lambda: check_batch.enqueue(batch.pk))
            return redirect("reports:check_batch", pk=batch.pk)
    batches = CheckBatch.objects.filter(created_by=request.user)[:20]
    from django.conf import settings

    limits = {"file_mb": MAX_FILE // (1024 * 1024), "request_mb": settings.MAX_REQUEST_MB,
              "zip_files": MAX_FILES, "zip_total_mb": MAX_TOTAL // (1024 * 1024)}
    return render(request, "reports/staff/check_upload.html", {"errors": errors, "batches": batches, **limits},
                  status=400 if errors else 200)


@login_required
def check_batch_view(request, pk: int):
    batch = get_batch(request.user, pk)
    files = _checked_files(batch)
    agencies = editable_agencies(request.user)
    for f in files:
        initial = {}
        if f.result:
            match = agencies.filter(name=f.result.get("agency")).first()
            initial = {"agency": match.pk if match else None, "year": f.result.get("year")}
            f.findings = [{**item, "name": finding_name(item["code"])} for item in f.result.get("findings", [])]
        f.attach_form = AttachForm(agencies=agencies, initial=initial, prefix=f"f{f.pk}")
    return render(request, "reports/staff/check_batch.html", {
        "batch": batch, "files": files, "running": batch.state != CheckBatch.State.DONE,
        "skipped": sum(1 for f in files if f.error.startswith(SKIPPED_PREFIX)),
    })


@login_required
@require_POST
def check_attach(request, pk: int, file_pk: int):
    batch = get_batch(request.user, pk)
    item = batch.files.defer("data").filter(pk=file_pk).first()
    if item is None or not item.result:
        raise Http404("没有找到该文件的检查结果。")
    form = AttachForm(request.POST, agencies=editable_agencies(request.user), prefix=f"f{item.pk}")
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    else:
        try:
            report = actions.attach_checked_file(item, actor=request.user, agency=form.cleaned_data["agency"],
                                                 year=form.cleaned_data["year"])
        except ActionError as e:
            messages.error(request, str(e))
        else:
            messages.success(request, f"已作为{report.agency.name}{report.year}年度报告导入。导入的报告不公开，"
                                      f"只用于核对{report.year + 1}年度报告的“上年结转”。")
    return redirect("reports:check_batch", pk=batch.pk)


@login_required
def check_xlsx(request, pk: int):
    """All reports of the batch side by side (``exports.check_xlsx``)."""
    batch = get_batch(request.user, pk)
    response = HttpResponse(check_workbook(_checked_files(batch)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="check-{batch.pk}.xlsx"'
    return response
