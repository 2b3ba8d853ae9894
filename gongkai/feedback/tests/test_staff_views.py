"""Staff pages: each starts with a permission helper — another agency's item is a 404."""

from datetime import date

import pytest

from gongkai.feedback import actions
from gongkai.feedback.models import Channel, Event, FeedbackSettings, Item, Kind, Route, Status

from .helpers import preview_and_confirm, submit


@pytest.fixture
def item(people):
    return submit(people.agency, received_on=date(2025, 9, 30))[0]


def test_it_lists_the_agency_items_for_its_staff(client, people, item):
    client.force_login(people.officer)
    html = client.get("/staff/feedback/").content.decode()
    assert item.number in html and "超期" in html
    client.force_login(people.officer_y)
    assert item.number not in client.get("/staff/feedback/").content.decode()
    assert client.get(f"/staff/feedback/{item.number}/").status_code == 404


def test_it_shows_every_agency_to_the_disclosure_office(client, people, item):
    client.force_login(people.office)
    assert client.get(f"/staff/feedback/{item.number}/").status_code == 200
    assert client.post(f"/staff/feedback/{item.number}/assign/", {"owner": people.officer.pk}).status_code == 404


def test_it_turns_away_the_public(client, people, item):
    assert client.get("/staff/feedback/").status_code == 302
    client.force_login(people.outsider)
    assert client.get("/staff/feedback/").status_code == 404
    assert client.get(f"/staff/feedback/{item.number}/").status_code == 404


def test_it_lets_the_head_assign_and_the_owner_reply(client, people, item):
    client.force_login(people.officer)
    assert client.post(f"/staff/feedback/{item.number}/assign/", {"owner": people.officer.pk}).status_code == 404
    assert client.post(f"/staff/feedback/{item.number}/reply/", {"text": "答复"}).status_code == 404
    client.force_login(people.head)
    r = client.post(f"/staff/feedback/{item.number}/assign/", {"owner": people.officer.pk, "note": "请办理"})
    assert r.status_code == 302
    client.force_login(people.officer)
    r = client.post(f"/staff/feedback/{item.number}/reply/", {"text": "已办理。"})
    assert r.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.REPLIED and item.replies.get().text == "已办理。"


def test_it_refuses_an_owner_from_another_agency_in_the_form(client, people, item):
    client.force_login(people.head)
    r = client.post(f"/staff/feedback/{item.number}/assign/", {"owner": people.officer_y.pk})
    assert r.status_code == 400 and "请选择本机关的工作人员" in r.content.decode()
    item.refresh_from_db()
    assert item.owner is None


def test_it_shows_the_reassignment_history(client, people, item):
    actions.assign_item(item, owner=people.officer, actor=people.head)
    actions.assign_item(item, owner=people.head, actor=people.head)
    client.force_login(people.head)
    html = client.get(f"/staff/feedback/{item.number}/").content.decode()
    assert "改派" in html and "李明 → 张建国" in html


def test_it_registers_a_phone_call(client, people, clock):
    clock.set(date(2026, 11, 28))
    client.force_login(people.officer)
    r = client.post("/staff/feedback/new/", {
        "agency": people.agency.pk, "kind": "complaint", "channel": "phone", "received_on": "2026-09-30",
        "subject": "噪音投诉", "content": "工地夜间施工。", "contact_name": "赵六", "contact_phone": "0972-8322000"})
    assert r.status_code == 302
    item = Item.objects.get()
    # 2026 国庆: 1–7 Oct off, Sat 10 Oct worked. After Wed 30 Sep: 8=1, 9=2, 10=3, 12=4 … 16=8, 19=9, 20=10
    assert item.channel == Channel.PHONE and item.due_on == date(2026, 10, 20) and item.registered_by == people.officer
    assert item.events.get().type == Event.Type.REGISTERED


def test_it_wants_the_original_post_for_social_media(client, people):
    client.force_login(people.officer)
    r = client.post("/staff/feedback/new/", {
        "agency": people.agency.pk, "kind": "inquiry", "channel": "wechat", "received_on": "2026-09-30",
        "subject": "咨询", "content": "内容", "contact_name": "网友"})
    assert r.status_code == 400 and "政务新媒体来件请填写原帖链接" in r.content.decode()
    assert not Item.objects.exists()


