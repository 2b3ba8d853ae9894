"""《政府信息公开申请表》 for an agency's 指南 (条例第二十九条), as DOCX and PDF.

The form asks for what 第二十九条 requires of an application — the applicant's name and proof of
identity, contact details, a description of the information sought (名称、文号或者便于查询的其他
特征性描述) and the requested form and way of receiving it — and names the agency it is sent to.
"""

from __future__ import annotations

import io

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

from gongkai.accounts.models import Agency

from . import fonts, rendering

TITLE = "政府信息公开申请表"
#: (section, [(row label, hint, tall)]) — 第二十九条第二款; a tall row leaves room to write in
SECTIONS = [
    ("申请人信息", [
        ("公民：姓名", "", False), ("证件名称及号码", "身份证、护照等", False),
        ("法人或者其他组织：名称", "", False), ("统一社会信用代码", "", False),
        ("法定代表人或负责人", "", False), ("联系人", "", False), ("联系电话", "", False),
        ("通信地址及邮政编码", "", False), ("电子邮箱", "", False),
    ]),
    ("所需政府信息", [
        ("信息名称", "", False), ("文号", "知道的请填写", False),
        ("其他特征性描述", "便于查询的内容概述、形成时间、制作机关等", True),
    ]),
    ("获取信息的方式", [
        ("提供形式（可多选）", "□纸质　□电子文档　□光盘", False),
        ("获取方式（可多选）", "□邮寄　□电子邮件　□当面领取　□现场查阅", False),
    ]),
]
NOTES = [
    "本表用于向行政机关申请获取政府信息（《中华人民共和国政府信息公开条例》第二十七条至第二十九条）。",
    "申请人应当提供身份证明；法人或者其他组织还应当提供统一社会信用代码证明或者营业执照复印件。",
    "一份申请表填写一项政府信息为宜；申请内容不明确的，行政机关将一次性告知补正。",
]
#: One A4 page for both formats: 257 mm of height between the margins holds the title (about
#: 31 pt), the 受理机关 line (26 pt), 14 rows of 28 pt and 2 tall rows of 54 pt (500 pt) and
#: the notes at 16 pt a line (about 8 lines) — about 690 of 728 pt.
LAYOUT = {
    "margin_top_mm": 20, "margin_side_mm": 20, "title_pt": 22, "body_pt": 12, "line_pt": 18,
    "hint_pt": 10.5, "note_line_pt": 16, "row_pt": 24, "tall_row_pt": 50,
    "section_mm": 25, "label_mm": 52,
}
#: The DOCX row heights (at least; padding included) matching the PDF's row plus its padding.
DOCX_ROW_PT, DOCX_TALL_ROW_PT = 28, 54


def _office(agency: Agency) -> str:
    return "、".join(v for v in (agency.office_name, agency.address, agency.phone and f"电话{agency.phone}") if v)


def to_docx(agency: Agency) -> bytes:
    from docx import Document
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(LAYOUT["margin_top_mm"])
    section.left_margin = section.right_margin = Mm(LAYOUT["margin_side_mm"])
    rendering._normal_style(document)
    document.styles["Normal"].font.size = Pt(LAYOUT["body_pt"])
    document.styles["Normal"].paragraph_format.line_spacing = Pt(LAYOUT["line_pt"])
    document.core_properties.title = TITLE
    document.core_properties.language = "zh-CN"

    def para(text, *, align=None, size=None, bold=False, font=None, line=None, after=None):
        p = document.add_paragraph()
        if align is not None:
            p.alignment = align
        if line:
            p.paragraph_format.line_spacing = Pt(line)
        if after:
            p.paragraph_format.space_after = Pt(after)
        rendering._set_run_fonts(p.add_run(text), font or fonts.DOCX_BODY_FONT, size_pt=size, bold=bold)
        return p

    para(TITLE, align=WD_ALIGN_PARAGRAPH.CENTER, size=LAYOUT["title_pt"], bold=True,
         font=fonts.DOCX_TITLE_FONT, line=LAYOUT["title_pt"] * 1.4)
    para(f"受理机关：{agency.name}", align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    text_width = 210 - 2 * LAYOUT["margin_side_mm"]
    widths = [Mm(LAYOUT["section_mm"]), Mm(LAYOUT["label_mm"]),
              Mm(text_width - LAYOUT["section_mm"] - LAYOUT["label_mm"])]
    table = document.add_table(rows=0, cols=3)
    table.style = "Table Grid"
    table.autofit = False
    hint_cells = []

    def add_row(texts, *, tall=False):
        row = table.add_row()
        row.height = Pt(DOCX_TALL_ROW_PT if tall else DOCX_ROW_PT)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        cant_split = OxmlElement("w:cantSplit")
        row._tr.get_or_add_trPr().append(cant_split)
        for cell, width, text in zip(row.cells, widths, texts):
            cell.width = width
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            cell.text = text
        return row

    for heading, rows in SECTIONS:
        first = len(table.rows)
        for i, (label, hint, tall) in enumerate(rows):
            row = add_row([heading if i == 0 else "", label, hint], tall=tall)
            hint_cells.append(row.cells[2])
        if len(rows) > 1:
            merged = table.cell(first, 0).merge(table.cell(len(table.rows) - 1, 0))
            merged.text = heading
            merged.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    add_row(["申请人签名（盖章）", "", "申请日期：　　年　　月　　日"], tall=True)
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(int(width.twips)))
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            for p in cell.paragraphs:
                if c == 0:
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                for run in p.runs:
                    hint = any(cell._tc is h._tc for h in hint_cells) and r < len(table.rows) - 1
                    rendering._set_run_fonts(run, fonts.DOCX_BODY_FONT,
                                             size_pt=LAYOUT["hint_pt"] if hint else LAYOUT["body_pt"],
                                             bold=c == 0)
    note = {"size": LAYOUT["hint_pt"], "line": LAYOUT["note_line_pt"]}
    first_note = para("填表说明：", bold=True, **note)
    first_note.paragraph_format.space_before = Pt(6)
    for i, text in enumerate(NOTES, 1):
        para(f"{i}. {text}", **note)
    if office := _office(agency):
        para(f"递交地点：{office}", **note)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def to_pdf(agency: Agency) -> bytes:
    html = render_to_string("documents/application_form_pdf.html", {
        "title": TITLE, "agency": agency, "sections": SECTIONS, "notes": NOTES, "layout": LAYOUT,
        "office": _office(agency), "body_fonts": fonts.PDF_BODY_FONTS, "title_fonts": fonts.PDF_TITLE_FONTS})
    return rendering.html_to_pdf(html)


FORMATS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", to_docx),
    "pdf": ("application/pdf", to_pdf),
}


def download(request, code: str, fmt: str):
    """``/agencies/<code>/guide/application-form.docx|pdf``: the blank form of one agency."""
    if fmt not in FORMATS:
        raise Http404("没有这种格式。")
    agency = get_object_or_404(Agency.objects.active(), code=code)
    content_type, build = FORMATS[fmt]
    response = HttpResponse(build(agency), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, f"{agency.name}{TITLE}.{fmt}")
    return response
