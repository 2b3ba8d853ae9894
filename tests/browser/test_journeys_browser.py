"""Every user journey of the platform in a real browser (issue 9, «Trust» — Deliver 1).

(a) a member of the public applies online and tracks the application — on a desktop and a phone;
(b) an officer confirms it, requests and receives a correction, gets an extension approved by the
    head, decides 部分公开 with a redaction, and the applicant downloads the letter (a real PDF);
(c) an officer drafts a catalogue item, the head publishes it, and the public finds it by search;
(d) staff build and publish an annual report — ``test_portal_browser.py``;
(e) a questionnaire is answered on a phone and its chart shows.

Public pages are also checked on a 375-pixel phone (nothing overflows sideways), without
JavaScript (the browser context has it switched off: the journeys need none) and for the absence
of any ``<script>`` element. Every page must load without a Content-Security-Policy violation.
"""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PASSWORD = "correct horse battery"


@pytest.fixture
def site(world):
    from gongkai.accounts.models import User

    for u in User.objects.all():
        u.set_password(PASSWORD)
        u.save()
    return world


@pytest.fixture
def letters(monkeypatch):
    """Letters are a fast stand-in until ``letters.real = True`` (then the documents app renders
    them for real: DOCX and PDF)."""
    from gongkai.documents import rendering

    real = rendering.to_docx, rendering.to_pdf
    switch = type("Letters", (), {"real": False})()
    monkeypatch.setattr(rendering, "to_docx", lambda layout, author="": real[0](layout, author=author)
                        if switch.real else b"DOCX")
    monkeypatch.setattr(rendering, "to_pdf", lambda layout: real[1](layout) if switch.real else b"%PDF-fake")
    return switch


def press(button):
    """Click a button that submits a form, and wait for the page the server answers with."""
    with button.page.expect_navigation():
        button.click()