def test_it_refuses_a_future_or_ancient_receipt_date(client, people, clock):
    clock.set(date(2026, 11, 28))
    client.force_login(people.officer)
    base = {"agency": people.agency.pk, "kind": "inquiry", "channel": "phone", "subject": "咨询", "content": "内容",
            "anonymous": "on"}
    r = client.post("/staff/feedback/new/", {**base, "received_on": "2026-11-29"})
    assert r.status_code == 400 and "不能晚于今天" in r.content.decode()
    r = client.post("/staff/feedback/new/", {**base, "received_on": "2025-11-01"})
    assert r.status_code == 400 and "不能早于一年前" in r.content.decode()
    assert not Item.objects.exists()


def test_it_cannot_register_for_another_agency(client, people):
    client.force_login(people.officer)
    r = client.post("/staff/feedback/new/", {
        "agency": people.other_agency.pk, "kind": "inquiry", "channel": "phone", "received_on": "2026-09-30",
        "subject": "咨询", "content": "内容", "anonymous": "on"})
    assert r.status_code == 400 and not Item.objects.exists()


def test_it_publishes_with_the_personal_data_screened(client, people):
    item, _ = submit(people.agency, consent=True, content="我的手机13912345678")
    actions.reply_item(item, text="答复", actor=people.head)
    client.force_login(people.head)
    html = client.get(f"/staff/feedback/{item.number}/").content.decode()
    assert "我的手机■" in html  # the form is pre-filled with the screened text
    preview, r = preview_and_confirm(client, item, "我的手机13912345678", "答复")
    assert preview.status_code == 200 and r.status_code == 302
    item.refresh_from_db()
    assert item.is_published and "13912345678" not in item.public_question


def test_it_closes_and_reopens_through_the_head(client, people, item):
    client.force_login(people.head)
    assert client.post(f"/staff/feedback/{item.number}/close/", {"reason": ""}).status_code == 400
    assert client.post(f"/staff/feedback/{item.number}/close/", {"reason": "重复提交"}).status_code == 302
    other, _ = submit(people.agency)
    actions.reply_item(other, text="答复", actor=people.head)
    assert client.post(f"/staff/feedback/{other.number}/reopen/", {"note": "再核实"}).status_code == 302
    other.refresh_from_db()
    assert other.status == Status.REOPENED


def test_it_shows_the_dashboard_for_an_agency_and_the_office(client, people, item):
    actions.assign_item(item, owner=people.officer, actor=people.head)
    client.force_login(people.head)
    html = client.get("/staff/feedback/dashboard/").content.decode()
    assert "李明" in html and item.number in html  # open by owner, overdue list
    client.force_login(people.office)
    html = client.get("/staff/feedback/dashboard/").content.decode()
    assert "测试县自然资源局" in html and "测试县财政局" in html and item.number in html
    html = client.get("/staff/feedback/dashboard/?agency=dept-y").content.decode()
    assert item.number not in html


def test_it_saves_periods_and_routes_for_the_head_only(client, people):
    url = f"/staff/feedback/settings/{people.agency.code}/"
    client.force_login(people.officer)
    assert client.get(url).status_code == 404
    client.force_login(people.head)
    data = {"s-inquiry_days": 3, "s-complaint_days": 10, "s-suggestion_days": 15, "s-opinion_days": 15,
            "s-criticism_days": 15, "s-remind_days": 1, "s-accepts_public": "on",
            f"route_{Kind.COMPLAINT}": people.officer.pk}
    assert client.post(url, data).status_code == 302
    assert FeedbackSettings.objects.get(agency=people.agency).inquiry_days == 3
    assert Route.objects.get(agency=people.agency).owner == people.officer
    bad = {**data, "s-inquiry_days": 0, f"route_{Kind.INQUIRY}": people.officer_y.pk}
    r = client.post(url, bad)
    assert r.status_code == 400 and "应为1至60个工作日" in r.content.decode() and "请选择本机关的工作人员" in r.content.decode()
    assert FeedbackSettings.objects.get(agency=people.agency).inquiry_days == 3


