"""Staff pages under /staff/letters/: read an agency's letter templates and 文号 formats; heads edit them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.accounts.errors import ActionError

from . import actions, rendering
from .forms import LetterTemplateForm, NumberPatternForm
from .kinds import LetterKind, Remedy, check_slot, slot_label, variants
from .letters import ResolvedTemplate, preview, resolve_template
from .models import DocumentsEvent, LetterTemplate, NumberPattern
from .numbering import preview_numbers
from .patterns import PATTERN_FIELDS, default_pattern
from .permissions import (can_edit_letters, get_editable_letter_agency, get_letter_agency, letter_agencies)
from .placeholders import PLACEHOLDERS


def _slot(kind: str, variant: str) -> tuple[str, str]:
    try:
        check_slot(kind, variant)
    except ValueError:
        raise Http404("没有这类文书。") from None
    return kind, variant


@login_required
def letters_home(request):
    agencies = letter_agencies(request.user).order_by("parent_id", "code")
    if not agencies.exists():
        raise Http404("没有可办理的机关。")
    if agencies.count() == 1:
        return redirect("documents:agency", code=agencies.first().code)
    return render(request, "documents/staff/home.html", {"agencies": agencies})


@login_required
def agency_letters(request, code):
    agency = get_letter_agency(request.user, code)
    own = {(t.kind, t.variant): t for t in LetterTemplate.objects.filter(agency=agency)}
    platform = {(t.kind, t.variant) for t in LetterTemplate.objects.filter(agency__isnull=True)}
    groups = []
    for kind in LetterKind:
        rows = []
        for variant, label in variants(kind).items():
            template = own.get((kind.value, variant))
            rows.append({
                "kind": kind.value, "variant": variant, "label": label or kind.label,
                "source": "本机关模板" if template else ("平台默认（已修改）" if (kind.value, variant) in platform else "平台默认"),
                "updated_at": template.updated_at if template else None,
            })
        groups.append({"kind": kind, "rows": rows})
    patterns = {p.kind: p.pattern for p in NumberPattern.objects.filter(agency=agency)}
    next_numbers = preview_numbers(agency)
    numbering = [{"kind": k, "pattern": patterns.get(k.value, default_pattern(k.value)),
                  "custom": k.value in patterns, "next": next_numbers[k.value]} for k in LetterKind]
    return render(request, "documents/staff/agency.html", {
        "agency": agency, "groups": groups, "numbering": numbering, "pattern_fields": PATTERN_FIELDS,
        "can_edit": can_edit_letters(request.user, agency),
        "events": DocumentsEvent.objects.filter(agency=agency).select_related("actor")[:20],
    })


def _initial(template: ResolvedTemplate) -> dict:
    return {"title": template.title, "body": template.body, "closing": template.closing, "remedy": template.remedy.value}


@login_required
def edit_template(request, code, kind, variant=""):
    kind, variant = _slot(kind, variant)
    agency = get_letter_agency(request.user, code)
    can_edit = can_edit_letters(request.user, agency)
    template = resolve_template(agency, kind, variant)
    form = LetterTemplateForm(initial=_initial(template), kind=kind, variant=variant)
    shown = template
    if request.method == "POST":
        intent = request.POST.get("intent", "preview")
        if intent in ("save", "reset"):
            agency = get_editable_letter_agency(request.user, code)  # 404 for anyone but a head or an admin
        if intent == "reset":
            if actions.reset_letter_template(agency, kind, variant, actor=request.user):
                messages.success(request, "已恢复为平台默认模板。")
            return redirect(request.path)
        form = LetterTemplateForm(request.POST, kind=kind, variant=variant)
        if form.is_valid():
            data = form.cleaned_data
            if intent == "save":
                try:
                    actions.save_letter_template(agency, kind, variant, actor=request.user, title=data["title"],
                                                 body=data["body"], closing=data["closing"], remedy=data["remedy"])
                except ActionError as e:
                    form.add_error(None, str(e))
                else:
                    messages.success(request, "模板已保存。此后生成的文书使用新的文字，已发出的文书不受影响。")
                    return redirect(request.path)
            shown = ResolvedTemplate(kind, variant, data["title"], data["body"], data["closing"],
                                     template.remedy if form.fixed else Remedy(data["remedy"]), "draft")
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    layout = preview(agency, shown, timezone.localdate())
    groups: dict[str, list] = {}
    for p in PLACEHOLDERS.values():
        groups.setdefault(p.group, []).append(p)
    return render(request, "documents/staff/edit.html", {
        "agency": agency, "kind": kind, "variant": variant, "label": slot_label(kind, variant),
        "template": template, "form": form, "can_edit": can_edit, "layout": layout,
        "placeholder_groups": groups, "is_draft": shown is not template,
    })


@login_required
def sample_file(request, code, kind, variant="", fmt="pdf"):
    kind, variant = _slot(kind, variant)
    if fmt not in ("pdf", "docx"):
        raise Http404("不支持的格式。")
    agency = get_letter_agency(request.user, code)
    layout = preview(agency, resolve_template(agency, kind, variant), timezone.localdate())
    if fmt == "pdf":
        data, content_type = rendering.to_pdf(layout), "application/pdf"
    else:
        data = rendering.to_docx(layout, author=agency.name)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="sample-{kind}{"-" + variant if variant else ""}.{fmt}"'
    return response


@login_required
@require_POST
def edit_pattern(request, code, kind):
    agency = get_editable_letter_agency(request.user, code)
    if kind not in LetterKind.values:
        raise Http404("没有这类文书。")
    form = NumberPatternForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"{LetterKind(kind).label}：" + "；".join(form.errors["pattern"]))
    else:
        try:
            actions.set_number_pattern(agency, kind, actor=request.user, pattern=form.cleaned_data["pattern"])
        except ActionError as e:
            messages.error(request, f"{LetterKind(kind).label}：{e}")
        else:
            messages.success(request, f"{LetterKind(kind).label}的文号格式已保存。")
    return redirect("documents:agency", code=agency.code)

