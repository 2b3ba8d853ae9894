"""State changes of the documents app: an agency's letter templates and 文号 patterns.

Each action takes ``actor=`` and checks it (only the agency's head or an admin may change them:
``permissions.can_edit_letters``, else ``NotPermitted``), refuses bad input with ``InvalidInput``
(Chinese), runs in a transaction and writes a ``DocumentsEvent`` with the values before and after,
so every wording a letter ever went out with can be traced.
"""

from __future__ import annotations

from django.db import transaction

from gongkai.accounts.errors import InvalidInput
from gongkai.accounts.permissions import require

from .permissions import can_edit_letters
from .kinds import LetterKind, Remedy, check_slot, fixed_remedy
from .letters import resolve_template
from .models import DocumentsEvent, LetterTemplate, NumberPattern
from .patterns import check_pattern, default_pattern, format_number
from .placeholders import check_template_text


def _check(actor, agency, kind: str, variant: str | None = None) -> None:
    """The actor may edit the agency's letters, and the kind (and variant, if given) exists."""
    require(actor is not None and can_edit_letters(actor, agency), "只有本机关负责人或管理员可以修改文书模板和文号格式。")
    if kind not in LetterKind.values:
        raise InvalidInput({"kind": f"未知的文书种类：{kind}"})
    if variant is not None:
        try:
            check_slot(kind, variant)
        except ValueError as e:
            raise InvalidInput({"variant": str(e)}) from None


def _snapshot(template) -> dict:
    return {"title": template.title, "body": template.body, "closing": template.closing,
            "remedy": str(template.remedy), "source": getattr(template, "source", "agency")}


def save_letter_template(agency, kind: str, variant: str, *, actor, title: str, body: str, closing: str = "",
                         remedy: str = Remedy.STANDARD) -> LetterTemplate:
    """Store the agency's own wording for (kind, variant)."""
    _check(actor, agency, kind, variant)
    title, body, closing = (title or "").strip(), (body or "").strip(), (closing or "").strip()
    problems = []
    if not title:
        problems.append("标题不能为空。")
    if not body:
        problems.append("正文不能为空。")
    problems += check_template_text(title) + check_template_text(body) + check_template_text(closing)
    fixed = fixed_remedy(kind, variant)
    if remedy not in Remedy.values:
        problems.append("请选择救济条款。")
    elif fixed is not None and remedy != fixed:
        problems.append(f"此类文书的救济条款由法律确定，应为“{fixed.label}”。")
    if problems:
        raise InvalidInput({"template": "\n".join(problems)})
    with transaction.atomic():
        before = _snapshot(resolve_template(agency, kind, variant))
        template, _ = LetterTemplate.objects.select_for_update().update_or_create(
            agency=agency, kind=kind, variant=variant,
            defaults={"title": title, "body": body, "closing": closing, "remedy": remedy, "updated_by": actor})
        DocumentsEvent.objects.create(agency=agency, actor=actor, action=DocumentsEvent.Action.TEMPLATE_SAVED,
                                      kind=kind, variant=variant, before=before, after=_snapshot(template))
    return template


def reset_letter_template(agency, kind: str, variant: str, *, actor) -> bool:
    """Drop the agency's own wording so the platform default applies again. False if there was none."""
    _check(actor, agency, kind, variant)
    with transaction.atomic():
        template = LetterTemplate.objects.select_for_update().filter(agency=agency, kind=kind, variant=variant).first()
        if template is None:
            return False
        before = _snapshot(template)
        template.delete()
        DocumentsEvent.objects.create(agency=agency, actor=actor, action=DocumentsEvent.Action.TEMPLATE_RESET,
                                      kind=kind, variant=variant, before=before,
                                      after=_snapshot(resolve_template(agency, kind, variant)))
    return True


def set_number_pattern(agency, kind: str, *, actor, pattern: str) -> NumberPattern | None:
    """Set how the agency numbers ``kind``; an empty pattern or the default one removes the override.

    Two kinds of one agency may not share a pattern: each kind has its own counter, so they would
    issue the same 文号 twice.
    """
    _check(actor, agency, kind)
    pattern = (pattern or "").strip() or default_pattern(kind)
    problems = check_pattern(pattern)
    if problems:
        raise InvalidInput({"pattern": "\n".join(problems)})
    with transaction.atomic():
        others = {k: default_pattern(k) for k in LetterKind.values if k != kind}
        others.update({row.kind: row.pattern for row in
                       NumberPattern.objects.select_for_update().filter(agency=agency).exclude(kind=kind)})
        sample = format_number(pattern, agency, 2025, 1)
        for other_kind, other in others.items():
            if format_number(other, agency, 2025, 1) == sample:
                raise InvalidInput({"pattern": f"该格式与“{LetterKind(other_kind).label}”的文号格式相同，"
                                               "两类文书会出现重复文号。请为每类文书使用不同的类别代字。"})
        row = NumberPattern.objects.filter(agency=agency, kind=kind).first()
        before = {"pattern": row.pattern if row else default_pattern(kind)}
        if before["pattern"] == pattern:
            return row
        if pattern == default_pattern(kind):
            if row:
                row.delete()
            row = None
        else:
            row, _ = NumberPattern.objects.update_or_create(agency=agency, kind=kind, defaults={"pattern": pattern})
        DocumentsEvent.objects.create(agency=agency, actor=actor, action=DocumentsEvent.Action.PATTERN_SAVED,
                                      kind=kind, before=before, after={"pattern": pattern})
    return row
