"""What people searched for (issue 18, 6): counted per agency and month, cached pages included,
nothing personal kept; the staff page for the agency's staff and the disclosure office."""

import datetime

import pytest
from django.core.cache import cache

from gongkai.catalog.models import SearchQueryCount
from gongkai.catalog.search.querylog import holds_personal_data, record, top_queries

from .helpers import published

PAGE = "/staff/catalog/searches/"


def month():
    return datetime.date.today().replace(day=1)


def body(response) -> str:
    """The page below its heading (the staff menu above it has words of its own)."""
    return response.content.decode().split("<h1>检索统计</h1>")[1]


def counts():
    return sorted(SearchQueryCount.objects.values_list("agency_code", "query", "searches", "empty"))


@pytest.fixture
def item(world):
    return published(world, title="互助县老旧小区改造实施方案", published_on=datetime.date(2025, 3, 3))


def test_a_search_of_an_agencys_catalogue_counts_for_the_agency(client, world, item):
    url = "/agencies/dept-x/catalog/"
    client.get(url, {"q": "老旧小区"})
    client.get(url, {"q": "老旧小区"})
    client.get(url, {"q": "老旧小区", "sort": "-published"})  # re-sorting the results: not a new search
    client.get(url, {"q": "老旧小区", "page": "2"})  # the next page: neither
    client.get(url, {"q": "公租房"})
    client.get(url)  # browsing without a query
    assert counts() == [("dept-x", "公租房", 1, 1), ("dept-x", "老旧小区", 2, 0)]


def test_a_results_page_from_the_page_cache_is_counted_too(client, world, item, settings):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    first = client.get("/search/", {"q": "老旧小区", "agency": "dept-x"})
    second = client.get("/search/", {"q": "老旧小区", "agency": "dept-x"})
    assert (first["X-Gongkai-Cache"], second["X-Gongkai-Cache"]) == ("miss", "hit")
    client.get("/search/", {"q": "没有的东西"})
    client.get("/search/", {"q": "没有的东西"})
    assert counts() == [("", "没有的东西", 2, 2), ("dept-x", "老旧小区", 2, 0)]


@pytest.mark.parametrize("query", [
    "13912345678", "139 1234 5678", "１３９１２３４５６７８", "低保 13912345678", "11010519491231002X",
    "110105194912310021",  # a wrong check character: still somebody's number
    "wang@example.com", "wang＠example.com", "0972-8123456",
])
def test_a_query_holding_personal_data_is_not_kept(world, query):
    assert holds_personal_data(query)
    record(query, "dept-x", 0)
    assert not SearchQueryCount.objects.exists()


@pytest.mark.parametrize("query", ["低保", "2024年 预算", "互自然资〔2024〕12号", "015201125/2025-00016"])
def test_ordinary_queries_identifiers_and_years_are_kept(world, query):
    assert not holds_personal_data(query)


def test_counts_are_kept_per_month(world):
    record("低保", "dept-x", 3, on=datetime.date(2025, 2, 28))
    record("低保", "dept-x", 0, on=datetime.date(2025, 3, 1))
    record("低保", "dept-x", 0, on=datetime.date(2025, 3, 31))
    assert top_queries(datetime.date(2025, 2, 1), "dept-x") == [("低保", 1, 0)]
    assert top_queries(datetime.date(2025, 3, 15), "dept-x") == [("低保", 2, 2)]


def _fill(world):
    for _ in range(3):
        record("老旧小区", "dept-x", 4)
    record("公租房", "dept-x", 0)
    record("公租房", "dept-x", 0)
    record("宅基地", "dept-x", 1)
    record("预算", "dept-y", 2)
    record("年度报告", "", 0)
    record("去年的词", "dept-x", 0, on=datetime.date(2025, 1, 10))


def test_the_public_is_sent_to_log_in_and_an_account_without_a_role_is_refused(client, world):
    r = client.get(PAGE)
    assert r.status_code == 302 and r["Location"].startswith("/staff/login/")
    client.force_login(world.outsider)
    assert client.get(PAGE).status_code == 404


def test_an_officer_sees_their_agency_and_no_other(client, world):
    _fill(world)
    client.force_login(world.officer)
    html = body(client.get(PAGE))
    assert "测试县自然资源局" in html and "老旧小区" in html and "预算" not in html and "年度报告" not in html
    assert client.get(PAGE, {"agency": "dept-y"}).status_code == 404
    assert client.get(PAGE, {"agency": ""}).status_code == 404  # the site-wide box is the office's
    client.force_login(world.officer_y)
    assert client.get(PAGE, {"agency": "dept-x"}).status_code == 404
    html = body(client.get(PAGE))
    assert "预算" in html and "老旧小区" not in html


def test_the_disclosure_office_sees_the_site_box_and_every_agency_under_it(client, world):
    _fill(world)
    client.force_login(world.office)
    html = body(client.get(PAGE))
    assert "站内检索（不限机关）" in html and "年度报告" in html and "老旧小区" not in html
    html = body(client.get(PAGE, {"agency": "dept-y"}))
    assert "预算" in html
    assert client.get(PAGE, {"agency": "dept-z"}).status_code == 404  # another government's agency


def test_the_page_lists_the_top_and_the_empty_queries_of_the_month(client, world):
    _fill(world)
    client.force_login(world.officer)
    html = body(client.get(PAGE, {"agency": "dept-x"}))
    top, empty = html.split("最常检索的词")[1].split("没有找到结果的检索词")
    # by searches: 老旧小区 3, 公租房 2, 宅基地 1; empty: only 公租房 (2 of 2)
    assert top.index("老旧小区") < top.index("公租房") < top.index("宅基地")
    assert '<td class="num">3</td><td class="num">0</td>' in top
    assert "公租房" in empty and "老旧小区" not in empty and "宅基地" not in empty
    assert '<td>公租房</td><td class="num">2</td><td class="num">2</td>' in empty
    assert "去年的词" not in html
    assert f'<option value="{month():%Y-%m}" selected>' in html and '<option value="2025-01">2025年1月</option>' in html
    html = body(client.get(PAGE, {"agency": "dept-x", "month": "2025-01"}))
    assert "去年的词" in html and "老旧小区" not in html


def test_a_bad_month_is_explained(client, world):
    client.force_login(world.officer)
    r = client.get(PAGE, {"month": "2025-13"})
    assert r.status_code == 400 and "月份格式不正确" in r.content.decode()


def test_the_staff_menu_links_the_page(client, world):
    client.force_login(world.officer)
    assert 'href="/staff/catalog/searches/"' in client.get("/staff/").content.decode()
