"""Lay a letter out (letters.md §1.0) and write it as plain text, DOCX and PDF."""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import fonts

# WeasyPrint logs every layout step at INFO; the platform's log should show only real problems.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


@dataclass
class LetterLayout:
    title: str
    number: str
    salutation: str  # "张三：" — flush left
    paragraphs: list[str] = field(default_factory=list)  # body, first-line indent
    remedy: str = ""  # the 救济条款, its own paragraph
    closing: str = ""  # “特此告知。”
    signature: str = ""  # the agency's full name (落款)
    date_text: str = ""  # “2025年2月21日”
    contact: str = ""  # optional line under the body: “联系人：…；联系电话：…。”
    seal: str = ""  # “（盖章）”, right-aligned above the 落款
    keep_whole: list[str] = field(default_factory=list)  # strings never broken across lines (文号, 申请编号)

    @property
    def body_paragraphs(self) -> list[str]:
        return [p for p in [*self.paragraphs, self.remedy, self.closing] if p]

    def text(self) -> str:
        lines = [self.title, self.number, "", self.salutation, *self.body_paragraphs]
        if self.contact:
            lines.append(self.contact)
        lines += ["", *([self.seal] if self.seal else []), self.signature, self.date_text]
        return "\n".join(lines).strip() + "\n"

    def pieces(self, text: str) -> list[tuple[str, bool]]:
        """``text`` cut into (piece, keep_whole) — see :func:`unbreakable`."""
        return unbreakable(text, self.keep_whole)


# --- line breaking ----------------------------------------------------------------------------

#: what must not be broken across lines: a 文号 (互自然资公答〔2025〕12号), a title in 《》 short enough
#: to fit on a line, a date, and a run of Latin letters and digits (an application number, a phone
#: number, an e-mail address)
_UNBREAKABLE = (
    r"[\u4e00-\u9fffA-Za-z]{1,12}[〔\[（(]\d{4}[〕\]）)]第?\d+号"
    r"|《[^《》\n]{1,22}》"
    r"|\d{4}年\d{1,2}月\d{1,2}日"
    r"|[A-Za-z0-9][A-Za-z0-9.@/:_+\-]{4,39}"
)


def unbreakable(text: str, keep: list[str] | tuple[str, ...] = ()) -> list[tuple[str, bool]]:
    """``text`` cut into pieces; the second item says the piece must stay on one line."""
    literal = "|".join(re.escape(k) for k in sorted({k for k in keep if k}, key=len, reverse=True))
    pattern = re.compile((literal + "|" if literal else "") + _UNBREAKABLE)
    out, at = [], 0
    for m in pattern.finditer(text):
        if m.start() > at:
            out.append((text[at:m.start()], False))
        out.append((m.group(0), True))
        at = m.end()
    if at < len(text):
        out.append((text[at:], False))
    return out


def nobreak_html(layout: "LetterLayout", text: str) -> SafeString:
    """``text`` escaped for the PDF, each unbreakable piece in ``<span class="nobr">``."""
    return mark_safe("".join(f'<span class="nobr">{escape(p)}</span>' if keep else escape(p)
                             for p, keep in layout.pieces(text)))


# --- DOCX -------------------------------------------------------------------------------------

def _set_run_fonts(run, east_asia: str, *, size_pt: float | None = None, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = fonts.DOCX_LATIN_FONT
    rfonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:hint"), "eastAsia")
    if size_pt:
        run.font.size = Pt(size_pt)
    run.font.bold = bold


def _normal_style(document) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style = document.styles["Normal"]
    style.font.name = fonts.DOCX_LATIN_FONT
    style.font.size = Pt(16)  # 三号
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), fonts.DOCX_BODY_FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")
    pf = style.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing = Pt(28)  # 公文: 22 lines a page, about 28–29 pt


