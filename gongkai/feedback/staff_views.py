"""Staff back office for 互动: the item list, registering entries, the item page, the dashboard,
settings, and questionnaires. Each view starts with a permission helper (404 for anything else)."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.accounts.permissions import staff_agencies
from gongkai.portal.staff_views import query_without_page
from . import actions, charts, exports, figures, permissions, screen
from .forms import (
    AssignForm,
    CloseForm,
    NewSurveyForm,
    NoteForm,
    PublishForm,
    QuestionForm,
    RegisterForm,
    ReplyForm,
    SettingsForm,
    SurveyForm,
)
from .models import FeedbackSettings, Item, Kind, Route, Status
from .permissions import (
    assignable_people,
    can_assign,
    can_build_survey,
    can_reply,
    get_managed_agency,
    get_staff_item,
    get_staff_survey,
    staff_items,
    staff_surveys,
    working_agencies,
)

STATUS_FILTERS = [("open", "未办结"), ("overdue", "已超期"), ("all", "全部")] + [(s.value, s.label) for s in Status]


def _require_staff(user):
    if not staff_agencies(user).exists():
        raise Http404("没有可办理的机关。")


@login_required
def items(request):
    _require_staff(request.user)
    qs = staff_items(request.user).select_related("agency", "owner")
    agencies = staff_agencies(request.user).order_by("parent_id", "code")
    f = {k: request.GET.get(k, "") for k in ("agency", "status", "kind", "mine", "q")}
    f["status"] = f["status"] or "open"
    if f["agency"]:
        qs = qs.filter(agency__code=f["agency"])
    today = timezone.localdate()
    if f["status"] == "open":
        qs = qs.open()
    elif f["status"] == "overdue":
        qs = qs.overdue(on=today)
    elif f["status"] in Status.values:
        qs = qs.filter(status=f["status"])
    if f["kind"] in Kind.values:
        qs = qs.filter(kind=f["kind"])
    if f["mine"]:
        qs = qs.owned_by(request.user)
    if f["q"]:
        qs = qs.filter(number__icontains=f["q"].strip()) | qs.filter(subject__icontains=f["q"].strip())
    qs = qs.order_by("due_on", "id") if f["status"] in ("open", "overdue") else qs.order_by("-received_on", "-id")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "feedback/staff/items.html", {
        "page": page, "f": f, "agencies": agencies, "statuses": STATUS_FILTERS, "kinds": Kind.choices,
        "today": today, "can_register": working_agencies(request.user).exists(),
        "query": query_without_page(request),
    })


@login_required
@require_http_methods(["GET", "POST"])
def register(request):
    """Register an entry that came by phone, at the counter, by letter or on social media."""
    agencies = working_agencies(request.user)
    if not agencies.exists():
        raise Http404("没有可办理的机关。")
    form = RegisterForm(request.POST or None, request.FILES or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            item, code = actions.submit_item(
                agency=d["agency"], kind=d["kind"], channel=d["channel"], source_url=d["source_url"],
                subject=d["subject"], content=d["content"], received_on=d["received_on"],
                contact=None if d["anonymous"] else actions.Contact(
                    d["contact_name"], d["contact_phone"], d["contact_email"]),
                publish_consent=d["publish_consent"], files=d["attachments"], actor=request.user)
        except actions.ActionError as e:
            form.add_error(None, str(e))
        else:
            anonymous = "匿名事项" if item.is_anonymous else ""
            mailed = "，确认邮件中也有" if item.contact_email else ""
            messages.success(request, f"已登记{anonymous}，编号 {item.number}，查询码 {code}。"
                                      f"请告知来件人（查询码本页只显示这一次{mailed}），凭编号和查询码可查看答复。")
            return redirect("feedback_staff:item", item.number)
    return render(request, "feedback/staff/register.html", {"form": form}, status=400 if form.errors else 200)


def _item_context(request, item: Item, **forms):
    user = request.user
    people = assignable_people(item.agency)
    ctx = {
        "item": item,
        "today": timezone.localdate(),
        "events": item.events.select_related("actor"),
        "replies": item.replies.select_related("replied_by", "rating"),
        "attachments": item.attachments.all(),
        "can_assign": can_assign(user, item) and item.is_open,
        "can_reply": can_reply(user, item) and item.is_open,
        "can_publish": can_reply(user, item) and item.status == Status.REPLIED and item.publish_consent,
        "can_close": can_assign(user, item) and item.is_open,
        "can_reopen": can_assign(user, item) and item.status == Status.REPLIED,
    }
    ctx["assign_form"] = forms.get("assign_form") or AssignForm(people=people, initial={"owner": item.owner_id})
    ctx["reply_form"] = forms.get("reply_form") or ReplyForm()
    latest = item.latest_reply
    if forms.get("publish_form") is None:
        question, answer = screen.initial(item, f"{item.subject}\n\n{item.content}", latest.text if latest else "")
        forms["publish_form"] = PublishForm(initial={
            "question": item.public_question or question, "answer": item.public_answer or answer})
    ctx["publish_form"] = forms["publish_form"]
    ctx["close_form"] = forms.get("close_form") or CloseForm()
    ctx["reopen_form"] = forms.get("reopen_form") or NoteForm()
    return ctx


@login_required
def item(request, number: str):
    item = get_staff_item(request.user, number)
    return render(request, "feedback/staff/item.html", _item_context(request, item))


def _act(request, item, form, form_name, do, success):
    if form.is_valid():
        try:
            do(form.cleaned_data)
        except actions.ActionError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, success)
            return redirect("feedback_staff:item", item.number)
    item.refresh_from_db()
    return render(request, "feedback/staff/item.html", _item_context(request, item, **{form_name: form}), status=400)


@login_required
@require_POST
def assign(request, number: str):
    item = get_staff_item(request.user, number, may=can_assign)
    form = AssignForm(request.POST, people=assignable_people(item.agency))
    return _act(request, item, form, "assign_form",
                lambda d: actions.assign_item(item, owner=d["owner"], actor=request.user, note=d["note"]),
                "已分派。")


@login_required
@require_POST
def reply(request, number: str):
    item = get_staff_item(request.user, number, may=can_reply)
    form = ReplyForm(request.POST)
    msg = "已答复。" if item.has_private_reply_path else "已记录答复（匿名事项，提交人凭查询码查看）。"
    return _act(request, item, form, "reply_form",
                lambda d: actions.reply_item(item, text=d["text"], actor=request.user), msg)


@login_required
@require_POST
def publish(request, number: str):
    """Two steps, without JavaScript: the texts are previewed as the public will read them, with
    every masked span shown to the staff; only 确认发布 on that preview (its digest unchanged) publishes.
    返回修改 goes back to the form with the texts as they were."""
    item = get_staff_item(request.user, number, may=can_reply)
    form = PublishForm(request.POST)
    if "edit" in request.POST and form.is_valid():
        return render(request, "feedback/staff/item.html", _item_context(request, item, publish_form=form))
    if form.is_valid() and "confirm" not in request.POST:
        return _publish_preview(request, item, form)
    if form.is_valid():
        question, answer = screen.publication(item, form.cleaned_data["question"], form.cleaned_data["answer"])
        if request.POST.get("digest") != screen.digest(question, answer):
            return _publish_preview(request, item, form, changed=True)
    return _act(request, item, form, "publish_form",
                lambda d: actions.publish_item(item, question=d["question"], answer=d["answer"], actor=request.user),
                "已在公开答复栏目发布。")


def _publish_preview(request, item, form, *, changed: bool = False):
    question, answer = screen.publication(item, form.cleaned_data["question"], form.cleaned_data["answer"])
    if not question.text.strip() or not answer.text.strip():
        form.add_error(None, "公开的问题和答复不能为空。")
        return render(request, "feedback/staff/item.html", _item_context(request, item, publish_form=form), status=400)
    masked = [m for s in (question, answer) for m in s.matches]
    return render(request, "feedback/staff/publish_preview.html", {
        "item": item, "form": form, "question": question, "answer": answer, "masked": masked,
        "digest": screen.digest(question, answer), "changed": changed,
    })


@login_required
@require_POST
def unpublish(request, number: str):
    item = get_staff_item(request.user, number, may=can_reply)
    return _act(request, item, NoteForm(request.POST), "reopen_form",
                lambda d: actions.unpublish_item(item, actor=request.user, note=d["note"]), "已撤回公开。")


@login_required
@require_POST
def close(request, number: str):
    item = get_staff_item(request.user, number, may=can_assign)
    return _act(request, item, CloseForm(request.POST), "close_form",
                lambda d: actions.close_item(item, reason=d["reason"], actor=request.user), "已关闭。")


@login_required
@require_POST
def reopen(request, number: str):
    item = get_staff_item(request.user, number, may=can_assign)
    return _act(request, item, NoteForm(request.POST), "reopen_form",
                lambda d: actions.reopen_item(item, actor=request.user, note=d["note"]), "已退回重新办理。")


@login_required
def attachment(request, number: str, pk: int):
    item = get_staff_item(request.user, number)
    att = item.attachments.filter(pk=pk).first()
    if att is None:
        raise Http404
    return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.name, content_type=att.content_type)


@login_required
def dashboard(request):
    """Per agency and for the disclosure office: open items by owner, on-time rate, median reply time, overdue."""
    _require_staff(request.user)
    today = timezone.localdate()
    agencies = list(staff_agencies(request.user).order_by("parent_id", "code"))
    code = request.GET.get("agency", "")
    selected = next((a for a in agencies if a.code == code), None)
    scope = staff_items(request.user)
    if selected:
        scope = scope.filter(agency=selected)
    rows = []
    if len(agencies) > 1 and not selected:
        for a in agencies:
            a_items = Item.objects.filter(agency=a)
            year_items = a_items.received_in(today.year)
            rows.append({"agency": a, "received": year_items.count(), "open": a_items.open().count(),
                         "overdue": a_items.overdue(on=today).count(),
                         **figures.timeliness(year_items, on=today)})
    return render(request, "feedback/staff/dashboard.html", {
        "agencies": agencies, "selected": selected, "rows": rows, "today": today,
        "d": figures.dashboard(scope, on=today),
        # 互动设置 is for heads (settings_view): the disclosure office would get 404
        "can_configure": bool(selected) and permissions.can_manage(request.user, selected),
    })


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request, code: str):
    agency = get_managed_agency(request.user, code)
    form = SettingsForm(request.POST or None, instance=FeedbackSettings.for_agency(agency), prefix="s")
    people = {str(u.pk): u for u in assignable_people(agency)}
    routes = {r.kind: r.owner_id for r in Route.objects.filter(agency=agency)}
    route_rows = [(k, people.values(), routes.get(k.value)) for k in Kind]
    if request.method == "POST":
        raw = {k: request.POST.get(f"route_{k.value}", "") for k in Kind}
        chosen = {k.value: people[v] for k, v in raw.items() if v in people}
        errors = [f"{k.label}：请选择本机关的工作人员。" for k, v in raw.items() if v and v not in people]
        if form.is_valid() and not errors:
            try:
                actions.save_settings(agency, values=form.cleaned_data, routes=chosen, actor=request.user)
            except actions.ActionError as e:
                errors.append(e.message)
            else:
                messages.success(request, "互动设置已保存。新的答复期限适用于此后收到的事项。")
                return redirect("feedback_staff:settings", agency.code)
        route_rows = [(k, people.values(), getattr(chosen.get(k.value), "pk", None)) for k in Kind]
        return render(request, "feedback/staff/settings.html", {
            "agency": agency, "form": form, "route_rows": route_rows, "route_errors": errors}, status=400)
    return render(request, "feedback/staff/settings.html", {"agency": agency, "form": form, "route_rows": route_rows})


# -- questionnaires ---------------------------------------------------------------------------

@login_required
def surveys(request):
    _require_staff(request.user)
    qs = staff_surveys(request.user).select_related("agency")
    return render(request, "feedback/staff/surveys.html", {
        "surveys": qs, "today": timezone.localdate(),
        "can_create": working_agencies(request.user).exists()})


@login_required
@require_http_methods(["GET", "POST"])
def survey_new(request):
    agencies = working_agencies(request.user)
    if not agencies.exists():
        raise Http404
    today = timezone.localdate()
    form = NewSurveyForm(request.POST or None, agencies=agencies,
                         initial={"opens_on": today, "closes_on": today.replace(day=28)})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            survey = actions.create_survey(agency=d["agency"], title=d["title"], intro=d["intro"],
                                           opens_on=d["opens_on"], closes_on=d["closes_on"], actor=request.user)
        except actions.ActionError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "问卷已创建，请添加题目。")
            return redirect("feedback_staff:survey", survey.pk)
    return render(request, "feedback/staff/survey_new.html", {"form": form}, status=400 if form.errors else 200)


def _survey_context(request, survey, **forms):
    share = request.build_absolute_uri(reverse("feedback:answer", args=[survey.pk]))
    ctx = {
        "survey": survey,
        "today": timezone.localdate(),
        "can_build": can_build_survey(request.user, survey.agency),
        "questions": survey.questions.prefetch_related("choices"),
        "responses": survey.responses.count(),
        "results": charts.results(survey),
        "share_url": share,
        "qr_svg": segno.make(share, error="m").svg_inline(scale=4, title="问卷二维码"),
    }
    ctx["survey_form"] = forms.get("survey_form") or SurveyForm(initial={
        "title": survey.title, "intro": survey.intro, "opens_on": survey.opens_on,
        "closes_on": survey.closes_on, "results_public": survey.results_public})
    ctx["question_form"] = forms.get("question_form") or QuestionForm()
    return ctx


@login_required
def survey(request, pk: int):
    survey = get_staff_survey(request.user, pk)
    return render(request, "feedback/staff/survey.html", _survey_context(request, survey))


def _survey_act(request, survey, form, form_name, do, success):
    if form is None or form.is_valid():
        try:
            do(form.cleaned_data if form is not None else None)
        except actions.ActionError as e:
            if form is None:
                messages.error(request, str(e))
                return redirect("feedback_staff:survey", survey.pk)
            form.add_error(None, str(e))
        else:
            messages.success(request, success)
            return redirect("feedback_staff:survey", survey.pk)
    return render(request, "feedback/staff/survey.html", _survey_context(request, survey, **{form_name: form}),
                  status=400)


@login_required
@require_POST
def survey_edit(request, pk: int):
    survey = get_staff_survey(request.user, pk, build=True)
    return _survey_act(request, survey, SurveyForm(request.POST), "survey_form", lambda d: actions.update_survey(
        survey, title=d["title"], intro=d["intro"], opens_on=d["opens_on"], closes_on=d["closes_on"],
        results_public=d["results_public"], actor=request.user), "问卷已保存。")


@login_required
@require_POST
def survey_question(request, pk: int):
    survey = get_staff_survey(request.user, pk, build=True)
    return _survey_act(request, survey, QuestionForm(request.POST), "question_form", lambda d: actions.add_question(
        survey, kind=d["kind"], text=d["text"], required=d["required"], choices=d["choice_list"],
        actor=request.user), "已添加题目。")


@login_required
@require_POST
def survey_question_delete(request, pk: int, qid: int):
    survey = get_staff_survey(request.user, pk, build=True)
    question = survey.questions.filter(pk=qid).first()
    if question is None:
        raise Http404
    return _survey_act(request, survey, None, "", lambda d: actions.remove_question(question, actor=request.user),
                       "已删除题目。")


@login_required
@require_POST
def survey_launch(request, pk: int):
    survey = get_staff_survey(request.user, pk, build=True)
    return _survey_act(request, survey, None, "", lambda d: actions.launch_survey(survey, actor=request.user),
                       "问卷已发布，在开始日期至截止日期之间可以作答。")


@login_required
@require_POST
def survey_close(request, pk: int):
    survey = get_staff_survey(request.user, pk, build=True)
    return _survey_act(request, survey, None, "", lambda d: actions.close_survey(survey, actor=request.user),
                       "问卷已结束，不再接受作答。")


@login_required
def survey_export(request, pk: int, fmt: str):
    survey = get_staff_survey(request.user, pk)
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(survey), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            exports.to_xlsx(survey),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}.{fmt}"'
    return response

