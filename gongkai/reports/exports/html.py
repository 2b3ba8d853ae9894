"""The report as HTML: a standalone HTML5 page (also the PDF's source) and the ``<article>``
fragment the portal embeds. Templates: ``reports/export/{page,article,grid,cell}.html``."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from django.template import Context, Engine
from django.utils.safestring import SafeString, mark_safe

from gongkai.rules import annual_format as af

from . import charts as charts_mod
from . import layout
from .document import ReportDocument, narrative_blocks

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
SECTION_LABELS = {s.key: s.heading for s in af.SECTIONS}
TABLE_NAMES = {"proactive": "表二", "applications": "表三", "appeals": "表四"}
PLACEHOLDER = "（本部分尚未填写。）"


@functools.cache
def engine() -> Engine:
    """A template engine of our own: the exports do not depend on the site's context
    processors or template settings, and render the same in a worker as in a view."""
    return Engine(dirs=[str(TEMPLATES)], app_dirs=False, autoescape=True, debug=False,
                  string_if_invalid="")


def id_prefix(doc: ReportDocument) -> str:
    code = re.sub(r"[^A-Za-z0-9_-]", "", doc.agency_code or "")
    return f"ar{doc.year}{('-' + code) if code else ''}"


def _css_string(text: str) -> SafeString:
    """Text for a CSS string literal inside <style>: no way out of the string or the element."""
    out = []
    for ch in text:
        if ch in "\\\"'<>&" or ord(ch) < 0x20:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return mark_safe("".join(out))


def _where(location: dict | None) -> str:
    """A finding's location in words: “表三‘予以公开’行‘自然人’列”, “第二部分”."""
    if not location:
        return ""
    parts = []
    table = location.get("table")
    if table in TABLE_NAMES:
        parts.append(TABLE_NAMES[table])
        row, column = location.get("row"), location.get("column")
        try:
            if row:
                parts.append(f"“{layout.official_label(af.row_label(table, row))}”行")
            if column:
                parts.append(f"“{af.column_label(table, column)}”列")
        except KeyError:
            pass
    elif location.get("section") in SECTION_LABELS:
        parts.append(SECTION_LABELS[location["section"]])
    return "".join(parts)


def _findings(doc: ReportDocument) -> list[dict]:
    out = []
    for f in doc.findings or []:
        severity = str(f.get("severity") or "info")
        out.append({"severity": severity if severity in SEVERITY_LABELS else "info",
                    "severity_label": SEVERITY_LABELS.get(severity, "提示"),
                    "message": str(f.get("message") or f.get("code") or ""),
                    "where": _where(f.get("location"))})
    out.sort(key=lambda f: SEVERITY_ORDER[f["severity"]])
    return out


class _GridView:
    def __init__(self, grid: layout.Grid, prefix: str):
        self.table = grid.table
        self.caption = grid.caption
        self.caption_id = f"{prefix}-{grid.table}-caption"
        total = sum(grid.widths) or 1
        self.widths = [f"{100 * w / total:.2f}" for w in grid.widths]
        rows = grid.rows()
        self.head = rows[:grid.header_rows]
        self.body = rows[grid.header_rows:]


def context(doc: ReportDocument, *, for_preview: bool = False, medium: str = "screen",
            heading_level: int = 1) -> dict:
    p = id_prefix(doc)
    grids = layout.grids(doc, p)
    chart_list = charts_mod.charts(doc, p)
    for c in chart_list:
        c.svg = mark_safe(c.svg)
    sections = []
    for s in af.SECTIONS:
        blocks = narrative_blocks(doc.section_text(s.key))
        sections.append({
            "key": s.key,
            "heading": s.heading,
            "blocks": blocks,
            "placeholder": PLACEHOLDER if doc.is_draft and s.key in ("overview", "problems", "other") else "",
            "grid": _GridView(grids[s.key], p) if s.key in grids else None,
            "note": doc.counting_note.strip() if s.key == "appeals" and doc.counting_note else "",
            "charts": chart_list if s.key == "applications" else [],
        })
    findings = _findings(doc) if for_preview else []
    counts = "、".join(f"{SEVERITY_LABELS[k]}{n}个" for k in SEVERITY_LABELS
                       if (n := sum(1 for f in findings if f["severity"] == k)))
    h1 = max(1, min(4, heading_level))
    return {
        "p": p, "h1": h1, "h2": h1 + 1, "h3": h1 + 2,
        "title": doc.title, "agency": doc.agency_name,
        "draft_note": doc.draft_note, "draft_css": _css_string(doc.draft_note),
        "version_note": doc.version_note,
        "preamble": doc.preamble,
        "published_text": doc.published_text,
        "published_iso": doc.published_on.isoformat() if doc.published_on else "",
        "show_findings": for_preview and medium == "screen",
        "findings": findings,
        "finding_counts": counts,
        "sections": sections,
        "with_data_tables": medium == "screen",
        "print": medium == "print",
    }


def render_html_fragment(doc: ReportDocument, *, for_preview: bool = False, heading_level: int = 1) -> str:
    """The report as one ``<article>`` for embedding in a portal page (styles: :func:`stylesheet`).

    ``heading_level`` is the level of the title (1 → ``<h1>``, sections ``<h2>``)."""
    ctx = context(doc, for_preview=for_preview, heading_level=heading_level)
    return engine().get_template("reports/export/article.html").render(Context(ctx))


def render_html_page(doc: ReportDocument, *, for_preview: bool = False, medium: str = "screen") -> str:
    """A complete HTML5 document with its styles inline; ``medium="print"`` is the PDF's source."""
    ctx = context(doc, for_preview=for_preview, medium=medium)
    eng = engine()
    ctx["article"] = mark_safe(eng.get_template("reports/export/article.html").render(Context(ctx)))
    return eng.get_template("reports/export/page.html").render(Context(ctx))


def stylesheet() -> str:
    """The screen styles of the report (the fragment's classes all start with ``ar``), for the
    page that embeds :func:`render_html_fragment`."""
    folder = TEMPLATES / "reports" / "export"
    return "".join((folder / name).read_text(encoding="utf-8") for name in ("report.css", "screen.css"))