def _add_unbreakable(run, piece: str) -> None:
    """``piece`` as one run with hyphens as Word's non-breaking hyphen, so an application number
    stays whole. No invisible joiners between the other characters: staff edit the DOCX, and
    joiners made Word's search for “2026年12月3日” fail and travelled with every copy (the PDF is
    the document that keeps 《…》 and dates on one line)."""
    from docx.oxml import OxmlElement

    for i, chunk in enumerate(piece.split("-")):
        if i:
            run._r.append(OxmlElement("w:noBreakHyphen"))
        if chunk:
            run._r.add_t(chunk)


def to_docx(layout: LetterLayout, *, author: str = "") -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _normal_style(document)
    props = document.core_properties
    props.title = layout.title
    props.author = author
    props.language = "zh-CN"

    def para(text: str, *, align=None, indent: bool = False, before: float = 0, font=None,
             size: float | None = None, bold: bool = False):
        p = document.add_paragraph()
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Pt(32)  # two characters of 三号
        if before:
            p.paragraph_format.space_before = Pt(before)
        run = p.add_run(text)
        _set_run_fonts(run, font or fonts.DOCX_BODY_FONT, size_pt=size, bold=bold)
        return p

    def body(text: str, **options):
        p = para("", **options)
        p.runs[0]._element.getparent().remove(p.runs[0]._element)
        for piece, keep in layout.pieces(text):
            run = p.add_run()
            _set_run_fonts(run, fonts.DOCX_BODY_FONT)
            if keep:
                _add_unbreakable(run, piece)
            else:
                run.text = piece
        return p

    para(layout.title, align=WD_ALIGN_PARAGRAPH.CENTER, font=fonts.DOCX_TITLE_FONT, size=22, bold=True)
    para(layout.number, align=WD_ALIGN_PARAGRAPH.RIGHT, before=14)
    para(layout.salutation, before=14)
    for text in layout.body_paragraphs:
        body(text, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    if layout.contact:
        body(layout.contact, indent=True)
    if layout.seal:
        p = para(layout.seal, align=WD_ALIGN_PARAGRAPH.RIGHT, before=42)
        p.paragraph_format.right_indent = Pt(32)
    para(layout.signature, align=WD_ALIGN_PARAGRAPH.RIGHT, before=0 if layout.seal else 42)
    para(layout.date_text, align=WD_ALIGN_PARAGRAPH.RIGHT)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- PDF --------------------------------------------------------------------------------------

def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    fonts.warn_if_unsuitable()
    return HTML(string=html, base_url=None).write_pdf()


def to_html(layout: LetterLayout, *, line_height: int = 28, seal_gap: int = 42) -> str:
    return render_to_string("documents/letter_pdf.html", {
        "layout": layout, "body_fonts": fonts.PDF_BODY_FONTS, "title_fonts": fonts.PDF_TITLE_FONTS,
        "body_html": [nobreak_html(layout, p) for p in layout.body_paragraphs],
        "contact_html": nobreak_html(layout, layout.contact) if layout.contact else "",
        "line_height": line_height, "seal_gap": seal_gap,
    })


#: tighter settings tried, in order, when the closing block (last paragraph, 联系人, 盖章, 落款, date)
#: would start a page of its own: GB/T 9704-2012 7.3.5.1 — when the space left cannot hold the seal
#: and the date, adjust the line and character spacing rather than leave them alone on a page
TIGHTER = ((26, 30), (25, 24), (24, 20))


def to_pdf(layout: LetterLayout) -> bytes:
    from weasyprint import HTML

    fonts.warn_if_unsuitable()
    document = HTML(string=to_html(layout), base_url=None).render()
    pages = len(document.pages)
    if pages > 1:
        for line_height, seal_gap in TIGHTER:
            tighter = HTML(string=to_html(layout, line_height=line_height, seal_gap=seal_gap), base_url=None).render()
            if len(tighter.pages) < pages:
                return tighter.write_pdf()
    return document.write_pdf()
