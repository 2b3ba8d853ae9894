from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from gongkai.accounts.permissions import is_staff_member

from . import actions
from .forms import AppealForm, ConcludeForm, UndoForm
from .models import Kind
from .permissions import get_appeal_for_staff, visible_appeals

COUNTING_RULE = ("表四按案件的申请（立案）日期计入年度：某年度申请行政复议或提起行政诉讼的案件计入该年度报告，"
                 "结果按当年12月31日的状态填写，当日尚未审结的计入“尚未审结”。")


def _require_staff(user):
    if not is_staff_member(user):
        raise Http404("没有找到该页面。")


@login_required
def appeal_list(request):
    _require_staff(request.user)
    appeals = visible_appeals(request.user)
    year = request.GET.get("year", "")
    if year.isdigit():
        appeals = appeals.counted_in(int(year))
    kind = request.GET.get("kind", "")
    if kind in Kind.values:
        appeals = appeals.filter(kind=kind)
    return render(request, "appeals/list.html", {
        "appeals": appeals[:500], "year": year, "kind": kind, "kinds": Kind.choices,
        "counting_rule": COUNTING_RULE,
    })


@login_required
def appeal_new(request):
    _require_staff(request.user)
    form = AppealForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            appeal = actions.record_appeal(
                agency=d["agency"], kind=d["kind"], appellant=d["appellant"], body=d["body"],
                filed_on=d["filed_on"], case_number=d["case_number"], summary=d["summary"],
                applications=d["applications"], reconsideration=d["reconsideration"], actor=request.user)
        except actions.ActionError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "案件已登记。")
            return redirect("appeals:detail", pk=appeal.pk)
    return render(request, "appeals/new.html", {"form": form})


@login_required
def appeal_detail(request, pk: int):
    appeal = get_appeal_for_staff(request.user, pk)
    conclude_form = ConcludeForm(request.POST if request.POST.get("step") == "conclude" else None)
    undo_form = UndoForm(request.POST if request.POST.get("step") == "undo" else None)
    if request.method == "POST":
        try:
            if request.POST.get("step") == "conclude" and conclude_form.is_valid():
                d = conclude_form.cleaned_data
                actions.conclude_appeal(appeal=appeal, result=d["result"], concluded_on=d["concluded_on"],
                                        conclusion=d["conclusion"], reopen_applications=d["reopen_applications"],
                                        actor=request.user)
                messages.success(request, "已记录审结结果。")
                return redirect("appeals:detail", pk=appeal.pk)
            if request.POST.get("step") == "undo" and undo_form.is_valid():
                actions.undo_conclusion(appeal=appeal, reason=undo_form.cleaned_data["reason"], actor=request.user)
                messages.success(request, "已撤销审结，案件恢复为尚未审结。")
                return redirect("appeals:detail", pk=appeal.pk)
        except actions.ActionError as e:
            messages.error(request, str(e))
    return render(request, "appeals/detail.html", {
        "appeal": appeal, "conclude_form": conclude_form, "undo_form": undo_form,
        "events": appeal.events.select_related("actor"), "applications": appeal.applications.all(),
        "counting_rule": COUNTING_RULE,
    })
