"""Issue 14, journey (a), both seats in a real browser: a member of the public applies online →
the officer finds it → confirms it → asks for a 补正 → the applicant corrects online → the officer
confirms the correction, redacts the document and decides 部分公开 → the applicant downloads the
redacted document with the number and query code. Screenshots in test-artifacts/screenshots/."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

import pytest

from .test_journeys_browser import (  # noqa: F401 — fixtures and helpers of the other journeys
    assert_public_page, fill_application, letters, login, press, read_code, site, step)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def track(pg, base, number, code):
    pg.goto(base + "/applications/track/")
    pg.get_by_label("申请编号").fill(number)
    pg.get_by_label("查询码").fill(code)
    press(pg.get_by_role("button", name="查询"))
    pg.wait_for_url(f"**/applications/track/{number}/")


def test_the_applicant_corrects_online_and_downloads_the_redacted_document(site, live_server, page, open_page,
                                                                           letters):
    from pypdf import PdfReader

    from gongkai.disclosure.models import Application, Status

    base = live_server.url
    applicant = open_page(java_script_enabled=False)
    applicant.goto(base + "/agencies/dept-x/apply/")
    fill_application(applicant, "本村宅基地审批公示材料")
    applicant.get_by_label("信息的指定提供形式").select_option("download")
    press(applicant.get_by_role("button", name="提交申请"))
    applicant.wait_for_url("**/applications/submitted/")
    number, code = read_code(applicant)
    applicant.shot("submitted")

    # the officer finds the new application (the default list, else by its number)
    login(page, base, "officer")
    page.goto(base + "/staff/applications/")
    page.shot("work-list")
    link = page.get_by_role("link", name=number)
    if link.count():
        link.first.click()
        page.wait_for_url(f"**/staff/applications/{number}/")
    else:
        page.goto(base + f"/staff/applications/{number}/")
    press(step(page, "confirm_receipt").get_by_role("button", name="确认收到申请"))
    assert "已办理：确认收到申请" in page.content()
    form = step(page, "request_correction")
    form.get_by_label("需要补正的事项").fill("请写明所需信息涉及的村名和年份。")
    deadline = date.today() + timedelta(days=15)
    form.get_by_label("补正期限").fill(deadline.isoformat())
    press(form.get_by_role("button", name="告知补正"))
    assert Application.objects.get(number=number).status == Status.AWAITING_CORRECTION
    page.shot("correction-requested")

    # the applicant, with the number and code, corrects online (text and an attachment)
    track(applicant, base, number, code)
    assert_public_page(applicant)
    assert "网上补正" in applicant.content()
    applicant.get_by_role("button", name="提交补正").click()  # empty: the browser says the field is required
    assert applicant.get_by_label("补正后的申请内容").evaluate("e => e.validity.valueMissing") is True
    assert Application.objects.get(number=number).corrections.count() == 0
    applicant.get_by_label("补正后的申请内容").fill("测试村2024年宅基地审批结果及公示材料。")
    applicant.get_by_label("附件（可选；PDF、JPG、PNG、DOCX 或 TXT，不超过10MB）").set_input_files(files=[{
        "name": "补充说明.txt", "mimeType": "text/plain", "buffer": "村名：测试村；年份：2024年".encode()}])
    applicant.shot("correction-form")
    press(applicant.get_by_role("button", name="提交补正"))
    assert "补正已提交" in applicant.content()
    assert_public_page(applicant)
    applicant.shot("correction-submitted")
    app = Application.objects.get(number=number)
    assert app.content == "本村宅基地审批公示材料" and app.corrections.get().received_on is None

    # the officer sees the corrected request beside the original and confirms its receipt
    page.goto(base + f"/staff/applications/{number}/")
    assert "测试村2024年宅基地审批结果及公示材料" in page.content() and "补充说明.txt" in page.content()
    page.shot("correction-on-case-page")
    press(step(page, "receive_correction").get_by_role("button", name="收到补正"))
    app = Application.objects.get(number=number)
    assert app.status == Status.IN_PROGRESS and app.clock_started_on == date.today()
    assert app.corrections.get().received_on == date.today()

    # 部分公开 with a redaction
    page.get_by_label("文件标题").fill("宅基地审批公示表")
    page.get_by_label("文件（.txt、.docx 或文字版 .pdf）").set_input_files(files=[{
        "name": "公示表.txt", "mimeType": "text/plain",
        "buffer": "宅基地审批公示表\n申请人：李四，联系电话13812345678，面积120平方米。\n".encode()}])
    press(page.get_by_role("button", name="上传并筛查"))
    page.wait_for_url("**/releases/*/")
    press(page.get_by_role("button", name="确认并制作公开文本"))
    page.wait_for_url(f"**/staff/applications/{number}/")
    form = step(page, "decide")
    form.get_by_label("办理结果").select_option("partially_granted")
    form.get_by_label("理由（查找、审查情况）").fill("经查，该公示表含有第三方个人信息，已作区分处理。")
    form.get_by_label("不予公开的部分（部分公开；每行“部分｜理由｜依据”）").fill(
        "第三方联系电话｜属于个人隐私｜条例第十五条")
    press(form.get_by_role("button", name="作出答复"))
    assert Application.objects.get(number=number).outcome == "partially_granted"
    page.shot("decided")

    # the applicant, in a fresh browser, downloads the redacted document with the code
    later = open_page(java_script_enabled=False)
    track(later, base, number, code)
    assert_public_page(later)
    assert "提供的政府信息" in later.content() and "遮盖1处" in later.content()
    later.shot("released-file-listed")
    with later.expect_download() as download:
        later.get_by_role("link", name="宅基地审批公示表（公开文本）.pdf").click()
    data = open(download.value.path(), "rb").read()
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(data)).pages).replace(" ", "")
    assert data.startswith(b"%PDF-") and "面积120平方米" in text and "13812345678" not in text
    # a stranger with the file's address but not the code gets nothing
    stranger = open_page(java_script_enabled=False)
    url = later.get_by_role("link", name="宅基地审批公示表（公开文本）.pdf").get_attribute("href")
    assert code not in url
    assert stranger.request.get(base + url).status == 404
