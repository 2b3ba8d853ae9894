"""The blank 政府信息公开申请表 (application_form): one A4 page in both formats."""

import io

import pytest
from docx.oxml.ns import qn

from gongkai.documents import application_form

A4_TEXT_HEIGHT_PT = (297 - 2 * application_form.LAYOUT["margin_top_mm"]) / 25.4 * 72


@pytest.fixture
def wordy_office(world):
    """An office with the longest 递交地点 line a county is likely to have."""
    agency = world.agency
    agency.office_name = "测试县自然资源局办公室（政务公开工作机构）"
    agency.address = "青海省海东市测试县城关镇人民路北段一百二十八号行政服务中心三楼东侧三一二室"
    agency.phone = "0972-8322001"
    agency.save()
    return agency


def test_it_prints_the_blank_pdf_form_on_one_a4_page(wordy_office):
    import pypdfium2

    pdf = pypdfium2.PdfDocument(application_form.to_pdf(wordy_office))
    assert len(pdf) == 1
    width, height = pdf[0].get_size()
    assert (round(width), round(height)) == (595, 842)
    text = pdf[0].get_textpage().get_text_range()
    assert "递交地点" in text and "0972-8322001" in text  # the last line is on that page


def test_it_sizes_the_docx_form_rows_to_fit_one_page(wordy_office):
    from docx import Document

    doc = Document(io.BytesIO(application_form.to_docx(wordy_office)))
    table = doc.tables[0]
    row_heights = []
    for row in table.rows:
        tr_pr = row._tr.trPr
        assert tr_pr is not None and tr_pr.find(qn("w:cantSplit")) is not None
        row_heights.append(row.height.pt)
    # rows at their declared height; paragraphs at their line spacing, the notes wrapping at 45
    # characters a line (170 mm at 10.5 pt)
    lines = 0.0
    for p in doc.paragraphs:
        spacing = (p.paragraph_format.line_spacing or doc.styles["Normal"].paragraph_format.line_spacing).pt
        lines += spacing * -(-len(p.text) // 45 or 1)
    assert sum(row_heights) + lines + 12 < A4_TEXT_HEIGHT_PT
    widths = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert abs(sum(widths) / 1440 * 25.4 - 170) < 1  # the table spans the text width exactly
