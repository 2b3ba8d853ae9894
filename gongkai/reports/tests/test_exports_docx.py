"""The DOCX export, re-opened with python-docx: A4, East Asian fonts, the tables with the
format's merged cells and every number in its cell."""

import io
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm

from gongkai.reports.exports import render
from gongkai.reports.tests.specimen import specimen_document
from gongkai.rules import annual_format as af

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


@pytest.fixture(scope="module")
def doc():
    return specimen_document(agency_name="互助县自然资源局", year=2024)


@pytest.fixture(scope="module")
def data(doc):
    return render(doc, "docx")


@pytest.fixture(scope="module")
def word(data):
    return docx.Document(io.BytesIO(data))


def paragraphs(word):
    return [p.text for p in word.paragraphs if p.text.strip()]


def unique_cells(row):
    """The cells of a row with each merged cell once."""
    out = []
    for c in row.cells:
        if not out or out[-1]._tc is not c._tc:
            out.append(c)
    return out


def test_it_is_a4_portrait(word):
    section = word.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.01) and abs(section.page_height - Cm(29.7)) < Cm(0.01)


def test_it_has_the_title_preamble_and_six_headings_in_order(word, doc):
    texts = paragraphs(word)
    assert texts[0] == "互助县自然资源局2024年政府信息公开工作年度报告"
    assert texts[1] == doc.preamble
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings == [s.heading for s in af.SECTIONS]
    assert [p.text for p in word.paragraphs if p.style.name == "Heading 2"][:2] == ["（一）主动公开", "（二）依申请公开"]
    assert texts[-2:] == ["互助县自然资源局", "2025年1月20日"]


def test_it_names_east_asian_fonts(word):
    def east_asia(style):
        return style.element.rPr.rFonts.get(qn("w:eastAsia"))

    assert east_asia(word.styles["Normal"]) == "FangSong"
    assert east_asia(word.styles["Heading 1"]) == "SimHei"
    assert east_asia(word.styles["Heading 2"]) == "KaiTi"
    heading_run = next(p for p in word.paragraphs if p.style.name == "Heading 1").runs[0]
    assert heading_run._element.rPr.rFonts.get(qn("w:eastAsia")) == "SimHei"


def test_it_puts_the_tables_under_their_sections(word):
    body = word.element.body
    order = []
    for child in body:
        if child.tag == qn("w:tbl"):
            order.append("table")
        elif child.tag == qn("w:p"):
            t = "".join(x.text or "" for x in child.iter(qn("w:t")))
            if t in [s.heading for s in af.SECTIONS]:
                order.append(t[:1])
    assert order == ["一", "二", "table", "三", "table", "四", "table", "五", "六"]


def test_table_three_has_three_label_columns_and_seven_numbers(word):
    t = word.tables[1]
    assert len(t.columns) == 10 and len(t.rows) == 28
    row = unique_cells(t.rows[3])
    assert [c.text for c in row][0] == "一、本年新收政府信息公开申请数量"
    assert len(row) == 1 + 7


def test_table_three_merges_the_note_cell_over_three_rows_and_columns(word):
    t = word.tables[1]
    note = t.cell(0, 0)
    assert note.text == NOTE
    for r in range(3):
        for c in range(3):
            assert t.cell(r, c)._tc is note._tc
    assert t.cell(3, 0)._tc is not note._tc
    assert t.cell(0, 3).text == "申请人情况" and t.cell(0, 9)._tc is t.cell(0, 3)._tc
    assert t.cell(1, 3).text == "自然人" and t.cell(2, 3)._tc is t.cell(1, 3)._tc
    assert t.cell(1, 4).text == "法人或其他组织" and t.cell(1, 8)._tc is t.cell(1, 4)._tc
    assert t.cell(1, 9).text == "总计" and t.cell(2, 9)._tc is t.cell(1, 9)._tc
    assert [t.cell(2, c).text for c in range(4, 9)] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]


def test_table_three_spans_the_group_labels(word):
    t = word.tables[1]
    results = t.cell(5, 0)
    assert results.text == "三、本年度办理结果"
    assert t.cell(26, 0)._tc is results._tc and t.cell(27, 0)._tc is not results._tc
    assert t.cell(7, 1).text == "（三）不予公开" and t.cell(14, 1)._tc is t.cell(7, 1)._tc
    assert t.cell(15, 1).text == "（四）无法提供" and t.cell(17, 1)._tc is t.cell(15, 1)._tc
    assert t.cell(18, 1).text == "（五）不予处理" and t.cell(22, 1)._tc is t.cell(18, 1)._tc
    assert t.cell(23, 1).text == "（六）其他处理" and t.cell(25, 1)._tc is t.cell(23, 1)._tc
    assert t.cell(7, 2).text == "1.属于国家秘密"
    assert t.cell(26, 1).text == "（七）总计" and t.cell(26, 2)._tc is t.cell(26, 1)._tc


def test_table_three_has_every_number_in_its_cell(word, doc):
    t = word.tables[1]
    for i, r in enumerate(af.APPLICATION_ROWS):
        for j, c in enumerate(af.APPLICATION_COLUMNS):
            assert t.cell(3 + i, 3 + j).text == str(doc.tables["applications"][r.key][c.key]), (r.key, c.key)


def test_table_three_repeats_its_header_rows_on_each_page(word):
    t = word.tables[1]
    flags = [tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None for tr in t._tbl.tr_lst]
    assert flags[:3] == [True] * 3 and not any(flags[3:])


