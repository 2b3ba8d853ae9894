"""部分公开 (条例第三十七条): upload a document, screen it for personal data, confirm the
redactions, store the released copy (text really removed) and a log with each redaction's basis.

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


@transaction.atomic
def upload(app: Application, *, actor, title: str, upload) -> Release:
    app = _lock(app)
    _require(actor, app)
    _require_status(app, "upload_release", what="上传区分处理的文件")
    data = upload.read()
    try:
        proposed = [asdict(s) for s in redaction.propose_redactions(data, upload.name)]
    except ValueError as e:
        raise InvalidInput({"file": str(e)}) from None
    return Release.objects.create(application=app, filename=upload.name[:200], title=title.strip(), original=data,
                                  proposed=proposed, uploaded_by=actor)


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
    release.state = Release.State.RELEASED
    release.released_at = timezone.now()
    release.save()
    _event(app, EventType.RELEASE_PREPARED, timezone.localdate(), actor, release=release.pk, title=release.title,
           redactions=len(release.log))
    return release
