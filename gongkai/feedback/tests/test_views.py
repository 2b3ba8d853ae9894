"""Public pages: the form, the receipt, tracking, the one-time rating link, the Q&A page."""

import re
from datetime import date

from django.core import mail

from gongkai.feedback import actions, notices
from gongkai.feedback.models import FeedbackSettings, Item, Kind, Rating, Status

from .helpers import submit

FORM = {"kind": "inquiry", "subject": "宅基地审批", "content": "需要多长时间？", "contact_name": "张三",
        "contact_phone": "13800000000", "contact_email": "zhang@example.cn", "publish_consent": "on"}


def post_form(client, data=None, **extra):
    return client.post("/agencies/dept-x/feedback/", data or FORM, **extra)


def code_from(html: str) -> str:
    return re.search(r"查询码</th><td><span class=\"code-box\">([A-Z0-9]{8})<", html).group(1)


def test_it_shows_the_form_with_the_periods(client, world):
    r = client.get("/agencies/dept-x/feedback/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "咨询5个工作日" in html and "投诉10个工作日" in html and "建议15个工作日" in html
    assert 'name="website"' in html and 'class="hp"' in html


def test_it_takes_a_submission_and_shows_number_and_code_once(client, world, clock):
    clock.set(date(2025, 9, 30))
    r = post_form(client)
    assert r.status_code == 302 and r["Location"] == "/feedback/submitted"
    page = client.get("/feedback/submitted").content.decode()
    item = Item.objects.get()
    assert item.number in page and "2025-10-14前" in page
    assert item.check_query_code(code_from(page))
    assert item.contact_name == "张三" and item.publish_consent and item.kind == Kind.INQUIRY
    # the code is not shown again
    assert client.get("/feedback/submitted").status_code == 302


def test_it_explains_errors_in_chinese_and_writes_nothing(client, world):
    r = post_form(client, {**FORM, "subject": "", "contact_phone": "abc", "contact_email": "x@"})
    assert r.status_code == 400
    html = r.content.decode()
    assert "此项必填" in html and "电话号码只能包含数字" in html and "电子邮箱格式不对" in html
    assert not Item.objects.exists()


def test_it_wants_anonymous_or_a_contact(client, world):
    r = post_form(client, {"kind": "suggestion", "subject": "建议", "content": "内容"})
    assert r.status_code == 400 and "匿名提交" in r.content.decode()
    r = post_form(client, {"kind": "suggestion", "subject": "建议", "content": "内容", "anonymous": "on",
                           "contact_name": "张三"})
    assert r.status_code == 400 and "请不要填写姓名和联系方式" in r.content.decode()
    assert not Item.objects.exists()


def test_it_gives_an_anonymous_item_a_code_to_track_it(client, world):
    r = post_form(client, {"kind": "suggestion", "subject": "建议", "content": "内容", "anonymous": "on"})
    assert r.status_code == 302
    page = client.get("/feedback/submitted").content.decode()
    item = Item.objects.get()
    assert item.is_anonymous and item.check_query_code(code_from(page))
    assert "请凭查询码查看答复" in page and "并对答复作出评价" not in page
    tracked = client.post("/feedback/track", {"number": item.number, "code": code_from(page)})
    assert tracked.status_code == 200 and "您提交的内容" in tracked.content.decode()


def test_it_enforces_length_limits(client, world):
    r = post_form(client, {**FORM, "subject": "长" * 101, "content": "长" * 5001})
    assert r.status_code == 400 and "不能超过100字" in r.content.decode() and "不能超过5000字" in r.content.decode()


def test_it_catches_bots_with_the_honeypot(client, world):
    r = post_form(client, {**FORM, "website": "http://spam.example"})
    assert r.status_code == 400 and "提交未成功" in r.content.decode()
    assert not Item.objects.exists()


def test_it_rate_limits_the_form_per_client(client, world):
    statuses = [post_form(client).status_code for _ in range(11)]
    assert statuses == [302] * 10 + [429]
    assert Item.objects.count() == 10
    assert post_form(client, REMOTE_ADDR="192.0.2.7").status_code == 302


def test_it_accepts_a_pdf_attachment_and_refuses_an_executable(client, world, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("材料.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    assert post_form(client, {**FORM, "attachments": [pdf]}).status_code == 302
    assert Item.objects.get().attachments.get().name == "材料.pdf"
    exe = SimpleUploadedFile("a.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    r = post_form(client, {**FORM, "attachments": [exe]})
    assert r.status_code == 400 and "Windows 可执行程序" in r.content.decode()  # gongkai.portal.uploads
    page = SimpleUploadedFile("a.pdf", b"<!DOCTYPE html><html><body><p>x</p></body></html>")
    r = post_form(client, {**FORM, "attachments": [page]})
    assert r.status_code == 400 and "格式不支持" in r.content.decode()


def test_it_says_when_an_agency_takes_no_web_submissions(client, world):
    FeedbackSettings.objects.create(agency=world.agency, accepts_public=False)
    assert "暂未开通网上提交" in client.get("/agencies/dept-x/feedback/").content.decode()
    assert post_form(client).status_code == 200 and not Item.objects.exists()


def test_it_404s_for_an_unknown_or_inactive_agency(client, world):
    assert client.get("/agencies/nowhere/feedback/").status_code == 404
    world.agency.is_active = False
    world.agency.save()
    assert client.get("/agencies/dept-x/feedback/").status_code == 404


# -- tracking -----------------------------------------------------------------------------------

def test_it_shows_the_item_and_reply_with_the_right_code_only(client, people):
    item, code = submit(people.agency)
    actions.reply_item(item, text="一般20个工作日。", actor=people.head)
    r = client.post("/feedback/track", {"number": item.number, "code": code})
    assert r.status_code == 200 and "一般20个工作日。" in r.content.decode() and "评价本次答复" in r.content.decode()
    r = client.post("/feedback/track", {"number": item.number, "code": "AAAAAAAA"})
    assert r.status_code == 404 and "一般20个工作日。" not in r.content.decode()
    assert "没有找到该事项" in r.content.decode()


def test_it_rate_limits_tracking_lookups(client, people):
    item, code = submit(people.agency)
    for _ in range(20):
        client.post("/feedback/track", {"number": item.number, "code": "AAAAAAAA"})
    r = client.post("/feedback/track", {"number": item.number, "code": code})
    assert r.status_code == 429


def test_it_cannot_track_an_anonymous_item_without_its_code(client, people):
    item, _ = submit(people.agency, anonymous=True)
    assert client.post("/feedback/track", {"number": item.number, "code": ""}).status_code == 400
    assert client.post("/feedback/track", {"number": item.number, "code": "ANYTHING"}).status_code == 404


def test_the_tracking_page_says_anonymous_items_are_tracked_by_their_code_and_they_are(client, people):
    lead = client.get("/feedback/track").content.decode()
    assert "匿名提交的事项同样凭编号和查询码查看答复。" in lead and "没有查询码" not in lead
    item, code = submit(people.agency, anonymous=True, kind=Kind.SUGGESTION)
    actions.reply_item(item, text="感谢您的建议，已转交村镇建设股研究。", actor=people.head)
    html = client.post("/feedback/track", {"number": item.number, "code": code}).content.decode()
    assert "感谢您的建议，已转交村镇建设股研究。" in html
    api = client.get(f"/api/v1/feedback/{item.number}", headers={"X-Query-Code": code})
    assert api.json()["replies"][0]["text"] == "感谢您的建议，已转交村镇建设股研究。"
    assert "没有查询码" not in client.get("/api/v1/openapi.json").content.decode()


# -- the one-time rating link ---------------------------------------------------------------------

def test_it_takes_a_rating_through_the_link_once(client, people):
    item, _ = submit(people.agency)
    reply = actions.reply_item(item, text="答复", actor=people.head)
    url = f"/feedback/rate/{notices.rating_token(reply)}/"
    assert client.get(url).status_code == 200
    r = client.post(url, {"value": "basically", "comment": "还算及时"})
    assert r.status_code == 200 and "感谢您的评价" in r.content.decode()
    assert Rating.objects.get().comment == "还算及时"
    assert client.get(url).status_code == 410
    assert client.post(url, {"value": "unsatisfied"}).status_code == 410
    assert Rating.objects.get().value == "basically"


def test_it_reopens_the_item_from_the_link_when_unsatisfied(client, people, run_on_commit):
    item, _ = submit(people.agency)
    reply = actions.reply_item(item, text="答复", actor=people.head)
    mail.outbox.clear()
    with_link = f"/feedback/rate/{notices.rating_token(reply)}/"
    r = run_on_commit(client.post, with_link, {"value": "unsatisfied", "comment": "答非所问"})
    assert "退回" in r.content.decode()
    item.refresh_from_db()
    assert item.status == Status.REOPENED
    assert mail.outbox[0].to == ["head@x.example.cn"]


def test_it_refuses_a_tampered_link(client, people):
    assert client.get("/feedback/rate/abc/").status_code == 410


# -- public Q&A -----------------------------------------------------------------------------------

def test_it_lists_only_published_items_without_personal_data(client, people):
    shown, _ = submit(people.agency, consent=True, content="电话13912345678，请回电。")
    actions.reply_item(shown, text="已回电。", actor=people.head)
    actions.publish_item(shown, question=shown.content, answer="已回电。", actor=people.head)
    hidden, _ = submit(people.agency, consent=True, subject="未公开的咨询")
    actions.reply_item(hidden, text="答复", actor=people.head)
    html = client.get("/agencies/dept-x/questions/").content.decode()
    assert "已回电。" in html and "13912345678" not in html and "张三" not in html
    assert "未公开的咨询" not in html
    assert client.get("/agencies/dept-x/questions/?kind=complaint").content.decode().count('class="qa"') == 0


# -- what the pages promise is true (blind test) ---------------------------------------------------

def test_the_submitted_page_does_not_say_the_code_is_shown_once_when_the_mail_carries_it(client, world, run_on_commit):
    run_on_commit(post_form, client)
    page = client.get("/feedback/submitted").content.decode()
    code = code_from(page)
    [sent] = mail.outbox
    assert code in sent.body  # the confirmation mail does carry it …
    assert "查询码只显示这一次" not in page  # … so the page does not say it is shown only once
    assert "查询码在本页只显示这一次，发到您邮箱的确认邮件中也有" in page


def test_without_an_email_the_code_is_really_shown_only_once(client, world, run_on_commit):
    run_on_commit(post_form, client, {**FORM, "contact_email": ""})
    page = client.get("/feedback/submitted").content.decode()
    assert mail.outbox == [] and "查询码只显示这一次，不会再发送给您" in page


def test_the_public_page_masks_the_submitters_name_and_address_and_says_what_it_masks(client, people):
    item, _ = actions.submit_item(
        agency=people.agency, kind=Kind.INQUIRY, subject="关于低保申请的咨询",
        content="我是张伟，家住威远镇南街12号，去年申请了低保，QQ：35812467，车牌青A12345。",
        contact=actions.Contact("张伟", "13912345678", "zhangwei@example.cn"), publish_consent=True)
    actions.reply_item(item, text="张伟您好：经核实……", actor=people.head)
    actions.publish_item(item, question=f"{item.subject}\n{item.content}",
                         answer="张伟您好：您反映的威远镇南街12号的情况已转民政办，可发邮件到zhangwei at example dot cn。",
                         actor=people.head)
    html = client.get("/agencies/dept-x/questions/").content.decode()
    for secret in ("张伟", "威远镇南街12号", "35812467", "青A12345", "zhangwei at example dot cn"):
        assert secret not in html
    assert "我是■■，家住■■■■■■■■，去年申请了低保" in html and "■■您好：您反映的■■■■■■■■的情况已转民政办" in html
    assert "姓名、联系方式等个人信息不公开" not in html
    assert "系统遮盖身份证号、银行卡号、电话号码、电子邮箱、QQ号、车牌号和提交人的姓名、住址" in html


def test_an_anonymous_writers_own_name_is_masked_in_the_question_and_the_answer(client, people):
    item, _ = actions.submit_item(
        agency=people.agency, kind=Kind.INQUIRY, subject="医保转移",
        content="我叫王芳，在外地工作，医保关系怎么转回来？", contact=None, publish_consent=True)
    actions.reply_item(item, text="王芳您好：请携带身份证到县医保局窗口办理。", actor=people.head)
    actions.publish_item(item, question=item.content, answer="王芳您好：请携带身份证到县医保局窗口办理。",
                         actor=people.head)
    html = client.get("/agencies/dept-x/questions/").content.decode()
    assert "王芳" not in html
    assert "我叫■■，在外地工作" in html and "■■您好：请携带身份证到县医保局窗口办理。" in html


def test_what_was_published_before_the_screen_grew_is_masked_as_it_is_shown(client, people):
    item, _ = submit(people.agency, consent=True, content="卡号6222 0212 3456 7890 123")
    actions.reply_item(item, text="已转财政所。", actor=people.head)
    actions.publish_item(item, question="问", answer="答", actor=people.head)
    Item.objects.filter(pk=item.pk).update(public_question="我的卡号6222 0212 3456 7890 123，张三")
    html = client.get("/agencies/dept-x/questions/").content.decode()
    assert "6222" not in html and "张三" not in html and "我的卡号■" in html


# -- rate limit: a shared address, refused tries, how long to wait ------------------------------

def test_it_does_not_count_submissions_sent_back_for_corrections(client, world, settings):
    assert settings.FEEDBACK_SUBMIT_BURST == 10 and settings.FEEDBACK_SUBMIT_PER_MINUTE == 2
    for _ in range(2):
        assert post_form(client).status_code == 302
    for _ in range(12):  # an empty subject, a bad phone: sent back, not counted
        assert post_form(client, {**FORM, "subject": "", "contact_phone": "12"}).status_code == 400
    assert post_form(client).status_code == 302
    assert Item.objects.count() == 3


def test_a_shared_address_sends_a_burst_then_two_a_minute(client, world, monkeypatch):
    from gongkai.portal import ratelimit

    now = [1_800_000_000.0]
    monkeypatch.setattr(ratelimit, "_clock", lambda: now[0])
    for _ in range(10):  # ten people in one village office
        assert post_form(client).status_code == 302
    typed = {**FORM, "subject": "村道维修", "content": "村口道路破损，请尽快维修。"}
    r = post_form(client, typed)
    assert r.status_code == 429 and r["Retry-After"] == "30"
    html = r.content.decode()
    assert "提交过于频繁，请约1分钟后再试。" in html
    assert "村道维修" in html and "村口道路破损，请尽快维修。" in html  # what was typed stays in the form
    now[0] += 30
    assert post_form(client, typed).status_code == 302
    assert post_form(client).status_code == 429
    now[0] += 300  # five minutes later: the burst is back
    assert [post_form(client).status_code for _ in range(10)] == [302] * 10
    assert Item.objects.count() == 21


# -- error wording -----------------------------------------------------------------------------

def test_a_short_all_digit_phone_is_told_its_length(client, world):
    html = post_form(client, {**FORM, "contact_phone": "12345"}).content.decode()
    assert "电话号码位数不对：手机号码为11位，固定电话请带区号（如 0972-8322118）。" in html
    assert "只能包含数字" not in html


def test_a_phone_and_an_email_both_invalid_get_only_their_own_messages(client, world):
    r = post_form(client, {**FORM, "contact_name": "", "contact_phone": "12345", "contact_email": "x@"})
    html = r.content.decode()
    assert r.status_code == 400 and "电话号码位数不对" in html and "电子邮箱格式不对。" in html
    assert "至少填写一项" not in html and "姓名和联系电话（或电子邮箱）必填" not in html
    assert "请按提示修改下面标出的内容。" in html
    r = post_form(client, {**FORM, "contact_phone": "", "contact_email": ""})  # really none: then it is asked for
    assert "联系电话和电子邮箱至少填写一项（必填），以便答复。" in r.content.decode()


def test_the_message_box_shows_its_limit_and_keeps_a_long_paste(client, world):
    html = client.get("/agencies/dept-x/feedback/").content.decode()
    box = re.search(r"<textarea[^>]*name=\"content\"[^>]*>", html).group(0)
    assert 'data-max-length="5000"' in box and "maxlength" not in box  # nothing cut silently
    assert "最多5000字。" in html  # the hint is in the page without JavaScript
    assert "feedback/count.js" in html
    pasted = "村" * 10000
    r = post_form(client, {**FORM, "content": pasted})
    assert r.status_code == 400 and "不能超过5000字（现有10000字）。" in r.content.decode()
    assert pasted in r.content.decode()  # the whole text is still in the box


def test_every_form_banner_is_worded_one_way():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    wordings = set()
    for template in root.rglob("templates/**/*.html"):
        wordings |= set(re.findall(r"请按提示修改[^<。]*。", template.read_text(encoding="utf-8")))
    assert wordings == {"请按提示修改下面标出的内容。"}
