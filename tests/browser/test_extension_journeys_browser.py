"""Issue 14, journeys (b) and (c), both staff seats in a real browser, each from a fresh server:

(b) a paper application received by post is registered by the officer → the officer asks for an
    extension → the head approves it from the dashboard → the case shows the new due date;
(c) the head refuses an extension (不批准, with the reason) → the officer sees the refusal and the
    original due date stands.

Screenshots in test-artifacts/screenshots/.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from .test_journeys_browser import (  # noqa: F401 — fixtures and helpers of the other journeys
    fill_application, letters, login, logout, press, site, step)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def shown_due_date(page) -> date:
    """The 答复期限 the case page shows (“2026年12月31日”)."""
    text = page.locator(".fact", has_text="答复期限").locator("b").inner_text()
    y, m, d = map(int, re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", text.strip()).groups())
    return date(y, m, d)


def working_days_after(start: date, end: date) -> int:
    """Working days in (start, end], counted day by day from the holiday calendar alone."""
    from gongkai.accounts.holidays import current_calendar

    cal = current_calendar()
    return sum(cal.is_workday(start + timedelta(days=i)) for i in range(1, (end - start).days + 1))


def register_posted_application(page, base) -> str:
    """The officer registers a letter signed for today (邮寄: the receipt date is the day signed for)."""
    page.goto(base + "/staff/")
    page.get_by_role("link", name="依申请公开").first.click()
    page.get_by_role("link", name="登记纸质、当面、邮寄、传真申请").click()
    page.wait_for_url("**/staff/applications/register/")
    fill_application(page, "本镇2025年农村土地承包经营权流转备案材料")
    page.get_by_label("获取信息的方式").select_option("post")
    page.get_by_label("提交方式").select_option("post")
    page.get_by_label("提交（寄出、发送）日期").fill((date.today() - timedelta(days=3)).isoformat())
    page.get_by_label("收到申请日期").fill(date.today().isoformat())
    page.shot("register-form")
    press(page.get_by_role("button", name="登记"))
    page.wait_for_url("**/staff/applications/*/")
    assert "已登记申请" in page.content() and "查询码" in page.content()
    number = page.url.rstrip("/").rsplit("/", 1)[-1]
    page.shot("registered")
    return number


def request_extension(page, number, days: int, reason: str):
    form = step(page, "request_extension")
    form.get_by_label("延长工作日数").fill(str(days))
    form.get_by_label("延期理由").fill(reason)
    press(form.get_by_role("button", name="申请延期答复"))
    assert "已办理：申请延期答复" in page.content()
    assert "延期待负责人批准" in page.locator(".facts").inner_text()
    assert step(page, "extend").count() == 0 and step(page, "refuse_extension").count() == 0  # not the officer's


def open_pending_from_dashboard(page, number):
    """The head's dashboard lists the request under 延期待批准; its link opens the case."""
    page.goto(page.url.split("/staff/")[0] + "/staff/")
    pending = page.locator("ul.pending")
    assert number in pending.inner_text()
    tile = page.locator("[data-count='extension_pending'] b")
    assert tile.inner_text() == "1"
    page.shot("dashboard-pending")
    pending.get_by_role("link", name=number).click()
    page.wait_for_url(f"**/staff/applications/{number}/#step-extend")


def test_the_head_approves_an_extension_of_a_posted_application_from_the_dashboard(site, live_server, page, letters):
    from gongkai.disclosure.models import Application, Channel, EventType

    base = live_server.url
    login(page, base, "officer")
    number = register_posted_application(page, base)
    app = Application.objects.get(number=number)
    assert app.channel == Channel.POST and app.signed_for_on == date.today() and app.received_on == date.today()
    original_due = shown_due_date(page)
    assert working_days_after(date.today(), original_due) == 20  # 条例第三十三条: 20 working days from receipt
    request_extension(page, number, 15, "需要调取乡镇保存的纸质备案档案。")
    page.shot("extension-requested")
    logout(page)

    login(page, base, "head")
    open_pending_from_dashboard(page, number)
    form = step(page, "extend")
    assert form.get_by_label("延长工作日数").input_value() == "15"
    assert form.get_by_label("延期理由").input_value() == "需要调取乡镇保存的纸质备案档案。"
    press(form.get_by_role("button", name="批准延期答复"))
    assert "已办理：批准延期答复" in page.content()
    new_due = shown_due_date(page)
    assert working_days_after(original_due, new_due) == 15
    assert "延期待负责人批准" not in page.locator(".facts").inner_text()
    assert page.locator("table").filter(has_text="延期答复告知书").count() == 1  # the letter to the applicant
    page.shot("extended")

    # the head's dashboard no longer lists it
    page.goto(base + "/staff/")
    assert page.locator("[data-count='extension_pending'] b").inner_text() == "0"
    assert page.locator("ul.pending").count() == 0
    logout(page)

    # the officer sees the new due date on the case
    login(page, base, "officer")
    page.goto(base + f"/staff/applications/{number}/")
    assert shown_due_date(page) == new_due
    assert "批准延期答复" in page.locator("table").last.inner_text()  # 办理记录
    app = Application.objects.get(number=number)
    assert app.due_on == new_due and app.extension_requested_on is None
    assert app.events.filter(type=EventType.EXTENDED).count() == 1
    page.shot("officer-sees-new-due-date")


