"""The site identity in every footer, its settings page, the 网站地图, the favicon and 网站找错."""

import re

import pytest

from gongkai.feedback.models import Item as FeedbackItem
from gongkai.portal.models import SiteIdentity

IDENTITY = dict(site_name="测试县人民政府门户网站", sponsor="测试县人民政府", organizer="测试县政务公开办",
                address="测试县人民路1号", phone="0972-1234567", email="web@test.example.cn",
                site_code="6321260001", icp_number="青ICP备12001234号-1",
                police_number="青公网安备63212602000101号")


@pytest.fixture
def identity(world):
    return SiteIdentity.objects.create(host=world.government, **IDENTITY)


def test_it_shows_the_identity_in_the_footer_and_title(client, identity):
    html = client.get("/agencies/dept-x/").content.decode()
    assert "<title>测试县自然资源局 · 测试县人民政府门户网站</title>" in html
    footer = html[html.index("<footer"):]
    for text in ("主办单位：测试县人民政府", "承办单位：测试县政务公开办", "联系电话：0972-1234567",
                 "网站标识码：6321260001", "青ICP备12001234号-1", "青公网安备63212602000101号",
                 "网站地图", "我为政府网站找错"):
        assert text in footer, text
    assert 'href="https://beian.miit.gov.cn/"' in footer
    assert 'href="https://beian.mps.gov.cn/#/query/webSearch?code=63212602000101"' in footer


def test_it_brands_the_log_in_pages_with_the_site_name(client, identity):
    for url in ("/account/login/", "/staff/login/", "/account/signup/"):
        html = client.get(url).content.decode()
        assert "测试县人民政府门户网站</title>" in html, url
        assert "网站标识码：6321260001" in html, url
        shown = re.sub(r'href="[^"]*"', "", html)  # the national 找错 link carries this page's address
        assert "127.0.0.1" not in shown and "testserver" not in shown, url


def test_it_falls_back_to_the_configured_site_name_before_the_identity_is_saved(client, db, settings):
    html = client.get("/").content.decode()
    assert "<title>政府信息公开平台</title>" in html  # GONGKAI_SITE_NAME's default
    assert SiteIdentity.objects.count() == 0  # a page view writes nothing


def test_it_lets_the_administrator_edit_the_identity(client, world):
    client.force_login(world.admin)
    assert client.get("/staff/site/").status_code == 200
    r = client.post("/staff/site/", {**IDENTITY, "host": world.government.pk})
    assert r.status_code == 302
    saved = SiteIdentity.current()
    assert saved.sponsor == "测试县人民政府" and saved.police_number == "青公网安备63212602000101号"
    assert "主办单位：测试县人民政府" in client.get("/").content.decode()


def test_it_refuses_badly_written_registration_numbers_in_chinese(client, world):
    client.force_login(world.admin)
    r = client.post("/staff/site/", {**IDENTITY, "site_code": "123", "icp_number": "ICP 12345",
                                     "police_number": "青公网安备123号", "phone": "电话", "conac_id": "abc"})
    assert r.status_code == 400
    html = r.content.decode()
    assert "网站标识码为10位数字或字母" in html
    assert "ICP备案号的格式如：青ICP备12345678号" in html
    assert "公安机关备案号的格式如：青公网安备63212602000001号" in html
    assert "联系电话只能包含数字" in html and "党政机关网站开办标识编号为32位" in html
    assert SiteIdentity.objects.count() == 0


def test_it_links_the_national_error_platform_and_the_conac_badge(client, identity):
    """With a 网站标识码, 我为政府网站找错 goes to the national platform with this page's address
    (the site's own 纠错 form stays); with a 开办标识 number the footer shows the badge."""
    footer = client.get("/agencies/dept-x/").content.decode().split("<footer", 1)[1]
    assert ('href="https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=6321260001&amp;url='
            'http%3A%2F%2Ftestserver%2Fagencies%2Fdept-x%2F"') in footer
    assert "网站纠错留言" in footer and "bszs.conac.cn" not in footer
    identity.conac_id = "837BD1DE11157A51E05310291AAC8210"
    identity.site_code = "bm17000009"  # a ministry's code has letters
    identity.full_clean()
    identity.save()
    footer = client.get("/").content.decode().split("<footer", 1)[1]
    assert 'href="https://bszs.conac.cn/sitename?method=show&amp;id=837BD1DE11157A51E05310291AAC8210"' in footer
    assert "site_code=bm17000009" in footer
    identity.site_code = ""
    identity.save()
    footer = client.get("/").content.decode().split("<footer", 1)[1]
    assert "zfwzgl" not in footer and '>我为政府网站找错</a>' in footer and "/feedback/site-error" in footer


