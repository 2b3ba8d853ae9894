"""What people searched for: a count per (month, agency filter, query), and how often it found
nothing. Only the normalised query and the counts are kept — no user, address, session or time
of day — so the list can be shown to staff and published (issue 18, 6)."""

from __future__ import annotations

import datetime
import re

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

MAX_QUERY = 100
_SPACE = re.compile(r"\s+")
#: a query that looks like personal data (an ID card or phone number, an e-mail address) is not kept
_PERSONAL = re.compile(r"\d{11,}|\d{6}(19|20)\d{2}\d{7}[\dXx]|@")


def normalise(query: str) -> str:
    return _SPACE.sub(" ", (query or "").strip()).lower()[:MAX_QUERY]


def record(query: str, agency_code: str = "", found: int = 0, on: datetime.date | None = None) -> None:
    """Count one search of ``query`` (empty queries and ones that look like personal data are skipped)."""
    from gongkai.catalog.models import SearchQueryCount

    q = normalise(query)
    if not q or _PERSONAL.search(q):
        return
    month = (on or timezone.localdate()).replace(day=1)
    empty = 0 if found else 1
    key = {"month": month, "agency_code": agency_code or "", "query": q}
    if SearchQueryCount.objects.filter(**key).update(searches=F("searches") + 1, empty=F("empty") + empty):
        return
    try:
        with transaction.atomic():
            SearchQueryCount.objects.create(**key, searches=1, empty=empty)
    except IntegrityError:  # created by a concurrent request meanwhile
        SearchQueryCount.objects.filter(**key).update(searches=F("searches") + 1, empty=F("empty") + empty)


def top_queries(month: datetime.date, agency_code: str | None = None, *, empty: bool = False,
                limit: int = 50) -> list[tuple[str, int, int]]:
    """(query, searches, searches that found nothing) for ``month``, most frequent first;
    ``agency_code=None`` sums over every agency filter, ``""`` is the all-agencies box alone;
    ``empty=True`` lists the queries that found nothing, by how often they did."""
    from django.db.models import Sum

    from gongkai.catalog.models import SearchQueryCount

    qs = SearchQueryCount.objects.filter(month=month.replace(day=1))
    if agency_code is not None:
        qs = qs.filter(agency_code=agency_code)
    rows = qs.values("query").annotate(n=Sum("searches"), e=Sum("empty"))
    if empty:
        rows = rows.filter(e__gt=0).order_by("-e", "-n", "query")
    else:
        rows = rows.order_by("-n", "query")
    return [(r["query"], r["n"], r["e"]) for r in rows[:limit]]
