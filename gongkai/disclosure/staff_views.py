"""Staff pages under /staff/applications/: work lists, registration, the case page and its steps."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.db.models import Case, Count, F, When
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.accounts.errors import ActionError, InvalidInput
from gongkai.accounts.holidays import current_calendar
from gongkai.accounts.permissions import staff_agencies
from gongkai.rules.outcomes import OUTCOMES
from gongkai.rules.periods import (
    DUE_SOON_WORKING_DAYS,
    UNCONFIRMED_ALERT_WORKING_DAYS,
    UNCONFIRMED_WARNING_WORKING_DAYS,
    due_soon_until,
)

from . import actions, audit, deadline, forms, guidance, permissions, releases, steps, summary
from .models import PROVIDING_OUTCOMES, Application, CorrectionAttachment, EventType, IdentityView, Status

WORK_LISTS = {
    "open": "全部在办",
    "due_soon": f"{DUE_SOON_WORKING_DAYS}个工作日内到期",
    "overdue": "已逾期",
    "awaiting_confirmation": "待确认收到",
    "awaiting_correction": "待补正",
    "awaiting_payment": "待缴费",
    "in_consultation": "征求意见中",
    "extension_pending": "延期待批准",
    "mine": "我经办的",
    "closed": "已办结",
    "all": "全部",
}


AGENCY_SELECT_MAX = 100  # more agencies than this: the filter takes an agency code, not a <select>


def _agencies_or_404(user):
    agencies = staff_agencies(user)
    if not agencies.exists():
        raise Http404("没有可办理的机关。")
    return agencies


def filter_work_list(qs, name: str, user, today):
    if name == "open":
        return qs.in_hand()  # 待确认收到 included: the receipt date is the day both sides confirm
    if name == "due_soon":
        return qs.due_within(on=today, until=due_soon_until(today, current_calendar()))
    if name == "overdue":
        return qs.overdue(on=today)
    if name == "awaiting_confirmation":
        return qs.awaiting_confirmation()
    if name == "awaiting_correction":
        return qs.awaiting_correction()
    if name == "awaiting_payment":
        return qs.awaiting_payment()
    if name == "in_consultation":
        return qs.in_consultation()
    if name == "extension_pending":
        return qs.extension_pending()
    if name == "mine":
        return qs.filter(officer=user).exclude(status=Status.CLOSED)
    if name == "closed":
        return qs.filter(status=Status.CLOSED)
    return qs


class CappedPaginator(Paginator):
    """Pages of a work list whose count stops at ``CAP`` (a province's closed cases run to hundreds
    of thousands; counting them all is most of the page's time): "共 10000 件以上"."""

    CAP = 10_000

    @cached_property
    def count(self) -> int:
        n = self.object_list.order_by()[:self.CAP + 1].count()
        self.capped = n > self.CAP
        return min(n, self.CAP)

    def _get_page(self, object_list, number, paginator):
        """Sort the keys, then fetch the page's rows: ordering a province's 600,000 cases with all
        their columns made SQLite sort the whole table wide (0.6 s); the keys alone sort from a
        covering index in ~10 ms, and 50 rows are then read by primary key."""
        keys = list(object_list.values_list("pk", flat=True))
        rows = self.object_list.order_by().in_bulk(keys)
        return super()._get_page([rows[k] for k in keys if k in rows], number, paginator)


#: ``?late=`` of the 待确认收到 list: the summary count it lists (its label is added to the heading)
LATE = {"warning": "unconfirmed_late", "alert": "unconfirmed_alert"}


@login_required
def work_list(request):
    agencies = _agencies_or_404(request.user)
    today = timezone.localdate()
    name = request.GET.get("list", "open")
    if name not in WORK_LISTS:
        name = "open"
    qs = Application.objects.for_agencies(agencies).select_related("agency", "officer")
    agency_code = request.GET.get("agency", "")
    if agency_code:
        qs = qs.filter(agency__code=agency_code)
    officer = request.GET.get("officer", "")
    if officer:
        qs = qs.filter(officer__username=officer)
    scope = request.GET.get("scope", "")
    if scope == "mine":
        qs = qs.filter(summary.mine(request.user))
    qs = filter_work_list(qs, name, request.user, today)
    late = request.GET.get("late", "") if name == "awaiting_confirmation" else ""
    if late in LATE:  # the dashboard's “超过N个工作日未确认” tiles
        qs = qs.filter(summary.filters(today)[LATE[late]])
    # unconfirmed first (oldest first: most at risk), then by due date (paused cases last)
    if name == "closed":
        order = ("-decided_on", "-pk")
    elif name == "awaiting_confirmation":
        order = ("submitted_on", "pk")  # (agency, status, submitted_on) index
    elif name == "all":
        order = ("-year", "-serial", "-pk")
    elif name == "open":
        order = (Case(When(status=Status.SUBMITTED, then=0), default=1), "submitted_on",
                 F("due_on").asc(nulls_last=True), "pk")
    else:
        order = (F("due_on").asc(nulls_last=True), "pk")
    page = CappedPaginator(qs.order_by(*order), 50).get_page(request.GET.get("page"))
    cal = current_calendar()
    for a in page:
        a.waiting_working_days = cal.workdays_between(a.submitted_on, today) if a.status == Status.SUBMITTED else None
        a.provisional_years = deadline.provisional_years(a, cal)
    # per officer only for one agency (a province's 2,000 agencies have thousands of officers:
    # its overview is the dashboard's per-agency table)
    agency_count = agencies.count()
    one = agencies.filter(code=agency_code) if agency_code else (agencies if agency_count == 1 else None)
    by_officer = (Application.objects.for_agencies(one).open().values("officer__username", "officer__display_name")
                  .order_by("officer__username").annotate(n=Count("pk"))) if one is not None else None
    return render(request, "disclosure/staff/list.html", {
        "scope": scope, "warn_after": UNCONFIRMED_WARNING_WORKING_DAYS, "alert_after": UNCONFIRMED_ALERT_WORKING_DAYS,
        "page": page, "lists": WORK_LISTS, "current": name, "today": today,
        "current_label": WORK_LISTS[name] + (f"（{summary.LABELS[LATE[late]]}）" if late in LATE else ""),
        "agencies": agencies.order_by("code") if agency_count <= AGENCY_SELECT_MAX else None,
        "agency_code": agency_code, "officer": officer, "by_officer": by_officer,
        "can_register": permissions.registering_agencies(request.user).exists(),
        "can_review_identity_log": permissions.identity_log_agencies(request.user).exists(),
    })


@login_required
def register(request):
    agencies = permissions.registering_agencies(request.user)
    if not agencies.exists():
        raise Http404("没有可办理的机关。")
    form = forms.RegisterForm(request.POST or None)
    agency_code = request.POST.get("agency") or request.GET.get("agency") or ""
    if request.method == "POST":
        agency = agencies.filter(code=agency_code).first()
        if agency is None:
            form.add_error(None, "请选择受理机关。")
        if form.is_valid() and agency is not None:
            try:
                sub = actions.register_application(
                    agency=agency, fields=form.cleaned_data, channel=form.cleaned_data["channel"],
                    received_on=form.cleaned_data.get("received_on"),
                    submitted_on=form.cleaned_data.get("submitted_on"), actor=request.user)
            except InvalidInput as e:
                for field, message in e.errors.items():
                    form.add_error(field if field in form.fields else None, message)
            except ActionError as e:
                form.add_error(None, e.message)
            else:
                messages.success(request, f"已登记申请 {sub.application.number}。请把查询码 {sub.query_code} "
                                          "告知申请人（仅显示这一次），凭申请编号和查询码可在网上查询办理进度。")
                return redirect("disclosure_staff:case", number=sub.application.number)
    return render(request, "disclosure/staff/register.html", {
        "form": form, "agencies": agencies, "agency_code": agency_code,
        "guide": guidance.STEPS["confirm_receipt"]})


def _step_forms(app: Application, user, bound: dict | None = None):
    """The forms of the steps allowed now, each with its guidance."""
    if not permissions.can_act(user, app):
        return []
    out = []
    today = timezone.localdate().isoformat()
    for name in steps.BY_STATUS.get(app.status, ()):
        if name in ("extend", "refuse_extension") and not permissions.can_approve(user, app):
            continue
        if name == "refuse_extension" and not app.extension_requested_on:
            continue
        if name == "request_extension" and (permissions.can_approve(user, app) or app.extension_requested_on):
            continue
        if name == "record_provision" and app.outcome not in PROVIDING_OUTCOMES:
            continue
        if name in ("extend", "request_extension") and app.is_overdue(timezone.localdate()):
            out.append({"name": name, "guide": guidance.STEPS[name],
                        "notice": actions.past_due_message(app, timezone.localdate())})
            continue
        form_class = steps.STEPS[name][0]
        if bound and bound.get("step") == name:
            form = bound["form"]
        else:
            initial = {"date": today}
            if name == "record_delivery":
                initial["letter"] = "fee_notice" if app.status == Status.AWAITING_PAYMENT else "consultation"
            if name == "extend" and app.extension_requested_on:
                req = app.events.filter(type=EventType.EXTENSION_REQUESTED).order_by("-pk").first()
                if req:
                    initial.update(working_days=req.data.get("working_days"), reason=req.data.get("reason"))
            form = form_class(initial=initial, prefix=name)
        out.append({"name": name, "form": form, "guide": guidance.STEPS[name]})
    return out


def _case_context(request, app: Application, bound=None) -> dict:
    today = timezone.localdate()
    try:
        clock = actions.clock_for(app)
    except ValueError:
        clock = None
    identity = permissions.sees_identity(request.user, app)
    return {
        "app": app, "today": today, "clock": clock, "identity": identity,
        "events": app.events.select_related("actor").order_by("date", "pk"),
        "letters": app.letters.defer("docx", "pdf", "text", "paper_scan").order_by("issued_on", "pk"),
        "handlings": app.handlings.all(),
        "step_forms": _step_forms(app, request.user, bound),
        "assign_form": forms.AssignForm(agency=app.agency, initial={"officer": app.officer_id})
        if permissions.can_act(request.user, app) and not app.is_closed else None,
        "duplicates": actions.possible_duplicates(app),
        "month_count": actions.applicant_month_count(app),
        "outcomes": OUTCOMES.values(),
        "releases": app.releases.defer("original", "released_pdf").all(),
        "release_form": forms.ReleaseUploadForm() if permissions.can_act(request.user, app) and app.is_open else None,
        "overdue": app.is_overdue(today), "deadline": deadline.for_application(app, today),
        "corrections": app.corrections.prefetch_related("attachments"),
        "pending_correction": actions.pending_correction(app),
        "sent_letters": actions.sent_letters(app),
    }


@login_required
def case(request, number: str):
    app = permissions.get_case(request.user, number)
    context = _case_context(request, app)
    if context["identity"]:
        audit.record_identity_view(app, actor=request.user, where=IdentityView.Where.CASE_PAGE, request=request)
    return render(request, "disclosure/staff/case.html", context)


@login_required
def identity_log(request):
    """Who was shown which applicant's identity details, for heads, the disclosure office and admins."""
    agencies = permissions.identity_log_agencies(request.user)
    if not agencies.exists():
        raise Http404("没有可查看的记录。")
    qs = IdentityView.objects.for_agencies(agencies).select_related("application__agency")
    who = request.GET.get("user", "").strip()[:150]
    if who:
        qs = qs.filter(username=who)
    number = request.GET.get("number", "").strip()[:80]
    if number:
        qs = qs.filter(application__number=number)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "disclosure/staff/identity_log.html", {"page": page, "who": who, "number": number})


