import datetime

import pytest

from gongkai.catalog import actions

from .helpers import published


@pytest.fixture
def items(world):
    return [
        published(world, title="互助县老旧小区改造实施方案", body="威远镇老旧小区改造。", published_on=datetime.date(2025, 3, 3)),
        published(world, title="公共租赁住房申请公告", body="住房保障。", published_on=datetime.date(2025, 3, 4)),
    ]


def test_it_searches_with_the_documented_shape(client, items):
    data = client.get("/api/v1/catalog", {"q": "改造", "agency": "dept-x"}).json()
    assert data["count"] == 1 and data["count_exact"] is True
    hit = data["results"][0]
    assert set(hit) == {"index_number", "title", "agency", "published_on", "url", "snippet"}
    assert hit["index_number"] == "015201125/2025-00001"
    assert hit["published_on"] == "2025-03-03"
    assert hit["url"].endswith("/catalog/015201125/2025-00001/")
    assert "<mark>改造</mark>" in hit["snippet"]


def test_it_lists_newest_first_without_a_query(client, items):
    data = client.get("/api/v1/catalog").json()
    assert [r["title"] for r in data["results"]] == ["公共租赁住房申请公告", "互助县老旧小区改造实施方案"]


def test_it_returns_one_item_plain_or_url_encoded(client, items):
    plain = client.get("/api/v1/catalog/015201125/2025-00001")
    encoded = client.get("/api/v1/catalog/015201125%2F2025-00001")
    assert plain.status_code == encoded.status_code == 200
    assert plain.json()["title"] == encoded.json()["title"] == "互助县老旧小区改造实施方案"
    assert plain.json()["topic"] == "国土资源、能源\\土地"


def test_it_404s_for_withdrawn_items_in_chinese(client, world, items):
    actions.withdraw_item(items[0], actor=world.head, reason="有误")
    response = client.get("/api/v1/catalog/015201125/2025-00001")
    assert response.status_code == 404 and "没有索引号" in response.json()["detail"]
    assert client.get("/api/v1/catalog", {"q": "改造"}).json()["count"] == 0


@pytest.mark.parametrize("params, field", [
    ({"page": "0"}, "page"), ({"year": "abc"}, "year"), ({"category": "x"}, "category"),
])
def test_it_rejects_bad_parameters_with_chinese_messages(client, items, params, field):
    response = client.get("/api/v1/catalog", params)
    assert response.status_code == 400
    assert field in response.json()["errors"]


@pytest.mark.parametrize("params, text", [
    ({"agency": "nope"}, "没有代码"), ({"item": "99"}, "item"), ({"validity": "x"}, "validity"),
    ({"category": "99999"}, "主题分类"),
])
def test_it_explains_unknown_filter_values(client, items, params, text):
    response = client.get("/api/v1/catalog", params)
    assert response.status_code == 400 and text in response.json()["detail"]