def login(page, base, username):
    page.goto(base + "/staff/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    press(page.get_by_role("button", name="登录"))
    page.wait_for_url("**/staff/")


def logout(page):
    press(page.get_by_role("button", name="退出"))


def assert_public_page(page):
    """No inline script (only the site's own deferred files, which enhance a page that works
    without them), nothing wider than the screen."""
    sources = page.eval_on_selector_all("script", "els => els.map(e => e.getAttribute('src') || '')")
    assert all(src.startswith("/static/") for src in sources), (page.url, sources)
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport + 1, f"{page.url}：页面宽 {width}px，超出屏幕 {viewport}px"


def step(page, name):
    """The form of one step on the case page."""
    return page.locator(f"section[aria-labelledby='step-{name}']")


def fill_application(page, content):
    page.get_by_label("申请人类型").select_option("natural_person")
    page.get_by_label("申请人姓名或名称").fill("王小二")
    page.get_by_label("身份证明类型").select_option("resident_id")
    page.get_by_label("证件号码").fill("11010519491231002X")
    page.get_by_label("联系电话").fill("13912345678")
    page.get_by_label("电子邮箱").fill("wang@example.com")
    page.get_by_label("通信地址").fill("测试县人民路8号")
    page.get_by_label("所需信息的内容描述").fill(content)
    page.get_by_label("信息的指定提供形式").select_option("paper")
    page.get_by_label("获取信息的方式").select_option("online")


def read_code(page):
    cells = page.locator("td.code")
    return cells.nth(0).inner_text().strip(), cells.nth(1).inner_text().strip()


# -- (a) apply online and track ----------------------------------------------------------------

@pytest.mark.parametrize("device", ["page", "nojs_phone"])
def test_it_lets_the_public_apply_online_and_track_the_application(site, live_server, letters, device, request):
    from gongkai.disclosure.models import Application, Status

    pg = request.getfixturevalue(device)
    base = live_server.url
    pg.goto(base + "/agencies/dept-x/")
    assert_public_page(pg)
    pg.get_by_role("link", name="依申请公开").click()
    pg.wait_for_url("**/agencies/dept-x/apply/")
    assert_public_page(pg)
    pg.shot("form")

    press(pg.get_by_role("button", name="提交申请"))  # nothing filled in: told what is missing
    assert "请按提示修改下面标出的内容" in pg.content()
    pg.shot("errors")

    fill_application(pg, "2024年本村宅基地审批结果及公示材料")
    press(pg.get_by_role("button", name="提交申请"))
    pg.wait_for_url("**/applications/submitted/")
    assert_public_page(pg)
    number, code = read_code(pg)
    app = Application.objects.get(number=number)
    assert app.status == Status.SUBMITTED and app.channel == "online" and app.name == "王小二"
    pg.shot("submitted")

    # later, in another browser: the number and the query code open the application
    pg.context.clear_cookies()
    pg.goto(base + "/applications/track/")
    assert_public_page(pg)
    pg.get_by_label("申请编号").fill(number)
    pg.get_by_label("查询码").fill("WRONG-CODE")
    press(pg.get_by_role("button", name="查询"))
    assert "申请编号或查询码不正确" in pg.content()
    pg.get_by_label("申请编号").fill(number)
    pg.get_by_label("查询码").fill(code)
    press(pg.get_by_role("button", name="查询"))
    pg.wait_for_url(f"**/applications/track/{number}/")
    assert_public_page(pg)
    text = pg.locator("main").inner_text()
    assert number in text and app.get_status_display() in text
    assert "11010519491231002X" not in pg.content()  # the identity number is never shown back
    pg.shot("tracking")


# -- (b) the whole case, to a 部分公开 reply with a redaction ----------------------------------

def test_it_takes_an_application_from_receipt_to_a_partial_disclosure_the_applicant_downloads(
        site, live_server, page, open_page, letters):
    from gongkai.disclosure import actions
    from gongkai.disclosure.models import Application, Status
    from gongkai.disclosure.tests.factories import fields

    base = live_server.url
    sub = actions.submit_application(agency=site.agency, fields=fields(delivery="online"))
    number, code = sub.application.number, sub.query_code

    login(page, base, "officer")
    page.goto(base + "/staff/applications/?list=awaiting_confirmation")
    page.get_by_role("link", name=number).click()
    page.wait_for_url(f"**/staff/applications/{number}/")
    page.shot("case")
    press(step(page, "confirm_receipt").get_by_role("button", name="确认收到申请"))
    assert "已办理：确认收到申请" in page.content()
    page.shot("confirmed")

    form = step(page, "request_correction")
    form.get_by_label("需要补正的事项").fill("请写明所需信息涉及的村名和年份。")
    form.get_by_label("补正期限").fill(date.fromordinal(date.today().toordinal() + 15).isoformat())
    press(form.get_by_role("button", name="告知补正"))
    assert Application.objects.get(number=number).status == Status.AWAITING_CORRECTION
    page.shot("correction-requested")
    press(step(page, "receive_correction").get_by_role("button", name="收到补正"))
    assert Application.objects.get(number=number).status == Status.IN_PROGRESS
    page.shot("correction-received")

    form = step(page, "request_extension")
    form.get_by_label("延长工作日数").fill("15")
    form.get_by_label("延期理由").fill("需要调取档案馆保存的纸质档案。")
    press(form.get_by_role("button", name="申请延期答复"))
    assert step(page, "extend").count() == 0  # an officer cannot approve it
    page.shot("extension-requested")
    logout(page)

    login(page, base, "head")
    page.goto(base + "/staff/applications/?list=extension_pending")
    page.get_by_role("link", name=number).click()
    form = step(page, "extend")
    assert form.get_by_label("延长工作日数").input_value() == "15"  # the officer's request, to approve
    press(form.get_by_role("button", name="批准延期答复"))
    app = Application.objects.get(number=number)
    assert app.extension_requested_on is None and app.events.filter(type="extended").count() == 1
    page.shot("extended")
    logout(page)

    # 部分公开: the document is uploaded, the phone number in it screened and removed
    login(page, base, "officer")
    page.goto(base + f"/staff/applications/{number}/")
    page.get_by_label("文件标题").fill("宅基地审批公示表")
    page.get_by_label("文件（.txt、.docx 或文字版 .pdf）").set_input_files(files=[{
        "name": "公示表.txt", "mimeType": "text/plain",
        "buffer": "宅基地审批公示表\n申请人：李四，联系电话13812345678，面积120平方米。\n".encode()}])
    press(page.get_by_role("button", name="上传并筛查"))
    page.wait_for_url("**/releases/*/")
    assert "13812345678" in page.content()  # proposed for redaction
    page.shot("redaction-proposed")
    press(page.get_by_role("button", name="确认并制作公开文本"))
    page.wait_for_url(f"**/staff/applications/{number}/")
    release = Application.objects.get(number=number).releases.get()
    assert "13812345678" not in release.released_text
    page.goto(base + f"/staff/applications/{number}/releases/{release.pk}/")
    assert "面积120平方米" in page.content() and "13812345678" not in page.content()
    page.shot("redacted")
    page.goto(base + f"/staff/applications/{number}/")

    letters.real = True  # the reply is the letter the applicant downloads: rendered for real
    form = step(page, "decide")
    form.get_by_label("办理结果").select_option("partially_granted")
    form.get_by_label("理由（查找、审查情况）").fill("经查，该公示表含有第三方个人信息，已作区分处理。")
    form.get_by_label("不予公开的部分（部分公开；每行“部分｜理由｜依据”）").fill(
        "第三方联系电话｜属于个人隐私，公开会对第三方合法权益造成损害｜条例第十五条")
    press(form.get_by_role("button", name="作出答复"))
    app = Application.objects.get(number=number)
    assert app.status == Status.CLOSED and app.outcome == "partially_granted"
    page.shot("decided")

    # the applicant, in another browser, opens the application and downloads the reply
    pg = open_page(java_script_enabled=False)
    pg.goto(base + "/applications/track/")
    pg.get_by_label("申请编号").fill(number)
    pg.get_by_label("查询码").fill(code)
    press(pg.get_by_role("button", name="查询"))
    assert "部分公开" in pg.content()
    reply = pg.locator("li", has_text="政府信息公开申请答复书")
    with pg.expect_download() as download:
        reply.get_by_role("link", name="PDF").click()
    data = open(download.value.path(), "rb").read()
    assert data.startswith(b"%PDF-") and len(data) > 5000
    from io import BytesIO

    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(BytesIO(data)).pages)
    assert "答复" in text.replace(" ", "")
    pg.shot("applicant-downloads-reply")