@login_required
@require_POST
def take_step(request, number: str, step: str):
    app = permissions.get_case(request.user, number)
    if step not in steps.STEPS:
        raise Http404("没有该办理步骤。")
    form_class = steps.STEPS[step][0]
    form = form_class(request.POST, request.FILES, prefix=step)
    error = None
    if form.is_valid():
        data = {k.removeprefix(step + "-"): v for k, v in request.POST.items() if k.startswith(step + "-")}
        try:
            files = {k.removeprefix(step + "-"): v for k, v in request.FILES.items() if k.startswith(step + "-")}
            app = steps.run(app, actor=request.user, step=step, data=data, files=files)
        except InvalidInput as e:
            for field, message in e.errors.items():
                form.add_error(field if field in form.fields else None, message)
        except ActionError as e:
            error = e.message
        else:
            messages.success(request, f"已办理：{guidance.STEPS[step]['title']}。")
            for w in getattr(app, "warnings", []):
                messages.warning(request, w)
            return redirect("disclosure_staff:case", number=app.number)
    if error:
        messages.error(request, error)
        return redirect("disclosure_staff:case", number=app.number)
    ctx = _case_context(request, app, bound={"step": step, "form": form})
    return render(request, "disclosure/staff/case.html", ctx, status=400)


@login_required
@require_POST
def assign(request, number: str):
    app = permissions.get_case(request.user, number)
    form = forms.AssignForm(request.POST, agency=app.agency)
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs)
                       if "officer" not in form.errors else "请选择本机关的经办人。")
    else:
        try:
            actions.assign_officer(app, actor=request.user, officer=form.cleaned_data["officer"],
                                   reason=form.cleaned_data["reason"])
        except ActionError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, f"经办人已指定为 {form.cleaned_data['officer']}。")
    return redirect("disclosure_staff:case", number=app.number)


