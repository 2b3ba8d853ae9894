"""Public pages: the online application form of each agency, the confirmation, and tracking.

Tracking takes the number and query code by POST (so the code never sits in a URL or an access
log); the session then remembers which applications this browser has opened.
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gongkai.accounts.models import Agency
from gongkai.portal import ratelimit

from gongkai.accounts.errors import ActionError, InvalidInput

from . import actions, deadline, exports, permissions
from .forms import ApplicationForm, CorrectionSubmitForm, TrackForm
from .guidance import applicant_next_step
from .models import Application, EventType
from .published import published_matches
from .staff_views import letter_response

SESSION_KEY = "disclosure_tracked"


def _remember(request, app: Application) -> None:
    tracked = request.session.get(SESSION_KEY, [])
    if app.number not in tracked:
        request.session[SESSION_KEY] = (tracked + [app.number])[-20:]


#: set by the confirmation step (and by apply.js once it has shown the matches): the applicant
#: has seen what may already be public, so this submit goes through
SEEN_FIELD = "matches_seen"


@require_http_methods(["GET", "POST"])
def apply(request, code: str):
    """The online form. A first submit whose description matches published information shows the
    matches and asks again (nothing is saved, everything typed stays in the form); the second
    submit, or a first one that matches nothing, files the application."""
    agency = get_object_or_404(Agency.objects.active(), code=code)
    form = ApplicationForm(request.POST or None)
    context = {"agency": agency, "form": form}
    if request.method == "POST":
        searching = "search" in request.POST
        seen = bool(request.POST.get(SEEN_FIELD)) and not searching
        # a search or a first submit counts as a search; every application filed counts as one
        if wait := ratelimit.rate_limited(request, "apply" if seen else "apply_search"):
            return ratelimit.too_many(request, "disclosure/apply.html", context, wait)
        if searching:  # 先查一查：已经主动公开的不必申请
            return render(request, "disclosure/apply.html", {
                "agency": agency, "form": ApplicationForm(initial=request.POST.dict()),
                "matches": published_matches(agency, request.POST.get("content", "")), "searched": True})
        if form.is_valid():
            if not seen:
                matches = published_matches(agency, form.cleaned_data["content"])
                if matches:
                    return render(request, "disclosure/apply.html", {**context, "matches": matches,
                                                                     "confirming": True})
                if wait := ratelimit.rate_limited(request, "apply"):
                    return ratelimit.too_many(request, "disclosure/apply.html", context, wait)
            user = request.user if request.user.is_authenticated else None
            sub = actions.submit_application(agency=agency, fields=form.cleaned_data, actor=user)
            _remember(request, sub.application)
            request.session["disclosure_new_code"] = {"number": sub.application.number, "code": sub.query_code}
            return redirect("disclosure:submitted")
    return render(request, "disclosure/apply.html", context)


def apply_matches(request, code: str):
    """What may already be public for the description typed so far (JSON, for ``apply.js``; the
    form works without it). Not counted in the search statistics: a description is not a query."""
    agency = get_object_or_404(Agency.objects.active(), code=code)
    matches = published_matches(agency, request.GET.get("q", "")[:300])
    return JsonResponse({"results": [{"kind": m.kind, "kind_label": m.kind_label, "title": m.title, "url": m.url}
                                     for m in matches]}, json_dumps_params={"ensure_ascii": False})


def submitted(request):
    info = request.session.pop("disclosure_new_code", None)
    if not info:
        return redirect("disclosure:track")
    app = Application.objects.select_related("agency").filter(number=info["number"]).first()
    if app is None:
        raise Http404("没有找到该申请。")
    return render(request, "disclosure/submitted.html", {"app": app, "query_code": info["code"]})


@require_http_methods(["GET", "POST"])
def track(request):
    form = TrackForm(request.POST or None)
    error = None
    if request.method == "POST" and (wait := ratelimit.rate_limited(request, "application_track")):
        return render(request, "disclosure/track.html", {"form": form, "error": ratelimit.message(wait)},
                      status=429)
    if request.method == "POST" and form.is_valid():
        try:
            app = permissions.get_for_applicant(form.cleaned_data["number"], form.cleaned_data["query_code"])
        except Http404:
            error = "申请编号或查询码不正确。"
        else:
            _remember(request, app)
            return redirect("disclosure:track_detail", number=app.number)
    mine = []
    if request.user.is_authenticated:
        mine = Application.objects.filter(applicant=request.user).select_related("agency").order_by("-created_at")
    return render(request, "disclosure/track.html", {"form": form, "error": error, "mine": mine},
                  status=404 if error else 200)


def _tracked(request, number: str) -> Application:
    """The application if this browser opened it with its code, or it belongs to the logged-in user."""
    if number in request.session.get(SESSION_KEY, []):
        app = Application.objects.select_related("agency").filter(number=number).first()
        if app is not None:
            return app
    return permissions.get_own(request.user, number)


def track_detail(request, number: str, correction_form=None, status=200):
    app = _tracked(request, number)
    today = timezone.localdate()
    next_step = applicant_next_step(app, today)
    if correction_form is None and next_step["action"] == "correct":
        correction_form = CorrectionSubmitForm()
    return render(request, "disclosure/track_detail.html", {
        "app": app, "next_step": next_step["text"], "next_deadline": next_step["deadline"],
        "letters": app.letters.filter(to_applicant=True).defer("docx", "pdf", "text", "paper_scan").order_by("issued_on", "pk"),
        "overdue": app.is_overdue(today), "deadline": deadline.for_application(app, today),
        "released": app.released_to_applicant().defer("original", "released_pdf"),
        "provided": app.events.filter(type=EventType.INFORMATION_PROVIDED).order_by("date", "pk"),
        "corrections": app.corrections.prefetch_related("attachments"),
        "correction_form": correction_form if next_step["action"] == "correct" else None,
    }, status=status)


@require_http_methods(["POST"])
def track_correction(request, number: str):
    """The applicant's corrected request (第三十条), from the tracking page."""
    app = _tracked(request, number)
    form = CorrectionSubmitForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data.get("file")
        try:
            actions.submit_correction(app, content=form.cleaned_data["content"], files=[upload] if upload else [],
                                      actor=request.user)
        except InvalidInput as e:
            for field, message in e.errors.items():
                form.add_error("file" if field == "files" else field if field in form.fields else None, message)
        except ActionError as e:
            messages.error(request, e.message)
            return redirect("disclosure:track_detail", number=app.number)
        else:
            messages.success(request, "补正已提交。机关确认收到后，答复期限自确认收到之日起重新计算。")
            return redirect("disclosure:track_detail", number=app.number)
    return track_detail(request, number, correction_form=form, status=400)


