"""The whole site from one box: exact identifiers first, then every kind of public page.

Kinds: ``item`` (目录 item, :func:`gongkai.catalog.search.search`), ``guide`` (each agency's 指南),
and those registered by higher layers (``gongkai/api/search.py`` registers ``report`` 年度报告,
``answer`` 公开答复 and ``survey`` 问卷结果 — the catalogue may not import those apps, they
stand above it). Each source returns ``SiteHit`` rows; the page and the API label them by kind.

Identifiers (:func:`identify`): a 索引号 (``015201125/2025-00016``), a 文号 in any bracket form
(〔2024〕, [2024], (2024), （2024）, 【2024】 are the same year) or an application number
(registered by the API layer) goes straight to what it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

KINDS = {"item": "目录信息", "report": "年度报告", "guide": "公开指南", "answer": "公开答复", "survey": "问卷结果"}


@dataclass
class SiteHit:
    kind: str
    title: str
    url: str
    snippet: str  # escaped HTML, terms in <mark>

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)


Source = Callable[[str, list[str], list[int] | None, int], list[SiteHit]]  # (query, terms, agency ids, limit)
_SOURCES: dict[str, Source] = {}
_IDENTIFIERS: list[Callable[[str], SiteHit | None]] = []


def register_source(kind: str, source: Source) -> None:
    _SOURCES[kind] = source


def register_identifier(find: Callable[[str], SiteHit | None]) -> None:
    if find not in _IDENTIFIERS:
        _IDENTIFIERS.append(find)


# ---- identifiers --------------------------------------------------------------------------------

_INDEX_NUMBER = re.compile(r"^[0-9A-Za-z][0-9A-Za-z\-]*/\d{4}-\d{1,8}$")
_YEAR_IN_BRACKETS = re.compile(r"[〔\[\(（【〈［]\s*(\d{4})\s*[〕\]\)）】〉］]")
DOC_NUMBER_FORMS = ("〔{}〕", "[{}]", "({})", "（{}）", "【{}】", "［{}］")


def doc_number_forms(text: str) -> list[str]:
    """The spellings of a 文号 that differ only in the brackets around the year; [] if none."""
    text = re.sub(r"\s+", "", text)
    m = _YEAR_IN_BRACKETS.search(text)
    if not m or not text.endswith("号"):
        return []
    head, tail = text[:m.start()], text[m.end():]
    return [head + form.format(m.group(1)) + tail for form in DOC_NUMBER_FORMS]


def _catalog_identifier(query: str) -> SiteHit | None:
    from gongkai.catalog.models import Item

    q = query.strip()
    if _INDEX_NUMBER.match(q):
        item = Item.objects.public().filter(index_number=q).only("index_number", "title").first()
        if item:
            return SiteHit("item", item.title, item.get_absolute_url(), "索引号 " + item.index_number)
    forms = doc_number_forms(q)
    if forms:
        item = (Item.objects.public().filter(doc_number__in=forms).only("index_number", "title", "doc_number")
                .order_by("-published_on", "-pk").first())
        if item:
            return SiteHit("item", item.title, item.get_absolute_url(), "文号 " + item.doc_number)
    return None


def identify(query: str) -> SiteHit | None:
    """What ``query`` names exactly, if it is an identifier; None otherwise."""
    if not query or len(query) > 100:
        return None
    for find in [_catalog_identifier, *_IDENTIFIERS]:
        hit = find(query)
        if hit:
            return hit
    return None


# ---- sources ------------------------------------------------------------------------------------

def _guide_source(query: str, terms: list[str], agency_ids, limit: int) -> list[SiteHit]:
    """An agency's 指南 when the query names the guide or the agency, or matches its text."""
    from django.db.models import Q
    from django.urls import reverse

    from gongkai.accounts.models import Agency

    from . import highlight, snippet

    words = [w for w in re.split(r"\s+", query) if w]
    if not words:
        return []
    qs = Agency.objects.active()
    if agency_ids is not None:
        qs = qs.filter(pk__in=agency_ids)
    asks_guide = any(w in ("指南", "公开指南", "政府信息公开指南", "办公地址", "办公时间", "联系方式") for w in words)
    cond = Q()
    for w in words:
        if w in ("指南", "公开指南", "政府信息公开指南"):
            continue
        cond &= Q(name__contains=w) | Q(guide_intro__contains=w) | Q(office_name__contains=w) | Q(address__contains=w)
    if not asks_guide and not cond:
        return []
    if not asks_guide:  # only the agency's own guide text counts, not just its name
        cond &= Q(guide_intro__contains=words[0]) | Q(office_name__contains=words[0]) | Q(address__contains=words[0])
    out = []
    for agency in qs.filter(cond).order_by("code")[:limit]:
        text = agency.guide_intro or "，".join(v for _, v in agency.guide_fields if v)
        out.append(SiteHit("guide", f"{agency.name}政府信息公开指南", reverse("portal:guide", args=[agency.code]),
                           str(snippet(text, terms + words))))
    return out


register_source("guide", _guide_source)


def other_kinds(query: str, terms: list[str], agency=None, limit: int = 10) -> list[SiteHit]:
    """The registered kinds other than catalogue items that match ``query``."""
    from . import _agency_ids

    agency_ids = _agency_ids(agency)
    out: list[SiteHit] = []
    for source in _SOURCES.values():
        out += source(query, terms or [w for w in query.split() if w], agency_ids, limit)
    return out


@dataclass
class SitePage:
    query: str
    count: int
    corrected: str | None
    results: list[SiteHit]
    page: int
    exact: SiteHit | None = None
    suggestion: str | None = None


def site_search(query: str, *, agency=None, kind: str = "", page: int = 1, per_page: int = 20) -> SitePage:
    """One box over every kind (or one ``kind``): the exact identifier first, then catalogue items
    (ranked by :func:`search`, forgiving), then the other kinds' matches."""
    from . import _agency_ids, search

    if kind and kind not in KINDS:
        raise ValueError(kind)
    exact = identify(query) if page == 1 else None
    results: list[SiteHit] = [exact] if exact else []
    count = 1 if exact else 0
    corrected = suggestion = None
    terms: list[str] = []
    if not kind or kind == "item":
        found = search(query, agency=agency, limit=per_page, page=page)
        corrected, suggestion, terms = found.corrected, found.suggestion, found.terms
        count += found.count
        for hit in found.results:
            url = hit.item.get_absolute_url()
            if not exact or url != exact.url:
                results.append(SiteHit("item", hit.item.title, url, str(hit.snippet_html)))
    if query.strip() and page == 1:
        agency_ids = _agency_ids(agency)
        effective = corrected or query
        for name, source in _SOURCES.items():
            if kind and name != kind:
                continue
            more = source(effective, terms or [w for w in effective.split() if w], agency_ids, per_page)
            count += len(more)
            results.extend(more)
    return SitePage(query, count, corrected, results, page, exact, suggestion)
