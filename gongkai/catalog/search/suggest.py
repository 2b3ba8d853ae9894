"""Completions as one types (``/search/suggest`` and ``/api/v1/search/suggest``): the popular
queries of the last months that start with what was typed — counting only the searches that found
something as typed (a typo searched as its correction is not offered) — then vocabulary words (the words of
the indexed titles, ``SearchWord``) that start with it — or, typed in Latin letters, whose
pinyin or initials do. Every lookup is a range over an index (``>= prefix AND < prefix + U+FFFF``),
never a scan."""

from __future__ import annotations

import datetime
import re

from django.db.models import Case, Q, Value, When
from django.utils import timezone

LIMIT = 10
POPULAR_MONTHS = 3
_LATIN = re.compile(r"^[a-z]+$")


def _prefix(qs, field: str, text: str):
    return qs.filter(**{f"{field}__gte": text, f"{field}__lt": text + "\uffff"})


def suggestions(typed: str, limit: int = LIMIT, today: datetime.date | None = None) -> list[str]:
    from gongkai.catalog.models import SearchQueryCount, SearchWord

    from .querylog import normalise

    text = normalise(typed)[:50]
    if not text:
        return []
    out: list[str] = []

    def add(values):
        for v in values:
            if v not in out and v != text:
                out.append(v)
            if len(out) >= limit:
                return True
        return False

    today = today or timezone.localdate()
    since = (today.replace(day=1) - datetime.timedelta(days=31 * (POPULAR_MONTHS - 1))).replace(day=1)
    popular = (_prefix(SearchQueryCount.objects.filter(month__gte=since), "query", text)
               .filter(searches__gt=0).values_list("query", "searches", "empty", "corrected"))
    totals: dict[str, int] = {}
    for q, n, e, c in popular[:200]:
        if n > e + c:  # only searches that found something as typed: never a typo that was corrected
            totals[q] = totals.get(q, 0) + n - e - c
    if add(sorted(totals, key=lambda q: (-totals[q], q))):
        return out
    if _LATIN.match(text):  # full pinyin or initials, in one round trip: words of either, the pinyin's first
        by_pinyin = Q(pinyin__gte=text, pinyin__lt=text + "\uffff")
        words = (SearchWord.objects.filter(by_pinyin | Q(initials__gte=text, initials__lt=text + "\uffff"))
                 .annotate(full=Case(When(by_pinyin, then=Value(0)), default=Value(1)))
                 .order_by("full", "-seen", "word").values_list("word", flat=True)[:limit])
        add(words)
    else:
        add(_prefix(SearchWord.objects, "word", text).order_by("-seen", "word").values_list("word", flat=True)[:limit])
    return out
