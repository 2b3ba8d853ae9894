"""Plain text as real extraction leaves it: each garble of the issue has a test here. The truth is
the hand-written TABLES_A the report is rendered from (generate.py), never the parser's output."""

import copy
import datetime as dt
from decimal import Decimal

import pytest

from gongkai.reports.importers import check_file
from gongkai.reports.importers.normalize import norm, parse_number, tokenize_cell
from gongkai.reports.tests.generate import TABLES_A, Report, render_text, report_a


def parse(text: str, name: str = "report.txt"):
    return check_file(text.encode("utf-8"), filename=name)


def as_json(tables):
    out = {}
    for t, rows in tables.items():
        out[t] = {}
        for r, cols in rows.items():
            out[t][r] = {c: (float(v) if isinstance(v, Decimal) else v) for c, v in cols.items()}
    return out


def assert_tables(result, expected):
    got = result.as_dict()["tables"]
    want = as_json(expected)
    for table, rows in want.items():
        for row, cols in rows.items():
            assert got.get(table, {}).get(row) == cols, (table, row)
    for table, rows in got.items():
        for row, cols in rows.items():
            assert set(cols) == set(want[table][row]), (table, row)


@pytest.mark.parametrize("layout", ["tabs", "spaces", "pipes"])
def test_it_reads_a_clean_report_in_every_layout(layout):
    text, shown = render_text(report_a(), layout)
    result = parse(text)
    assert_tables(result, TABLES_A)
    assert result.agency == "某县市场监督管理局"
    assert result.year == 2023
    assert result.published_on == dt.date(2024, 1, 20)
    assert all(result.sections.values())
    assert result.exit_code == 0, [f.as_dict() for f in result.findings]


def test_it_reads_tables_flattened_to_tabs_with_merged_label_cells():
    text, _ = render_text(report_a(), "tabs")
    # the applications rows are label + two merged label cells + 7 values + a trailing position
    line = next(ln for ln in text.splitlines() if ln.startswith("一、本年新收"))
    assert line.split("\t") == ["一、本年新收政府信息公开申请数量", "", "", "12", "1", "0", "0", "1", "0", "14", ""]
    assert_tables(parse(text), TABLES_A)


def test_it_reads_blank_cells_in_tabs_as_null_and_zero_as_zero():
    report = report_a()
    report.tables["applications"]["new_received"]["research_institution"] = None
    report.tables["appeals"]["litigation_after_reconsideration"]["upheld"] = None
    text, _ = render_text(report, "tabs")
    result = parse(text)
    assert result.tables["applications"]["new_received"]["research_institution"] is None
    assert result.tables["applications"]["new_received"]["social_welfare_org"] == 0
    assert result.tables["appeals"]["litigation_after_reconsideration"]["upheld"] is None


@pytest.mark.parametrize("marker", ["/", "-", "—", "无"])
def test_it_reads_blank_markers_as_null(marker):
    text, _ = render_text(report_a(), "spaces")
    text = text.replace("二、上年结转政府信息公开申请数量 2 0 0 0 0 0 2",
                        f"二、上年结转政府信息公开申请数量 2 {marker} 0 0 0 0 2")
    result = parse(text)
    assert result.tables["applications"]["carried_in"]["commercial_enterprise"] is None
    assert result.tables["applications"]["carried_in"]["natural_person"] == 2


def test_it_reads_one_cell_per_line_between_pipes():
    text, _ = render_text(report_a(), "pipes")
    assert "| 一、本年新收政府信息公开申请数量 |\n| 12 |\n| 1 |" in text
    assert_tables(parse(text), TABLES_A)


@pytest.mark.parametrize("layout", ["tabs", "spaces", "pipes"])
def test_it_reads_header_words_split_one_character_per_line(layout):
    text, _ = render_text(report_a(), layout, ("split_header",))
    assert "\n结\n果\n维\n持\n" in text
    assert_tables(parse(text), TABLES_A)


@pytest.mark.parametrize("layout", ["tabs", "spaces"])
def test_it_splits_cells_run_together(layout):
    text, _ = render_text(report_a(), layout, ("run_together",))
    assert "规章000" in text
    result = parse(text)
    assert_tables(result, TABLES_A)
    assert result.tables["proactive"]["regulations"] == {"issued": 0, "abolished": 0, "in_force": 0}
    assert any(f.code == "table.cells_run_together" for f in result.findings)


