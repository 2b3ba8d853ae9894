"""The demo's page types, one URL each, for the browser tests that open every kind of page (the
footer identity, axe-core). ``load_demo`` loads the demo with letters rendered as stand-ins."""

from __future__ import annotations

QUERY_CODE = "PAGES2025CODE"


def load_demo(monkeypatch):
    from gongkai import demo
    from gongkai.documents import rendering

    monkeypatch.setattr(rendering, "to_pdf", lambda layout: b"%PDF-fake")
    monkeypatch.setattr(rendering, "to_docx", lambda layout, author="": b"DOCX")
    demo.load()


def tracked_application():
    """An application of the demo, opened on the tracking page with ``QUERY_CODE``."""
    from gongkai.disclosure.models import Application

    app = Application.objects.filter(letters__isnull=False).order_by("number").first()
    app.set_query_code(QUERY_CODE)
    app.save(update_fields=["query_code_hash"])
    return app


def public_pages() -> dict[str, str]:
    from gongkai.catalog.models import Item
    from gongkai.feedback.models import Survey
    from gongkai.reports.models import AnnualReport, Status

    item = Item.objects.filter(status="published").order_by("pk").first()
    report = AnnualReport.objects.filter(status=Status.PUBLISHED).select_related("agency").order_by("pk").first()
    pages = {
        "首页": "/", "机关页": "/agencies/huzhu-zrj/", "目录": "/agencies/huzhu-zrj/catalog/",
        "目录信息": item.get_absolute_url(), "法定主动公开内容": "/agencies/huzhu-zrj/statutory/",
        "指南": "/agencies/huzhu/guide/", "制度": "/agencies/huzhu/rules/",
        "年度报告列表": f"/agencies/{report.agency.code}/reports/",
        "年度报告": f"/agencies/{report.agency.code}/reports/{report.year}/", "申请表": "/agencies/huzhu-zrj/apply/",
        "查询申请": "/applications/track/", "建议咨询": "/agencies/huzhu/feedback/",
        "公开答复": "/agencies/huzhu/questions/", "找错": "/feedback/site-error/", "订阅": "/catalog/subscribe/",
        "公众登录": "/account/login/", "工作人员登录": "/staff/login/", "网站地图": "/sitemap/",
        "检索": "/search/?q=补偿",
    }
    survey = Survey.objects.order_by("pk").first()
    if survey is not None:
        pages["问卷"] = f"/surveys/{survey.pk}/"
    return pages


def staff_pages(app) -> dict[str, dict[str, str]]:
    """``{username: {page type: path}}``: a 经办人 of 县自然资源局, the 政务公开办, the administrator."""
    from gongkai.catalog.models import Item
    from gongkai.feedback.models import Item as FeedbackItem

    item = Item.objects.filter(agency__code="huzhu-zrj").order_by("pk").first()
    message = FeedbackItem.objects.filter(agency__code="huzhu-zrj").order_by("pk").first()
    officer = {
        "工作台": "/staff/", "申请列表": "/staff/applications/", "申请案卷": f"/staff/applications/{app.number}/",
        "登记申请": "/staff/applications/register/", "目录管理": "/staff/catalog/",
        "新建目录信息": "/staff/catalog/new/huzhu-zrj/", "目录信息（工作人员）": f"/staff/catalog/{item.pk}/",
        "互动": "/staff/feedback/", "登记来件": "/staff/feedback/new/", "问卷": "/staff/surveys/",
        "年度报告（工作人员）": "/staff/reports/", "复议诉讼": "/staff/appeals/", "登记复议诉讼": "/staff/appeals/new/",
        "文书": "/staff/letters/huzhu-zrj/", "年度报告检查": "/staff/check/",
    }
    if message is not None:
        officer["互动事项"] = f"/staff/feedback/{message.number}/"
    return {"zrj_officer": officer,
            "gov_office": {"网站自查": "/staff/inspection/", "互动统计": "/staff/feedback/dashboard/"},
            "admin": {"网站标识": "/staff/site/"}}


def log_in(pg, base: str, username: str = "zrj_officer") -> None:
    from gongkai.accounts.demo import DEMO_PASSWORD

    pg.goto(base + "/staff/login/")
    pg.get_by_label("用户名").fill(username)
    pg.get_by_label("密码").fill(DEMO_PASSWORD)
    with pg.expect_navigation():
        pg.get_by_role("button", name="登录").click()


def open_tracked(pg, base: str, app) -> None:
    pg.goto(base + "/applications/track/")
    pg.get_by_label("申请编号").fill(app.number)
    pg.get_by_label("查询码").fill(QUERY_CODE)
    with pg.expect_navigation():
        pg.get_by_role("button", name="查询").click()
