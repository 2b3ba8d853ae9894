"""Redaction for 部分公开 (条例第三十七条 区分处理): propose, confirm, release a copy without the text.

The released copy is rebuilt as a new PDF from the document's extracted text with the redacted
spans replaced by marks — never a black box drawn over text that could still be copied out. What is
not text (images, scanned pages, headers and footers of a DOCX) is not carried over at all.

Offsets: a span's ``start``/``end`` index the extracted text of its page (``page`` 1, 2, … for a
PDF) or of the whole document (``page`` None for .txt and .docx), as returned by ``extract_pages``.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import asdict, dataclass

from django.template.loader import render_to_string

from gongkai.rules import personal_data

from . import fonts, rendering

SUPPORTED = (".txt", ".docx", ".pdf")
MAX_PAGES = 500
MAX_BYTES = 50 * 1024 * 1024
DEFAULT_BASIS = "《中华人民共和国政府信息公开条例》第十五条（个人隐私）"
MARK = "■■■■"

KIND_LABELS = dict(personal_data.KINDS) | {"manual": "经办人标注"}


class NoText(ValueError):
    """The file has no extractable text (a scanned PDF, an image): it cannot be screened or redacted."""


@dataclass
class RedactionSpan:
    page: int | None
    start: int
    end: int
    text: str
    kind: str
    basis: str


@dataclass
class RedactedDocument:
    pdf: bytes
    text: str
    log: list[dict]


def _suffix(filename: str) -> str:
    name = (filename or "").lower().strip()
    for suffix in SUPPORTED:
        if name.endswith(suffix):
            return suffix
    shown = (filename or "").rsplit("/", 1)[-1] or "（无文件名）"
    raise ValueError(f"不支持的文件类型：{shown}。仅支持 .txt、.docx 和文本型 .pdf 文件。")


def _decode_text(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise ValueError("该文件不是文本文件，无法读取。")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise ValueError("无法识别该文本文件的编码，请另存为 UTF-8 后再上传。") from None
        text = str(best)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _docx_text(data: bytes) -> str:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ValueError("无法读取该 Word 文档：文件已损坏或不是 .docx 格式（旧版 .doc 请先另存为 .docx）。")
    try:
        document = Document(io.BytesIO(data))
    except Exception:
        raise ValueError("无法读取该 Word 文档：文件已损坏或不是 .docx 格式。") from None
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        if block.tag == qn("w:p"):
            lines.append(Paragraph(block, document).text)
        elif block.tag == qn("w:tbl"):
            for row in Table(block, document).rows:
                cells, seen = [], set()
                for cell in row.cells:  # a merged cell appears once per grid column it spans
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        cells.append(cell.text.replace("\n", " "))
                lines.append("\t".join(cells))
    return "\n".join(lines)


def _pdf_pages(data: bytes) -> list[str]:
    import pdfplumber

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ValueError("无法读取该 PDF 文件：文件已损坏或不是 PDF 格式。")
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise ValueError(f"该 PDF 超过{MAX_PAGES}页，请拆分后再处理。")
            return [page.extract_text() or "" for page in pdf.pages]
    except ValueError:
        raise
    except Exception:
        raise ValueError("无法读取该 PDF 文件：文件已损坏、加密或格式不受支持。") from None


def extract_pages(data: bytes, filename: str) -> list[tuple[int | None, str]]:
    """The document's text: ``[(page, text), …]`` — pages 1, 2, … for a PDF, one ``(None, text)`` otherwise."""
    suffix = _suffix(filename)
    if not data:
        raise ValueError("文件是空的。")
    if len(data) > MAX_BYTES:
        raise ValueError(f"文件超过{MAX_BYTES // 1024 // 1024}MB，请拆分后再处理。")
    if suffix == ".pdf":
        pages = [(i, text) for i, text in enumerate(_pdf_pages(data), 1)]
    elif suffix == ".docx":
        pages = [(None, _docx_text(data))]
    else:
        pages = [(None, _decode_text(data))]
    if not any(text.strip() for _, text in pages):
        raise NoText("该文件没有可提取的文字（可能是扫描件或图片），无法作区分处理。请先提供文字版本。")
    return pages


