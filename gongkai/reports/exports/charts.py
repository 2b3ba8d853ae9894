"""Charts of the report as inline SVG, drawn here (no JavaScript, no chart library) so the same
markup works in the portal page, the standalone HTML and the PDF.

Every chart carries a ``<title>`` and a ``<desc>`` with all its numbers (``role="img"``,
``aria-labelledby``), and :class:`Chart` keeps the numbers as rows for a data table beside it.
Value labels are printed on the bars, so no number depends on telling colours apart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from html import escape

from gongkai.rules import annual_format as af

from .document import ReportDocument

THIS_YEAR = "#1d4f91"   # 8.6:1 on white
LAST_YEAR = "#6b7785"   # 4.6:1 on white
GRID = "#d0d5db"
INK = "#1f2328"
FONT = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif"

OUTCOME_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("予以公开", ("granted",)),
    ("部分公开", ("partially_granted",)),
    ("不予公开", tuple(k for k in af.OUTCOME_KEYS if k.startswith("denied_"))),
    ("无法提供", tuple(k for k in af.OUTCOME_KEYS if k.startswith("unavailable_"))),
    ("不予处理", tuple(k for k in af.OUTCOME_KEYS if k.startswith("rejected_"))),
    ("其他处理", tuple(k for k in af.OUTCOME_KEYS if k.startswith("other_"))),
)
APPLICANT_LABELS = {"natural_person": "自然人", "commercial_enterprise": "商业企业",
                    "research_institution": "科研机构", "social_welfare_org": "社会公益组织",
                    "legal_service_org": "法律服务机构", "other_org": "其他组织"}


@dataclass
class Chart:
    id: str
    number: int
    title: str                  # the figure caption (also the SVG's <title>)
    desc: str                   # every number, in a sentence (the SVG's <desc>)
    svg: str                    # the markup
    columns: list[str] = field(default_factory=list)   # the data table's header
    rows: list[list[str]] = field(default_factory=list)


def _total(tables: dict | None, keys: tuple[str, ...], column: str = "total") -> int:
    n = 0
    for k in keys:
        v = (((tables or {}).get("applications") or {}).get(k) or {}).get(column)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            n += int(v)
    return n


def nice_max(value: float) -> tuple[int, int]:
    """An axis maximum above ``value`` and its tick step (1, 2 or 5 × 10ⁿ, at most 5 ticks)."""
    if value <= 0:
        return 1, 1
    raw = value / 5
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    for m in (1, 2, 5, 10):
        step = max(1, int(m * power))
        if step * 5 >= value:
            return step * math.ceil(value / step), step
    return int(value) + 1, max(1, int(value) // 5)  # not reached


def _svg_open(cid: str, width: int, height: int, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ar-chart-svg" role="img" '
        f'aria-labelledby="{cid}-t {cid}-d" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" font-family="{FONT}" font-size="12" fill="{INK}">',
        f'<title id="{cid}-t">{escape(title)}</title>',
        f'<desc id="{cid}-d">{escape(desc)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]


def _legend(series: list[tuple[str, str]], x: float, y: float) -> list[str]:
    out = []
    for label, colour in series:
        out.append(f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="12" height="12" fill="{colour}"/>')
        out.append(f'<text x="{x + 17:.1f}" y="{y:.1f}">{escape(label)}</text>')
        x += 30 + 13 * len(label)
    return out


def _series(doc: ReportDocument, this: list[int], last: list[int] | None) -> list[tuple[str, str, list[int]]]:
    out = [(f"{doc.year}年", THIS_YEAR, this)]
    if last is not None:
        out.append((f"{doc.year - 1}年", LAST_YEAR, last))
    return out


def column_chart(cid: str, title: str, desc: str, categories: list[str],
                 series: list[tuple[str, str, list[int]]], unit: str = "件") -> str:
    width, height = 640, 300
    left, right, top, bottom = 44, 10, 44, 34
    pw, ph = width - left - right, height - top - bottom
    peak = max((v for _, _, vals in series for v in vals), default=0)
    vmax, step = nice_max(peak)
    out = _svg_open(cid, width, height, title, desc)
    out += _legend([(s[0], s[1]) for s in series], left, 18)
    out.append(f'<text x="{left - 6}" y="{top - 10}" text-anchor="end" font-size="11">{escape(unit)}</text>')
    for tick in range(0, vmax + 1, step):
        y = top + ph - ph * tick / vmax
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID}" '
                   f'stroke-width="1"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{tick}</text>')
    group = pw / len(categories)
    n = len(series)
    bar = min(24.0, (group - 8) / n)
    for i, cat in enumerate(categories):
        gx = left + group * i + (group - bar * n) / 2
        for s, (_label, colour, vals) in enumerate(series):
            v = vals[i]
            h = ph * v / vmax
            x = gx + s * bar
            y = top + ph - h
            out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar - 1:.1f}" height="{h:.1f}" fill="{colour}"/>')
            out.append(f'<text x="{x + (bar - 1) / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle" '
                       f'font-size="10">{v}</text>')
        out.append(f'<text x="{left + group * i + group / 2:.1f}" y="{top + ph + 18}" '
                   f'text-anchor="middle">{escape(cat)}</text>')
    out.append(f'<line x1="{left}" y1="{top + ph}" x2="{width - right}" y2="{top + ph}" stroke="{INK}" '
               f'stroke-width="1"/>')
    out.append("</svg>")
    return "\n".join(out)


def bar_chart(cid: str, title: str, desc: str, categories: list[str],
              series: list[tuple[str, str, list[int]]]) -> str:
    width = 640
    left, right, top = 104, 48, 36
    n = len(series)
    bar = 14
    row = bar * n + 12
    height = top + row * len(categories) + 8
    pw = width - left - right
    peak = max((v for _, _, vals in series for v in vals), default=0)
    vmax = max(peak, 1)
    out = _svg_open(cid, width, height, title, desc)
    out += _legend([(s[0], s[1]) for s in series], left, 18)
    for i, cat in enumerate(categories):
        y0 = top + row * i
        out.append(f'<text x="{left - 8}" y="{y0 + row / 2 - 2:.1f}" text-anchor="end">{escape(cat)}</text>')
        for s, (_label, colour, vals) in enumerate(series):
            v = vals[i]
            w = pw * v / vmax
            y = y0 + 4 + s * bar
            out.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar - 2}" fill="{colour}"/>')
            out.append(f'<text x="{left + w + 4:.1f}" y="{y + bar - 4}" font-size="11">{v}</text>')
    out.append(f'<line x1="{left}" y1="{top - 4}" x2="{left}" y2="{height - 8}" stroke="{INK}" stroke-width="1"/>')
    out.append("</svg>")
    return "\n".join(out)


def _desc(series: list[tuple[str, str, list[int]]], categories: list[str], what: str) -> str:
    parts = []
    for label, _colour, vals in series:
        items = "，".join(f"{c}{v}件" for c, v in zip(categories, vals))
        parts.append(f"{label}{what}：{items}")
    return "；".join(parts) + "。"


def _table(series, categories, first: str) -> tuple[list[str], list[list[str]]]:
    columns = [first] + [s[0] for s in series]
    rows = [[c] + [str(s[2][i]) for s in series] for i, c in enumerate(categories)]
    return columns, rows


def charts(doc: ReportDocument, prefix: str = "ar") -> list[Chart]:
    """The charts that have something to show, numbered 图1, 图2, …"""
    out: list[Chart] = []
    prev = doc.previous_tables

    def add(key, title, what, first, categories, series, kind):
        if not any(v for s in series for v in s[2]):
            return
        number = len(out) + 1
        cid = f"{prefix}-chart-{key}"
        caption = f"图{number}　{title}"
        desc = _desc(series, categories, what)
        draw = column_chart if kind == "column" else bar_chart
        columns, rows = _table(series, categories, first)
        out.append(Chart(cid, number, caption, desc, draw(cid, caption, desc, categories, series),
                         columns, rows))

    months = [f"{m}月" for m in range(1, 13)]
    if doc.monthly:
        this = [int(doc.monthly.get(m) or 0) for m in range(1, 13)]
        last = [int(doc.previous_monthly.get(m) or 0) for m in range(1, 13)] if doc.previous_monthly else None
        add("months", "各月新收政府信息公开申请", "各月新收申请", "月份", months,
            _series(doc, this, last), "column")
    labels = [g for g, _ in OUTCOME_GROUPS]
    this = [_total(doc.tables, keys) for _, keys in OUTCOME_GROUPS]
    last = [_total(prev, keys) for _, keys in OUTCOME_GROUPS] if prev else None
    add("outcomes", "政府信息公开申请的办理结果", "办理结果", "办理结果", labels, _series(doc, this, last), "bar")
    labels = [APPLICANT_LABELS[k] for k in af.APPLICANT_TYPES]
    this = [_total(doc.tables, ("new_received",), k) for k in af.APPLICANT_TYPES]
    last = [_total(prev, ("new_received",), k) for k in af.APPLICANT_TYPES] if prev else None
    add("applicants", "新收政府信息公开申请的申请人类型", "新收申请", "申请人类型", labels,
        _series(doc, this, last), "bar")
    return out


def svg_size(svg: str) -> tuple[int, int]:
    """The ``width`` and ``height`` (CSS pixels) an SVG from this module declares."""
    head = svg[:svg.index(">")]
    return (int(head.split(' width="', 1)[1].split('"', 1)[0]),
            int(head.split(' height="', 1)[1].split('"', 1)[0]))


def to_png(chart: Chart, *, scale: float = 3.0) -> bytes:
    """The chart as a PNG, for formats without SVG (the DOCX): the very markup the HTML shows,
    laid out by WeasyPrint on a page of the chart's size and rasterised by PDFium (both already
    needed for the PDFs), ``scale`` pixels per CSS pixel."""
    import io
    import logging

    import pypdfium2
    import weasyprint

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # as the PDF export does
    width, height = svg_size(chart.svg)
    page = (f'<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><style>'
            f'@page {{ size: {width}px {height}px; margin: 0 }} html, body {{ margin: 0 }} '
            f'svg {{ display: block }}</style></head><body>{chart.svg}</body></html>')
    pdf = pypdfium2.PdfDocument(weasyprint.HTML(string=page).write_pdf())
    try:
        image = pdf[0].render(scale=scale * 96 / 72).to_pil()  # PDF points to pixels
    finally:
        pdf.close()
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG", optimize=True)
    return out.getvalue()