def track_release(request, number: str, release_id: int):
    """A released copy (the redacted PDF, never the original) for the applicant."""
    app = _tracked(request, number)
    release = app.released_to_applicant().filter(pk=release_id).first()
    if release is None or not release.released_pdf:
        raise Http404("没有找到该文件。")
    return release_response(release)


def release_response(release) -> HttpResponse:
    response = HttpResponse(bytes(release.released_pdf), content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(release.public_name)}"
    response["Cache-Control"] = "no-store"
    return response


def track_letter(request, number: str, letter_id: int, fmt: str):
    app = _tracked(request, number)
    letter = app.letters.filter(pk=letter_id, to_applicant=True).first()
    if letter is None:
        raise Http404("没有找到该文书。")
    return letter_response(letter, fmt)


def track_export(request, number: str):
    """Everything held about the application, for its applicant (disclosure.exports)."""
    app = _tracked(request, number)
    response = HttpResponse(exports.applicant_zip(app), content_type="application/zip")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'申请{app.number}的全部信息.zip')}"
    response["Cache-Control"] = "no-store"
    return response


@login_required(login_url="/account/login/")
def my_applications(request):
    """我的申请: the applications submitted online while logged in (an account is optional)."""
    applications = (Application.objects.filter(applicant=request.user).select_related("agency")
                    .order_by("-created_at")[:200])
    return render(request, "disclosure/my_applications.html", {"applications": applications})
