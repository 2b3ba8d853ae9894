"""Issuing letters for the workflow through the documents app (the contract in docs/applications.md).

``gongkai.documents.letters.compose`` renders the agency's template, allocates the 文号 and returns
DOCX and PDF; this module builds its context from an application and stores the :class:`Letter`.
Called by the actions inside their transaction, so a failed step leaves no letter behind.
"""

from __future__ import annotations

from datetime import date

from gongkai.documents.kinds import LetterKind
from gongkai.documents.letters import compose
from gongkai.portal.dates import prose
from gongkai.rules.clock import CHANNEL_PROSE

from .models import Application, ApplicationEvent, Letter

#: letters that do not go to the applicant
NOT_TO_APPLICANT = {LetterKind.CONSULTATION}


def base_context(application: Application) -> dict:
    """What every letter of ``application`` may print: the applicant (type decides “您”/“贵单位”),
    the request, the form and route the applicant chose (the delivery sentence) and the officer
    (联系人)."""
    officer = application.officer
    content = application.request_summary
    corrected = (application.corrections.filter(received_on__isnull=False).order_by("-received_on", "-pk").first()
                 if application.pk else None)
    if corrected is not None:  # the request as the applicant corrected it is the one being answered
        content = f"{corrected.content}（{prose(corrected.received_on)}补正后的申请内容）"
    return {
        "applicant": {"name": application.name, "type": application.applicant_type},
        "application": {
            "number": application.number,
            "received_on": application.received_on or application.submitted_on,
            "content": content,
            "channel_label": CHANNEL_PROSE.get(application.channel, application.get_channel_display()),
            "form": application.form,
            "form_label": application.get_form_display(),
            "delivery": application.delivery,
            "email": application.email,
            "address": application.address,
            "officer_name": (officer.display_name or "") if officer is not None else "",
        },
    }


def issue(application: Application, kind: str, extra: dict, on: date,
          event: ApplicationEvent | None = None, *, paper=None) -> Letter:
    """A letter dated ``on`` (its 落款日期: the day it is issued, or the day the paper letter
    ``paper`` — ``actions.PaperLetter`` — went out, whose scan it keeps)."""
    composed = compose(agency=application.agency, kind=kind, context=base_context(application) | extra, on=on)
    return Letter.objects.create(
        application=application, event=event, kind=kind, number=composed.number, title=composed.title,
        issued_on=on, to_applicant=kind not in NOT_TO_APPLICANT, text=composed.text,
        docx=composed.docx, pdf=composed.pdf,
        **({"paper_scan": paper.scan, "paper_scan_name": paper.scan_name, "paper_reason": paper.reason}
           if paper is not None else {}))