def test_table_two_has_the_article_blocks_and_numbers(word, doc):
    t = word.tables[0]
    assert len(t.columns) == 4
    rows = [[c.text for c in unique_cells(r)] for r in t.rows]
    assert rows[0] == ["第二十条第（一）项"]
    assert rows[1] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    p = doc.tables["proactive"]
    assert rows[2] == ["规章"] + [str(p["regulations"][c]) for c in ("issued", "abolished", "in_force")]
    assert rows[5] == ["信息内容", "本年处理决定数量"]
    assert rows[6] == ["行政许可", str(p["licensing"]["decisions"])]
    assert rows[12] == ["信息内容", "本年收费金额（单位：万元）"]
    assert rows[13] == ["行政事业性收费", "12.3456"]


def test_table_four_has_fifteen_numbers_in_one_row(word, doc):
    t = word.tables[2]
    assert len(t.columns) == 15 and len(t.rows) == 4
    assert [c.text for c in unique_cells(t.rows[0])] == ["行政复议", "行政诉讼"]
    assert t.cell(1, 0).text == "结果维持" and t.cell(2, 0)._tc is t.cell(1, 0)._tc
    assert [c.text for c in unique_cells(t.rows[1])][5:] == ["未经复议直接起诉", "复议后起诉"]
    assert [c.text for c in t.rows[3].cells] == [
        str(doc.tables["appeals"][r.key][c.key]) for r in af.APPEALS_ROWS for c in af.APPEALS_COLUMNS]


def test_it_writes_real_merges_and_page_numbers(data):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        document = z.read("word/document.xml").decode()
        footers = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/footer"))
    assert "w:vMerge" in document and "w:gridSpan" in document
    assert "PAGE" in footers and "第 " in footers and " 页" in footers


def test_a_draft_says_so_under_the_title():
    word = docx.Document(io.BytesIO(render(specimen_document(status_label="草稿", published_on=None), "docx")))
    texts = paragraphs(word)
    assert texts[1] == "（草稿，未发布）"
    assert texts[-1] == "某县自然资源局"


def test_it_fixes_the_table_grid_so_office_suites_keep_the_column_widths():
    """LibreOffice lays tables out by <w:gridCol> widths, not cell widths."""
    import io

    from docx import Document
    from docx.oxml.ns import qn

    from gongkai.reports.exports import render
    from gongkai.reports.tests.specimen import specimen_document

    document = Document(io.BytesIO(render(specimen_document(), "docx")))
    grids = []
    for table in document.tables:
        widths = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        grids.append(widths)
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    # table 三 (3 label columns + 7 numbers): label columns are wider than number columns
    three = next(g for g in grids if len(g) == 10)
    assert min(three[:3]) > max(three[3:]) or three[2] > 2 * three[3]


def _keeps(table):
    """Per row: whether every paragraph in it keeps with the next."""
    out = []
    for tr in table._tbl.tr_lst:
        ps = list(tr.iter(qn("w:p")))
        out.append(all(p.pPr is not None and p.pPr.keepNext_val for p in ps))
    return out


def test_it_keeps_a_short_table_whole_so_no_row_is_left_alone_on_a_page(word):
    for t in (word.tables[0], word.tables[2]):  # 表二 (14 rows) and 表四 (4)
        assert _keeps(t) == [True] * (len(t.rows) - 1) + [False]


def test_it_lets_table_three_break_but_not_within_its_first_or_last_rows(word):
    keeps = _keeps(word.tables[1])
    assert len(keeps) == 28
    # 3 header rows and the first 3 body rows go together; so do the last 3 rows
    assert keeps[:5] == [True] * 5 and keeps[-3:] == [True, True, False]
    assert not any(keeps[5:-3])


def test_it_adds_the_charts_as_pictures_with_their_numbers_as_alternative_text(data, word, doc):
    from PIL import Image

    from gongkai.reports.exports import charts

    expected = charts.charts(doc)
    assert [c.title for c in expected] == ["图1　各月新收政府信息公开申请", "图2　政府信息公开申请的办理结果",
                                           "图3　新收政府信息公开申请的申请人类型"]
    texts = paragraphs(word)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        document = z.read("word/document.xml").decode()
        images = [z.read(n) for n in sorted(z.namelist()) if n.startswith("word/media/")]
    assert len(images) == 3
    for chart in expected:
        assert chart.title in texts
        assert f'descr="{chart.desc}"' in document
    # after 表三, before 四、 (as in the HTML)
    assert texts.index("表三　收到和处理政府信息公开申请情况（单位：件）") < texts.index(expected[0].title)
    assert texts.index(expected[-1].title) < texts.index(af.SECTIONS[3].heading)
    # sharp enough to print: 3 pixels per CSS pixel, the bars in this year's colour
    picture = Image.open(io.BytesIO(images[0])).convert("RGB")
    assert picture.width == 3 * 640
    assert (0x1D, 0x4F, 0x91) in {c for _, c in picture.getcolors(maxcolors=1 << 16)}


def test_a_report_with_nothing_to_chart_has_no_pictures():
    empty = specimen_document()
    empty.tables = {k: {} for k in empty.tables}
    empty.monthly, empty.previous_monthly, empty.previous_tables = {}, {}, None
    with zipfile.ZipFile(io.BytesIO(render(empty, "docx"))) as z:
        assert not [n for n in z.namelist() if n.startswith("word/media/")]
