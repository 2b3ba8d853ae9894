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

from django.db.models import Q
from django.db.models.functions import Coalesce

from gongkai.rules.annual_format import PROACTIVE_ROWS

from .models import DecisionKind, DocType, Item, YearlyFigures


def _rules(agency, doc_type: str):
    return (Item.objects.filter(agency=agency, doc_type=doc_type,
                                status__in=[Item.Status.PUBLISHED])
            .annotate(made_on=Coalesce("signed_on", "published_on")))


def rule_counts(agency, year: int, doc_type: str) -> dict[str, int]:
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    qs = _rules(agency, doc_type)
    return {
        "issued": qs.filter(made_on__gte=start, made_on__lte=end).count(),
        "abolished": qs.filter(repealed_on__gte=start, repealed_on__lte=end).count(),
        "in_force": qs.filter(made_on__lte=end).filter(Q(repealed_on__isnull=True) | Q(repealed_on__gt=end)).count(),
    }


def decision_count(agency, year: int, kind: str) -> int:
    return (Item.objects.filter(agency=agency, decision_kind=kind, status=Item.Status.PUBLISHED)
            .annotate(made_on=Coalesce("signed_on", "published_on"))
            .filter(made_on__year=year).count())


def proactive_figures(agency, year: int) -> dict[str, dict[str, object]]:
    """``{ROW: {COL: value}}`` with the keys of ``gongkai.rules.annual_format.PROACTIVE_ROWS``."""
    entered = YearlyFigures.objects.filter(agency=agency, year=year).first()
    out: dict[str, dict[str, object]] = {
        "regulations": rule_counts(agency, year, DocType.REGULATION),
        "normative_documents": rule_counts(agency, year, DocType.NORMATIVE),
    }
    for row in ("licensing", "punishment", "coercion"):
        if entered is not None and entered.decisions_from_catalog:
            value = decision_count(agency, year, DecisionKind(row))
        else:
            value = getattr(entered, row) if entered is not None else None
        out[row] = {"decisions": value}
    out["fees"] = {"amount_10k_yuan": entered.fees_10k_yuan if entered is not None else None}
    assert set(out) == {r.key for r in PROACTIVE_ROWS}
    return out
