"""The files a reply provides. 部分公开 (条例第三十七条): upload a document, screen it for personal
data, confirm the redactions, store the released copy (text really removed) and a log with each
redaction's basis. 无需遮盖 (予以公开, or a file of a 部分公开 that needs no masking): provide it as
it is (:func:`provide_as_is`) — a written reason is required when the screen finds personal data
in it or cannot read it (a scanned PDF).

Both are actions like those of ``actions``: the application row is locked, the actor and the
status are checked (``ALLOWED_IN``), and confirming writes an event. The screening and the
released PDF come from ``gongkai.documents.redaction``.
"""

from __future__ import annotations

from dataclasses import asdict

from django.db import transaction
from django.utils import timezone

from gongkai.documents import redaction

from .actions import InvalidInput, _event, _lock, _require, _require_status
from .models import Application, EventType, Release

DEFAULT_BASIS = redaction.DEFAULT_BASIS
KIND_LABELS = redaction.KIND_LABELS


@transaction.atomic
def upload(app: Application, *, actor, title: str, upload) -> Release:
    app = _lock(app)
    _require(actor, app)
    _require_status(app, "upload_release", what="上传区分处理的文件")
    data = upload.read()
    has_text = True
    try:
        proposed = [asdict(s) for s in redaction.propose_redactions(data, upload.name)]
    except redaction.NoText as e:
        if not upload.name.lower().endswith(".pdf"):
            raise InvalidInput({"file": str(e)}) from None
        proposed, has_text = [], False  # a scanned PDF: it can only be provided as it is
    except ValueError as e:
        raise InvalidInput({"file": str(e)}) from None
    return Release.objects.create(application=app, filename=upload.name[:200], title=title.strip(), original=data,
                                  proposed=proposed, has_text=has_text, uploaded_by=actor)


def screen_result(release: Release) -> str:
    """Why providing ``release`` as it is needs a reason (empty: it does not)."""
    if not release.has_text:
        return "该 PDF 没有可提取的文字（可能是扫描件），系统无法筛查其中的个人信息。"
    if release.proposed:
        kinds = "、".join(sorted({KIND_LABELS.get(s.get("kind"), s.get("kind", "")) for s in release.proposed}))
        return f"系统在文件中发现{len(release.proposed)}处个人信息（{kinds}）。"
    return ""


@transaction.atomic
def provide_as_is(release: Release, *, actor, reason: str = "") -> Release:
    """无需遮盖，按原件提供: a PDF is provided unchanged, a .txt/.docx as a PDF of its text (no
    marks). When the personal-data screen found something in it, or could not read it, ``reason``
    must say why it is provided anyway (e.g. it is the applicant's own information, or the person
    concerned agreed — 条例第十五条). The event records ``unredacted`` and the reason."""
    app = _lock(release.application)
    _require(actor, app)
    _require_status(app, "confirm_release", what="提供文件")
    release = Release.objects.select_for_update().get(pk=release.pk)
    reason = (reason or "").strip()
    concern = screen_result(release)
    if concern and not reason:
        raise InvalidInput({"reason": concern + "按原件提供须写明理由（如属于申请人本人的信息、已取得权利人同意，"
                                                "或经人工核对不含个人信息）；否则请确认遮盖，制作公开文本。"})
    try:
        result = redaction.as_pdf(bytes(release.original), release.filename)
    except ValueError as e:
        raise InvalidInput({"file": str(e)}) from None
    release.released_pdf, release.released_text, release.log = result.pdf, result.text, []
    release.unredacted, release.unredacted_reason = True, reason
    release.state = Release.State.RELEASED
    release.released_at = timezone.now()
    release.save()
    found = {"personal_data": len(release.proposed)} if release.proposed else {}
    if not release.has_text:
        found["unscreened"] = True
    _event(app, EventType.RELEASE_PREPARED, timezone.localdate(), actor, release=release.pk, title=release.title,
           redactions=0, unredacted=True, reason=reason, **found)
    return release


@transaction.atomic
def confirm(release: Release, *, actor, chosen: list[str], extra_text: str = "",
            extra_basis: str = DEFAULT_BASIS) -> Release:
    """Keep the proposed spans whose index is in ``chosen`` and add every occurrence of each line
    of ``extra_text``; produce the released copy and the log."""
    app = _lock(release.application)
    _require(actor, app)
    _require_status(app, "confirm_release", what="修改公开文本")
    keep = {int(i) for i in chosen if str(i).isdigit()}
    spans = [redaction.span_from_dict(s) for i, s in enumerate(release.proposed) if i in keep]
    original = bytes(release.original)
    try:
        for line in (extra_text or "").splitlines():
            if line.strip():
                spans += redaction.spans_for_text(original, release.filename, line, basis=extra_basis)
        if not spans:
            raise ValueError("没有选择任何需要遮盖的内容。")
        result = redaction.redact_document(original, release.filename, spans)
    except ValueError as e:
        raise InvalidInput({"span": str(e)}) from None
    release.released_pdf, release.released_text = result.pdf, result.text
    release.log = [{k: v for k, v in entry.items() if k != "text"} for entry in result.log]
    release.unredacted, release.unredacted_reason = False, ""
    release.state = Release.State.RELEASED
    release.released_at = timezone.now()
    release.save()
    _event(app, EventType.RELEASE_PREPARED, timezone.localdate(), actor, release=release.pk, title=release.title,
           redactions=len(release.log))
    return release
