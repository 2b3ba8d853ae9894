"""The report as DOCX (python-docx): A4, 公文 fonts named for a Chinese Word (仿宋 body, 黑体
headings, 楷体 sub-headings, 宋体 title, set through ``w:eastAsia``), the three tables with their
header cells merged exactly as the format prints them, rows that neither split nor leave the
table (a table that fits on a page starts on the next page rather than leave a row behind, one
that does not repeats its header rows), the charts of the HTML and PDF as pictures with their
numbers as alternative text, and “第 N 页” in the footer.

Headings use Word's own heading styles (restyled), so the navigation pane and screen readers see
the report's structure.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt, RGBColor

from gongkai.rules import annual_format as af

from . import charts as charts_mod
from . import layout
from .document import ReportDocument, narrative_blocks

BODY_FONT = "FangSong"       # 仿宋
HEADING_FONT = "SimHei"      # 黑体
SUBHEADING_FONT = "KaiTi"    # 楷体
TITLE_FONT = "SimSun"        # 宋体 (小标宋 where installed is a local choice)
LATIN_FONT = "Times New Roman"

BODY_SIZE = 16               # 三号
TITLE_SIZE = 22              # 二号
TABLE_SIZE = 9               # 小五
TABLE_STYLE = "Report Table Text"
LINE = 28                    # exact line pitch of 公文 body text (22 lines a page)

PAGE_WIDTH, PAGE_HEIGHT = Cm(21), Cm(29.7)
MARGINS = {"top": Cm(3.7), "bottom": Cm(3.5), "left": Cm(2.8), "right": Cm(2.6)}
TEXT_WIDTH_CM = 21 - 2.8 - 2.6
PLACEHOLDER = "（本部分尚未填写。）"
#: A table of at most this many rows is never split (表二 has 14, 表四 4: under half a page at
#: 小五); a longer one (表三, 28) breaks where it must, keeping this many rows at either side.
KEEP_WHOLE_ROWS = 16
KEEP_ROWS = 3


def _fonts(target, east_asia: str, size: float | None = None, bold: bool | None = None,
           colour: RGBColor | None = None) -> None:
    """Fonts of a run or a style: Latin and East Asian names, size, weight."""
    font = target.font
    font.name = LATIN_FONT
    element = target._r if hasattr(target, "_r") else target.element  # a run, else a style
    rpr = element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(attr), LATIN_FONT)
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:hint"), "eastAsia")
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if colour is not None:
        font.color.rgb = colour


def _styles(document) -> None:
    normal = document.styles["Normal"]
    _fonts(normal, BODY_FONT, BODY_SIZE)
    rpr = normal.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(LINE)
    for name, font, size in (("Title", TITLE_FONT, TITLE_SIZE), ("Heading 1", HEADING_FONT, BODY_SIZE),
                             ("Heading 2", SUBHEADING_FONT, BODY_SIZE)):
        style = document.styles[name]
        _fonts(style, font, size, bold=False, colour=RGBColor(0, 0, 0))
        style.font.italic = False
        pf = style.paragraph_format
        pf.space_before = Pt(0)
        pf.space_after = Pt(0)
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(LINE if name != "Title" else 36)
        pf.keep_with_next = True
        # the Title style draws a rule under itself in the default template
        ppr = style.element.get_or_add_pPr()
        border = ppr.find(qn("w:pBdr"))
        if border is not None:
            ppr.remove(border)
        if name != "Title":
            pf.first_line_indent = Pt(2 * BODY_SIZE)
    table_text = document.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.font.size = Pt(TABLE_SIZE)
    pf = table_text.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.first_line_indent = Pt(0)
    pf.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _page(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in ("第 ", None, " 页"):
        run = footer.add_run(text or "")
        _fonts(run, BODY_FONT, 12)
        if text is None:
            _field(run, "PAGE")


def _field(run, code: str) -> None:
    begin, instr, sep, end = (OxmlElement("w:fldChar"), OxmlElement("w:instrText"), OxmlElement("w:fldChar"),
                              OxmlElement("w:fldChar"))
    begin.set(qn("w:fldCharType"), "begin")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {code} "
    sep.set(qn("w:fldCharType"), "separate")
    end.set(qn("w:fldCharType"), "end")
    shown = OxmlElement("w:t")
    shown.text = "1"
    for el in (begin, instr, sep, shown, end):
        run._r.append(el)


def _paragraph(document, text: str, *, font: str = BODY_FONT, size: float = BODY_SIZE, bold: bool = False,
               align=None, indent: bool = True, style: str | None = None, lead: str = ""):
    p = document.add_paragraph(style=style)
    if align is not None:
        p.alignment = align
    if indent and style is None:
        p.paragraph_format.first_line_indent = Pt(2 * size)
    if lead:
        run = p.add_run(lead)
        _fonts(run, font, size, bold=True)
        text = text[len(lead):]
    run = p.add_run(text)
    _fonts(run, font, size, bold=bold)
    return p


def _cell_paragraph(cell, text: str, style, *, bold: bool = False, align=WD_ALIGN_PARAGRAPH.CENTER) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    p = cell.paragraphs[0]
    for extra in cell.paragraphs[1:]:
        extra._element.getparent().remove(extra._element)
    p._p.style = style  # the style id, set directly: python-docx's setter rescans all styles
    if align != WD_ALIGN_PARAGRAPH.CENTER:
        p.alignment = align
    run = p.add_run(text)
    if bold:
        run.bold = True


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _cant_split(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:cantSplit")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _keep_rows_together(table, grid: layout.Grid) -> None:
    """Rows that keep with the next row (``w:keepNext`` on their paragraphs, which Word and
    LibreOffice both honour inside tables): a short table moves whole to the next page rather than
    leave rows behind; a long one may break, but not inside its header rows, not after fewer than
    :data:`KEEP_ROWS` body rows, and not before its last :data:`KEEP_ROWS`."""
    rows = table._tbl.tr_lst
    if len(rows) <= KEEP_WHOLE_ROWS:
        kept = range(len(rows) - 1)
    else:
        kept = [*range(grid.header_rows + KEEP_ROWS - 1), *range(len(rows) - KEEP_ROWS, len(rows) - 1)]
    for r in kept:
        for p in rows[r].iter(qn("w:p")):
            p.get_or_add_pPr().keepNext_val = True


def add_grid(document, grid: layout.Grid):
    caption = _paragraph(document, grid.caption, size=12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
                         indent=False)
    caption.paragraph_format.keep_with_next = True
    caption.paragraph_format.space_before = Pt(6)
    table = document.add_table(rows=grid.n_rows, cols=grid.n_cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    total = sum(grid.widths)
    widths = [Cm(TEXT_WIDTH_CM * w / total) for w in grid.widths]
    # LibreOffice lays a table out by its grid columns (and ignores cell widths): set both, fixed
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(int(width.twips)))
    layout_el = OxmlElement("w:tblLayout")
    layout_el.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout_el)
    # the cells once, before any merge (``table.cell()`` walks the whole table on every call)
    flat = table._cells
    at = [flat[r * grid.n_cols:(r + 1) * grid.n_cols] for r in range(grid.n_rows)]
    for r, row in enumerate(table.rows):
        _cant_split(row)
        if r < grid.header_rows:
            _repeat_header(row)
        for i, cell in enumerate(at[r]):
            cell.width = widths[i]
    style = document.styles[TABLE_STYLE].style_id
    for c in grid.cells:
        cell = at[c.row][c.col]
        if c.rowspan > 1 or c.colspan > 1:
            cell = cell.merge(at[c.last_row][c.last_col])
        align = WD_ALIGN_PARAGRAPH.LEFT if c.kind == "row" and c.rowspan == 1 else WD_ALIGN_PARAGRAPH.CENTER
        _cell_paragraph(cell, c.text, style, bold=c.kind in ("title", "col"), align=align)
    _keep_rows_together(table, grid)
    # a short description for screen readers (Word: 表格属性 → 可选文字)
    tblpr = table._tbl.tblPr
    for tag, text in (("w:tblCaption", grid.caption), ("w:tblDescription", grid.caption)):
        el = OxmlElement(tag)
        el.set(qn("w:val"), text)
        tblpr.append(el)
    return table


def add_chart(document, chart: charts_mod.Chart) -> None:
    """A chart as the HTML shows it: caption above, the picture the full text width, every
    number in the picture's alternative text (Word: 编辑替换文字)."""
    caption = _paragraph(document, chart.title, size=12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
                         indent=False)
    caption.paragraph_format.keep_with_next = True
    caption.paragraph_format.space_before = Pt(12)
    width_px, height_px = charts_mod.svg_size(chart.svg)
    width = Cm(TEXT_WIDTH_CM)
    height = Emu(int(width * height_px / width_px))
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = Pt(0)
    # an exact line pitch would clip the picture to one line
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    p.paragraph_format.keep_together = True
    picture = p.add_run().add_picture(io.BytesIO(charts_mod.to_png(chart)), width=width, height=height)
    doc_pr = picture._inline.docPr
    doc_pr.set("title", chart.title)
    doc_pr.set("descr", chart.desc)