@pytest.mark.parametrize("layout", ["tabs", "spaces", "pipes"])
def test_it_leaves_out_trailing_cells_that_are_not_shown(layout):
    text, shown = render_text(report_a(), layout, ("trailing_missing",), seed=3)
    assert shown != TABLES_A  # the garble dropped some cells
    result = parse(text)
    assert_tables(result, shown)
    assert any(f.code == "table.row_short" for f in result.findings)


def test_it_reads_a_row_missing_its_trailing_cells_by_hand():
    text = _hand_written_rows("一、本年新收政府信息公开申请数量 3 0 0\n")
    result = parse(text)
    assert result.tables["applications"]["new_received"] == {
        "natural_person": 3, "commercial_enterprise": 0, "research_institution": 0}


@pytest.mark.parametrize("layout", ["tabs", "spaces", "pipes"])
def test_it_reads_full_width_digits_and_brackets(layout):
    text, _ = render_text(report_a(), layout, ("fullwidth",))
    assert "１２" in text and "（一）" in text
    assert_tables(parse(text), TABLES_A)


@pytest.mark.parametrize("layout", ["tabs", "spaces", "pipes"])
def test_it_ignores_page_headers_footers_and_numbers_between_rows(layout):
    text, _ = render_text(report_a(), layout, ("page_breaks",))
    assert "第 1 页 共 9 页" in text or "- 1 -" in text or "— 1 —" in text
    result = parse(text)
    assert_tables(result, TABLES_A)
    assert result.agency == "某县市场监督管理局"


@pytest.mark.parametrize("layout", ["tabs", "spaces", "pipes"])
def test_it_reads_traditional_characters(layout):
    text, _ = render_text(report_a(), layout, ("traditional",))
    assert "報告" in text and "結轉" in text
    result = parse(text)
    assert_tables(result, TABLES_A)
    assert result.year == 2023


@pytest.mark.parametrize("layout", ["tabs", "spaces", "pipes"])
def test_it_accepts_numbering_variants(layout):
    text, _ = render_text(report_a(), layout, ("numbering",))
    assert "(一)" in text and "1、属于国家秘密" in text
    assert_tables(parse(text), TABLES_A)


def test_it_reads_thousands_separators():
    report = report_a()
    report.tables["applications"]["new_received"]["natural_person"] = 1212
    report.tables["applications"]["new_received"]["total"] = 1214
    text, _ = render_text(report, "spaces", ("thousands",))
    assert "1,212" in text and "1,286" in text
    result = parse(text)
    assert result.tables["applications"]["new_received"]["natural_person"] == 1212
    assert result.tables["proactive"]["licensing"]["decisions"] == 1286


@pytest.mark.parametrize("layout", ["tabs", "spaces", "pipes"])
def test_it_joins_rows_cut_off_at_the_end_of_a_page(layout):
    for seed in range(6):
        text, _ = render_text(report_a(), layout, ("cut_rows", "page_breaks"), seed=seed)
        assert_tables(parse(text), TABLES_A)


def test_it_joins_a_row_cut_off_at_the_end_of_a_page_by_hand():
    text = _hand_written_rows(
        "一、本年新收政府信息公开申请数量 3 0 0\n- 2 -\n某局2023年度政府信息公开工作年度报告\n0 0 0 3\n"
        "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n")
    result = parse(text)
    assert result.tables["applications"]["new_received"] == dict(
        natural_person=3, commercial_enterprise=0, research_institution=0, social_welfare_org=0,
        legal_service_org=0, other_org=0, total=3)


@pytest.mark.parametrize("garbles", [
    ("split_header", "page_breaks", "fullwidth", "traditional"),
    ("numbering", "thousands", "cut_rows", "variant_headings"),
    ("run_together", "page_breaks", "numbering", "fullwidth"),
])
@pytest.mark.parametrize("layout", ["tabs", "spaces", "pipes"])
def test_it_copes_with_garbles_combined(layout, garbles):
    if layout == "pipes" and "run_together" in garbles:
        garbles = tuple(g for g in garbles if g != "run_together")
    text, shown = render_text(report_a(), layout, garbles, seed=7)
    assert_tables(parse(text), shown)


