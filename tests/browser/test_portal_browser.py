"""A member of the public browses; staff log in and publish an annual report — in a real browser."""

from datetime import date

import pytest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def site(world):
    from gongkai.accounts.models import User

    for u in User.objects.all():
        u.set_password("correct horse battery")
        u.save()
    return world


def test_it_lets_the_public_find_an_agencys_guide(site, live_server, page, phone):
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "政府信息公开"
    page.get_by_role("link", name="测试县自然资源局").first.click()
    page.get_by_role("link", name="政府信息公开指南").click()
    page.wait_for_url("**/guide/")
    assert "政府信息公开工作机构" in page.content()
    page.shot("guide")
    phone.goto(live_server.url + "/agencies/dept-x/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1  # nothing overflows sideways on a phone
    phone.shot("agency-phone")


def test_it_lets_staff_build_and_publish_an_annual_report(site, live_server, page, monkeypatch):
    """The publication gate from both staff seats: the officer is told what is missing and follows
    the link to enter table 二's figures; a warning waits for the head, who acknowledges it with a
    reason; only then does the report go out."""
    from gongkai.disclosure.tests.factories import registered
    from gongkai.reports.models import AnnualReport, Status
    from gongkai.reports.tests import complete

    from gongkai.documents import rendering

    monkeypatch.setattr(rendering, "to_docx", lambda layout, author="": b"DOCX")  # fast stand-ins
    monkeypatch.setattr(rendering, "to_pdf", lambda layout: b"%PDF")
    registered(site, received_on=date(2024, 3, 4))
    text = complete.sections(site.agency, 2024)

    def login(username):
        page.goto(live_server.url + "/staff/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill("correct horse battery")
        page.get_by_role("button", name="登录").click()
        page.wait_for_url("**/staff/")

    login("officer")
    page.goto(live_server.url + "/staff/reports/?year=2024")
    page.shot("overview")
    page.locator("tr", has_text="测试县自然资源局").get_by_role("button", name="开始编制").click()
    page.wait_for_url("**/staff/reports/dept-x/2024/")
    checks = page.locator(".report-checks")
    assert "尚未填报" in checks.inner_text() and "只有标题" in checks.inner_text()
    page.get_by_role("button", name="提交负责人审核").click()
    assert "不能提交审核" in page.content()
    page.shot("gate-refused")
    # table 二: follow the link to where the figures are entered
    checks.get_by_role("link", name="去填报").first.click()
    page.wait_for_url("**/staff/catalog/figures/dept-x/2024/#id_licensing")  # to the field itself
    for field in ("行政许可", "行政处罚", "行政强制"):
        page.get_by_label(field, exact=False).first.fill("0")
    page.get_by_label("收费金额", exact=False).first.fill("0")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("link", name="回到2024年度报告").click()  # the saved message links back
    assert "尚未填报" not in page.locator(".report-checks").inner_text()  # no re-count needed
    page.get_by_role("textbox", name="一、总体情况").fill(text["overview"])
    page.get_by_role("textbox", name="五、存在的主要问题及改进情况").fill(text["problems"])
    page.get_by_role("textbox", name="六、其他需要报告的事项").fill("本年度未收取信息处理费。")
    page.get_by_role("button", name="保存").click()
    warning = page.locator(".check-warning", has_text="六、其他需要报告的事项")
    assert warning.count() == 1 and warning.locator("form").count() == 0  # the officer cannot wave it through
    page.get_by_role("button", name="退出").click()
    login("head")
    page.goto(live_server.url + "/staff/reports/dept-x/2024/")
    warning = page.locator(".check-warning", has_text="六、其他需要报告的事项")
    warning.get_by_label("理由").fill("本年度没有其他需要报告的事项")
    warning.get_by_role("button", name="确认（知悉，仍发布）").click()
    assert "负责人已确认：本年度没有其他需要报告的事项" in page.content()
    assert "检查全部通过" in page.content()
    page.shot("gate-acknowledged")
    page.get_by_role("button", name="提交负责人审核").click()
    page.get_by_role("button", name="审核通过并发布").click()
    page.shot("published")
    assert AnnualReport.objects.get(agency=site.agency, year=2024).status == Status.PUBLISHED
    page.goto(live_server.url + "/agencies/dept-x/reports/2024/")
    assert "测试县自然资源局2024年政府信息公开工作年度报告" in page.content()
    assert page.locator("svg").count() >= 1
    page.shot("public-report")
