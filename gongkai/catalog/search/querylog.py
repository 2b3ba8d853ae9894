"""What people searched for: a count per (month, agency filter, query), and how often it found
nothing. Only the normalised query and the counts are kept — no user, address, session or time
of day — so the list can be shown to staff and published (issue 18, 6)."""

from __future__ import annotations

import datetime
import re
import unicodedata

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
    """One spelling per query: spaces squeezed, lower case, full-width letters and digits made
    half-width, and a 文号 in its 〔〕 form — 互自然资规[2023]1号, （2023）, 2023年 are one query."""
    from .site import canonical_doc_number

    text = _SPACE.sub(" ", unicodedata.normalize("NFKC", query or "").strip()).lower()
    return canonical_doc_number(text)[:MAX_QUERY]


def holds_personal_data(query: str) -> bool:
    """The query holds an ID card, phone or bank card number or an e-mail address (as the
    publication screen ``rules.personal_data`` finds them, full-width digits and separators
    included), or a long number: such a query is not kept at all."""
    shadow, _ = personal_data.shadow(query, squeeze=True)
    return bool(personal_data.find(query) or _NUMBER_OR_ADDRESS.search(shadow))


def record(query: str, agency_code: str = "", found: int = 0, on: datetime.date | None = None, *,
           corrected: bool = False) -> None:
    """Count one search of ``query`` (empty queries and ones holding personal data are skipped);
    ``corrected``: what was found was found for a correction of it, not for the query as typed."""
    from gongkai.catalog.models import SearchQueryCount

    q = normalise(query)
    if not q or holds_personal_data(q):
        return
    month = (on or timezone.localdate()).replace(day=1)
    empty = 0 if found else 1
    fixed = 1 if corrected and found else 0
    key = {"month": month, "agency_code": agency_code or "", "query": q}
    add = {"searches": F("searches") + 1, "empty": F("empty") + empty, "corrected": F("corrected") + fixed}
    if SearchQueryCount.objects.filter(**key).update(**add):
        return
    try:
        with transaction.atomic():
            SearchQueryCount.objects.create(**key, searches=1, empty=empty, corrected=fixed)
    except IntegrityError:  # created by a concurrent request meanwhile
        SearchQueryCount.objects.filter(**key).update(**add)


def merge_spellings(model=None) -> int:
    """Rows counted before :func:`normalise` knew a spelling (互自然资规[2023]1号 beside
    互自然资规〔2023〕1号) joined into the row of the normalised query; returns how many rows
    were merged away. ``model``: the historical model in a migration."""
    if model is None:
        from gongkai.catalog.models import SearchQueryCount as model

    groups: dict[tuple, list] = {}
    for row in model.objects.order_by("pk"):
        groups.setdefault((row.month, row.agency_code, normalise(row.query)), []).append(row)
    merged = 0
    with transaction.atomic():
        for (_month, _agency, query), rows in groups.items():
            if len(rows) == 1 and rows[0].query == query:
                continue
            keep = next((r for r in rows if r.query == query), rows[0])
            others = [r for r in rows if r is not keep]
            keep.searches = sum(r.searches for r in rows)
            keep.empty = sum(r.empty for r in rows)
            keep.corrected = sum(r.corrected for r in rows)
            model.objects.filter(pk__in=[r.pk for r in others]).delete()
            keep.query = query
            keep.save(update_fields=["query", "searches", "empty", "corrected"])
            merged += len(others)
    return merged


#: on a results page: “<found>;<agency code>;<1 if corrected>”, so that the page served again from
#: the page cache (``portal.cache``, the view does not run) is counted again (:func:`count_cached`)
HEADER = "X-Gongkai-Search"


def record_page(response, query: str, agency_code: str, found: int, *, corrected: bool = False) -> None:
    """Count the search shown by ``response``, and mark the response for :func:`count_cached`."""
    record(query, agency_code, found, corrected=corrected)
    response[HEADER] = f"{int(found)};{agency_code or ''};{1 if corrected else 0}"


def count_cached(request, response) -> None:
    """A results page served from the page cache: count its search as the view would have."""
    mark = response.get(HEADER)
    if mark is None:
        return
    found, _, rest = mark.partition(";")
    agency_code, _, corrected = rest.partition(";")
    record(request.GET.get("q", ""), agency_code, int(found) if found.isdigit() else 0, corrected=corrected == "1")


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
