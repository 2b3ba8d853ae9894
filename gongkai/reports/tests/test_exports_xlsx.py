"""The XLSX export: 表二/表三/表四 with the format's merged header cells and numbers as numbers,
and the machine-readable 数据 sheet."""

import io
from decimal import Decimal

import openpyxl
import pytest

from gongkai.reports.exports import render
from gongkai.reports.tests.specimen import specimen_document
from gongkai.reports.exports.xlsx import DATA_HEADER, FIRST_ROW
from gongkai.rules import annual_format as af


@pytest.fixture(scope="module")
def doc():
    return specimen_document()


@pytest.fixture(scope="module")
def book(doc):
    return openpyxl.load_workbook(io.BytesIO(render(doc, "xlsx")))


def merged(ws):
    return {str(r) for r in ws.merged_cells.ranges}


def test_it_has_the_three_table_sheets_and_the_data_sheet(book):
    assert book.sheetnames == ["表二", "表三", "表四", "数据"]


def test_table_three_has_the_official_merged_header(book):
    ws = book["表三"]
    assert ws["A1"].value == "表三　收到和处理政府信息公开申请情况（单位：件）"
    r = FIRST_ROW
    assert ws.cell(r, 1).value == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert {f"A{r}:C{r + 2}", f"D{r}:J{r}", f"D{r + 1}:D{r + 2}", f"E{r + 1}:I{r + 1}",
            f"J{r + 1}:J{r + 2}"} <= merged(ws)
    assert [ws.cell(r + 2, c).value for c in range(5, 10)] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert f"A{r + 5}:A{r + 26}" in merged(ws)   # 三、本年度办理结果 over 22 rows
    assert f"B{r + 7}:B{r + 14}" in merged(ws)   # （三）不予公开 over 8 rows


def test_table_three_stores_numbers_as_numbers(book, doc):
    ws = book["表三"]
    for i, row in enumerate(af.APPLICATION_ROWS):
        for j, col in enumerate(af.APPLICATION_COLUMNS):
            cell = ws.cell(FIRST_ROW + 3 + i, 4 + j)
            assert cell.data_type == "n" and cell.value == doc.tables["applications"][row.key][col.key]


def test_table_two_and_four_store_numbers(book, doc):
    ws = book["表二"]
    assert ws.cell(FIRST_ROW, 1).value == "第二十条第（一）项"
    assert f"A{FIRST_ROW}:D{FIRST_ROW}" in merged(ws)
    assert ws.cell(FIRST_ROW + 2, 2).value == doc.tables["proactive"]["regulations"]["issued"]
    fee = ws.cell(FIRST_ROW + 13, 2)
    assert fee.data_type == "n" and fee.value == pytest.approx(12.3456)
    ws = book["表四"]
    assert {f"A{FIRST_ROW}:E{FIRST_ROW}", f"F{FIRST_ROW}:O{FIRST_ROW}", f"F{FIRST_ROW + 1}:J{FIRST_ROW + 1}",
            f"K{FIRST_ROW + 1}:O{FIRST_ROW + 1}", f"A{FIRST_ROW + 1}:A{FIRST_ROW + 2}"} <= merged(ws)
    assert [ws.cell(FIRST_ROW + 3, c).value for c in range(1, 16)] == [
        doc.tables["appeals"][r.key][c.key] for r in af.APPEALS_ROWS for c in af.APPEALS_COLUMNS]
    assert ws.cell(FIRST_ROW + 5, 1).value == doc.counting_note


def test_the_data_sheet_has_one_row_per_cell(book, doc):
    ws = book["数据"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == DATA_HEADER
    body = rows[1:]
    assert len(body) == 10 + 175 + 15
    assert [(r[0], r[1], r[2]) for r in body] == [(t, r, c) for t in af.TABLE_KEYS for r, c in af.table_cells(t)]
    by_key = {(r[0], r[1], r[2]): r for r in body}
    row = by_key[("applications", "denied_state_secret", "total")]
    assert row[3:7] == ("1.属于国家秘密", "总计", doc.tables["applications"]["denied_state_secret"]["total"], "表三")
    assert row[7] == "（三）不予公开"
    assert by_key[("proactive", "fees", "amount_10k_yuan")][5] == pytest.approx(12.3456)
    assert by_key[("appeals", "litigation_direct", "pending")][3:5] == ("行政诉讼·未经复议直接起诉", "尚未审结")


def test_a_blank_cell_stays_blank(doc):
    import copy

    tables = copy.deepcopy(doc.tables)
    tables["applications"]["carried_in"]["research_institution"] = None
    tables["proactive"]["fees"]["amount_10k_yuan"] = Decimal("3")
    book = openpyxl.load_workbook(io.BytesIO(render(specimen_document(tables=tables), "xlsx")))
    assert book["表三"].cell(FIRST_ROW + 4, 6).value is None
    assert book["表二"].cell(FIRST_ROW + 13, 2).value == 3