def letter_response(letter, fmt: str) -> HttpResponse:
    if fmt == "pdf" and letter.pdf:
        body, ctype = bytes(letter.pdf), "application/pdf"
    elif fmt == "docx" and letter.docx:
        body, ctype = bytes(letter.docx), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    elif fmt == "txt":
        body, ctype = letter.text.encode("utf-8"), "text/plain; charset=utf-8"
    elif fmt == "scan" and letter.paper_scan_name and letter.paper_scan is not None:  # the paper letter: staff only
        response = HttpResponse(bytes(letter.paper_scan), content_type="application/octet-stream")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(letter.paper_scan_name)}"
        response["X-Content-Type-Options"] = "nosniff"
        return response
    else:
        raise Http404("该文书没有这种格式。")
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{letter.title}（{letter.number}）.{fmt}')}"
    return response


@login_required
def letter(request, number: str, letter_id: int, fmt: str):
    app = permissions.get_case(request.user, number)
    obj = app.letters.filter(pk=letter_id).first()
    if obj is None:
        raise Http404("没有找到该文书。")
    return letter_response(obj, fmt)


@login_required
@require_POST
def upload_release(request, number: str):
    app = permissions.get_case(request.user, number)
    form = forms.ReleaseUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "；".join(steps.errors_of(form).values()))
        return redirect("disclosure_staff:case", number=app.number)
    try:
        release = releases.upload(app, actor=request.user, title=form.cleaned_data["title"],
                                  upload=form.cleaned_data["file"])
    except ActionError as e:
        messages.error(request, e.message)
        return redirect("disclosure_staff:case", number=app.number)
    return redirect("disclosure_staff:release", number=app.number, release_id=release.pk)


