"""The API, including the must-show flow: submit, look up with the code, staff assign and reply, the submitter sees it."""

import re
from datetime import date

import pytest
from django.core import mail

from gongkai.feedback import actions
from gongkai.feedback.models import Channel, Event, Item, Status


def auth(world, user):
    return {"HTTP_AUTHORIZATION": f"Bearer {world.token(user)}"}


BODY = {"agency": "dept-x", "kind": "inquiry", "subject": "不动产登记要带什么材料？",
        "content": "想办理二手房过户，需要准备哪些材料？", "contact": {"name": "王五", "email": "wang@example.cn"},
        "publish_consent": True}


def test_it_runs_the_whole_flow_through_the_api(client, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/api/v1/feedback", BODY, content_type="application/json")
    assert r.status_code == 201, r.content
    created = r.json()
    assert set(created) == {"number", "query_code", "due_on"}
    number, code = created["number"], created["query_code"]

    r = client.get(f"/api/v1/feedback/{number}", {"query_code": code})
    assert r.status_code == 200
    assert r.json()["status"] == "new" and r.json()["replies"] == []
    assert r.json()["due_on"] == created["due_on"]
    assert client.get(f"/api/v1/feedback/{number}", {"query_code": "WRONG234"}).status_code == 404
    assert client.get(f"/api/v1/feedback/{number}").status_code == 404
    assert client.get("/api/v1/feedback/HD000000000000", {"query_code": code}).status_code == 404

    head = auth(people, people.head)
    r = client.get("/api/v1/staff/feedback", **head)
    assert [i["number"] for i in r.json()] == [number]
    r = client.post(f"/api/v1/staff/feedback/{number}/assign", {"owner": "officer"},
                    content_type="application/json", **head)
    assert r.status_code == 200 and r.json()["owner"] == "officer" and r.json()["status"] == "assigned"

    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/api/v1/staff/feedback/{number}/reply", {"text": "请携带身份证、不动产权证书和买卖合同。"},
                        content_type="application/json", **auth(people, people.officer))
    assert r.status_code == 201 and r.json()["status"] == "replied"

    r = client.get(f"/api/v1/feedback/{number}", {"query_code": code})
    seen = r.json()
    assert seen["status"] == "replied"
    assert seen["replies"][0]["text"] == "请携带身份证、不动产权证书和买卖合同。"
    assert seen["replies"][0]["rating_url"].startswith("https://gk.example.cn/feedback/rate/")
    assert mail.outbox[-1].to == ["wang@example.cn"]
    assert client.get(seen["replies"][0]["rating_url"].removeprefix("https://gk.example.cn")).status_code == 200


def test_it_gives_an_anonymous_submitter_a_code_to_read_the_reply(client, world):
    body = {k: v for k, v in BODY.items() if k != "contact"}
    r = client.post("/api/v1/feedback", body, content_type="application/json")
    assert r.status_code == 201
    number, code = r.json()["number"], r.json()["query_code"]
    assert re.fullmatch(r"[A-Z0-9]{8}", code)
    assert client.get(f"/api/v1/feedback/{number}", {"query_code": ""}).status_code == 404
    item = Item.objects.get(number=number)
    assert item.is_anonymous
    actions.assign_item(item, owner=world.officer, actor=world.head)
    actions.reply_item(item, text="已在县医院门口增设临时停靠点。", actor=world.officer)
    seen = client.get(f"/api/v1/feedback/{number}", {"query_code": code}).json()
    assert seen["replies"][0]["text"] == "已在县医院门口增设临时停靠点。"
    assert seen["replies"][0]["rating_url"] is None  # anonymous: no rating link


@pytest.mark.parametrize("change, field", [
    ({"kind": "praise"}, "kind"),
    ({"subject": ""}, "subject"),
    ({"content": "长" * 5001}, "content"),
    ({"agency": "nowhere"}, "agency"),
    ({"contact": {"name": "王五", "email": "not-an-email"}}, "contact.email"),
    ({"contact": {"name": "王五"}}, "contact"),
])
def test_it_explains_bad_input_in_chinese(client, world, change, field):
    r = client.post("/api/v1/feedback", {**BODY, **change}, content_type="application/json")
    assert r.status_code == 400
    assert field in r.json()["errors"]
    assert not Item.objects.exists()