def propose_redactions(data: bytes, filename: str) -> list[RedactionSpan]:
    """Personal data found in the document (gongkai.rules.personal_data), as proposed redactions."""
    return [RedactionSpan(page, m.start, m.end, m.text, m.kind, DEFAULT_BASIS)
            for page, text in extract_pages(data, filename)
            for m in personal_data.find(text)]


def spans_for_text(data: bytes, filename: str, needle: str, *, basis: str, kind: str = "manual"
                   ) -> list[RedactionSpan]:
    """Every occurrence of ``needle`` (e.g. a name the officer types in) as redactions.

    Lets a form without JavaScript add redactions by text instead of offsets, and makes sure a
    name is removed everywhere it appears, not only where it was first noticed.
    """
    needle = (needle or "").strip()
    if not needle:
        raise ValueError("请填写要删除的文字。")
    if not (basis or "").strip():
        raise ValueError("请写明删除的依据。")
    spans = []
    for page, text in extract_pages(data, filename):
        start = text.find(needle)
        while start != -1:
            spans.append(RedactionSpan(page, start, start + len(needle), needle, kind, basis.strip()))
            start = text.find(needle, start + len(needle))
    if not spans:
        raise ValueError(f"文件中没有找到“{needle}”。请按文件中的原样填写（注意空格和全角、半角）。")
    return spans


def span_to_dict(span: RedactionSpan) -> dict:
    """A JSON-safe form of a span (e.g. for a hidden form field or the case file)."""
    return asdict(span)


def span_from_dict(value: dict) -> RedactionSpan:
    try:
        page = value.get("page")
        return RedactionSpan(page=None if page in (None, "") else int(page), start=int(value["start"]),
                             end=int(value["end"]), text=str(value["text"]), kind=str(value.get("kind") or "manual"),
                             basis=str(value.get("basis") or ""))
    except (KeyError, TypeError, ValueError, AttributeError):
        raise ValueError("遮盖记录格式有误。") from None


def mask(text: str, kind: str) -> str:
    """A form of the removed text that identifies it for the case file without repeating it."""
    text = unicodedata.normalize("NFKC", text or "")  # full-width digits and ＠, as the screen reads them
    digits = re.sub(r"\D", "", text)
    if kind == "id_card":
        return personal_data.mask_id_number(text)
    if kind == "mobile":
        return personal_data.mask_phone(digits[-11:])
    if kind == "bank_card" and len(digits) > 8:
        return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]
    if kind == "email" and "@" in text:
        local, domain = text.split("@", 1)
        return local[:1] + "***@" + domain
    if len(text) <= 1:
        return "*"
    if len(text) <= 3:
        return text[0] + "*" * (len(text) - 1)
    return text[0] + "*" * (len(text) - 2) + text[-1]


def _merge(spans: list[RedactionSpan]) -> list[RedactionSpan]:
    """Overlapping spans of one page become one redaction with both kinds and bases."""
    merged: list[RedactionSpan] = []
    for span in sorted(spans, key=lambda s: (s.page or 0, s.start, s.end)):
        last = merged[-1] if merged else None
        if last is not None and last.page == span.page and span.start < last.end:
            kinds = last.kind.split("+")
            bases = last.basis.split("；")
            merged[-1] = RedactionSpan(
                last.page, last.start, max(last.end, span.end), "", "+".join(kinds + [span.kind] * (span.kind not in kinds)),
                "；".join(bases + [span.basis] * (span.basis not in bases)))
        else:
            merged.append(RedactionSpan(span.page, span.start, span.end, span.text, span.kind, span.basis))
    return merged


