"""Table 四 of the annual report, computed from the ledger."""

from __future__ import annotations

from datetime import date

from gongkai.rules.annual_format import APPEAL_RESULTS, APPEALS_ROWS

from .models import Appeal


def appeals_table(agencies, year: int) -> dict[str, dict[str, int]]:
    """``{row: {upheld, corrected, other, pending, total}}`` for cases filed in ``year``,
    each with its result as it stood on 31 December of that year."""
    table = {r.key: {c: 0 for c in (*APPEAL_RESULTS, "total")} for r in APPEALS_ROWS}
    year_end = date(year, 12, 31)
    for appeal in Appeal.objects.counted_in(year).for_agencies(agencies).only(
            "kind", "result", "concluded_on", "filed_on"):
        row = table[appeal.kind]
        row[appeal.result_on(year_end)] += 1
        row["total"] += 1
    return table
