"""The one layout model behind the HTML, DOCX and XLSX tables."""

import pytest

from gongkai.reports.exports import layout
from gongkai.reports.tests.specimen import specimen_document
from gongkai.rules import annual_format as af


@pytest.fixture(scope="module")
def grids():
    return layout.grids(specimen_document())


@pytest.mark.parametrize("table, shape", [("proactive", (14, 4)), ("applications", (28, 10)), ("appeals", (4, 15))])
def test_the_cells_tile_the_table_exactly_once(grids, table, shape):
    grid = grids[table]
    assert (grid.n_rows, grid.n_cols) == shape
    seen = {}
    for c in grid.cells:
        for r in range(c.row, c.last_row + 1):
            for k in range(c.col, c.last_col + 1):
                assert (r, k) not in seen, (table, r, k, c.text, seen.get((r, k)))
                seen[(r, k)] = c.text
    assert len(seen) == grid.n_rows * grid.n_cols
    assert len(grid.widths) == grid.n_cols


@pytest.mark.parametrize("table", af.TABLE_KEYS)
def test_every_cell_of_the_spec_appears_once_as_a_value(grids, table):
    keys = [c.key for c in grids[table].values()]
    assert keys == [(table, r, c) for r, c in af.table_cells(table)]


def test_every_value_is_labelled_by_its_row_and_column(grids):
    g = grids["applications"]
    cell = next(c for c in g.values() if c.key == ("applications", "rejected_duplicate", "research_institution"))
    labels = [g.label(h) for h in cell.headers]
    assert labels == ["三、本年度办理结果", "（五）不予处理", "2.重复申请", "申请人情况", "法人或其他组织", "科研机构"]
    g = grids["appeals"]
    cell = next(c for c in g.values() if c.key == ("appeals", "litigation_after_reconsideration", "total"))
    assert [g.label(h) for h in cell.headers] == ["行政诉讼", "复议后起诉", "总计"]
    g = grids["proactive"]
    cell = next(c for c in g.values() if c.key == ("proactive", "coercion", "decisions"))
    assert [g.label(h) for h in cell.headers] == ["第二十条第（六）项", "行政强制", "本年处理决定数量"]


def test_header_ids_are_unique(grids):
    ids = [c.id for g in grids.values() for c in g.cells if c.id]
    assert len(ids) == len(set(ids))
