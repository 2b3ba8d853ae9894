"""The report as JSON: the spec's keys in the spec's order, every cell a number (the fee in 万元
as a decimal number), UTF-8 without escapes."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from gongkai.rules import annual_format as af

from .document import ReportDocument, number_value

FORMAT_VERSION = "2021"


def _number(v: Any) -> Any:
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    return v


def as_data(doc: ReportDocument) -> dict:
    tables: dict[str, dict[str, dict[str, Any]]] = {}
    for table in af.TABLE_KEYS:
        rows: dict[str, dict[str, Any]] = {}
        for row, col in af.table_cells(table):
            rows.setdefault(row, {})[col] = _number(number_value(table, row, col, doc.cell(table, row, col)))
        tables[table] = rows
    return {
        "agency": doc.agency_name,
        "agency_code": doc.agency_code,
        "year": doc.year,
        "format": FORMAT_VERSION,
        "published_on": doc.published_on.isoformat() if doc.published_on else None,
        "version": doc.version,
        "sections": {s.key: doc.section_text(s.key) for s in af.SECTIONS},
        "tables": tables,
    }


def render_json(doc: ReportDocument) -> bytes:
    return (json.dumps(as_data(doc), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
