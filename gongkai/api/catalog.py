"""Open data: the public catalogue as JSON (no login).

``GET /api/v1/catalog?agency=&q=&item=&category=&year=&validity=&page=`` searches or lists;
``GET /api/v1/catalog/{index_number}`` returns one item — the 索引号 contains “/”, given plain
(``/catalog/015201125/2025-00016``) or URL-encoded (``/catalog/015201125%2F2025-00016``).
"""

from __future__ import annotations

import datetime

from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from gongkai.accounts.models import Agency
from gongkai.catalog.models import ExtraItem, Item, StatutoryItem, Topic, Validity
from gongkai.catalog.search import search

router = Router(tags=["主动公开目录"])
PAGE_SIZE = 20


class CatalogQuery(Schema):
    agency: str = Field("", max_length=63, description="机关代码，如 huzhu-zrj")
    q: str = Field("", max_length=100, description="关键词（中文分词检索）")
    item: str = Field("", max_length=30, description="第二十条事项 01…15，或第二十一条事项代码")
    category: int | None = Field(None, ge=1, description="主题分类编号（一级分类包含其二级分类）")
    year: int | None = Field(None, ge=2000, le=2100, description="发布年份")
    validity: str = Field("", max_length=10, description="有效性：valid 有效、expired 失效、repealed 废止、amended 修改")
    page: int = Field(1, ge=1, le=10000, description="页码，每页20条")


class CatalogHit(Schema):
    index_number: str
    title: str
    agency: str
    published_on: datetime.date
    url: str
    snippet: str


class CatalogPage(Schema):
    count: int
    count_exact: bool = True
    page: int
    num_pages: int
    results: list[CatalogHit]


class Attachment(Schema):
    name: str
    type: str
    size: int
    url: str


class CatalogItemOut(Schema):
    index_number: str
    title: str
    agency: str
    agency_code: str
    doc_number: str
    publisher: str
    signed_on: datetime.date | None
    formed_on: datetime.date
    published_on: datetime.date
    topic: str
    statutory_item: str
    statutory_item_label: str
    extra_item: str
    doc_form: str
    doc_type: str
    validity: str
    effective_on: datetime.date | None
    repealed_on: datetime.date | None
    summary: str
    keywords: list[str]
    body_html: str
    body_text: str
    attachments: list[Attachment]
    url: str
    version: int
    revised_at: datetime.datetime | None


class ErrorOut(Schema):
    detail: str


@router.get("/catalog", response={200: CatalogPage, 400: ErrorOut}, summary="检索或浏览主动公开目录")
def list_catalog(request, filters: Query[CatalogQuery]):
    """只返回已公开的信息。`snippet` 为摘要，检索词用 `<mark>` 标出（其余内容已转义）。"""
    agency = None
    if filters.agency:
        agency = Agency.objects.active().filter(code=filters.agency).first()
        if agency is None:
            raise HttpError(400, f"没有代码为“{filters.agency}”的机关。")
    if filters.item and filters.item not in StatutoryItem.values and filters.item not in ExtraItem.values:
        raise HttpError(400, "item 应为 01 至 15（第二十条事项），或第二十一条事项代码。")
    if filters.category and not Topic.objects.filter(pk=filters.category).exists():
        raise HttpError(400, f"没有编号为 {filters.category} 的主题分类。")
    if filters.validity and filters.validity not in Validity.values:
        raise HttpError(400, "validity 应为 valid、expired、repealed 或 amended。")
    page = search(filters.q, agency=agency, limit=PAGE_SIZE, page=filters.page, item=filters.item,
                  category=filters.category, year=filters.year, validity=filters.validity)
    return {
        "count": page.count, "count_exact": page.count_exact, "page": page.page, "num_pages": page.num_pages,
        "results": [{
            "index_number": h.item.index_number, "title": h.item.title, "agency": h.item.agency.name,
            "published_on": h.item.published_on, "url": request.build_absolute_uri(h.item.get_absolute_url()),
            "snippet": str(h.snippet_html),
        } for h in page.results],
    }


@router.get("/catalog/{path:index_number}", response={200: CatalogItemOut, 404: ErrorOut}, summary="一条主动公开信息")
def get_catalog_item(request, index_number: str):
    item = (Item.objects.public().select_related("agency", "topic__parent")
            .filter(agency__is_active=True, index_number=index_number).first())
    if item is None:
        raise HttpError(404, f"没有索引号为“{index_number}”的已公开信息。")
    from django.urls import reverse

    return {
        "index_number": item.index_number, "title": item.title, "agency": item.agency.name,
        "agency_code": item.agency.code, "doc_number": item.doc_number, "publisher": item.publisher_name,
        "signed_on": item.signed_on, "formed_on": item.formed_on, "published_on": item.published_on,
        "topic": item.topic.path, "statutory_item": item.statutory_item,
        "statutory_item_label": item.get_statutory_item_display(), "extra_item": item.extra_item,
        "doc_form": item.get_doc_form_display(), "doc_type": item.get_doc_type_display(),
        "validity": item.get_validity_display(), "effective_on": item.effective_on, "repealed_on": item.repealed_on,
        "summary": item.summary, "keywords": item.keyword_list, "body_html": item.body, "body_text": item.body_text,
        "attachments": [{"name": a.name, "type": a.mime, "size": a.size, "url": request.build_absolute_uri(
            reverse("catalog:attachment", args=[item.index_number, a.pk]))} for a in item.attachments.all()],
        "url": request.build_absolute_uri(item.get_absolute_url()), "version": item.version,
        "revised_at": item.revised_at,
    }
