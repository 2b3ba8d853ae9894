"""Annual-report table 二 (主动公开政府信息情况) for one agency and year.

规章 / 行政规范性文件 are counted from the catalogue (withdrawn items never count):

* 本年制发件数 (issued): 成文日期 in the year (发布日期 when there is no 成文日期);
* 本年废止件数 (abolished): 废止日期 in the year;
* 现行有效件数 (in_force): made on or before 31 December and not 废止/失效 by then (an item marked
  修改 is still in force, in its amended form).

行政许可 / 行政处罚 / 行政强制 decisions and the 行政事业性收费 amount (万元) are entered by staff
(``YearlyFigures``); an agency that publishes all its decisions in the catalogue may instead have
them counted from the items marked with a 处理决定类别. A figure nobody entered is ``None``
(blank), never 0.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, Q
from django.db.models.functions import Coalesce

from gongkai.rules.annual_format import PROACTIVE_ROWS

from .models import DecisionKind, DocType, Item, YearlyFigures


def proactive_totals(agency_ids, year: int) -> dict[str, dict[str, object]]:
    """``{ROW: {COL: value}}`` (keys of ``gongkai.rules.annual_format.PROACTIVE_ROWS``) summed over
    ``agency_ids`` — one agency's table 二 or a province's — in three queries whatever their number.

    A decision figure is blank (``None``) when no agency entered it and none counts it from the
    catalogue; the fee amount is blank when no agency entered one.
    """
    ids = list(agency_ids)
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    published = Item.objects.filter(agency_id__in=ids, status=Item.Status.PUBLISHED).annotate(
        made_on=Coalesce("signed_on", "published_on"))
    rules = {r["doc_type"]: r for r in published.filter(doc_type__in=[DocType.REGULATION, DocType.NORMATIVE])
             .values("doc_type").annotate(
                 issued=Count("pk", filter=Q(made_on__gte=start, made_on__lte=end)),
                 abolished=Count("pk", filter=Q(repealed_on__gte=start, repealed_on__lte=end)),
                 in_force=Count("pk", filter=Q(made_on__lte=end) & (Q(repealed_on__isnull=True)
                                                                    | Q(repealed_on__gt=end))))}
    out: dict[str, dict[str, object]] = {}
    for row, doc_type in (("regulations", DocType.REGULATION), ("normative_documents", DocType.NORMATIVE)):
        counts = rules.get(doc_type, {})
        out[row] = {k: counts.get(k, 0) for k in ("issued", "abolished", "in_force")}
    entered = list(YearlyFigures.objects.filter(agency_id__in=ids, year=year))
    from_catalog = [f.agency_id for f in entered if f.decisions_from_catalog]
    counted = {r["decision_kind"]: r["n"] for r in published.filter(
        agency_id__in=from_catalog, made_on__gte=start, made_on__lte=end).exclude(decision_kind="")
        .values("decision_kind").annotate(n=Count("pk"))} if from_catalog else {}
    for row in ("licensing", "punishment", "coercion"):
        values = [getattr(f, row) for f in entered if not f.decisions_from_catalog and getattr(f, row) is not None]
        value = sum(values) + counted.get(DecisionKind(row), 0)
        out[row] = {"decisions": value if (values or from_catalog) else None}
    fees = [f.fees_10k_yuan for f in entered if f.fees_10k_yuan is not None]
    out["fees"] = {"amount_10k_yuan": sum(fees, Decimal("0")) if fees else None}
    assert set(out) == {r.key for r in PROACTIVE_ROWS}
    return out


def proactive_figures(agency, year: int) -> dict[str, dict[str, object]]:
    """One agency's table 二."""
    return proactive_totals([agency.pk], year)


def published_count(agencies, year: int) -> int:
    """Items published in ``year`` by ``agencies`` (the narrative's 主动公开政府信息N条)."""
    return Item.objects.filter(agency__in=agencies, status=Item.Status.PUBLISHED, published_on__year=year).count()
