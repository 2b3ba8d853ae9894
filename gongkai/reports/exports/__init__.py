"""Exports of an annual report (国办公开办函〔2021〕30号 format): HTML with SVG charts, DOCX in
the format's layout, PDF, XLSX and JSON. Pure rendering: the caller builds a
:class:`ReportDocument`; nothing here touches the database.

    from gongkai.reports.exports import ReportDocument, render, CONTENT_TYPES, filename
    data = render(doc, "pdf")
    response = HttpResponse(data, content_type=CONTENT_TYPES["pdf"])
"""

from __future__ import annotations

from .document import ReportDocument

FORMATS = ("html", "docx", "pdf", "xlsx", "json")
#: bumped whenever what a format prints changes (2: the DOCX has the charts and keeps table rows
#: together), so that the files of published versions cached by an earlier release are made again
RENDERING = 2
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
EXTENSIONS = {"html": ".html", "docx": ".docx", "pdf": ".pdf", "xlsx": ".xlsx", "json": ".json"}
FORMAT_LABELS = {"html": "网页（HTML）", "docx": "Word 文档（DOCX）", "pdf": "PDF 文档",
                 "xlsx": "Excel 表格（XLSX）", "json": "数据（JSON）"}


class UnknownFormat(ValueError):
    """The export format is not one of :data:`FORMATS`. The message is Chinese."""


def _check_format(fmt: str) -> str:
    fmt = (fmt or "").lower().lstrip(".")
    if fmt not in FORMATS:
        raise UnknownFormat(f"不支持的导出格式“{fmt}”，可选：{'、'.join(FORMATS)}。")
    return fmt


def render(doc: ReportDocument, fmt: str, *, for_preview: bool = False) -> bytes:
    """The report in one format, as bytes (HTML and JSON in UTF-8).

    ``for_preview`` adds the findings list at the top of the HTML (other formats ignore it)."""
    fmt = _check_format(fmt)
    if fmt == "html":
        from .html import render_html_page

        return render_html_page(doc, for_preview=for_preview).encode("utf-8")
    if fmt == "docx":
        from .docx_export import render_docx

        return render_docx(doc)
    if fmt == "pdf":
        from .pdf import render_pdf

        return render_pdf(doc)
    if fmt == "xlsx":
        from .xlsx import render_xlsx

        return render_xlsx(doc)
    from .json_export import render_json

    return render_json(doc)


def render_html_fragment(doc: ReportDocument, *, for_preview: bool = False, heading_level: int = 1) -> str:
    """The ``<article>`` alone, for embedding in the portal's report page."""
    from .html import render_html_fragment as fragment

    return fragment(doc, for_preview=for_preview, heading_level=heading_level)


def filename(doc: ReportDocument, fmt: str) -> str:
    """“互助县自然资源局2024年政府信息公开工作年度报告.pdf” (drafts say so in the name)."""
    fmt = _check_format(fmt)
    name = doc.title + ("（草稿）" if doc.is_draft else "")
    for bad in '/\\:*?"<>|':
        name = name.replace(bad, "_")
    return name + EXTENSIONS[fmt]


__all__ = ["FORMATS", "RENDERING", "CONTENT_TYPES", "EXTENSIONS", "FORMAT_LABELS", "ReportDocument", "UnknownFormat",
           "render", "render_html_fragment", "filename"]