def test_it_accepts_the_heading_variants_of_real_reports():
    text, _ = render_text(report_a(), "tabs", ("variant_headings",))
    assert "一、工作开展情况" in text and "其他需要报告的事项：" in text
    result = parse(text)
    assert all(result.sections.values())
    assert not any(f.code == "section.missing" for f in result.findings)


def test_it_reads_gbk_text():
    text, _ = render_text(report_a(), "tabs")
    result = check_file(text.encode("gbk"), filename="report.txt")
    assert_tables(result, TABLES_A)
    assert result.agency == "某县市场监督管理局"


def test_it_reads_gb18030_text_with_crlf_line_ends():
    text, _ = render_text(report_a(), "spaces")
    result = check_file(text.replace("\n", "\r\n").encode("gb18030"), filename="report.txt")
    assert_tables(result, TABLES_A)


def test_it_normalises_full_width_and_traditional_characters():
    assert norm("（一）予以公開　１２") == "(一)予以公开 12"
    assert parse_number("1,234") == 1234
    assert parse_number("0.35") == Decimal("0.35")
    assert [t.kind for t in tokenize_cell("规章000")] == ["text", "num"]
    assert [t.kind for t in tokenize_cell("1. 属于国家秘密")] == ["text"]
    assert [t.kind for t in tokenize_cell("无法提供")] == ["text"]
    assert [t.kind for t in tokenize_cell("无")] == ["null"]


def _hand_written_rows(rows: str) -> str:
    return ("某县市场监督管理局2023年度政府信息公开工作年度报告\n一、总体情况\n本年度工作平稳。\n"
            "三、收到和处理政府信息公开申请情况\n" + rows +
            "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n"
            "一是问题甲需要改进；二是问题乙需要改进，下一步将建立台账并按季度检查落实情况。\n"
            "六、其他需要报告的事项\n无。\n")


def test_it_does_not_take_a_sentence_for_a_table_row():
    report = report_a(overview="本年度予以公开3件，行政许可办理量同比增长。全年共收到政府信息公开申请14件。")
    text, _ = render_text(report, "spaces")
    result = parse(text)
    assert result.tables["applications"]["granted"]["total"] == 6
    assert not any(f.code == "narrative.contradicts_table" and f.location.get("row") == "new_received"
                   for f in result.findings)


def test_it_treats_a_report_in_a_different_section_order_as_out_of_order():
    report = report_a(sections=("overview", "applications", "proactive", "appeals", "problems", "other"))
    text, _ = render_text(report, "spaces")
    result = parse(text)
    assert_tables(result, TABLES_A)
    assert any(f.code == "section.out_of_order" for f in result.findings)


def test_it_reports_a_missing_section_and_table():
    report = report_a(sections=("overview", "proactive", "applications", "problems", "other"))
    result = parse(render_text(report, "tabs")[0])
    errors = {(f.code, f.location.get("section")) for f in result.findings if f.severity == "error"}
    assert ("section.missing", "appeals") in errors
    assert ("table.missing", "appeals") in errors
    assert result.exit_code == 1


def test_it_reports_a_row_the_table_lacks():
    text, _ = render_text(report_a(), "spaces")
    text = "\n".join(ln for ln in text.splitlines() if not ln.startswith("3.补正后"))
    result = parse(text)
    missing = [f for f in result.findings if f.code == "table.row_missing"]
    assert missing and missing[0].location["rows"] == ["unavailable_unclear"]


def test_it_keeps_tables_independent_of_the_order_of_blank_positions():
    report = report_a()
    tables = copy.deepcopy(report.tables)
    for row in tables["applications"].values():
        row["research_institution"] = None
    report.tables = tables
    text, _ = render_text(report, "tabs")
    result = parse(text)
    assert all(row["research_institution"] is None for row in result.tables["applications"].values())
    assert result.tables["applications"]["granted"]["natural_person"] == 5
    assert result.tables["applications"]["granted"]["total"] == 6


def test_it_reads_a_report_without_the_date_line():
    result = parse(render_text(Report(agency="某县人民政府办公室", year=2023, tables=copy.deepcopy(TABLES_A)),
                               "spaces")[0])
    assert result.published_on is None
    assert any(f.code == "report.date_unknown" and f.severity == "info" for f in result.findings)
