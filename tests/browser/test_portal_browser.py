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
    from gongkai.disclosure.tests.factories import registered
    from gongkai.reports.models import AnnualReport, Status

    from gongkai.documents import rendering

    monkeypatch.setattr(rendering, "to_docx", lambda layout, author="": b"DOCX")  # fast stand-ins
    monkeypatch.setattr(rendering, "to_pdf", lambda layout: b"%PDF")
    registered(site, received_on=date(2024, 3, 4))

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
    page.get_by_role("textbox", name="五、存在的主要问题及改进情况").fill("一是依申请公开办理不够规范，个别申请临近期限才答复。改进措施：建立期限预警，加强培训。")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("button", name="提交负责人审核").click()
    page.shot("submitted")
    page.get_by_role("button", name="退出").click()
    login("head")
    page.goto(live_server.url + "/staff/reports/dept-x/2024/")
    page.get_by_role("button", name="审核通过并发布").click()
    page.shot("published")
    assert AnnualReport.objects.get(agency=site.agency, year=2024).status == Status.PUBLISHED
    page.goto(live_server.url + "/agencies/dept-x/reports/2024/")
    assert "测试县自然资源局2024年政府信息公开工作年度报告" in page.content()
    assert page.locator("svg").count() >= 1
    page.shot("public-report")
