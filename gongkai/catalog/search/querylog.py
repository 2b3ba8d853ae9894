"""What people searched for: a count per (month, agency filter, query), and how often it found
nothing. Only the normalised query and the counts are kept — no user, address, session or time
of day — so the list can be shown to staff and published (issue 18, 6)."""

from __future__ import annotations

import datetime
import re

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from gongkai.rules import personal_data

MAX_QUERY = 100
_SPACE = re.compile(r"\s+")
#: besides what the personal-data screen finds: any run of 11 digits or more (a mistyped 身份证号
#: fails its check character but is still somebody's) and anything with an @
_NUMBER_OR_ADDRESS = re.compile(r"\d{11,}|@")


def normalise(query: str) -> str:
    return _SPACE.sub(" ", (query or "").strip()).lower()[:MAX_QUERY]


def holds_personal_data(query: str) -> bool:
    """The query holds an ID card, phone or bank card number or an e-mail address (as the
    publication screen ``rules.personal_data`` finds them, full-width digits and separators
    included), or a long number: such a query is not kept at all."""
    shadow, _ = personal_data.shadow(query, squeeze=True)
    return bool(personal_data.find(query) or _NUMBER_OR_ADDRESS.search(shadow))


def record(query: str, agency_code: str = "", found: int = 0, on: datetime.date | None = None) -> None:
    """Count one search of ``query`` (empty queries and ones holding personal data are skipped)."""
    from gongkai.catalog.models import SearchQueryCount

    q = normalise(query)
    if not q or holds_personal_data(q):
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


#: on a results page: “<found>;<agency code>”, so that the page served again from the page cache
#: (``portal.cache``, the view does not run) is counted again (:func:`count_cached`)
HEADER = "X-Gongkai-Search"


def record_page(response, query: str, agency_code: str, found: int) -> None:
    """Count the search shown by ``response``, and mark the response for :func:`count_cached`."""
    record(query, agency_code, found)
    response[HEADER] = f"{int(found)};{agency_code or ''}"


def count_cached(request, response) -> None:
    """A results page served from the page cache: count its search as the view would have."""
    mark = response.get(HEADER)
    if mark is None:
        return
    found, _, agency_code = mark.partition(";")
    record(request.GET.get("q", ""), agency_code, int(found) if found.isdigit() else 0)


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