def test_it_hides_the_identity_settings_from_other_staff(client, world):
    for user in (world.officer, world.head, world.office, world.outsider):
        client.force_login(user)
        assert client.get("/staff/site/").status_code == 404
        assert client.post("/staff/site/", IDENTITY).status_code == 404
    assert SiteIdentity.objects.count() == 0


def test_it_serves_a_favicon(client, db):
    r = client.get("/favicon.ico")
    assert r.status_code == 200 and r["Content-Type"] == "image/x-icon"
    assert r.content[:4] == b"\x00\x00\x01\x00"  # the ICO header


def test_it_lists_every_agency_column_on_the_site_map(client, identity):
    html = client.get("/sitemap/").content.decode()
    assert "<h1>网站地图</h1>" in html
    assert 'href="/agencies/dept-x/guide/"' in html and 'href="/agencies/dept-y/catalog/"' in html
    assert 'href="/agencies/gov/"' in html and 'href="/feedback/site-error/"' in html


def test_it_files_a_site_error_report_as_a_feedback_item_of_the_host(client, identity):
    r = client.get("/feedback/site-error/?from=/agencies/dept-x/guide/")
    assert r.status_code == 200
    assert 'value="/agencies/dept-x/guide/"' in r.content.decode()
    r = client.post("/feedback/site-error/", {"problem": "link", "page": "/agencies/dept-x/guide/",
                                              "content": "“目录下载”链接打不开。", "contact_phone": "0972-7654321"})
    assert r.status_code == 302 and r["Location"] == "/feedback/submitted"
    item = FeedbackItem.objects.get()
    assert item.agency == identity.host
    assert item.subject == "网站找错：链接无法打开或指向错误"
    assert "出错页面：/agencies/dept-x/guide/" in item.content and "“目录下载”链接打不开。" in item.content


def test_it_refuses_an_empty_site_error_report_in_chinese(client, identity):
    r = client.post("/feedback/site-error/", {"problem": "", "page": "", "content": ""})
    assert r.status_code == 400
    assert "此项必填。" in r.content.decode()
    assert not FeedbackItem.objects.exists()


def test_it_ignores_an_outside_address_as_the_page_reported(client, identity):
    html = client.get("/feedback/site-error/?from=https://evil.example.com/").content.decode()
    assert "evil.example.com" not in html


def test_it_loads_the_demo_identity_of_huzhu(db):
    from gongkai.accounts import demo as accounts_demo
    from gongkai.portal import demo

    accounts_demo.load()
    demo.load()
    identity = SiteIdentity.current()
    assert identity.sponsor == "互助土族自治县人民政府"
    assert identity.host.name == "互助县人民政府"
    identity.full_clean()  # the demo numbers are in the real formats


def test_the_admin_is_branded_with_the_site_name(client, identity, world):
    client.force_login(world.admin)
    assert "测试县人民政府门户网站 · 系统管理" in client.get("/admin/").content.decode()
    identity.site_name = "测试县政府网"
    identity.save()
    client.logout()
    html = client.get("/admin/login/").content.decode()
    assert "测试县政府网 · 系统管理" in html and "gongkai 系统管理" not in html


# -- an expired session: the site's own page, not Django's bare 403 --------------------------------

def test_it_explains_a_csrf_failure_in_the_sites_own_page(identity):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    form = "http://testserver/agencies/dept-x/feedback/"
    r = browser.post("/agencies/dept-x/feedback/", {"subject": "村道维修"}, HTTP_REFERER=form)
    assert r.status_code == 403
    html = r.content.decode()
    assert "<title>本次提交没有被接收 · 测试县人民政府门户网站</title>" in html
    assert 'class="site-header"' in html and "主办单位：测试县人民政府" in html[html.index("<footer"):]
    assert "页面停留时间过长，或浏览器禁用了 Cookie，为安全起见本次提交没有被接收。" in html
    assert "请返回上一页，刷新页面后再次提交——已填写的内容通常仍在浏览器中。" in html
    assert f'<a href="{form}">返回上一页</a>' in html
    for bare in ("Forbidden", "CSRF验证失败", "DEBUG"):
        assert bare not in html, bare


def test_the_csrf_page_links_back_only_to_this_site(identity):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    for referer in ("https://evil.example.com/agencies/dept-x/feedback/", "javascript:alert(1)", ""):
        html = browser.post("/agencies/dept-x/feedback/", {}, HTTP_REFERER=referer).content.decode()
        assert "返回上一页</a>" not in html and "evil.example.com" not in html and "javascript:" not in html
        assert '<a href="/">返回首页</a>' in html
