"""The one box: identifiers, the whole site by kind, suggestions, the API, query counts (issue 18)."""

import datetime

import pytest

import gongkai.api.search  # noqa: F401 - registers the report/answer/survey sources, as the URLconf does
from gongkai.catalog.models import SearchQueryCount
from gongkai.catalog.search.querylog import record, top_queries
from gongkai.catalog.search.site import doc_number_forms, identify, site_search
from gongkai.catalog.search.suggest import suggestions
from gongkai.feedback.models import Item as FeedbackItem
from gongkai.feedback.models import Survey
from gongkai.reports.models import AnnualReport, Status

from .helpers import published


@pytest.fixture
def item(world):
    return published(world, title="互助县老旧小区改造实施方案", doc_number="互自然资〔2024〕12号",
                     body="对威远镇老旧小区实施改造。", published_on=datetime.date(2025, 3, 3))


@pytest.fixture
def site(world, item):
    AnnualReport.objects.create(agency=world.agency, year=2024, status=Status.PUBLISHED,
                                overview="全年主动公开政府信息312条。", published_on=datetime.date(2025, 1, 20))
    AnnualReport.objects.create(agency=world.agency, year=2025, status=Status.DRAFT, overview="草稿：老旧小区")
    FeedbackItem.objects.create(
        agency=world.agency, number="FK-2025-0001", kind="inquiry", subject="张三的咨询", content="张三 13900000000",
        received_on=datetime.date(2025, 3, 1), initial_due_on=datetime.date(2025, 3, 20),
        due_on=datetime.date(2025, 3, 20), publish_consent=True,
        published_at=datetime.datetime(2025, 3, 5, tzinfo=datetime.timezone.utc),
        public_question="老旧小区改造什么时候开工？", public_answer="预计四月开工。")
    Survey.objects.create(agency=world.agency, title="老旧小区改造意愿调查", opens_on=datetime.date(2025, 3, 1),
                          closes_on=datetime.date(2025, 3, 31), state=Survey.State.LAUNCHED, results_public=True,
                          created_by=world.admin)
    Survey.objects.create(agency=world.agency, title="老旧小区停车调查", opens_on=datetime.date(2025, 3, 1),
                          closes_on=datetime.date(2025, 3, 31), state=Survey.State.LAUNCHED, results_public=False,
                          created_by=world.admin)


def test_a_doc_number_is_the_same_in_every_bracket_form():
    assert doc_number_forms("互自然资[2024]12号")[0] == "互自然资〔2024〕12号"
    assert doc_number_forms("互自然资（2024） 12号")[0] == "互自然资〔2024〕12号"
    assert doc_number_forms("老旧小区") == []


@pytest.mark.parametrize("query", ["互自然资〔2024〕12号", "互自然资[2024]12号", "互自然资(2024)12号",
                                   "互自然资（2024）12号", "互自然资【2024】 12号"])
def test_a_doc_number_goes_straight_to_its_item(client, item, query):
    response = client.get("/search/", {"q": query})
    assert (response.status_code, response["Location"]) == (302, item.get_absolute_url())


def test_an_index_number_goes_straight_to_its_item(client, item):
    response = client.get("/search/", {"q": item.index_number})
    assert (response.status_code, response["Location"]) == (302, item.get_absolute_url())
    assert identify(item.index_number.replace("2025", "2019")) is None  # no such item: searched as words


def test_an_unknown_application_number_is_searched_as_words(world):
    assert identify("nobody-2025-99999") is None


def test_the_whole_site_is_searched_and_labelled(site):
    page = site_search("老旧小区")
    got = [(h.kind, h.title) for h in page.results]
    assert got == [("item", "互助县老旧小区改造实施方案"), ("answer", "咨询：老旧小区改造什么时候开工？"),
                   ("survey", "老旧小区改造意愿调查（结果）")]  # no draft report, no private survey results
    assert page.count == 3
    assert "张三" not in "".join(h.snippet + h.title for h in page.results)


