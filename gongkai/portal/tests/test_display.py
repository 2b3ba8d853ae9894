"""The 大字 / 高对比度 switch (issue 19 item 4): plain links, a cookie, every page's <html class>."""

import pytest
from django.core.cache import cache

from gongkai.portal.display import COOKIE_SECONDS


def test_switching_on_sets_a_lasting_cookie_and_goes_back(client, db):
    r = client.get("/display/", {"text": "large", "next": "/sitemap/"})
    assert r.status_code == 302 and r["Location"] == "/sitemap/"
    cookie = r.cookies["gk_text"]
    assert cookie.value == "large" and cookie["max-age"] == COOKIE_SECONDS == 31536000
    assert cookie["samesite"] == "Lax" and cookie["path"] == "/"


def test_switching_off_removes_the_cookie(client, db):
    client.cookies["gk_contrast"] = "high"
    r = client.get("/display/", {"contrast": "normal", "next": "/"})
    assert r.status_code == 302 and r.cookies["gk_contrast"].value == "" and r.cookies["gk_contrast"]["max-age"] == 0


def test_it_comes_back_to_the_pages_query_from_the_referer(client, db):
    r = client.get("/display/", {"text": "large", "next": "/search/"}, HTTP_REFERER="http://testserver/search/?q=%E8%A1%A5%E5%81%BF&page=2")
    assert r["Location"] == "/search/?q=%E8%A1%A5%E5%81%BF&page=2"
    # a Referer from another site, or for another page, is not followed
    r = client.get("/display/", {"text": "large", "next": "/search/"}, HTTP_REFERER="https://evil.example/search/?q=x")
    assert r["Location"] == "/search/"
    r = client.get("/display/", {"text": "large", "next": "/sitemap/"}, HTTP_REFERER="http://testserver/search/?q=x")
    assert r["Location"] == "/sitemap/"


def test_it_never_sends_the_visitor_to_another_site(client, db):
    for target in ("https://evil.example/", "//evil.example/", ""):
        r = client.get("/display/", {"text": "large", "next": target})
        assert r["Location"] == "/", target


@pytest.mark.parametrize("query", [{"text": "huge"}, {"contrast": "1"}, {}])
def test_a_bad_choice_is_refused_in_chinese(client, db, query):
    r = client.get("/display/", query)
    assert r.status_code == 400 and "显示设置" in r.content.decode()


def test_every_page_carries_the_choice_and_the_switch(client, world):
    html = client.get("/sitemap/?x=1").content.decode()
    assert '<html lang="zh-Hans">' in html
    assert 'href="/display/?text=large&amp;next=/sitemap/">大字</a>' in html
    assert 'href="/display/?contrast=high&amp;next=/sitemap/">高对比度</a>' in html
    client.cookies["gk_text"] = "large"
    client.cookies["gk_contrast"] = "high"
    html = client.get("/sitemap/").content.decode()
    assert '<html lang="zh-Hans" class="text-large contrast-high">' in html
    assert ">标准字号</a>" in html and ">标准色彩</a>" in html
    client.force_login(world.officer)  # staff pages share the base template
    html = client.get("/staff/").content.decode()
    assert 'class="text-large contrast-high"' in html and ">标准字号</a>" in html


def test_the_page_cache_keeps_one_page_per_choice(client, world, settings):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    try:
        assert client.get("/").headers["X-Gongkai-Cache"] == "miss"
        client.cookies["gk_text"] = "large"
        r = client.get("/")
        assert r.headers["X-Gongkai-Cache"] == "miss" and 'class="text-large"' in r.content.decode()
        assert client.get("/").headers["X-Gongkai-Cache"] == "hit"
        del client.cookies["gk_text"]
        r = client.get("/")
        assert r.headers["X-Gongkai-Cache"] == "hit" and "text-large" not in r.content.decode()
    finally:
        cache.clear()
