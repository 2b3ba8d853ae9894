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
#: (section, [(row label, hint)]) — 第二十九条第二款
SECTIONS = [
    ("申请人信息", [
        ("公民：姓名", ""), ("证件名称及号码", "身份证、护照等"),
        ("法人或者其他组织：名称", ""), ("统一社会信用代码", ""), ("法定代表人或负责人", ""),
        ("联系人", ""), ("联系电话", ""), ("通信地址及邮政编码", ""), ("电子邮箱", ""),
    ]),
    ("所需政府信息", [
        ("信息名称", ""), ("文号", "知道的请填写"),
        ("其他特征性描述", "便于查询的内容概述、形成时间、制作机关等"),
    ]),
    ("获取信息的方式", [
        ("提供形式（可多选）", "□纸质　□电子文档　□光盘"),
        ("获取方式（可多选）", "□邮寄　□电子邮件　□当面领取　□现场查阅"),
    ]),
]
NOTES = [
    "本表用于向行政机关申请获取政府信息（《中华人民共和国政府信息公开条例》第二十七条至第二十九条）。",
    "申请人应当提供身份证明；法人或者其他组织还应当提供统一社会信用代码证明或者营业执照复印件。",
    "一份申请表填写一项政府信息为宜；申请内容不明确的，行政机关将一次性告知补正。",
]


def _rows():
    return [(section, rows) for section, rows in SECTIONS]


def to_docx(agency: Agency) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(25)
    section.left_margin = section.right_margin = Mm(22)
    rendering._normal_style(document)
    document.styles["Normal"].font.size = Pt(12)
    document.styles["Normal"].paragraph_format.line_spacing = Pt(20)
    document.core_properties.title = TITLE
    document.core_properties.language = "zh-CN"

    def para(text, *, align=None, size=None, bold=False, font=None):
        p = document.add_paragraph()
        if align is not None:
            p.alignment = align
        rendering._set_run_fonts(p.add_run(text), font or fonts.DOCX_BODY_FONT, size_pt=size, bold=bold)
        return p

    para(TITLE, align=WD_ALIGN_PARAGRAPH.CENTER, size=22, bold=True, font=fonts.DOCX_TITLE_FONT)
    para(f"受理机关：{agency.name}", align=WD_ALIGN_PARAGRAPH.CENTER)
    table = document.add_table(rows=0, cols=3)
    table.style = "Table Grid"
    for heading, rows in SECTIONS:
        for i, (label, hint) in enumerate(rows):
            cells = table.add_row().cells
            cells[0].text = heading if i == 0 else ""
            cells[1].text = label
            cells[2].text = hint
        first = len(table.rows) - len(rows)
        if len(rows) > 1:
            table.cell(first, 0).merge(table.cell(len(table.rows) - 1, 0))
            table.cell(first, 0).text = heading
    cells = table.add_row().cells
    cells[0].text, cells[1].text, cells[2].text = "申请人签名（盖章）", "", "申请日期：　　年　　月　　日"
    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                for run in p.runs:
                    rendering._set_run_fonts(run, fonts.DOCX_BODY_FONT, size_pt=12)
    para("填表说明：", bold=True)
    for i, note in enumerate(NOTES, 1):
        para(f"{i}. {note}")
    office = "、".join(v for v in (agency.office_name, agency.address, agency.phone and f"电话{agency.phone}") if v)
    if office:
        para(f"递交地点：{office}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def to_pdf(agency: Agency) -> bytes:
    html = render_to_string("documents/application_form_pdf.html", {
        "title": TITLE, "agency": agency, "sections": _rows(), "notes": NOTES,
        "body_fonts": fonts.PDF_BODY_FONTS, "title_fonts": fonts.PDF_TITLE_FONTS})
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
