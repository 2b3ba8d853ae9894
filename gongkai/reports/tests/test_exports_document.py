"""The shared pieces of every export: wording, number formats, narrative paragraphs, formats."""

import datetime as dt
from decimal import Decimal

import pytest

from gongkai.reports.exports import (CONTENT_TYPES, EXTENSIONS, FORMATS, ReportDocument, UnknownFormat,
                                     filename, render)
from gongkai.reports.exports.document import Block, format_value, narrative_blocks
from gongkai.reports.tests.specimen import specimen_document, specimen_tables
from gongkai.rules import annual_format as af


def test_it_titles_the_report_with_agency_and_year():
    doc = specimen_document(agency_name="互助县自然资源局", year=2024)
    assert doc.title == "互助县自然资源局2024年政府信息公开工作年度报告"


def test_it_states_the_basis_and_the_statistical_period_in_the_preamble():
    doc = specimen_document(year=2024)
    assert doc.preamble.startswith("本报告依据《中华人民共和国政府信息公开条例》第五十条和国办公开办函〔2021〕30号")
    assert "本报告中所列数据的统计期限为2024年1月1日至12月31日。" in doc.preamble


def test_it_writes_the_draft_note_only_for_drafts():
    assert specimen_document().draft_note == ""
    assert specimen_document(status_label="草稿").draft_note == "（草稿，未发布）"
    assert specimen_document(status_label="  ").draft_note == ""


def test_it_notes_the_version_only_after_the_first():
    assert specimen_document().version_note == ""
    assert specimen_document(version=2).version_note == "（第2版）"


def test_it_writes_the_publication_date_in_chinese():
    assert specimen_document(published_on=dt.date(2025, 1, 5)).published_text == "2025年1月5日"
    assert specimen_document(published_on=None).published_text == ""


@pytest.mark.parametrize("value, text", [
    (0, "0"),
    (7, "7"),
    (24589, "24589"),
    (None, ""),
])
def test_it_prints_counts_with_zero_as_zero(value, text):
    assert format_value(value) == text


@pytest.mark.parametrize("value, text", [
    (Decimal("12.3500"), "12.35"),
    (Decimal("12.3456"), "12.3456"),
    (Decimal("12.34567"), "12.3457"),   # four decimals at most, rounded half up
    (Decimal("0.00004"), "0"),
    (Decimal("3"), "3"),
    (Decimal("3.0000"), "3"),
    (Decimal("0"), "0"),
    (0, "0"),
    (1.5, "1.5"),
    (Decimal("1E+1"), "10"),
])
def test_it_prints_the_fee_in_ten_thousand_yuan_without_trailing_zeros(value, text):
    assert format_value(value, decimal_cell=True) == text


def test_it_splits_narrative_into_paragraphs_and_sub_headings():
    text = ("2024年，本局全面推进政务公开。\n\n（一）主动公开\n全年主动公开信息。\r\n"
            "第二段紧接着。\n\n（二）依申请公开。本年度收到申请，均按时答复。\n\n\n")
    assert narrative_blocks(text) == [
        Block("paragraph", "2024年，本局全面推进政务公开。"),
        Block("heading", "（一）主动公开"),
        Block("paragraph", "全年主动公开信息。"),
        Block("paragraph", "第二段紧接着。"),
        Block("paragraph", "（二）依申请公开。本年度收到申请，均按时答复。", "（二）依申请公开。"),
    ]
    assert narrative_blocks("") == []
    assert narrative_blocks("(三)政府信息管理") == [Block("heading", "(三)政府信息管理")]


def test_it_names_five_formats_with_types_and_extensions():
    assert FORMATS == ("html", "docx", "pdf", "xlsx", "json")
    assert set(CONTENT_TYPES) == set(EXTENSIONS) == set(FORMATS)
    assert CONTENT_TYPES["html"] == "text/html; charset=utf-8"
    assert CONTENT_TYPES["docx"].endswith("wordprocessingml.document")
    assert CONTENT_TYPES["xlsx"].endswith("spreadsheetml.sheet")


def test_it_refuses_an_unknown_format_in_chinese():
    with pytest.raises(UnknownFormat, match="不支持的导出格式“odt”"):
        render(specimen_document(), "odt")


def test_it_names_the_download_after_the_report():
    doc = specimen_document(agency_name="某县/某局", year=2024)
    assert filename(doc, "pdf") == "某县_某局2024年政府信息公开工作年度报告.pdf"
    assert filename(specimen_document(status_label="草稿"), "docx").endswith("年度报告（草稿）.docx")


def test_the_specimen_has_a_different_number_in_every_cell_and_holds_every_identity():
    tables = specimen_tables()
    for table in af.TABLE_KEYS:
        values = [tables[table][r][c] for r, c in af.table_cells(table)]
        assert len(set(values)) == len(values), table
    assert af.check_tables(tables) == []


def test_it_renders_a_document_with_missing_cells_and_sections_without_failing():
    doc = ReportDocument(agency_name="某局", agency_code="x", year=2024, kind="department", sections={},
                         tables={"applications": {"granted": {"total": 3}}})
    for fmt in ("html", "docx", "xlsx", "json"):
        assert render(doc, fmt)
