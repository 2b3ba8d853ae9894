"""The /api/v1 routes of gongkai/api/disclosure.py, with hand-computed 2025 due dates."""

from datetime import date

import pytest

from gongkai.disclosure import actions
from gongkai.disclosure.models import Application

from .factories import VALID_ID, fields, registered


def public_payload(**overrides):
    data = fields(agency="dept-x")
    data.update(overrides)
    return data


@pytest.fixture
def today(monkeypatch):
    """Set 'today' for the actions (submission date, the no-future-dates rule)."""
    holder = {"d": date(2025, 1, 20)}
    monkeypatch.setattr(actions, "_today", lambda: holder["d"])
    return holder


def auth(world, user):
    return {"HTTP_AUTHORIZATION": f"Bearer {world.token(user)}"}


def step(client, headers, number, **body):
    return client.post(f"/api/v1/staff/applications/{number}/events", body, content_type="application/json", **headers)


def test_it_walks_an_application_through_the_http_api(client, world, today):
    r = client.post("/api/v1/applications", public_payload(), content_type="application/json")
    assert r.status_code == 201, r.content
    body = r.json()
    number, code = body["number"], body["query_code"]
    assert body["status"] == "submitted" and number == "dept-x-2025-00001" and len(code) == 10

    today["d"] = date(2025, 12, 31)
    officer, head = auth(world, world.officer), auth(world, world.head)
    r = step(client, officer, number, type="confirm_receipt", date="2025-01-20")
    assert r.status_code == 200, r.content
    assert r.json()["received_on"] == "2025-01-20" and r.json()["due_on"] == "2025-02-21"

    r = step(client, officer, number, type="request_correction", date="2025-01-24", items="请写明村组",
             deadline="2025-02-14")
    assert r.status_code == 200 and r.json()["status"] == "awaiting_correction" and r.json()["due_on"] is None

    r = step(client, officer, number, type="receive_correction", date="2025-02-10")
    assert r.json()["due_on"] == "2025-03-10"  # 20 working days after Mon 2025-02-10

    today["d"] = date(2025, 2, 24)  # the head decides before the due date
    r = step(client, officer, number, type="extend", date="2025-02-24", working_days=20, reason="需调取档案")
    assert r.status_code == 403 and "负责人" in r.json()["detail"]
    r = step(client, head, number, type="extend", date="2025-02-24", working_days=20, reason="需调取档案")
    # 3/10 (20) + 20: 3/11–14 (24), 3/17–21 (29), 3/24–28 (34), 3/31 (35), 4/1–3 (38), 4/4 清明, 4/7–8 (40)
    assert r.status_code == 200 and r.json()["due_on"] == "2025-04-08"
    today["d"] = date(2025, 12, 31)

    r = step(client, officer, number, type="decide", date="2025-03-20", outcome="granted",
             released=["互助县2024年宅基地审批结果"], reason="")
    assert r.status_code == 200
    assert r.json()["status"] == "closed" and r.json()["outcome"] == "granted" and r.json()["due_on"] == "2025-04-08"

    r = client.get(f"/api/v1/applications/{number}", {"query_code": code})
    assert r.status_code == 200
    data = r.json()
    assert (data["status"], data["received_on"], data["outcome"]) == ("closed", "2025-01-20", "granted")
    # (in 落款 order: the extension's letter is dated the mocked day of its approval, the others today)
    assert sorted(x["kind"] for x in data["letters"]) == ["acknowledgement", "correction", "decision", "extension"]
    assert all(code not in x["pdf"] and "query_code" not in x["pdf"] for x in data["letters"])  # never in a URL
    pdf = client.get(data["letters"][-1]["pdf"], HTTP_X_QUERY_CODE=code)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert client.get(data["letters"][-1]["pdf"]).status_code == 404
    assert client.get(data["letters"][-1]["pdf"], {"query_code": code}).status_code == 200  # older clients


def test_it_answers_bad_input_with_chinese_messages_per_field(client, world, today):
    r = client.post("/api/v1/applications", public_payload(id_number="110105194912310021", phone="abc",
                                                             applicant_type="alien", content=""),
                    content_type="application/json")
    assert r.status_code == 400
    errors = r.json()["errors"]
    assert set(errors) >= {"id_number", "phone", "applicant_type", "content"}
    assert "校验码" in errors["id_number"] and "电话" in errors["phone"]
    r = client.post("/api/v1/applications", {"agency": "dept-x"}, content_type="application/json")
    assert r.status_code == 400 and r.json()["errors"]["name"] == "name（姓名）必填"
    r = client.post("/api/v1/applications", public_payload(agency="nope"), content_type="application/json")
    assert r.status_code == 400 and "agency" in r.json()["errors"]
    assert not Application.objects.exists()


def test_it_registers_paper_applications_with_the_due_date(client, world, today):
    today["d"] = date(2025, 12, 31)
    body = public_payload(channel="post", received_on="2025-09-22")
    r = client.post("/api/v1/staff/applications", body, content_type="application/json", **auth(world, world.officer))
    assert r.status_code == 201, r.content
    data = r.json()
    assert data["due_on"] == "2025-10-24" and data["received_on"] == "2025-09-22" and data["status"] == "in_progress"
    assert data["id_number"] == VALID_ID  # the registering officer of an unassigned case sees it
    r = client.post("/api/v1/staff/applications", public_payload(channel="pigeon"), content_type="application/json",
                    **auth(world, world.officer))
    assert r.status_code == 400 and "channel" in r.json()["errors"]


