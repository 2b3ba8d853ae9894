"""Public pages: the feedback form, tracking, the one-time rating link, the Q&A page, questionnaires."""

from __future__ import annotations

import io

import segno
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from gongkai.portal import ratelimit

from . import abuse, actions, charts, notices, screen
from .forms import AnswerForm, FeedbackForm, RatingForm, TrackForm
from .models import FeedbackSettings, Item, Kind, Survey
from .permissions import get_public_agency, get_public_results, get_public_survey, get_tracked_item

SUBMITTED_KEY = "feedback_submitted"


@require_http_methods(["GET", "POST"])
def submit(request, code: str):
    agency = get_public_agency(code)
    prefs = FeedbackSettings.for_agency(agency)
    context = {"agency": agency, "prefs": prefs, "periods": _periods(prefs)}
    if not prefs.accepts_public:
        return render(request, "feedback/submit.html", context)
    form = FeedbackForm(request.POST or None, request.FILES or None)
    context["form"] = form
    if request.method == "POST":
        # only accepted submissions count: a form sent back for corrections costs nothing
        if wait := abuse.wait_seconds(request, "submit"):
            return ratelimit.too_many(request, "feedback/submit.html", context, wait)
        if abuse.honeypot_filled(request.POST):
            abuse.count(request, "submit")
            form.is_valid()
            form.add_error(None, "提交未成功，请刷新页面后重试。")
        elif form.is_valid():
            d = form.cleaned_data
            abuse.count(request, "submit")
            try:
                item, query_code = actions.submit_item(
                    agency=agency, kind=d["kind"], subject=d["subject"], content=d["content"],
                    contact=None if d["anonymous"] else actions.Contact(
                        d["contact_name"], d["contact_phone"], d["contact_email"]),
                    publish_consent=d["publish_consent"], files=d["attachments"])
            except actions.ActionError as e:
                form.add_error(None, str(e))
            else:
                request.session[SUBMITTED_KEY] = {"number": item.number, "code": query_code}
                return redirect("feedback:submitted")
    return render(request, "feedback/submit.html", context, status=400 if form.errors else 200)


def _periods(prefs):
    return [(k.label, prefs.days_for(k)) for k in Kind]


@never_cache
def submitted(request):
    """Shown once after submitting: the number and the query code (never in a URL)."""
    data = request.session.pop(SUBMITTED_KEY, None)
    if not data:
        return redirect("feedback:track")
    item = Item.objects.select_related("agency").filter(number=data["number"]).first()
    if item is None:
        raise Http404
    return render(request, "feedback/submitted.html", {"item": item, "query_code": data["code"]})


@never_cache
@require_http_methods(["GET", "POST"])
def track(request):
    """The submitter's private view of the item and its replies (number + query code, POSTed)."""
    form = TrackForm(request.POST or None, initial={"number": request.GET.get("number", "")[:20]})
    context = {"form": form}
    if request.method == "POST":
        if wait := abuse.rate_limited(request, "track"):
            return ratelimit.too_many(request, "feedback/track.html", context, wait)
        if form.is_valid():
            try:
                item = get_tracked_item(form.cleaned_data["number"], form.cleaned_data["code"])
            except Http404 as e:
                form.add_error(None, str(e))
                return render(request, "feedback/track.html", context, status=404)
            replies = list(item.replies.select_related("rating"))
            context.update(item=item, replies=[
                (r, None if hasattr(r, "rating") or not item.has_private_reply_path else notices.rating_token(r))
                for r in replies])
    return render(request, "feedback/track.html", context, status=400 if form.errors else 200)