def test_annual_reports_are_found_by_name_and_year(world, site):
    assert [h.title for h in site_search("年度报告").results] == [f"{world.agency.name}2024年政府信息公开工作年度报告"]
    assert [h.url for h in site_search("2024年 年度报告", kind="report").results] == [
        f"/agencies/{world.agency.code}/reports/2024/"]
    assert site_search("2023年 年度报告", kind="report").results == []


def test_the_guide_is_found(world, site):
    hits = site_search("政府信息公开指南", kind="guide", agency=world.agency).results
    assert [(h.kind, h.url) for h in hits] == [("guide", f"/agencies/{world.agency.code}/guide/")]


def test_the_page_shows_the_other_kinds(client, site):
    html = client.get("/search/", {"q": "老旧小区"}).content.decode()
    assert "其他栏目" in html and '<span class="badge">问卷结果</span>' in html
    assert '<span class="badge">公开答复</span>' in html and "互助县<mark>老旧</mark><mark>小区</mark>改造实施方案" in html


def test_the_api_returns_the_one_box(client, site, item):
    body = client.get("/api/v1/search", {"q": "老旧小区", "kind": "item"}).json()
    assert body["count"] == 1 and body["corrected"] is None
    assert body["results"] == [{"kind": "item", "title": "互助县老旧小区改造实施方案", "url": item.get_absolute_url(),
                                "snippet": "对威远镇<mark>老旧</mark><mark>小区</mark>实施改造。"}]
    exact = client.get("/api/v1/search", {"q": "互自然资[2024]12号"}).json()
    assert exact["results"][0]["url"] == item.get_absolute_url() and exact["count"] == 1
    typo = client.get("/api/v1/search", {"q": "老旧小去", "kind": "item"}).json()
    assert (typo["corrected"], typo["count"]) == ("老旧小区", 1)


def test_the_api_refuses_an_unknown_kind_or_agency(client, world):
    r = client.get("/api/v1/search", {"q": "x", "kind": "blog"})
    assert r.status_code == 400 and "kind 只能是" in r.json()["detail"]
    assert client.get("/api/v1/search", {"q": "x", "agency": "nope"}).json()["detail"] == "没有这个机关代码。"


def test_the_api_is_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/search" in paths and "/api/v1/search/suggest" in paths


def test_suggestions_come_from_popular_queries_then_title_words(client, item):
    for _ in range(3):
        record("老旧小区改造", "", found=1, on=datetime.date(2025, 3, 10))
    record("老旧小区停车", "", found=0, on=datetime.date(2025, 3, 10))  # found nothing: not suggested
    # the title's words are 老旧, 小区 …: the word typed itself is not offered back
    assert suggestions("老旧", today=datetime.date(2025, 3, 20)) == ["老旧小区改造"]
    assert suggestions("小", today=datetime.date(2025, 3, 20)) == ["小区"]
    assert suggestions("laojiu", today=datetime.date(2025, 3, 20)) == ["老旧"]
    assert suggestions("lj", today=datetime.date(2025, 3, 20)) == ["老旧"]  # initials
    # by full pinyin: 实施 (shishi) and 实施方案 (shishifangan)
    assert suggestions("shi", today=datetime.date(2025, 3, 20)) == ["实施", "实施方案"]
    assert client.get("/search/suggest", {"q": "威远"}).json() == []  # body words are not suggested


def test_queries_are_counted_per_month_and_agency_without_personal_data(client, world, item):
    client.get("/search/", {"q": "老旧小区"})
    client.get("/search/", {"q": " 老旧小区 "})
    client.get("/search/", {"q": "没有的东西"})
    client.get("/search/", {"q": "13900000000"})  # a phone number is never kept
    client.get("/search/", {"q": "老旧小区", "agency": world.agency.code})
    month = datetime.date.today().replace(day=1)
    assert top_queries(month, "") == [("老旧小区", 2, 0), ("没有的东西", 1, 1)]
    assert top_queries(month) == [("老旧小区", 3, 0), ("没有的东西", 1, 1)]
    assert top_queries(month, world.agency.code) == [("老旧小区", 1, 0)]
    assert top_queries(month, empty=True) == [("没有的东西", 1, 1)]
    fields = {f.name for f in SearchQueryCount._meta.get_fields()}
    assert fields == {"id", "month", "agency_code", "query", "searches", "empty", "corrected"}