@login_required
def release(request, number: str, release_id: int):
    app = permissions.get_case(request.user, number)
    obj = app.releases.filter(pk=release_id).first()
    if obj is None:
        raise Http404("没有找到该文件。")
    status, reason_error = 200, ""
    if request.method == "POST" and request.POST.get("as_is"):
        try:
            releases.provide_as_is(obj, actor=request.user, reason=request.POST.get("as_is_reason", ""))
        except InvalidInput as e:
            status, reason_error = 400, "；".join(e.errors.values())
        except ActionError as e:
            messages.error(request, e.message)
            return redirect("disclosure_staff:case", number=app.number)
        else:
            messages.success(request, "已按原件提供该文件（未作遮盖），作出答复后申请人可以下载。")
            return redirect("disclosure_staff:case", number=app.number)
    elif request.method == "POST":
        chosen = request.POST.getlist("span")
        extra = request.POST.get("extra", "")
        basis = request.POST.get("extra_basis", "").strip() or releases.DEFAULT_BASIS
        try:
            releases.confirm(obj, actor=request.user, chosen=chosen, extra_text=extra, extra_basis=basis)
        except ActionError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, "已制作区分处理后的公开文本，被遮盖的文字已从文本中删除。")
            return redirect("disclosure_staff:case", number=app.number)
    if request.GET.get("download") == "released" and obj.released_pdf:
        response = HttpResponse(bytes(obj.released_pdf), content_type="application/pdf")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(obj.public_name)}"
        return response
    return render(request, "disclosure/staff/release.html", {
        "app": app, "release": obj, "can_act": permissions.can_act(request.user, app),
        "default_basis": releases.DEFAULT_BASIS, "concern": releases.screen_result(obj),
        "proposed": [s | {"kind_label": releases.KIND_LABELS.get(s.get("kind"), s.get("kind"))} for s in obj.proposed],
        "reason_error": reason_error, "reason": request.POST.get("as_is_reason", "")}, status=status)


@login_required
def correction_file(request, number: str, attachment_id: int):
    """A file sent with a correction (or a paper correction's scan), for the agency's staff."""
    app = permissions.get_case(request.user, number)
    obj = CorrectionAttachment.objects.filter(pk=attachment_id, correction__application=app).first()
    if obj is None:
        raise Http404("没有找到该附件。")
    response = HttpResponse(bytes(obj.data), content_type="application/octet-stream")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(obj.filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
