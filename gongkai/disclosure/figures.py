"""The annual report's figures of 依申请公开 (for ``reports/builder.py``) over the agencies a report
covers: table 三's cells (``HandlingQuerySet.table_three``; the report fills the totals), the
month-by-month receipts for the chart, and the narrative's counts."""

from __future__ import annotations

from django.db.models import Count, F, Sum
from django.db.models.functions import ExtractMonth

from .models import Application, ApplicationEvent, EventType, Handling


def table_three(agencies, year: int) -> dict[str, dict[str, int]]:
    """``{row: {applicant_type: n}}`` for new_received, carried_in, the 21 outcomes and carried_out."""
    return Handling.objects.for_agencies(agencies).table_three(year)


def monthly_received(agencies, year: int) -> dict[int, int]:
    """``{1: n, …, 12: n}``: handlings started in each month of ``year`` (本年新收, by month)."""
    rows = (Handling.objects.for_agencies(agencies).received_in(year)
            .annotate(m=ExtractMonth("started_on")).values("m").annotate(n=Count("pk")))
    out = dict.fromkeys(range(1, 13), 0)
    for r in rows:
        out[r["m"]] = r["n"]
    return out


def on_time(agencies, year: int) -> dict[str, int]:
    """``{"decided": n, "on_time": m}``: applications decided in ``year`` that had a due date, and
    those of them decided on or before it."""
    decided = Application.objects.filter(agency__in=agencies, decided_on__year=year, due_on__isnull=False)
    return {"decided": decided.count(), "on_time": decided.filter(decided_on__lte=F("due_on")).count()}


def fees(agencies, year: int) -> dict[str, int]:
    """``{"count": n, "yuan": total, "notices": m, "lapsed": k}``: 信息处理费 paid in ``year``,
    their sum in 元, the fee notices sent in ``year`` and the notices that lapsed unpaid in it."""
    events = ApplicationEvent.objects.filter(application__agency__in=agencies, date__year=year)
    paid = events.filter(type=EventType.FEE_PAID).aggregate(n=Count("pk"), total=Sum("application__fee_amount"))
    return {"count": paid["n"] or 0, "yuan": paid["total"] or 0,
            "notices": events.filter(type=EventType.FEE_NOTIFIED).count(),
            "lapsed": events.filter(type=EventType.FEE_LAPSED).count()}