def test_it_answers_409_for_a_step_not_allowed_now(client, world):
    app = registered(world)
    r = step(client, auth(world, world.officer), app.number, type="fee_paid", date="2025-01-21")
    assert r.status_code == 409 and "待缴费" in r.json()["detail"]
    r = step(client, auth(world, world.officer), app.number, type="decide", date="2025-01-21", outcome="bogus")
    assert r.status_code == 400 and "outcome" in r.json()["errors"]
    r = step(client, auth(world, world.officer), app.number, type="fly", date="2025-01-21")
    assert r.status_code == 400 and "type" in r.json()["errors"]


def test_it_lists_overdue_and_by_status(client, world):
    late = registered(world, date(2025, 1, 20))
    open_ = registered(world, date(2025, 1, 20))
    actions.decide(open_, actor=world.officer, on=date(2025, 2, 3), outcome="granted", released=["a"])
    r = client.get("/api/v1/staff/applications", {"overdue": "true"}, **auth(world, world.officer))
    assert [a["number"] for a in r.json()] == [late.number]
    assert r.json()[0]["overdue"] is True
    r = client.get("/api/v1/staff/applications", {"status": "closed"}, **auth(world, world.office))
    assert [a["number"] for a in r.json()] == [open_.number]
    assert "*" in r.json()[0]["id_number"]  # the disclosure office sees it masked


def test_it_masks_identity_except_for_the_case_officer(client, world):
    app = registered(world)
    actions.assign_officer(app, actor=world.head, officer=world.officer)
    r = client.get(f"/api/v1/staff/applications/{app.number}", **auth(world, world.officer))
    assert r.json()["id_number"] == VALID_ID and r.json()["phone"] == "13912345678"
    for user in (world.head, world.admin, world.office):
        r = client.get(f"/api/v1/staff/applications/{app.number}", **auth(world, user))
        assert r.json()["id_number"] == "110105********002X" and r.json()["phone"] == "139****5678"


def test_it_registers_the_routes_in_the_api():
    from gongkai.api.disclosure import router

    paths = set(router.path_operations)
    for p in ("/applications", "/applications/{number}", "/staff/applications",
              "/staff/applications/{number}/events"):
        assert p in paths


def test_a_staff_payload_says_when_the_due_date_is_provisional(client, world, today):
    today["d"] = date(2026, 12, 31)
    headers = auth(world, world.officer)
    # received Sun 2026-12-20, the day not counted: 12/21–25 (5), 12/28–31 (9), 1/1 元旦, then 2027
    # (no arrangement entered: Mon–Fri) 1/4–8 (14), 1/11–15 (19), 1/18 (20) → Mon 2027-01-18, provisional
    r = client.post("/api/v1/staff/applications", public_payload(channel="post", received_on="2026-12-20"),
                    content_type="application/json", **headers)
    assert r.status_code == 201, r.content
    late = r.json()
    assert late["due_on"] == "2027-01-18"
    assert late["provisional"] is True and "2027年尚无官方节假日安排" in late["provisional_note"]
    # received Mon 2026-06-01: 6/2–5 (4), 6/8–12 (9), 6/15–18 (13), 端午 6/19–21 off, 6/22–26 (18),
    # 6/29 (19), 6/30 (20) → 2026-06-30, every day in a year whose arrangement is known
    r = client.post("/api/v1/staff/applications", public_payload(channel="post", received_on="2026-06-01"),
                    content_type="application/json", **headers)
    early = r.json()
    assert early["due_on"] == "2026-06-30"
    assert early["provisional"] is False and early["provisional_note"] == ""

    one = client.get(f"/api/v1/staff/applications/{late['number']}", **headers).json()
    assert one["provisional"] is True and "2027年" in one["provisional_note"]
    listed = {a["number"]: a for a in client.get("/api/v1/staff/applications", **headers).json()}
    assert listed[late["number"]]["provisional"] is True and "2027年" in listed[late["number"]]["provisional_note"]
    assert listed[early["number"]]["provisional"] is False and listed[early["number"]]["provisional_note"] == ""
    # the staff work list shows it beside the date
    client.force_login(world.officer)
    page = client.get("/staff/applications/").content.decode()
    row = lambda number: page[page.index(number):].split("</tr>")[0]  # noqa: E731
    assert "2027-01-18" in row(late["number"]) and "暂定" in row(late["number"])
    assert "暂定" not in row(early["number"])

    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["StaffApplicationOut"]
    assert {"provisional", "provisional_note"} <= set(schema["required"])


@pytest.mark.parametrize("days", [25, 0])
def test_it_cites_article_33_for_an_extension_out_of_range(client, world, today, days):
    r = client.post("/api/v1/applications", public_payload(), content_type="application/json")
    number = r.json()["number"]
    officer, head = auth(world, world.officer), auth(world, world.head)
    assert step(client, officer, number, type="confirm_receipt", date="2025-01-20").status_code == 200
    today["d"] = date(2025, 2, 10)
    for who, kind in ((officer, "request_extension"), (head, "extend")):
        r = step(client, who, number, type=kind, date="2025-02-10", working_days=days, reason="需调取档案")
        assert r.status_code == 400, r.content
        message = r.json()["errors"]["working_days"]
        assert message.startswith("延长的期限应为1至20个工作日（条例第三十三条第二款）"), message
        assert "不能大于" not in message and "不能小于" not in message