# -- (c) a catalogue item from draft to search ---------------------------------------------------

def test_it_publishes_a_catalogue_item_the_public_finds_by_search(site, live_server, page, phone):
    from gongkai.catalog.models import Item, Topic

    land = Topic.objects.get_or_create(parent=None, name="国土资源、能源")[0]
    topic = Topic.objects.get_or_create(parent=land, name="土地")[0]
    base = live_server.url
    login(page, base, "officer")
    page.goto(base + "/staff/catalog/new/dept-x/")
    page.get_by_label("名称").first.fill("关于公布2026年度集体土地征收补偿标准的通知")
    page.get_by_label("形成或变更日期").fill(date.today().isoformat())
    page.get_by_label("主题分类").select_option(str(topic.pk))
    page.get_by_label("法定主动公开内容（第二十条）").select_option("01")
    page.get_by_label("内容概述").fill("公布本县集体土地征收的区片综合地价和青苗补偿标准。")
    page.get_by_label("正文").fill("各乡镇人民政府：\n\n现将2026年度集体土地征收补偿标准予以公布，自发布之日起施行。")
    page.shot("draft-form")
    press(page.get_by_role("button", name="保存"))
    assert "已保存草稿" in page.content()
    press(page.get_by_role("button", name="提交负责人审核"))
    item = Item.objects.get(title__startswith="关于公布2026年度")
    assert item.status == Item.Status.SUBMITTED
    page.shot("submitted")
    logout(page)

    login(page, base, "head")
    page.goto(base + f"/staff/catalog/{item.pk}/")
    press(page.get_by_role("button", name="审核通过并发布"))
    item.refresh_from_db()
    assert item.status == Item.Status.PUBLISHED and item.index_number
    page.shot("published")

    for pg in (page, phone):
        pg.context.clear_cookies()
        pg.goto(base + "/search/")
        pg.get_by_label("关键词").first.fill("征收补偿标准")
        pg.get_by_label("关键词").first.press("Enter")
        pg.wait_for_url("**/search/?*")
        assert_public_page(pg)
        pg.get_by_role("link", name="关于公布2026年度集体土地征收补偿标准的通知").first.click()
        pg.wait_for_url(f"**/catalog/{item.index_number}/")
        assert item.index_number in pg.content() and "青苗补偿标准" in pg.content()
        assert_public_page(pg)
        pg.shot("found")


# -- (e) a questionnaire answered on a phone, and its chart ----------------------------------------

def test_it_counts_a_questionnaire_answer_in_its_chart(site, live_server, phone, page):
    from gongkai.feedback import actions
    from gongkai.feedback.models import Question, Survey

    survey = actions.create_survey(agency=site.agency, title="政务公开满意度调查", intro="请如实填写。",
                                   opens_on=date(2025, 1, 1), closes_on=date(2099, 12, 31), actor=site.officer)
    actions.add_question(survey, kind=Question.Kind.SINGLE, text="您通过什么渠道了解政务公开？", required=True,
                         choices=["门户网站", "微信公众号", "其他"], actor=site.officer)
    actions.launch_survey(survey, actor=site.officer)
    Survey.objects.filter(pk=survey.pk).update(results_public=True)
    base = live_server.url

    phone.goto(base + "/agencies/dept-x/surveys/")
    assert_public_page(phone)
    phone.get_by_role("link", name="政务公开满意度调查").first.click()
    phone.wait_for_url(f"**/surveys/{survey.pk}/")
    assert_public_page(phone)
    phone.shot("questionnaire")
    phone.get_by_role("button", name="提交问卷").click()  # the required question is missing: the form says so
    assert phone.evaluate("document.querySelector('form.form, main form').checkValidity()") is False
    assert survey.responses.count() == 0
    phone.get_by_label("微信公众号").check()
    press(phone.get_by_role("button", name="提交问卷"))
    phone.wait_for_url(f"**/surveys/{survey.pk}/?done=1")
    assert survey.responses.count() == 1
    phone.shot("answered")

    phone.goto(base + f"/surveys/{survey.pk}/results/")
    assert_public_page(phone)
    chart = phone.locator("svg").first
    assert chart.is_visible()
    assert "微信公众号" in phone.locator("main").inner_text()
    phone.shot("chart")

    login(page, base, "officer")
    page.goto(base + f"/staff/surveys/{survey.pk}/")
    assert page.locator("svg").count() >= 1
    page.shot("staff-chart")
