"""The checker's workbook: all reports of a batch side by side (one column per file, one row per
finding count and cell), and a sheet listing every finding."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook

from gongkai.portal.spreadsheet import safe_cell, safe_row
from gongkai.reports.importers.codes import finding_name, format_name, location_text, severity_name
from gongkai.rules import annual_format as af

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _number(v):
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    return "" if v is None else safe_cell(v)


def check_workbook(files) -> bytes:
    """``files``: the checked files of a batch (``name``, ``result``, ``error``, ``errors``, ``warnings``).

    File names (ZIP member names) and everything read from the files are the uploader's text: each
    goes through ``safe_cell``, so a name like ``=HYPERLINK(…)`` is shown, never run."""
    results = [f.result or {} for f in files]
    wb = Workbook()
    ws = wb.active
    ws.title = "体检结果"
    ws.append(["项目", *safe_row(f.name for f in files)])
    # what was not detected says so (a file that could not be read has nothing: its row 无法读取 says why)
    for label, key in (("机关", "agency"), ("年度", "year")):
        ws.append([label, *safe_row((r.get(key) or "未识别") if r else "" for r in results)])
    ws.append(["格式", *[format_name(r.get("format")) if r else "" for r in results]])
    ws.append(["错误", *[f.errors for f in files]])
    ws.append(["警告", *[f.warnings for f in files]])
    ws.append(["无法读取", *safe_row(f.error for f in files)])
    for table in af.TABLE_KEYS:
        for row, col in af.table_cells(table):
            label = f"{table}.{row}.{col}（{af.row_label(table, row)}·{af.column_label(table, col)}）"
            ws.append([label, *[_number(((r.get("tables") or {}).get(table) or {}).get(row, {}).get(col))
                                for r in results]])
    findings = wb.create_sheet("问题清单")
    findings.append(["文件", "问题", "代码", "级别", "说明", "位置"])
    for f, r in zip(files, results):
        for item in r.get("findings", []):
            findings.append(safe_row([f.name, finding_name(item["code"]), item["code"], severity_name(item["severity"]),
                                      item["message"], location_text(item.get("location"))]))
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()
