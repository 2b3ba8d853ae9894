"""The report's tables as XLSX (openpyxl): sheets 表二, 表三 and 表四 laid out like the format,
with its merged header cells and numbers stored as numbers; and a sheet 数据 with one row per cell
(table, row key, column key, labels, value) for machine reading."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from gongkai.rules import annual_format as af

from . import layout
from .document import ReportDocument, number_value

FONT = "仿宋"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
DATA_SHEET = "数据"
DATA_HEADER = ("表", "行键", "列键", "行名称", "列名称", "数值", "表名", "分组")
FIRST_ROW = 3   # row 1: the sheet's title, row 2: the agency and year, row 3 on: the table


def _title(ws, grid: layout.Grid, doc: ReportDocument) -> None:
    last = get_column_letter(grid.n_cols)
    ws.merge_cells(f"A1:{last}1")
    ws["A1"] = grid.caption
    ws["A1"].font = Font(name=FONT, size=14, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(f"A2:{last}2")
    note = f"{doc.agency_name}　{doc.year}年度" + (f"　{doc.draft_note}" if doc.draft_note else "")
    ws["A2"] = note
    ws["A2"].font = Font(name=FONT, size=10)
    ws["A2"].alignment = Alignment(horizontal="center")


def table_sheet(wb: Workbook, grid: layout.Grid, doc: ReportDocument):
    ws = wb.create_sheet(layout.SHEET_NAMES[grid.table])
    _title(ws, grid, doc)
    base = FIRST_ROW
    for c in grid.cells:
        top, left = base + c.row, 1 + c.col
        cell = ws.cell(row=top, column=left)
        if c.kind == "value":
            table, row, col = c.key
            value = number_value(table, row, col, c.value)
            cell.value = value
            if (table, row, col) in af.DECIMAL_CELLS:
                cell.number_format = "0.####" if value is not None and value != int(value) else "0"
            else:
                cell.number_format = "0"
        else:
            cell.value = c.text
        bold = c.kind in ("title", "col")
        cell.font = Font(name=FONT, size=10, bold=bold)
        horizontal = "left" if c.kind == "row" and c.rowspan == 1 else "center"
        cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
        if c.rowspan > 1 or c.colspan > 1:
            ws.merge_cells(start_row=top, start_column=left, end_row=base + c.last_row, end_column=1 + c.last_col)
        for r in range(top, base + c.last_row + 1):
            for k in range(left, 2 + c.last_col):
                ws.cell(row=r, column=k).border = BOX
    if grid.table == "appeals" and doc.counting_note.strip():
        row = base + grid.n_rows + 1
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=grid.n_cols)
        note = ws.cell(row=row, column=1, value=doc.counting_note.strip())
        note.font = Font(name=FONT, size=10)
        note.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = 30
    for i, w in enumerate(grid.widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(6.0, w * 5.2)
    if grid.header_rows:
        ws.print_title_rows = f"{base}:{base + grid.header_rows - 1}"
        ws.freeze_panes = ws.cell(row=base + grid.header_rows, column=1)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if grid.n_cols > 10 else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return ws


def data_rows(doc: ReportDocument) -> list[tuple]:
    """One row per cell of the three tables, in the format's order."""
    groups = {r.key: r.group or "" for r in af.APPLICATION_ROWS}
    articles = {r.key: r.article or "" for r in af.PROACTIVE_ROWS}
    out = []
    for table in af.TABLE_KEYS:
        for row, col in af.table_cells(table):
            group = {"proactive": articles, "applications": groups}.get(table, {}).get(row, "")
            out.append((table, row, col, layout.official_label(af.row_label(table, row)),
                        af.column_label(table, col), number_value(table, row, col, doc.cell(table, row, col)),
                        layout.SHEET_NAMES[table], group))
    return out


def render_xlsx(doc: ReportDocument) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.title = doc.title
    wb.properties.creator = doc.agency_name
    wb.properties.language = "zh-CN"
    for grid in layout.grids(doc).values():
        table_sheet(wb, grid, doc)
    ws = wb.create_sheet(DATA_SHEET)
    ws.append(DATA_HEADER)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in data_rows(doc):
        ws.append(row)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(DATA_HEADER))}{ws.max_row}"
    for letter, width in zip("ABCDEFGH", (14, 30, 18, 44, 24, 10, 8, 20)):
        ws.column_dimensions[letter].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