def render_docx(doc: ReportDocument) -> bytes:
    document = Document()
    _styles(document)
    _page(document)
    props = document.core_properties
    props.title = doc.title
    props.author = doc.agency_name
    props.language = "zh-CN"
    props.subject = "政府信息公开工作年度报告"

    title = document.add_paragraph(style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(title.add_run(doc.title), TITLE_FONT, TITLE_SIZE)
    for note in (doc.draft_note, doc.version_note):
        if note:
            p = _paragraph(document, note, font=SUBHEADING_FONT, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
            if note == doc.draft_note:
                p.runs[0].font.color.rgb = RGBColor(0xA4, 0x0E, 0x26)
    document.add_paragraph()
    _paragraph(document, doc.preamble)

    grids = layout.grids(doc)
    chart_list = charts_mod.charts(doc)
    for s in af.SECTIONS:
        heading = document.add_paragraph(style="Heading 1")
        _fonts(heading.add_run(s.heading), HEADING_FONT, BODY_SIZE)
        blocks = narrative_blocks(doc.section_text(s.key))
        for b in blocks:
            if b.kind == "heading":
                p = document.add_paragraph(style="Heading 2")
                _fonts(p.add_run(b.text), SUBHEADING_FONT, BODY_SIZE)
            else:
                _paragraph(document, b.text, lead=b.lead)
        if not blocks and doc.is_draft and s.key in ("overview", "problems", "other"):
            _paragraph(document, PLACEHOLDER)
        if s.key in grids:
            add_grid(document, grids[s.key])
        if s.key == "applications":
            for chart in chart_list:
                add_chart(document, chart)
        if s.key == "appeals" and doc.counting_note.strip():
            _paragraph(document, doc.counting_note.strip(), size=12)

    document.add_paragraph()
    for text in (doc.agency_name, doc.published_text):
        if text:
            p = _paragraph(document, text, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
            p.paragraph_format.right_indent = Pt(2 * BODY_SIZE)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()