def test_it_serves_attachments_to_staff_only(client, people, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    f = SimpleUploadedFile("a.txt", b"hello", content_type="text/plain")
    item, _ = submit(people.agency, files=[f])
    att = item.attachments.get()
    url = f"/staff/feedback/{item.number}/attachments/{att.pk}/"
    client.force_login(people.officer)
    r = client.get(url)
    assert r.status_code == 200 and b"".join(r.streaming_content) == b"hello"
    client.force_login(people.officer_y)
    assert client.get(url).status_code == 404


def test_it_adds_the_links_to_the_staff_menu(client, people):
    client.force_login(people.officer)
    html = client.get("/staff/").content.decode()
    assert "/staff/feedback/" in html and "/staff/surveys/" in html


# -- publishing: a preview, then a confirmation (blind test) ------------------------------------------

def _replied_with_personal_data(people):
    item, _ = actions.submit_item(
        agency=people.agency, kind="inquiry", subject="宅基地审批进度",
        content="我叫李明，住在城关镇东街村3组，身份证号630223 19860202 2345（可能输错了一位），请问审批到哪一步了？",
        contact=actions.Contact("李明", "13912345678", ""), publish_consent=True)
    actions.reply_item(item, text="李明您好：您的申请已报县自然资源局审核。", actor=people.head)
    return item


def test_publishing_shows_a_preview_with_the_masked_spans_and_publishes_nothing(client, people):
    item = _replied_with_personal_data(people)
    client.force_login(people.head)
    page = client.get(f"/staff/feedback/{item.number}/").content.decode()
    assert "预览公开内容" in page and "必须由您逐字核对" in page  # the form warns about free-text names
    r = client.post(f"/staff/feedback/{item.number}/publish/", {
        "question": item.content, "answer": "李明您好：您的申请已报县自然资源局审核。"})
    html = r.content.decode()
    assert r.status_code == 200 and "尚未发布" in html and "确认发布到公开答复栏目" in html
    assert '<mark class="masked" title="已遮盖的姓名：李明">■■</mark>' in html
    assert '<mark class="masked" title="已遮盖的居民身份证号码：630223 19860202 2345">' in html
    assert '<mark class="masked" title="已遮盖的住址：城关镇东街村3组">' in html
    assert "已遮盖 4 处" in html  # 李明 twice, the address, the ID number
    item.refresh_from_db()
    assert not item.is_published and item.public_question == ""
    assert not item.events.filter(type="published").exists()


def test_only_the_confirmation_publishes_what_the_preview_showed(client, people):
    item = _replied_with_personal_data(people)
    client.force_login(people.head)
    answer = "李明您好：您的申请已报县自然资源局审核。"
    preview, r = preview_and_confirm(client, item, item.content, answer)
    assert r.status_code == 302
    item.refresh_from_db()
    assert item.is_published
    assert item.public_question == "我叫■■，住在■■■■■■■■，身份证号" + "■" * 18 + "（可能输错了一位），请问审批到哪一步了？"
    assert item.public_answer == "■■您好：您的申请已报县自然资源局审核。"


def test_a_confirmation_that_does_not_match_the_preview_shows_the_preview_again(client, people):
    item = _replied_with_personal_data(people)
    client.force_login(people.head)
    r = client.post(f"/staff/feedback/{item.number}/publish/", {
        "question": item.content, "answer": "答复", "confirm": "1", "digest": "0" * 32})
    assert r.status_code == 200 and "预览之后内容或遮盖结果有变化" in r.content.decode()
    item.refresh_from_db()
    assert not item.is_published


def test_back_to_edit_keeps_the_texts_and_publishes_nothing(client, people):
    item = _replied_with_personal_data(people)
    client.force_login(people.head)
    r = client.post(f"/staff/feedback/{item.number}/publish/", {
        "question": "宅基地审批到哪一步了？邻居赵六家也在等。", "answer": "已报县局审核。", "edit": "1"})
    html = r.content.decode()
    assert r.status_code == 200 and "邻居赵六家也在等。</textarea>" in html
    item.refresh_from_db()
    assert not item.is_published
