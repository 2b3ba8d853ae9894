"""What goes into an item: sanitised rich text, plain text for search, checked attachments, 文号."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "h2", "h3", "h4", "ul", "ol", "li", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "caption", "a", "span", "sub", "sup", "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan", "scope"}}


def sanitize_html(value: str) -> str:
    """Keep a small set of structural tags; drop scripts, styles, event handlers and unsafe links."""
    value = (value or "").strip()
    if not value:
        return ""
    if "<" not in value:  # plain text typed into the box: keep its paragraphs
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", value) if p.strip()]
        return "".join("<p>" + html.escape(p).replace("\n", "<br>") + "</p>" for p in paragraphs)
    return nh3.clean(value, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")


_BLOCK_END = re.compile(r"</(p|h[1-6]|li|tr|blockquote|table|caption)>|<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]+>")


def html_to_text(value: str) -> str:
    """Plain text of sanitised HTML, one line per block."""
    text = _BLOCK_END.sub("\n", value or "")
    text = html.unescape(_TAG.sub("", text))
    lines = [re.sub(r"[ \t\u3000]+", " ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


_YEAR_BRACKETS = re.compile(r"[\[［(（〔]\s*((?:19|20)\d{2})\s*[\]］)）〕]")


def normalise_doc_number(value: str) -> str:
    """文号 with the year in 〔〕 (GB/T 9704): “互自然资[2024]12号” → “互自然资〔2024〕12号”."""
    value = re.sub(r"\s+", "", value or "")
    return _YEAR_BRACKETS.sub(r"〔\1〕", value)


# ---- attachments -------------------------------------------------------------------------------

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MIME_LABELS = {
    "application/pdf": "PDF",
    DOCX: "Word 文档",
    XLSX: "Excel 表格",
    "image/jpeg": "JPEG 图片",
    "image/png": "PNG 图片",
    "image/gif": "GIF 图片",
    "image/webp": "WebP 图片",
}
EXTENSIONS = {
    "application/pdf": {"pdf"},
    DOCX: {"docx"},
    XLSX: {"xlsx"},
    "image/jpeg": {"jpg", "jpeg"},
    "image/png": {"png"},
    "image/gif": {"gif"},
    "image/webp": {"webp"},
}


class AttachmentRejected(ValueError):
    pass


@dataclass(frozen=True)
class CheckedFile:
    name: str
    mime: str
    size: int


def _ooxml_kind(head: bytes, data_reader) -> str | None:
    """Tell DOCX from XLSX by the parts inside the zip (libmagic versions differ in what they report)."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data_reader())) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("word/") for n in names):
        return DOCX
    if any(n.startswith("xl/") for n in names):
        return XLSX
    return None


def check_attachment(upload) -> CheckedFile:
    """The file's real type by its content (python-magic), its size, and a name that matches the type."""
    import magic

    from gongkai.portal import uploads

    name = (getattr(upload, "name", "") or "附件").rsplit("/", 1)[-1].rsplit("\\", 1)[-1].strip()[:200] or "附件"
    size = upload.size
    if size == 0:
        raise AttachmentRejected(f"“{name}”是空文件。")
    if size > MAX_ATTACHMENT_BYTES:
        raise AttachmentRejected(
            f"“{name}”有 {size / 1024 / 1024:.1f} MB，超过附件大小上限 {MAX_ATTACHMENT_BYTES // 1024 // 1024} MB。")
    try:
        uploads.check_upload(upload)  # programs, PDFs with scripts, zip bombs
    except uploads.UnsafeUpload as e:
        raise AttachmentRejected(str(e)) from None
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    mime = magic.from_buffer(head, mime=True)
    if mime in ("application/zip", "application/octet-stream", DOCX, XLSX) and head[:2] == b"PK":
        def read_all():
            upload.seek(0)
            data = upload.read()
            upload.seek(0)
            return data
        mime = _ooxml_kind(head, read_all) or mime
    if mime not in MIME_LABELS:
        raise AttachmentRejected(
            f"“{name}”的实际格式（{mime}）不在允许范围内。只能上传 PDF、Word（.docx）、Excel（.xlsx）"
            "和图片（JPEG、PNG、GIF、WebP）。")
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in EXTENSIONS[mime]:
        wanted = "、".join("." + e for e in sorted(EXTENSIONS[mime]))
        raise AttachmentRejected(f"“{name}”的内容是{MIME_LABELS[mime]}，但扩展名不符，请改为 {wanted}。")
    return CheckedFile(name=name, mime=mime, size=size)