def test_the_officer_sees_a_refused_extension_and_the_original_due_date_stands(site, live_server, page, letters,
                                                                                mailoutbox):
    from gongkai.accounts.models import User
    from gongkai.disclosure.models import Application, EventType

    User.objects.filter(username="officer").update(email="officer@example.com")
    base = live_server.url
    login(page, base, "officer")
    number = register_posted_application(page, base)
    original_due = shown_due_date(page)
    request_extension(page, number, 10, "需要向档案馆调档。")
    logout(page)

    login(page, base, "head")
    open_pending_from_dashboard(page, number)
    form = step(page, "refuse_extension")
    form.get_by_role("button", name="不批准延期答复").click()  # without a reason: the browser asks for one
    assert form.get_by_label("不批准的理由").evaluate("e => e.validity.valueMissing") is True
    assert Application.objects.get(number=number).extension_requested_on == date.today()
    form = step(page, "refuse_extension")
    form.get_by_label("不批准的理由").fill("档案已数字化，可在期限内查阅，无需延期。")
    press(form.get_by_role("button", name="不批准延期答复"))
    assert "已办理：不批准延期答复" in page.content()
    assert shown_due_date(page) == original_due
    page.shot("refused")
    logout(page)

    # the officer is told (mail) and sees the refusal with its reason on the case; the due date stands
    told = [m for m in mailoutbox if "officer@example.com" in m.to]
    assert told and "延期答复未获批准" in told[-1].subject
    assert "档案已数字化" in told[-1].body and f"{original_due.year}年{original_due.month}月{original_due.day}日" in told[-1].body
    login(page, base, "officer")
    page.goto(base + f"/staff/applications/{number}/")
    assert shown_due_date(page) == original_due
    facts = page.locator(".facts").inner_text()
    assert "延期待负责人批准" not in facts
    history = page.locator("table").last.inner_text()
    assert "不批准延期答复" in history and "档案已数字化，可在期限内查阅，无需延期。" in history
    # the officer may ask again (once more within the due date), since no extension was granted
    assert step(page, "request_extension").count() == 1
    app = Application.objects.get(number=number)
    assert app.due_on == original_due and not app.events.filter(type=EventType.EXTENDED).exists()
    page.shot("officer-sees-refusal")


def test_a_file_provided_as_it_is_reaches_the_applicant_with_a_granted_reply(site, live_server, page, open_page,
                                                                              letters):
    """予以公开 with a file that needs no masking: 无需遮盖，按原件提供 (a reason, since the screen finds a
    phone number: it is the applicant's own), then the applicant downloads it with the query code."""
    from io import BytesIO

    from pypdf import PdfReader

    from gongkai.disclosure import actions
    from gongkai.disclosure.models import Application
    from gongkai.disclosure.tests.factories import fields

    base = live_server.url
    sub = actions.submit_application(agency=site.agency, fields=fields(form="download"))
    number, code = sub.application.number, sub.query_code
    login(page, base, "officer")
    page.goto(base + f"/staff/applications/{number}/")
    press(step(page, "confirm_receipt").get_by_role("button", name="确认收到申请"))
    page.get_by_label("文件标题").fill("宅基地审批登记表")
    page.get_by_label("文件（.txt、.docx 或文字版 .pdf）").set_input_files(files=[{
        "name": "登记表.txt", "mimeType": "text/plain",
        "buffer": "宅基地审批登记表\n申请人：王小二，联系电话13912345678，面积120平方米。\n".encode()}])
    press(page.get_by_role("button", name="上传并筛查"))
    page.wait_for_url("**/releases/*/")
    assert "系统在文件中发现1处个人信息" in page.content()
    page.get_by_role("button", name="无需遮盖，按原件提供").click()  # no reason: the browser asks for one
    assert page.get_by_label("按原件提供的理由（必填）").evaluate("e => e.validity.valueMissing") is True
    page.get_by_label("按原件提供的理由（必填）").fill("登记表所载为申请人王小二本人的信息。")
    page.shot("as-is-form")
    press(page.get_by_role("button", name="无需遮盖，按原件提供"))
    page.wait_for_url(f"**/staff/applications/{number}/")
    assert "按原件提供，未遮盖" in page.content()
    form = step(page, "decide")
    form.get_by_label("办理结果").select_option("granted")
    press(form.get_by_role("button", name="作出答复"))
    assert Application.objects.get(number=number).outcome == "granted"
    page.shot("granted")

    applicant = open_page(java_script_enabled=False)
    applicant.goto(base + "/applications/track/")
    applicant.get_by_label("申请编号").fill(number)
    applicant.get_by_label("查询码").fill(code)
    press(applicant.get_by_role("button", name="查询"))
    assert "本文件按原件提供，未作遮盖。" in applicant.content()
    with applicant.expect_download() as download:
        applicant.get_by_role("link", name="宅基地审批登记表.pdf").click()
    data = open(download.value.path(), "rb").read()
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(data)).pages).replace(" ", "")
    assert data.startswith(b"%PDF-") and "面积120平方米" in text and "13912345678" in text
    applicant.shot("applicant-downloads-original")
