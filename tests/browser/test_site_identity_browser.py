"""Every page type of the demo shows the site's identity in its footer, as government sites must
(国办发〔2017〕47号 政府网站发展指引), and never the server's address (issue 19, Must show)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

#: the demo's identity (gongkai/portal/demo.py), written out here as the footer must show it
FOOTER = ("主办单位：互助土族自治县人民政府", "承办单位：互助县人民政府办公室（县政务公开办）",
          "网站标识码：6321260001", "青ICP备12001234号-1", "青公网安备63212602000101号")
QUERY_CODE = "FOOTER2025CODE"


@pytest.fixture
def demo_site(monkeypatch):
    from gongkai import demo
    from gongkai.documents import rendering

    monkeypatch.setattr(rendering, "to_pdf", lambda layout: b"%PDF-fake")
    monkeypatch.setattr(rendering, "to_docx", lambda layout, author="": b"DOCX")
    demo.load()


def _check(pg, url, problems, what):
    pg.goto(url)
    footer = pg.locator("footer.site-footer").inner_text()
    missing = [line for line in FOOTER if line not in footer]
    if missing:
        problems.append(f"{what}（{url}）页脚缺少：{'、'.join(missing)}")
    if not pg.get_by_role("contentinfo").get_by_role("link", name="我为政府网站找错").is_visible():
        problems.append(f"{what}（{url}）页脚没有“我为政府网站找错”")
    text = pg.locator("body").inner_text() + pg.title()
    if "127.0.0.1" in text or "localhost" in text:
        problems.append(f"{what}（{url}）页面文字含服务器地址")
    if "互助县人民政府信息公开平台" not in pg.title():
        problems.append(f"{what}（{url}）标题没有网站名称：{pg.title()}")


def test_every_page_type_shows_the_site_identity_in_its_footer(demo_site, live_server, open_page):
    from gongkai.accounts.demo import DEMO_PASSWORD
    from gongkai.catalog.models import Item
    from gongkai.disclosure.models import Application
    from gongkai.reports.models import AnnualReport, Status

    base = live_server.url
    item = Item.objects.filter(status="published").order_by("pk").first()
    report = AnnualReport.objects.filter(status=Status.PUBLISHED).select_related("agency").order_by("pk").first()
    app = Application.objects.order_by("number").first()
    app.set_query_code(QUERY_CODE)
    app.save(update_fields=["query_code_hash"])
    public = {
        "首页": "/", "机关页": "/agencies/huzhu-zrj/", "目录": "/agencies/huzhu-zrj/catalog/",
        "目录信息": item.get_absolute_url(), "指南": "/agencies/huzhu/guide/",
        "年度报告": f"/agencies/{report.agency.code}/reports/{report.year}/", "申请表": "/agencies/huzhu-zrj/apply/",
        "查询申请": "/applications/track/", "建议咨询": "/agencies/huzhu/feedback/", "找错": "/feedback/site-error/",
        "公众登录": "/account/login/", "工作人员登录": "/staff/login/", "网站地图": "/sitemap/", "检索": "/search/?q=补偿",
    }
    problems: list[str] = []
    pg = open_page()
    for what, path in public.items():
        _check(pg, base + path, problems, what)

    pg.goto(base + "/applications/track/")  # the applicant's own page, opened with the query code
    pg.get_by_label("申请编号").fill(app.number)
    pg.get_by_label("查询码").fill(QUERY_CODE)
    with pg.expect_navigation():
        pg.get_by_role("button", name="查询").click()
    _check(pg, pg.url, problems, "申请办理进度")

    staff = open_page()
    staff.goto(base + "/staff/login/")
    staff.get_by_label("用户名").fill("zrj_officer")
    staff.get_by_label("密码").fill(DEMO_PASSWORD)
    with staff.expect_navigation():
        staff.get_by_role("button", name="登录").click()
    for what, path in {"工作台": "/staff/", "申请列表": "/staff/applications/",
                       "申请案卷": f"/staff/applications/{app.number}/"}.items():
        _check(staff, base + path, problems, what)
    staff.shot("staff-footer")
    assert not problems, "\n".join(problems)
