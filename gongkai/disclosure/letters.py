"""Issuing letters for the workflow through the documents app (the contract in docs/applications.md).

``gongkai.documents.letters.compose`` renders the agency's template, allocates the 文号 and returns
DOCX and PDF; this module builds its context from an application and stores the :class:`Letter`.
Called by the actions inside their transaction, so a failed step leaves no letter behind.

Until the documents app provides ``compose`` (it is being built in parallel), a plain-text stand-in
keeps the workflow usable: the letter is stored with its text only and a provisional number.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager
from datetime import date

from .models import Application, ApplicationEvent, Letter


class LetterKind:
    """The contract's kinds (mirrors ``gongkai.documents.letters.LetterKind``)."""

    ACKNOWLEDGEMENT = "acknowledgement"
    CORRECTION = "correction"
    EXTENSION = "extension"
    CONSULTATION = "consultation"
    CONSULTATION_NOTICE = "consultation_notice"
    FEE_NOTICE = "fee_notice"
    DELAYED_REPLY = "delayed_reply"
    DECISION = "decision"


TITLES = {
    LetterKind.ACKNOWLEDGEMENT: "政府信息公开申请接收回执",
    LetterKind.CORRECTION: "政府信息公开申请补正告知书",
    LetterKind.EXTENSION: "政府信息公开申请延期答复告知书",
    LetterKind.CONSULTATION: "征求第三方意见书",
    LetterKind.CONSULTATION_NOTICE: "征求意见告知书",
    LetterKind.FEE_NOTICE: "政府信息公开申请收费通知书",
    LetterKind.DELAYED_REPLY: "延迟答复告知书",
    LetterKind.DECISION: "政府信息公开申请答复书",
}

#: letters that do not go to the applicant
NOT_TO_APPLICANT = {LetterKind.CONSULTATION}


_plain_text = contextvars.ContextVar("disclosure_plain_text_letters", default=False)


@contextmanager
def plain_text():
    """Store letters as text only (no DOCX/PDF rendering) — for bulk demo data and benchmarks."""
    token = _plain_text.set(True)
    try:
        yield
    finally:
        _plain_text.reset(token)


def _fallback_number(application: Application, kind: str, on: date) -> str:
    try:
        from gongkai.documents.numbering import allocate_number
    except ImportError:
        seq = Letter.objects.filter(application__agency=application.agency, kind=kind,
                                    issued_on__year=on.year).count() + 1
        return f"（待编号）{on.year}-{kind}-{seq}"
    return allocate_number(application.agency, kind, on.year)


def _compose():
    if _plain_text.get():
        return None
    try:
        from gongkai.documents.letters import compose
    except ImportError:  # the documents app has not landed yet
        return None
    return compose


def base_context(application: Application) -> dict:
    return {
        "applicant": {"name": application.name},
        "application": {
            "number": application.number,
            "received_on": application.received_on or application.submitted_on,
            "content": application.request_summary,
            "channel_label": application.get_channel_display(),
            "form_label": application.get_form_display(),
        },
    }


def _fallback_text(application: Application, kind: str, context: dict, on: date) -> str:
    """A readable plain-text letter while the documents app is missing (no template, no PDF)."""
    a = context["application"]
    lines = [TITLES[kind], "", f"{context['applicant']['name']}：", "",
             f"本机关于{a['received_on']:%Y年%m月%d日}收到您提出的政府信息公开申请（申请编号{a['number']}）。"]
    for key, value in context.items():
        if key in ("applicant", "application"):
            continue
        lines.append(f"{key}：{value}")
    lines += ["", "特此告知。", "", application.agency.name, f"{on:%Y年%m月%d日}"]
    return "\n".join(lines)


def issue(application: Application, kind: str, extra: dict, on: date,
          event: ApplicationEvent | None = None) -> Letter:
    context = base_context(application) | extra
    compose = _compose()
    if compose is not None:
        composed = compose(agency=application.agency, kind=kind, context=context, on=on)
        return Letter.objects.create(
            application=application, event=event, kind=kind, number=composed.number, title=composed.title,
            issued_on=on, to_applicant=kind not in NOT_TO_APPLICANT, text=composed.text,
            docx=composed.docx, pdf=composed.pdf)
    return Letter.objects.create(
        application=application, event=event, kind=kind, number=_fallback_number(application, kind, on),
        title=TITLES[kind], issued_on=on, to_applicant=kind not in NOT_TO_APPLICANT,
        text=_fallback_text(application, kind, context, on))
