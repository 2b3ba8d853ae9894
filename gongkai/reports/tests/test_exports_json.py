"""The JSON export: the contract's keys, the spec's order, numbers, UTF-8."""

import json
from decimal import Decimal

from gongkai.reports.exports import render
from gongkai.reports.tests.specimen import specimen_document
from gongkai.rules import annual_format as af


def test_it_writes_the_contract_keys_in_order():
    data = json.loads(render(specimen_document(version=3), "json"))
    assert list(data) == ["agency", "agency_code", "year", "format", "published_on", "version", "sections", "tables"]
    assert (data["agency"], data["agency_code"], data["year"], data["format"], data["published_on"],
            data["version"]) == ("某县自然资源局", "dept-x", 2024, "2021", "2025-01-20", 3)
    assert list(data["sections"]) == [s.key for s in af.SECTIONS]
    assert list(data["tables"]) == ["proactive", "applications", "appeals"]
    for table in af.TABLE_KEYS:
        assert [(r, c) for r, cols in data["tables"][table].items() for c in cols] == af.table_cells(table)


def test_every_cell_is_a_number_and_the_fee_a_decimal_number():
    doc = specimen_document()
    data = json.loads(render(doc, "json"), parse_float=Decimal)
    for table in af.TABLE_KEYS:
        for row, col in af.table_cells(table):
            v = data["tables"][table][row][col]
            if (table, row, col) in af.DECIMAL_CELLS:
                assert v == Decimal("12.3456")
            else:
                assert type(v) is int and v == doc.tables[table][row][col]


def test_it_is_readable_utf8_and_ordered_the_same_whatever_the_input_order():
    doc = specimen_document(published_on=None)
    doc.tables = {k: dict(reversed(list(v.items()))) for k, v in reversed(list(doc.tables.items()))}
    raw = render(doc, "json")
    assert "某县自然资源局".encode() in raw and b"\\u" not in raw
    assert json.loads(raw)["published_on"] is None
    assert raw == render(specimen_document(published_on=None), "json")


def test_a_whole_fee_is_an_integer_and_a_missing_cell_null():
    doc = specimen_document()
    doc.tables["proactive"]["fees"]["amount_10k_yuan"] = Decimal("5.0000")
    del doc.tables["appeals"]["reconsideration"]["pending"]
    data = json.loads(render(doc, "json"))
    assert data["tables"]["proactive"]["fees"]["amount_10k_yuan"] == 5
    assert data["tables"]["appeals"]["reconsideration"]["pending"] is None