def test_it_rate_limits_submissions_per_client(client, world):
    codes = [client.post("/api/v1/feedback", BODY, content_type="application/json").status_code for _ in range(11)]
    assert codes == [201] * 10 + [429]
    other = client.post("/api/v1/feedback", BODY, content_type="application/json", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 201


def test_it_keeps_staff_endpoints_behind_a_token(client, world):
    assert client.get("/api/v1/staff/feedback").status_code == 401
    assert client.get("/api/v1/staff/feedback", HTTP_AUTHORIZATION="Bearer nope").status_code == 401


def test_it_hides_other_agencies_items_from_staff(client, people):
    number = client.post("/api/v1/feedback", BODY, content_type="application/json").json()["number"]
    other = auth(people, people.officer_y)
    assert client.get("/api/v1/staff/feedback", **other).json() == []
    assert client.get(f"/api/v1/staff/feedback/{number}", **other).status_code == 404
    r = client.post(f"/api/v1/staff/feedback/{number}/reply", {"text": "x"}, content_type="application/json", **other)
    assert r.status_code == 404
    # the disclosure office sees it, but only the head assigns
    office = auth(people, people.office)
    assert client.get(f"/api/v1/staff/feedback/{number}", **office).status_code == 200
    r = client.post(f"/api/v1/staff/feedback/{number}/assign", {"owner": "officer"},
                    content_type="application/json", **office)
    assert r.status_code == 403


def test_it_refuses_an_owner_outside_the_agency(client, people):
    number = client.post("/api/v1/feedback", BODY, content_type="application/json").json()["number"]
    r = client.post(f"/api/v1/staff/feedback/{number}/assign", {"owner": "officer_y"},
                    content_type="application/json", **auth(people, people.head))
    assert r.status_code == 400 and "owner" in r.json()["errors"]


def test_it_lets_only_owner_or_head_reply(client, people):
    number = client.post("/api/v1/feedback", BODY, content_type="application/json").json()["number"]
    r = client.post(f"/api/v1/staff/feedback/{number}/reply", {"text": "x"}, content_type="application/json",
                    **auth(people, people.officer))
    assert r.status_code == 403


BRIDGE = {"agency": "dept-x", "kind": "complaint", "channel": "weibo", "source_url": "https://weibo.com/123/AbCd",
          "author": "互助小王", "content": "威远镇某小区违建无人管。", "received_on": "2025-09-30"}


def test_it_takes_entries_from_a_social_media_bridge_once(client, people):
    token = auth(people, people.officer)
    r = client.post("/api/v1/staff/feedback/bridge", BRIDGE, content_type="application/json", **token)
    assert r.status_code == 201, r.content
    item = Item.objects.get(number=r.json()["number"])
    assert item.channel == Channel.WEIBO and item.source_url == BRIDGE["source_url"]
    assert item.subject == "威远镇某小区违建无人管。" and item.contact_name == "互助小王"
    assert item.due_on == date(2025, 10, 21)  # 投诉 10 working days after 30 Sep 2025 (see test_actions)
    assert item.events.get().type == Event.Type.REGISTERED and item.events.get().actor == people.officer
    again = client.post("/api/v1/staff/feedback/bridge", BRIDGE, content_type="application/json", **token)
    assert again.status_code == 200 and again.json()["number"] == item.number and not again.json()["created"]
    assert Item.objects.count() == 1


def test_it_refuses_a_bridge_token_of_another_agency(client, people):
    r = client.post("/api/v1/staff/feedback/bridge", BRIDGE, content_type="application/json",
                    **auth(people, people.officer_y))
    assert r.status_code == 400 and "agency" in r.json()["errors"]


@pytest.mark.parametrize("change, field", [
    ({"source_url": "javascript:alert(1)"}, "source_url"),
    ({"source_url": ""}, "source_url"),
    ({"received_on": "2999-01-01"}, "received_on"),
    ({"channel": "phone"}, "channel"),
])
def test_it_checks_bridge_input(client, people, change, field):
    r = client.post("/api/v1/staff/feedback/bridge", {**BRIDGE, **change}, content_type="application/json",
                    **auth(people, people.officer))
    assert r.status_code == 400 and field in r.json()["errors"]


def test_it_lists_overdue_items_for_staff(client, people):
    from .helpers import submit

    late, _ = submit(people.agency, received_on=date(2025, 9, 30))
    submit(people.agency)
    r = client.get("/api/v1/staff/feedback", {"status": "overdue"}, **auth(people, people.head))
    assert [i["number"] for i in r.json()] == [late.number]
    assert r.json()[0]["overdue"] is True
    assert client.get("/api/v1/staff/feedback", {"status": "bogus"}, **auth(people, people.head)).status_code == 400
    assert Item.objects.filter(status=Status.NEW).count() == 2


def test_it_refuses_with_retry_after_and_counts_only_accepted_submissions(client, world, monkeypatch):
    from gongkai.portal import ratelimit

    now = [1_800_000_000.0]
    monkeypatch.setattr(ratelimit, "_clock", lambda: now[0])

    def post(body):
        return client.post("/api/v1/feedback", body, content_type="application/json")

    bad_phone = {**BODY, "contact": {"name": "王五", "phone": "12"}}
    for _ in range(12):  # refused by the view or by the schema: not counted
        assert post(bad_phone).status_code == 400
        assert post({**BODY, "subject": ""}).status_code == 400
    assert [post(BODY).status_code for _ in range(10)] == [201] * 10
    r = post(BODY)
    assert r.status_code == 429 and r["Retry-After"] == "30"
    assert r.json() == {"detail": "提交过于频繁，请约1分钟后再试。"}
    now[0] += 30
    assert post(BODY).status_code == 201


# -- refusals name the field and say what is wanted, in Chinese ------------------------------------

def test_each_refusal_names_the_field_and_what_is_wanted(client, world):
    def errors(body, **extra):
        r = client.post("/api/v1/feedback", body, content_type="application/json", **extra)
        assert r.status_code == 400, r.content
        return r.json()

    got = errors({**BODY, "subject": ""})
    assert got["errors"] == {"subject": "subject（标题）不能为空"}
    assert got["detail"] == "输入有误：subject（标题）不能为空。"
    assert errors({**BODY, "content": "长" * 5001})["errors"] == {"content": "content（内容）不能超过5000字"}
    assert errors({**BODY, "kind": "question"})["errors"] == {
        "kind": "kind（类别）应为 suggestion、opinion、criticism、inquiry、complaint 之一"}
    missing = {k: v for k, v in BODY.items() if k != "agency"}
    assert errors(missing)["errors"] == {"agency": "agency（机关代码）必填"}
    r = client.post("/api/v1/feedback", "{not json", content_type="application/json")
    assert r.status_code == 400 and r.json() == {"detail": "请求体不是有效的 JSON"}
    for text in (str(errors({**BODY, "kind": "question"})), r.content.decode()):
        assert " or " not in text and "Cannot parse" not in text and "太短" not in text and "太长" not in text


def test_other_endpoints_get_the_same_messages(client, world):
    r = client.get("/api/v1/staff/feedback", {"limit": 0}, **auth(world, world.officer))
    assert r.status_code == 400 and r.json()["errors"] == {"limit": "limit（条数）不能小于1"}