# ---- identifiers as people copy them (blind walk) ------------------------------------------------

def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@pytest.mark.parametrize("typed", ["索引号：{}", "索引号:{}", "索引号 {}", " {} ", "{fw}", "{spaced}"])
def test_an_index_number_as_people_copy_it_goes_straight_to_its_item(client, item, typed):
    number = item.index_number  # 015201125/2025-00001
    assert number == "015201125/2025-00001"
    query = typed.format(number, fw=_fullwidth(number), spaced=number.replace("/", " / ").replace("-", " - "))
    response = client.get("/search/", {"q": query})
    assert (response.status_code, response["Location"]) == (302, item.get_absolute_url())


def test_the_tail_of_an_index_number_goes_to_the_one_item_or_lists_the_candidates(client, world, item):
    response = client.get("/search/", {"q": "2025-00001"})
    assert (response.status_code, response["Location"]) == (302, item.get_absolute_url())
    world.other_agency.org_code = "015201130"
    world.other_agency.save()
    other = published(world, agency=world.other_agency, title="财政预算公开", published_on=datetime.date(2025, 3, 4))
    assert other.index_number == "015201130/2025-00001"
    response = client.get("/search/", {"q": "2025－00001"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "索引号相符的信息（2 条）" in body
    assert item.get_absolute_url() in body and other.get_absolute_url() in body
    # within one agency it is unique again
    response = client.get("/search/", {"q": "2025-00001", "agency": world.other_agency.code})
    assert (response.status_code, response["Location"]) == (302, other.get_absolute_url())
    page = site_search("2025-00001")
    assert [h.url for h in page.results[:2]] == [other.get_absolute_url(), item.get_absolute_url()]
    assert page.exact is None and len(page.candidates) == 2


@pytest.mark.parametrize("query", ["互自然资2024年12号", "互自然资2024年第12号", "互自然资〔2024〕12号",
                                   "文号：互自然资（2024）12号", "互自然资 [2024] 12号", "互自然资［２０２４］１２号"])
def test_a_doc_number_without_brackets_or_full_width_goes_straight_to_its_item(client, item, query):
    response = client.get("/search/", {"q": query})
    assert (response.status_code, response["Location"]) == (302, item.get_absolute_url())


def test_the_api_puts_the_item_of_a_doc_number_first(client, item):
    got = client.get("/api/v1/search", {"q": "互自然资2024年12号"}).json()
    assert got["results"][0] == {"kind": "item", "title": "互助县老旧小区改造实施方案", "url": item.get_absolute_url(),
                                 "snippet": "文号 互自然资〔2024〕12号"}


def test_query_counts_join_the_bracket_forms_of_a_doc_number(world):
    on = datetime.date(2025, 3, 10)
    for q in ["互自然资规[2023]1号", "互自然资规（2023）1号", "互自然资规2023年1号", "互自然资规〔2023〕1号"]:
        record(q, "", found=1, on=on)
    record("ＰＭ２．５", "", found=1, on=on)
    assert top_queries(on) == [("互自然资规〔2023〕1号", 4, 0), ("pm2.5", 1, 0)]


def test_a_typo_searched_as_its_correction_is_never_suggested(client, item):
    for _ in range(3):
        response = client.get("/search/", {"q": "老旧小区改照"})  # 照 for 造: found only as 老旧小区改造
        assert "您是不是要找：<strong>老旧小区改造</strong>" in response.content.decode()
    client.get("/search/", {"q": "老旧小区改造"})
    month = datetime.date.today().replace(day=1)
    row = SearchQueryCount.objects.get(month=month, query="老旧小区改照")
    assert (row.searches, row.empty, row.corrected) == (3, 0, 3)  # it showed results, of the correction
    assert suggestions("老旧小区") == ["老旧小区改造"]


def test_a_corrected_search_served_from_the_page_cache_is_counted_corrected(client, item, settings):
    from django.http import HttpResponse
    from django.test import RequestFactory

    from gongkai.catalog.search.querylog import count_cached, record_page

    response = HttpResponse()
    record_page(response, "老旧小区改照", "", 1, corrected=True)
    assert response["X-Gongkai-Search"] == "1;;1"
    count_cached(RequestFactory().get("/search/", {"q": "老旧小区改照"}), response)
    row = SearchQueryCount.objects.get(query="老旧小区改照")
    assert (row.searches, row.empty, row.corrected) == (2, 0, 2)


@pytest.mark.parametrize("path", ["/", "/agencies/dept-x/catalog/", "/search/"])
def test_every_search_box_is_marked_for_suggestions_and_loads_the_script(client, world, path):
    html = client.get(path).content.decode()
    assert 'data-suggest="/search/suggest"' in html
    assert "catalog/suggest.js" in html


def test_the_catalogue_box_goes_to_an_item_of_its_agency_by_index_number_or_doc_number(client, world, item):
    url = f"/agencies/{world.agency.code}/catalog/"
    for query in ["索引号：015201125/2025-00001", "2025-00001", "互自然资（2024）12号"]:
        response = client.get(url, {"q": query})
        assert (response.status_code, response["Location"]) == (302, item.get_absolute_url())
    # another agency's catalogue does not lead to it: searched there as words, nothing found
    response = client.get(f"/agencies/{world.other_agency.code}/catalog/", {"q": "2025-00001"})
    assert response.status_code == 200 and item.title not in response.content.decode()


def test_counts_kept_before_the_spellings_were_joined_are_merged(world):
    month = datetime.date(2025, 3, 1)
    for query, searches, empty in [("互自然资规[2023]1号", 2, 0), ("互自然资规（2023）1号", 1, 1),
                                   ("互自然资规〔2023〕1号", 4, 0), ("老旧小区", 3, 0)]:
        SearchQueryCount.objects.create(month=month, agency_code="", query=query, searches=searches, empty=empty)
    SearchQueryCount.objects.create(month=month, agency_code="dept-x", query="互自然资规[2023]1号", searches=1)
    from gongkai.catalog.search.querylog import merge_spellings

    assert merge_spellings() == 2
    assert top_queries(month, "") == [("互自然资规〔2023〕1号", 7, 1), ("老旧小区", 3, 0)]
    assert top_queries(month, "dept-x") == [("互自然资规〔2023〕1号", 1, 0)]  # per agency filter, as counted
    assert merge_spellings() == 0


def test_a_kind_with_nothing_public_costs_no_query_until_something_is_published(world, item, settings):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.SHARED_CACHE = True  # as with Redis: what is public is known until the next publication
    cache.clear()
    site_search("老旧小区")  # learns that no report, answer or survey is public
    with CaptureQueriesContext(connection) as ctx:
        page = site_search("老旧小区")
    tables = " ".join(q["sql"] for q in ctx.captured_queries)
    assert [h.kind for h in page.results] == ["item"]
    assert "reports_annualreport" not in tables and "feedback_survey" not in tables and "feedback_item" not in tables
    # a publication makes a new generation (the save's signal): the new survey's results are found at once
    Survey.objects.create(agency=world.agency, title="老旧小区改造意愿调查", opens_on=datetime.date(2025, 3, 1),
                          closes_on=datetime.date(2025, 3, 31), state=Survey.State.LAUNCHED, results_public=True,
                          created_by=world.admin)
    assert [h.kind for h in site_search("老旧小区").results] == ["item", "survey"]
    cache.clear()
