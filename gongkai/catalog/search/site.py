"""The whole site from one box: exact identifiers first, then every kind of public page.

Kinds: ``item`` (目录 item, :func:`gongkai.catalog.search.search`), ``guide`` (each agency's 指南),
and those registered by higher layers (``gongkai/api/search.py`` registers ``report`` 年度报告,
``answer`` 公开答复 and ``survey`` 问卷结果 — the catalogue may not import those apps, they
stand above it). Each source returns ``SiteHit`` rows; the page and the API label them by kind.

Identifiers (:func:`identified`): a 索引号 (``015201125/2025-00016``, also as copied: with its
label, full-width, with spaces; or only its tail ``2025-00016``, which goes to the item when one
item has it and lists the candidates otherwise), a 文号 in any bracket form (〔2024〕, [2024],
(2024), （2024）, 【2024】 and 2024年 are the same year) or an application number (registered by
the API layer) goes straight to what it names.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
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
#: per kind, whether anything of it is public at all (a site that publishes no surveys pays no
#: survey query per search); kept until the next publication (``portal.cache.memo``)
_PRESENT: dict[str, Callable[[], bool]] = {}
_IDENTIFIERS: list[Callable[[str], SiteHit | None]] = []


def register_source(kind: str, source: Source, present: Callable[[], bool] | None = None) -> None:
    """``present()``: whether any page of ``kind`` is public — it must depend only on rows of the
    models whose saves make a new publication generation (``portal.cache.PUBLIC_APPS``)."""
    _SOURCES[kind] = source
    if present is not None:
        _PRESENT[kind] = present
    else:
        _PRESENT.pop(kind, None)


def _sources(kind: str = "") -> list[tuple[str, Source]]:
    """The registered sources (or ``kind``'s) that have anything public to search."""
    from gongkai.portal.cache import memo

    return [(name, source) for name, source in _SOURCES.items()
            if (not kind or name == kind) and (name not in _PRESENT or memo(f"search-present-{name}", _PRESENT[name]))]


def register_identifier(find: Callable[[str], SiteHit | None]) -> None:
    if find not in _IDENTIFIERS:
        _IDENTIFIERS.append(find)


# ---- identifiers --------------------------------------------------------------------------------

_INDEX_NUMBER = re.compile(r"^[0-9A-Za-z][0-9A-Za-z\-]*/\d{4}-\d{1,8}$")
#: the part after the agency's code, as people copy it from a page or a letter: 2023-00026
_INDEX_NUMBER_TAIL = re.compile(r"^\d{4}-\d{1,8}$")
_YEAR_IN_BRACKETS = re.compile(r"[〔\[\(（【〈［]\s*(\d{4})\s*[〕\]\)）】〉］]")
#: 互自然资规2023年1号: the year written without brackets
_YEAR_WITHOUT_BRACKETS = re.compile(r"(?<=\D)(\d{4})年(?=第?\d+号$)")
DOC_NUMBER_FORMS = ("〔{}〕", "[{}]", "({})", "（{}）", "【{}】", "［{}］")
#: a label copied with the number (索引号：015201120/2023-00026)
_LABEL = re.compile(r"^(索引号|文号|发文字号|发文号|申请编号)[:：]?")
#: candidates listed when a partial 索引号 names several items
MAX_CANDIDATES = 20


def identifier_text(query: str) -> str:
    """The query as an identifier is compared: full-width digits, letters and separators made
    half-width (NFKC: ０１５２０１１２０／2023－00026), spaces and a leading label (索引号：) taken out."""
    text = unicodedata.normalize("NFKC", query or "")
    text = re.sub(r"\s+", "", text)
    text = _LABEL.sub("", text)
    return text.replace("－", "-").replace("—", "-").replace("–", "-")


def doc_number_forms(text: str) -> list[str]:
    """The spellings of a 文号 that differ only in the brackets around the year (〔2023〕, [2023],
    (2023), （2023）, 【2023】, or none: 2023年); the first is the 〔〕 form; [] if ``text`` is no 文号."""
    text = re.sub(r"\s+", "", text)
    m = _YEAR_IN_BRACKETS.search(text) or _YEAR_WITHOUT_BRACKETS.search(text)
    if not m or not text.endswith("号"):
        return []
    head, tail = text[:m.start()], text[m.end():]
    if not head:  # 〔2023〕1号 alone: no issuer, not a 文号
        return []
    tail = tail.removeprefix("第") if tail.removeprefix("第")[:1].isdigit() else tail
    return [head + form.format(m.group(1)) + tail for form in DOC_NUMBER_FORMS]


def canonical_doc_number(text: str) -> str:
    """A 文号 in its 〔〕 form (any other text unchanged): one spelling to count and compare."""
    forms = doc_number_forms(identifier_text(text))
    return forms[0] if forms else text


def _item_hit(item, label: str, value: str) -> SiteHit:
    return SiteHit("item", item.title, item.get_absolute_url(), f"{label} {value}")


def _catalog_identifiers(query: str, agency_ids) -> list[SiteHit]:
    from gongkai.catalog.models import Item

    q = identifier_text(query)
    public = Item.objects.public()
    if agency_ids is not None:
        public = public.filter(agency_id__in=agency_ids)
    public = public.only("index_number", "title", "doc_number")
    if _INDEX_NUMBER.match(q):
        item = public.filter(index_number=q).first()
        return [_item_hit(item, "索引号", item.index_number)] if item else []
    if _INDEX_NUMBER_TAIL.match(q):  # one item, or the candidates
        items = public.filter(index_number__endswith="/" + q).order_by("-published_on", "-pk")[:MAX_CANDIDATES]
        return [_item_hit(i, "索引号", i.index_number) for i in items]
    forms = doc_number_forms(q)
    if forms:
        item = public.filter(doc_number__in=forms).order_by("-published_on", "-pk").first()
        return [_item_hit(item, "文号", item.doc_number)] if item else []
    return []


def identified(query: str, agency=None) -> list[SiteHit]:
    """What ``query`` names as an identifier: one hit (go straight to it), several (a partial
    索引号 such as 2023-00026 shared by agencies: the candidates, listed), or none."""
    from . import _agency_ids

    if not query or len(query) > 100:
        return []
    hits = _catalog_identifiers(query, _agency_ids(agency))
    if hits:
        return hits
    text = identifier_text(query)
    for find in _IDENTIFIERS:
        hit = find(text)
        if hit:
            return [hit]
    return []


def identify(query: str, agency=None) -> SiteHit | None:
    """What ``query`` names exactly, if it is an identifier naming one thing; None otherwise."""
    hits = identified(query, agency)
    return hits[0] if len(hits) == 1 else None


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
    for _, source in _sources():
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
    #: several items a partial identifier names (2023-00026), listed first
    candidates: list[SiteHit] = field(default_factory=list)


def site_search(query: str, *, agency=None, kind: str = "", page: int = 1, per_page: int = 20) -> SitePage:
    """One box over every kind (or one ``kind``): the exact identifier first, then catalogue items
    (ranked by :func:`search`, forgiving), then the other kinds' matches."""
    from . import _agency_ids, search

    if kind and kind not in KINDS:
        raise ValueError(kind)
    named = identified(query, agency) if page == 1 else []
    exact = named[0] if len(named) == 1 else None
    results: list[SiteHit] = list(named)
    count = len(named)
    corrected = suggestion = None
    terms: list[str] = []
    if not kind or kind == "item":
        found = search(query, agency=agency, limit=per_page, page=page)
        corrected, suggestion, terms = found.corrected, found.suggestion, found.terms
        count += found.count
        for hit in found.results:
            url = hit.item.get_absolute_url()
            if all(url != n.url for n in named):
                results.append(SiteHit("item", hit.item.title, url, str(hit.snippet_html)))
    if query.strip() and page == 1:
        agency_ids = _agency_ids(agency)
        effective = corrected or query
        for _, source in _sources(kind):
            more = source(effective, terms or [w for w in effective.split() if w], agency_ids, per_page)
            count += len(more)
            results.extend(more)
    return SitePage(query, count, corrected, results, page, exact, suggestion,
                    [] if exact else list(named))
