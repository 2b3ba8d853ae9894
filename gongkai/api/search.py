"""The one search box as JSON, and the sources of the apps above the catalogue.

``GET /api/v1/search?q=&agency=&kind=&page=`` → ``{"count", "corrected", "results": [{"kind",
"title", "url", "snippet"}]}``: an identifier that matches exactly comes first, then catalogue
items (forgiving: typos, pinyin, synonyms), then 年度报告, 指南, 公开答复 and 问卷结果.
``GET /api/v1/search/suggest?q=`` → up to 10 completions.

The catalogue (floor 4) may not import reports, feedback or disclosure; this module, on the API
floor, registers their sources with ``gongkai.catalog.search.site`` when it is imported (the URL
configuration imports it at start-up).
"""

from __future__ import annotations

import re

from django.db.models import Q
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from gongkai.accounts.models import Agency
from gongkai.catalog.search import snippet
from gongkai.catalog.search.querylog import record
from gongkai.catalog.search.site import KINDS, SiteHit, register_identifier, register_source, site_search
from gongkai.catalog.search.suggest import suggestions
from gongkai.disclosure.models import Application
from gongkai.feedback.models import Item as FeedbackItem
from gongkai.feedback.models import Survey
from gongkai.reports.models import AnnualReport

router = Router(tags=["站内检索"])

_REPORT_WORDS = ("年度报告", "年报", "工作年度报告", "政府信息公开工作年度报告", "政府信息公开年度报告")
_YEAR = re.compile(r"^(\d{4})年?(度)?$")
_REPORT_FIELDS = ("overview", "proactive_text", "applications_text", "appeals_text", "problems", "other")


def _words(query: str) -> list[str]:
    return [w for w in re.split(r"\s+", query or "") if w][:10]


def report_source(query, terms, agency_ids, limit) -> list[SiteHit]:
    """Published annual reports: each word in the agency's name, the year or the report's text;
    “年度报告” and the like name the reports themselves."""
    words = _words(query)
    cond, named = Q(), False
    for w in words:
        if any(w in r or r in w for r in _REPORT_WORDS):
            named = True
            rest = w
            for r in sorted(_REPORT_WORDS, key=len, reverse=True):
                rest = rest.replace(r, "")
            w = rest
            if not w:
                continue
        year = _YEAR.match(w)
        if year:
            cond &= Q(year=int(year.group(1)))
            continue
        one = Q(agency__name__contains=w)
        for f in _REPORT_FIELDS:
            one |= Q(**{f"{f}__contains": w})
        cond &= one
    if not cond and not named:
        return []
    qs = (AnnualReport.objects.published().filter(cond).select_related("agency")
          .only("year", "agency__name", "agency__code", *_REPORT_FIELDS).order_by("-year", "agency__code"))
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    out = []
    for r in qs[:limit]:
        text = "\n".join(getattr(r, f) for f in _REPORT_FIELDS if getattr(r, f))
        out.append(SiteHit("report", f"{r.agency.name}{r.year}年政府信息公开工作年度报告",
                           reverse("annual_reports:detail", args=[r.agency.code, r.year]), str(snippet(text, terms))))
    return out


def answer_source(query, terms, agency_ids, limit) -> list[SiteHit]:
    """公开答复 published with consent: each word in the public question or answer (never the
    submitter's own text or contact details)."""
    words = _words(query)
    if not words:
        return []
    cond = Q()
    for w in words:
        cond &= Q(public_question__contains=w) | Q(public_answer__contains=w)
    qs = (FeedbackItem.objects.published().filter(cond).select_related("agency")
          .only("number", "kind", "public_question", "public_answer", "published_at", "agency__code")
          .order_by("-published_at", "-id"))
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    out = []
    for it in qs[:limit]:
        out.append(SiteHit("answer", it.public_title, it.public_url,
                           str(snippet(it.public_question + "\n" + it.public_answer, terms))))
    return out


def survey_source(query, terms, agency_ids, limit) -> list[SiteHit]:
    """Questionnaires whose results are public: each word in the title."""
    words = _words(query)
    if not words:
        return []
    cond = Q()
    for w in words:
        cond &= Q(title__contains=w)
    qs = Survey.objects.with_public_results().filter(cond).order_by("-id")
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    return [SiteHit("survey", f"{s.title}（结果）", reverse("feedback:results", args=[s.pk]),
                    str(snippet(s.title, terms))) for s in qs[:limit]]


_APPLICATION_NUMBER = re.compile(r"^[a-z0-9][a-z0-9\-]*-\d{4}-\d{3,}$")


def application_identifier(query: str) -> SiteHit | None:
    """An application number leads to the tracking page (which asks for the 查询码): whether the
    number exists is not revealed here."""
    q = query.strip().lower()
    if not _APPLICATION_NUMBER.match(q) or "/" in q:
        return None
    if not Application.objects.filter(number=q).exists():
        return None
    return SiteHit("application", f"申请编号 {q}", reverse("disclosure:track") + f"?number={q}",
                   "输入查询码即可查看办理进度。")


register_source("report", report_source, lambda: AnnualReport.objects.published().exists())
register_source("answer", answer_source, lambda: FeedbackItem.objects.published().exists())
register_source("survey", survey_source, lambda: Survey.objects.with_public_results().exists())
register_identifier(application_identifier)


class SearchQuery(Schema):
    q: str = Field("", max_length=100, description="关键词、索引号、文号或申请编号（错别字、拼音、简称均可）")
    agency: str = Field("", max_length=63, description="机关代码，如 huzhu-zrj")
    kind: str = Field("", max_length=10, description="只检索一类：item 目录信息、report 年度报告、guide 公开指南、"
                                                   "answer 公开答复、survey 问卷结果")
    page: int = Field(1, ge=1, le=500, description="页码（目录信息每页20条；其他类别只在第1页）")


class SearchHit(Schema):
    kind: str = Field(description="item | report | guide | answer | survey（精确匹配的申请编号为 application）")
    title: str
    url: str
    snippet: str = Field(description="转义后的 HTML，命中词用 <mark> 标出")


class SearchOut(Schema):
    count: int
    corrected: str | None = Field(None, description="原词没有结果时，实际检索的纠正后的词")
    results: list[SearchHit]


@router.get("/search", response=SearchOut, summary="站内检索（一个检索框：目录、年度报告、指南、公开答复、问卷结果）")
def search_site(request, params: Query[SearchQuery]):
    if params.kind and params.kind not in KINDS:
        raise HttpError(400, f"kind 只能是 {'、'.join(KINDS)} 之一。")
    agency = None
    if params.agency:
        agency = Agency.objects.active().filter(code=params.agency).first()
        if agency is None:
            raise HttpError(400, "没有这个机关代码。")
    page = site_search(params.q, agency=agency, kind=params.kind, page=params.page)
    if params.page == 1:
        record(params.q, agency.code if agency else "", page.count, corrected=bool(page.corrected))
    return {"count": page.count, "corrected": page.corrected,
            "results": [{"kind": h.kind, "title": h.title, "url": h.url, "snippet": h.snippet} for h in page.results]}


@router.get("/search/suggest", response=list[str], summary="检索词联想（最多10条）")
def suggest(request, q: str = Query("", max_length=50, description="已输入的文字或拼音")):
    return suggestions(q)
