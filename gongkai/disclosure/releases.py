"""部分公开 (条例第三十七条): upload a document, screen it for personal data, confirm the
redactions, store the released copy (text really removed) and a log with each redaction's basis.

The screening and the released PDF come from ``gongkai.documents.redaction`` (the contract in
docs/applications.md). While that module is missing, plain-text files are still handled with
``gongkai.rules.personal_data`` so the workflow can be tried; other formats are refused.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.db import transaction
from django.utils import timezone

from gongkai.rules import personal_data

from .actions import NotPermitted, StepNotAllowed, _event, _require
from .models import Application, EventType, Release

DEFAULT_BASIS = "《中华人民共和国政府信息公开条例》第十五条（个人隐私）"


@dataclass
class _Span:  # same fields as gongkai.documents.redaction.RedactionSpan
    page: int | None
    start: int
    end: int
    text: str
    kind: str
    basis: str


def _redaction():
    try:
        from gongkai.documents import redaction
    except ImportError:
        return None
    return redaction


def _decode_text(data: bytes) -> str:
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise StepNotAllowed("无法识别该文本文件的编码（支持 UTF-8、GB18030）。")


def _propose(data: bytes, filename: str) -> list[dict]:
    red = _redaction()
    if red is not None:
        try:
            spans = red.propose_redactions(data, filename)
        except ValueError as e:
            raise StepNotAllowed(str(e)) from None
        return [asdict(s) for s in spans]
    if not filename.lower().endswith(".txt"):
        raise StepNotAllowed("文档处理模块尚未安装，目前只能处理 .txt 文件。")
    text = _decode_text(data)
    return [asdict(_Span(None, m.start, m.end, m.text, m.kind, DEFAULT_BASIS)) for m in personal_data.find(text)]


@transaction.atomic
def upload(app: Application, *, actor, title: str, upload) -> Release:
    _require(actor, app.agency)
    if not app.is_open:
        raise StepNotAllowed("只有在办的申请才能上传区分处理的文件。")
    data = upload.read()
    proposed = _propose(data, upload.name)
    return Release.objects.create(application=app, filename=upload.name[:200], title=title.strip(), original=data,
                                  proposed=proposed, uploaded_by=actor)


def find_all(text: str, needle: str) -> list[tuple[int, int]]:
    out, start = [], 0
    while needle and (i := text.find(needle, start)) >= 0:
        out.append((i, i + len(needle)))
        start = i + len(needle)
    return out


@transaction.atomic
def confirm(release: Release, *, actor, chosen: list[str], extra_text: str = "",
            extra_basis: str = DEFAULT_BASIS) -> Release:
    """Keep the proposed spans whose index is in ``chosen`` and add every occurrence of each line
    of ``extra_text``; produce the released copy and the log."""
    app = release.application
    _require(actor, app.agency)
    if not app.is_open:
        raise StepNotAllowed("申请已办结，不能再修改公开文本。")
    keep = {int(i) for i in chosen if str(i).isdigit()}
    spans = [_Span(**s) for i, s in enumerate(release.proposed) if i in keep]
    red = _redaction()
    extras = [line.strip() for line in (extra_text or "").splitlines() if line.strip()]
    original = bytes(release.original)
    if red is not None:
        if extras:
            for page, text in _page_texts(red, original, release.filename):
                for needle in extras:
                    for s, e in find_all(text, needle):
                        spans.append(_Span(page, s, e, needle, "manual", extra_basis))
        if not spans:
            raise StepNotAllowed("没有选择任何需要遮盖的内容。")
        result = red.redact_document(original, release.filename,
                                     [red.RedactionSpan(**asdict(s)) for s in spans])
        release.released_pdf, release.released_text, log = result.pdf, result.text, result.log
    else:
        text = _decode_text(original)
        for needle in extras:
            spans += [_Span(None, s, e, needle, "manual", extra_basis) for s, e in find_all(text, needle)]
        if not spans:
            raise StepNotAllowed("没有选择任何需要遮盖的内容。")
        matches = [personal_data.Match(s.kind if s.kind in personal_data.KINDS else "email", s.start, s.end, s.text)
                   for s in spans]
        release.released_text = personal_data.redact(text, matches)
        release.released_pdf = None
        log = [{"page": s.page, "start": s.start, "end": s.end, "kind": s.kind, "basis": s.basis} for s in spans]
    release.log = [{k: v for k, v in entry.items() if k != "text"} for entry in log]
    release.state = Release.State.RELEASED
    release.released_at = timezone.now()
    release.save()
    _event(app, EventType.RELEASE_PREPARED, timezone.localdate(), actor, release=release.pk, title=release.title,
           redactions=len(release.log))
    return release


def _page_texts(red, data: bytes, filename: str):
    """(page, text) pairs the offsets of the documents app refer to."""
    extract = getattr(red, "extract_pages", None)
    if extract is None:
        return []
    return extract(data, filename)


__all__ = ["upload", "confirm", "NotPermitted"]