@never_cache
@require_http_methods(["GET", "POST"])
def rate(request, token: str):
    """The one-time rating link: works until the reply is rated, then never again."""
    reply = notices.reply_from_token(token)
    if reply is None:
        return render(request, "feedback/rate.html", {"invalid": True}, status=410)
    form = RatingForm(request.POST or None)
    context = {"form": form, "reply": reply, "item": reply.item}
    if request.method == "POST":
        if wait := abuse.rate_limited(request, "rate"):
            return ratelimit.too_many(request, "feedback/rate.html", context, wait)
        if form.is_valid():
            try:
                rating = actions.rate_reply(reply, value=form.cleaned_data["value"],
                                            comment=form.cleaned_data["comment"])
            except actions.ActionError as e:
                return render(request, "feedback/rate.html", {"invalid": True, "message": str(e)}, status=410)
            return render(request, "feedback/rate.html", {"done": rating, "item": reply.item})
    return render(request, "feedback/rate.html", context, status=400 if form.errors else 200)


def questions(request, code: str):
    """公开答复: items published with the submitter's consent, personal data screened out."""
    agency = get_public_agency(code)
    items = Item.objects.published().filter(agency=agency).order_by("-published_at", "-id")
    kind = request.GET.get("kind", "")
    if kind in Kind.values:
        items = items.filter(kind=kind)
    else:
        kind = ""
    page = Paginator(items, 20).get_page(request.GET.get("page"))
    for item in page:  # screened again as shown: what was published before the screen grew is masked too
        item.screened_question, item.screened_answer = screen.initial(item, item.public_question, item.public_answer)
    return render(request, "feedback/questions.html", {
        "agency": agency, "page": page, "kind": kind, "kinds": Kind.choices})


def agency_surveys(request, code: str):
    agency = get_public_agency(code)
    today = timezone.localdate()
    launched = Survey.objects.launched().filter(agency=agency)
    return render(request, "feedback/surveys.html", {
        "agency": agency,
        "open": launched.filter(opens_on__lte=today, closes_on__gte=today),
        "results": launched.filter(results_public=True).exclude(opens_on__lte=today, closes_on__gte=today),
        "upcoming": launched.filter(opens_on__gt=today),
    })


def _cookie_name(survey: Survey) -> str:
    return f"gk_survey_{survey.pk}"


def _already_answered(request, survey: Survey) -> bool:
    return request.get_signed_cookie(_cookie_name(survey), default=None, salt="feedback.survey") == "1"


@never_cache
@require_http_methods(["GET", "POST"])
def answer(request, pk: int):
    survey = get_public_survey(pk)
    context = {"survey": survey, "agency": survey.agency, "answerable": survey.is_answerable()}
    if request.GET.get("done") == "1" or _already_answered(request, survey):
        context["done"] = True
        return render(request, "feedback/answer.html", context)
    if not context["answerable"]:
        return render(request, "feedback/answer.html", context)
    form = AnswerForm(request.POST or None, survey=survey)
    context["form"] = form
    if request.method == "POST":
        if wait := abuse.rate_limited(request, "survey"):
            return ratelimit.too_many(request, "feedback/answer.html", context, wait)
        if abuse.honeypot_filled(request.POST):
            form.is_valid()
            form.add_error(None, "提交未成功，请刷新页面后重试。")
        elif form.is_valid():
            try:
                actions.submit_response(survey, answers=form.answers(),
                                        fingerprint=abuse.fingerprint(request, survey.pk))
            except actions.ActionError as e:
                form.add_error(None, str(e))
            else:
                response = redirect(reverse("feedback:answer", args=[survey.pk]) + "?done=1")
                response.set_signed_cookie(_cookie_name(survey), "1", salt="feedback.survey",
                                           max_age=400 * 24 * 3600, httponly=True, samesite="Lax",
                                           secure=request.is_secure())
                return response
    return render(request, "feedback/answer.html", context, status=400 if form.errors else 200)


def results(request, pk: int):
    survey = get_public_results(pk)
    return render(request, "feedback/results.html", {
        "survey": survey, "agency": survey.agency, "results": charts.results(survey, with_texts=False),
        "responses": survey.responses.count()})


def qr(request, pk: int):
    """The share link as a QR code (SVG)."""
    survey = get_public_survey(pk)
    url = request.build_absolute_uri(reverse("feedback:answer", args=[survey.pk]))
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=8, title=f"{survey.title} 二维码")
    response = HttpResponse(out.getvalue(), content_type="image/svg+xml")
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-qr.svg"'
    return response