def _check(spans: list[RedactionSpan], pages: dict) -> None:
    for span in spans:
        where = f"第{span.page}页" if span.page else "正文"
        page = span.page
        if page not in pages and None in pages and page in (None, 1):  # .txt/.docx: one text
            page = None
        if page not in pages:
            raise ValueError(f"遮盖位置有误：文件没有{where}。")
        text = pages[page]
        if not (0 <= span.start < span.end <= len(text)):
            raise ValueError(f"遮盖位置有误：{where}第{span.start + 1}—{span.end}字超出了文字范围。")
        if text[span.start:span.end] != span.text:
            raise ValueError(f"{where}第{span.start + 1}—{span.end}字与要遮盖的内容不一致，请重新识别后再确认。")
        if not (span.basis or "").strip():
            raise ValueError(f"{where}第{span.start + 1}—{span.end}字的遮盖没有写明依据。")
        span.page = page


def as_pdf(data: bytes, filename: str) -> RedactedDocument:
    """The file provided as it is (无需遮盖): a PDF unchanged; a .txt or .docx rebuilt as a PDF from
    its text, as the redacted copy is, but without marks or a 区分处理说明. Raises ValueError (in
    Chinese) for an unsupported file, or a .txt/.docx without text (:class:`NoText`)."""
    if _suffix(filename) == ".pdf":
        try:
            text = "\n\n".join(t for _, t in extract_pages(data, filename))
        except NoText:
            text = ""  # a scanned PDF: provided as it is, with no text to index
        return RedactedDocument(pdf=data, text=text, log=[])
    pages = extract_pages(data, filename)
    html = render_to_string("documents/redacted_pdf.html", {
        "pages": [{"page": page, "segments": [{"text": text}]} for page, text in pages], "log": [],
        "unredacted": True, "body_fonts": fonts.PDF_BODY_FONTS, "title_fonts": fonts.PDF_TITLE_FONTS,
    })
    return RedactedDocument(pdf=rendering.html_to_pdf(html), text="\n\n".join(t for _, t in pages), log=[])


def redact_document(data: bytes, filename: str, spans: list[RedactionSpan]) -> RedactedDocument:
    """A released PDF rebuilt from the text with each span removed, and one log entry per redaction.

    Raises ValueError (in Chinese) for an unsupported or unreadable file, or a span that does not
    match the document's text (e.g. offsets from another version of the file).
    """
    pages = dict(extract_pages(data, filename))
    spans = [RedactionSpan(**asdict(s)) if isinstance(s, RedactionSpan) else RedactionSpan(**s) for s in spans]
    _check(spans, pages)
    redactions = _merge(spans)

    log: list[dict] = []
    rendered_pages = []
    plain_pages = []
    by_page: dict = {}
    for r in redactions:
        by_page.setdefault(r.page, []).append(r)
    for page, text in pages.items():
        segments, plain, pos = [], [], 0
        for r in by_page.get(page, []):
            removed = text[r.start:r.end]
            index = len(log) + 1
            segments.append({"text": text[pos:r.start]})
            segments.append({"mark": MARK, "index": index})
            plain.append(text[pos:r.start] + f"{MARK}［{index}］")
            kinds = r.kind.split("+")
            log.append({
                "index": index, "page": page, "start": r.start, "end": r.end, "length": r.end - r.start,
                "kind": r.kind, "kind_label": "、".join(KIND_LABELS.get(k, k) for k in kinds),
                "basis": r.basis, "masked": mask(removed, kinds[0] if len(kinds) == 1 else ""),
            })
            pos = r.end
        segments.append({"text": text[pos:]})
        plain.append(text[pos:])
        rendered_pages.append({"page": page, "segments": segments})
        plain_pages.append("".join(plain))

    html = render_to_string("documents/redacted_pdf.html", {
        "pages": rendered_pages, "log": log, "mark": MARK,
        "body_fonts": fonts.PDF_BODY_FONTS, "title_fonts": fonts.PDF_TITLE_FONTS,
    })
    pdf = rendering.html_to_pdf(html)
    return RedactedDocument(pdf=pdf, text="\n\n".join(plain_pages), log=log)
