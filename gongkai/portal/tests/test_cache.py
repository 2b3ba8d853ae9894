"""The cache of anonymous public pages (gongkai.portal.cache)."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from gongkai.catalog.tests.helpers import published
from gongkai.portal import cache as page_cache


@pytest.fixture
def on(settings):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def _state(response) -> str | None:
    return response.headers.get("X-Gongkai-Cache")


def test_it_serves_the_second_anonymous_visit_from_the_cache(client, world, on):
    first = client.get("/")
    second = client.get("/")
    assert (_state(first), _state(second)) == ("miss", "hit")
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    # the headers of the page come with it
    assert "default-src 'self'" in second["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY"


def test_it_serves_a_fresh_page_once_an_item_is_published(client, world, on):
    url = reverse("catalog:agency_catalog", kwargs={"code": "dept-x"})
    assert "补偿标准的公告" not in client.get(url).content.decode()
    assert _state(client.get(url)) == "hit"
    published(world, title="关于公布2025年度土地征收补偿标准的公告")
    r = client.get(url)
    assert _state(r) == "miss"
    assert "关于公布2025年度土地征收补偿标准的公告" in r.content.decode()


def test_it_serves_a_fresh_home_page_once_an_agency_is_renamed(client, world, on):
    client.get("/")
    world.agency.name = "测试县自然资源和规划局"
    world.agency.save()
    r = client.get("/")
    assert _state(r) == "miss" and "测试县自然资源和规划局" in r.content.decode()


def test_it_keeps_the_generation_when_a_subscriber_signs_up(world, on):
    from gongkai.catalog.models import Subscription

    before = page_cache.generation()
    Subscription.objects.create(email="reader@example.cn")
    assert page_cache.generation() == before


def test_it_never_caches_for_a_signed_in_user(client, world, on):
    client.get("/")  # cached for the anonymous
    client.force_login(world.officer)
    r = client.get("/")
    assert _state(r) is None
    assert _state(client.get("/")) is None


def test_it_does_not_serve_the_cache_after_a_form_left_a_message(client, world, on):
    client.get("/")
    client.cookies["messages"] = "x"
    assert _state(client.get("/")) is None


@pytest.mark.parametrize("name", ["disclosure:apply", "feedback:submit"])
def test_it_never_caches_a_page_with_a_protected_form(client, world, on, name):
    url = reverse(name, kwargs={"code": "dept-x"})
    first, second = client.get(url), client.get(url)
    assert first.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in first.content.decode()
    assert _state(first) is None and _state(second) is None
    assert "csrftoken" in second.cookies  # every visitor gets a token of their own


def test_it_never_caches_the_subscription_form(client, world, on):
    url = reverse("catalog:subscribe")
    client.get(url)
    assert _state(client.get(url)) is None


def test_it_caches_search_results_by_their_query(client, world, on):
    published(world, title="关于宅基地审批的通知")
    published(world, title="关于不动产登记的通知")
    a = client.get("/search/", {"q": "宅基地"})
    b = client.get("/search/", {"q": "不动产登记"})
    assert (_state(a), _state(b)) == ("miss", "miss")
    again = client.get("/search/", {"q": "宅基地"})
    assert _state(again) == "hit" and again.content == a.content
    assert "审批的通知" in a.content.decode() and "登记的通知" not in a.content.decode()


def test_it_leaves_posts_staff_and_health_alone(client, world, on):
    assert _state(client.post("/")) is None
    client.get("/healthz")
    assert _state(client.get("/healthz")) is None
    client.get("/staff/login/")
    assert _state(client.get("/staff/login/")) is None


def test_it_does_not_keep_errors(client, world, on):
    client.get("/agencies/nobody/")
    assert _state(client.get("/agencies/nobody/")) is None


def test_it_is_off_at_zero_seconds(client, world, settings):
    settings.PAGE_CACHE_SECONDS = 0
    cache.clear()
    client.get("/")
    assert _state(client.get("/")) is None


def test_it_serves_uncached_when_the_cache_is_down(client, world, on, monkeypatch):
    def down(*a, **k):
        raise ConnectionError("redis down")

    monkeypatch.setattr(page_cache.cache, "get", down)
    r = client.get("/")
    assert r.status_code == 200 and _state(r) is None


def test_it_caches_an_item_page_and_the_agency_page(client, world, on):
    item = published(world, title="关于宅基地审批的通知")
    for url in (reverse("catalog:item", kwargs={"index_number": item.index_number}),
                reverse("portal:agency", kwargs={"code": "dept-x"})):
        first = client.get(url)
        assert first.status_code == 200
        again = client.get(url)
        assert (_state(first), _state(again)) == ("miss", "hit"), url
        assert again.content == first.content


def test_memo_keeps_a_value_until_something_public_changes(world, on):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert page_cache.memo("test-memo", compute) == 1
    assert page_cache.memo("test-memo", compute) == 1  # kept
    page_cache.bump()  # what any save of a public model does
    assert page_cache.memo("test-memo", compute) == 2


def test_memo_computes_every_time_without_the_page_cache_or_a_shared_cache(world, settings):
    settings.PAGE_CACHE_SECONDS, settings.SHARED_CACHE = 0, False  # a process-local cache: no common generation
    calls = []
    assert [page_cache.memo("test-memo-off", lambda: calls.append(1) or len(calls)) for _ in range(2)] == [1, 2]


def test_memo_keeps_a_value_with_a_shared_cache_while_the_page_cache_is_off(world, settings):
    settings.PAGE_CACHE_SECONDS, settings.SHARED_CACHE = 0, True  # e.g. Redis, page cache switched off
    cache.clear()
    calls = []
    assert [page_cache.memo("test-memo-shared", lambda: calls.append(1) or len(calls)) for _ in range(2)] == [1, 1]
    page_cache.bump()
    assert page_cache.memo("test-memo-shared", lambda: calls.append(1) or len(calls)) == 2


def test_the_search_page_lists_a_new_agency_at_once(client, world, on):
    from gongkai.accounts.models import Agency

    assert "新设机关" not in client.get("/search/").content.decode()
    Agency.objects.create(code="dept-new", name="新设机关", parent=world.government)
    page = client.get("/search/").content.decode()
    assert '<option value="dept-new">新设机关</option>' in page
