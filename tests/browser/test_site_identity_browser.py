"""Every page type of the demo shows the site's identity in its footer, as government sites must
(国办发〔2017〕47号 政府网站发展指引), and never the server's address (issue 19, Must show)."""

from __future__ import annotations

import pytest

from .pages import load_demo, log_in, open_tracked, public_pages, staff_pages, tracked_application

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

#: the demo's identity (gongkai/portal/demo.py), written out here as the footer must show it
FOOTER = ("主办单位：互助土族自治县人民政府", "承办单位：互助县人民政府办公室（县政务公开办）",
          "网站标识码：6321260001", "青ICP备12001234号-1", "青公网安备63212602000101号")


def _check(pg, url, problems, what):
    if url is not None:
        response = pg.goto(url)
        if response.status >= 400:
            problems.append(f"{what}（{url}）HTTP {response.status}")
    footer = pg.locator("footer.site-footer").inner_text()
    missing = [line for line in FOOTER if line not in footer]
    if missing:
        problems.append(f"{what}（{pg.url}）页脚缺少：{'、'.join(missing)}")
    if not pg.get_by_role("contentinfo").get_by_role("link", name="我为政府网站找错").is_visible():
        problems.append(f"{what}（{pg.url}）页脚没有“我为政府网站找错”")
    text = pg.locator("body").inner_text() + pg.title()
    if "127.0.0.1" in text or "localhost" in text:
        problems.append(f"{what}（{pg.url}）页面文字含服务器地址")
    if "互助县人民政府信息公开平台" not in pg.title():
        problems.append(f"{what}（{pg.url}）标题没有网站名称：{pg.title()}")


def test_every_page_type_shows_the_site_identity_in_its_footer(live_server, open_page, monkeypatch):
    load_demo(monkeypatch)
    base = live_server.url
    app = tracked_application()
    problems: list[str] = []
    pg = open_page()
    for what, path in public_pages().items():
        _check(pg, base + path, problems, what)
    open_tracked(pg, base, app)
    _check(pg, None, problems, "申请办理进度")

    for username, pages in staff_pages(app).items():
        staff = open_page()
        log_in(staff, base, username)
        for what, path in pages.items():
            _check(staff, base + path, problems, what)
    staff.shot("staff-footer")
    assert not problems, "\n".join(problems)
