"""The three statistical tables as the 2021 format lays them out: a grid of cells with their
row/column spans, used alike by the HTML, DOCX and XLSX exports so they cannot drift apart.

Positions are absolute (``row``, ``col`` of the top-left corner). Every header cell has an
``id``; every value cell lists the ids of the header cells that label it (``headers``), which is
what the HTML needs for a complex table and what the machine-readable exports need for labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gongkai.rules import annual_format as af

from .document import ReportDocument, format_value, is_decimal_cell

APPLICATIONS_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANTS_HEADING = "申请人情况"
RESULTS_GROUP = "三、本年度办理结果"
INFO_CONTENT = "信息内容"
RECONSIDERATION = "行政复议"
LITIGATION = "行政诉讼"
LITIGATION_DIRECT = "未经复议直接起诉"
LITIGATION_AFTER = "复议后起诉"

CAPTIONS = {
    "proactive": "表二　主动公开政府信息情况",
    "applications": "表三　收到和处理政府信息公开申请情况（单位：件）",
    "appeals": "表四　政府信息公开行政复议、行政诉讼情况（单位：件）",
}
SHEET_NAMES = {"proactive": "表二", "applications": "表三", "appeals": "表四"}


@dataclass
class Cell:
    row: int
    col: int
    text: str
    kind: str                    # "note" | "title" | "col" | "row" | "value"
    rowspan: int = 1
    colspan: int = 1
    id: str = ""
    scope: str = ""              # "col" | "colgroup" | "row" | "rowgroup" for header cells
    headers: tuple[str, ...] = ()
    key: tuple[str, str, str] | None = None   # (table, row, column) of a value cell
    value: Any = None

    @property
    def is_header(self) -> bool:
        return self.kind in ("title", "col", "row")

    @property
    def last_row(self) -> int:
        return self.row + self.rowspan - 1

    @property
    def last_col(self) -> int:
        return self.col + self.colspan - 1


@dataclass
class Grid:
    table: str
    caption: str
    n_rows: int
    n_cols: int
    header_rows: int             # rows repeated at the top of every page
    cells: list[Cell] = field(default_factory=list)
    widths: tuple[float, ...] = ()  # relative column widths

    def rows(self) -> list[list[Cell]]:
        out: list[list[Cell]] = [[] for _ in range(self.n_rows)]
        for c in sorted(self.cells, key=lambda c: (c.row, c.col)):
            out[c.row].append(c)
        return out

    def values(self) -> list[Cell]:
        return [c for c in self.cells if c.kind == "value"]

    def label(self, cell_id: str) -> str:
        for c in self.cells:
            if c.id == cell_id:
                return c.text
        raise KeyError(cell_id)


def official_label(label: str) -> str:
    """The spec writes “1. 属于国家秘密”; the format prints “1.属于国家秘密”."""
    import re

    return re.sub(r"^(\d)\.\s+", r"\1.", label)


class _Builder:
    def __init__(self, grid: Grid, prefix: str):
        self.grid = grid
        self.prefix = prefix

    def id(self, *parts: str) -> str:
        return "-".join((self.prefix, self.grid.table, *parts))

    def add(self, row, col, text, kind, *, rowspan=1, colspan=1, id="", scope="", headers=(), key=None,
            value=None) -> Cell:
        cell = Cell(row, col, text, kind, rowspan, colspan, id, scope, tuple(headers), key, value)
        self.grid.cells.append(cell)
        return cell

    def value(self, doc: ReportDocument, row, col, key, headers, colspan=1) -> Cell:
        table, r, c = key
        v = doc.cell(table, r, c)
        text = format_value(v, decimal_cell=is_decimal_cell(table, r, c))
        return self.add(row, col, text, "value", colspan=colspan, headers=headers, key=key, value=v)


def proactive_grid(doc: ReportDocument, prefix: str = "ar") -> Grid:
    """Table 二: the four blocks of 第二十条 as one table with title rows spanning all columns."""
    blocks: list[tuple[str, list[af.Row]]] = []
    for r in af.PROACTIVE_ROWS:
        if not blocks or blocks[-1][0] != r.article:
            blocks.append((r.article, []))
        blocks[-1][1].append(r)
    n_rows = sum(2 + len(rows) for _, rows in blocks)
    grid = Grid("proactive", CAPTIONS["proactive"], n_rows, 4, 0, widths=(3.2, 2, 2, 2))
    b = _Builder(grid, prefix)
    row = 0
    for i, (article, rows) in enumerate(blocks, start=1):
        block_id = b.id(f"b{i}")
        b.add(row, 0, article, "title", colspan=4, id=block_id, scope="colgroup")
        row += 1
        content_id = b.id(f"b{i}", "content")
        b.add(row, 0, INFO_CONTENT, "col", id=content_id, scope="col")
        columns = rows[0].columns
        col_ids = {}
        if len(columns) == 3:
            for j, c in enumerate(columns, start=1):
                col_ids[c] = b.id(f"b{i}", c)
                b.add(row, j, af.PROACTIVE_COLUMN_LABELS[c], "col", id=col_ids[c], scope="col")
        else:
            c = columns[0]
            col_ids[c] = b.id(f"b{i}", c)
            b.add(row, 1, af.PROACTIVE_COLUMN_LABELS[c], "col", colspan=3, id=col_ids[c], scope="col")
        row += 1
        for r in rows:
            row_id = b.id(r.key)
            b.add(row, 0, r.label, "row", id=row_id, scope="row")
            if len(r.columns) == 3:
                for j, c in enumerate(r.columns, start=1):
                    b.value(doc, row, j, ("proactive", r.key, c), (block_id, row_id, col_ids[c]))
            else:
                c = r.columns[0]
                b.value(doc, row, 1, ("proactive", r.key, c), (block_id, row_id, col_ids[c]), colspan=3)
            row += 1
    return grid


def applications_grid(doc: ReportDocument, prefix: str = "ar") -> Grid:
    """Table 三 exactly as the format prints it: the 勾稽关系 note over the three label columns,
    申请人情况 over the seven number columns, and the group labels spanning their rows."""
    rows = af.APPLICATION_ROWS
    grid = Grid("applications", CAPTIONS["applications"], 3 + len(rows), 10, 3,
                widths=(1.3, 1.9, 4.7) + (1.12,) * 7)
    b = _Builder(grid, prefix)
    b.add(0, 0, APPLICATIONS_NOTE, "note", rowspan=3, colspan=3)
    applicants_id = b.id("applicants")
    b.add(0, 3, APPLICANTS_HEADING, "title", colspan=7, id=applicants_id, scope="colgroup")
    col_ids: dict[str, tuple[str, ...]] = {}
    group_id = b.id("org")
    org_cols = [c for c in af.APPLICATION_COLUMNS if c.group]
    first_org = af.APPLICATION_COLUMNS.index(org_cols[0])
    for j, c in enumerate(af.APPLICATION_COLUMNS):
        cid = b.id(c.key)
        if c.group:
            if j == first_org:
                b.add(1, 3 + j, c.group, "title", colspan=len(org_cols), id=group_id, scope="colgroup")
            b.add(2, 3 + j, c.label, "col", id=cid, scope="col")
            col_ids[c.key] = (applicants_id, group_id, cid)
        else:
            b.add(1, 3 + j, c.label, "col", rowspan=2, id=cid, scope="col")
            col_ids[c.key] = (applicants_id, cid)
    # row groups: "三、本年度办理结果" spans granted … processed_total; (三)…(六) their leaves
    results = [r for r in rows if r.group is not None]
    sub_groups: dict[str, list[af.Row]] = {}
    for r in results:
        if r.group != RESULTS_GROUP:
            sub_groups.setdefault(r.group, []).append(r)
    results_id = b.id("results")
    for i, r in enumerate(rows):
        row = 3 + i
        row_id = b.id(r.key)
        label = official_label(r.label)
        heads: tuple[str, ...]
        if r.group is None:
            b.add(row, 0, label, "row", colspan=3, id=row_id, scope="row")
            heads = (row_id,)
        else:
            if r is results[0]:
                b.add(row, 0, RESULTS_GROUP, "row", rowspan=len(results), id=results_id, scope="rowgroup")
            if r.group == RESULTS_GROUP:
                b.add(row, 1, label, "row", colspan=2, id=row_id, scope="row")
                heads = (results_id, row_id)
            else:
                members = sub_groups[r.group]
                sub_id = b.id("g", members[0].key)
                if r is members[0]:
                    b.add(row, 1, r.group, "row", rowspan=len(members), id=sub_id, scope="rowgroup")
                b.add(row, 2, label, "row", id=row_id, scope="row")
                heads = (results_id, sub_id, row_id)
        for j, c in enumerate(af.APPLICATION_COLUMNS):
            b.value(doc, row, 3 + j, ("applications", r.key, c.key), heads + col_ids[c.key])
    return grid


def appeals_grid(doc: ReportDocument, prefix: str = "ar") -> Grid:
    """Table 四: 行政复议 (5) | 行政诉讼 (10: 未经复议直接起诉 5, 复议后起诉 5); 15 cells in one row."""
    grid = Grid("appeals", CAPTIONS["appeals"], 4, 15, 3, widths=(1,) * 15)
    b = _Builder(grid, prefix)
    recon_id, lit_id = b.id("reconsideration"), b.id("litigation")
    b.add(0, 0, RECONSIDERATION, "title", colspan=5, id=recon_id, scope="colgroup")
    b.add(0, 5, LITIGATION, "title", colspan=10, id=lit_id, scope="colgroup")
    groups = {
        "reconsideration": (recon_id,),
        "litigation_direct": (lit_id, b.id("litigation_direct")),
        "litigation_after_reconsideration": (lit_id, b.id("litigation_after_reconsideration")),
    }
    b.add(1, 5, LITIGATION_DIRECT, "title", colspan=5, id=groups["litigation_direct"][1], scope="colgroup")
    b.add(1, 10, LITIGATION_AFTER, "title", colspan=5, id=groups["litigation_after_reconsideration"][1],
          scope="colgroup")
    col = 0
    for r in af.APPEALS_ROWS:
        for c in af.APPEALS_COLUMNS:
            cid = b.id(r.key, c.key)
            if r.key == "reconsideration":
                b.add(1, col, c.label, "col", rowspan=2, id=cid, scope="col")
            else:
                b.add(2, col, c.label, "col", id=cid, scope="col")
            b.value(doc, 3, col, ("appeals", r.key, c.key), groups[r.key] + (cid,))
            col += 1
    return grid


def grids(doc: ReportDocument, prefix: str = "ar") -> dict[str, Grid]:
    return {"proactive": proactive_grid(doc, prefix), "applications": applications_grid(doc, prefix),
            "appeals": appeals_grid(doc, prefix)}
