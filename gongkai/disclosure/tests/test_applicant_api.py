"""The applicant's side of the API (issue 14): the query code in a header, online 补正, released
files, next_step and provisional — dates hand-checked against the 2025 calendar (domain.md §5)."""

from datetime import date

import pytest

from gongkai.disclosure import actions
from gongkai.disclosure.models import Application, Correction

from .factories import fields


@pytest.fixture
def today(monkeypatch):
    holder = {"d": date(2025, 1, 20)}
    monkeypatch.setattr(actions, "_today", lambda: holder["d"])
    return holder


def auth(world, user):
    return {"HTTP_AUTHORIZATION": f"Bearer {world.token(user)}"}


def step(client, headers, number, **body):
    return client.post(f"/api/v1/staff/applications/{number}/events", body, content_type="application/json", **headers)


def submit(client):
    r = client.post("/api/v1/applications", fields(agency="dept-x"), content_type="application/json")
    assert r.status_code == 201, r.content
    return r.json()["number"], r.json()["query_code"]


def awaiting_correction(client, world, today):
    number, code = submit(client)
    today["d"] = date(2025, 12, 31)  # staff record the steps later (past dates allowed, never future ones)
    officer = auth(world, world.officer)
    assert step(client, officer, number, type="confirm_receipt", date="2025-01-20").status_code == 200
    r = step(client, officer, number, type="request_correction", date="2025-01-22", items="请写明村名和年份",
             deadline="2025-02-14")
    assert r.status_code == 200 and r.json()["status"] == "awaiting_correction"
    return number, code, officer


DOCUMENT = "宅基地审批公示表\n申请人：李四，联系电话13812345678，面积120平方米。\n".encode()


def test_the_must_show_chain_from_submission_to_the_released_file(client, world, today):
    number, code, officer = awaiting_correction(client, world, today)
    header = {"HTTP_X_QUERY_CODE": code}

    r = client.get(f"/api/v1/applications/{number}", **header)
    assert r.status_code == 200
    assert r.json()["next_step"] == {"action": "correct", "deadline": "2025-02-14",
                                     "text": r.json()["next_step"]["text"]}
    assert "2025年2月14日前补正" in r.json()["next_step"]["text"]

    today["d"] = date(2025, 2, 5)  # the applicant corrects online, with the code in the header
    r = client.post(f"/api/v1/applications/{number}/correction", {"content": "测试村2024年宅基地审批结果及公示材料"},
                    content_type="application/json", **header)
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "awaiting_correction" and r.json()["next_step"]["action"] == "none"
    app = Application.objects.get(number=number)
    assert app.content == "2024年本村宅基地审批结果及公示材料"  # the original is untouched
    correction = app.corrections.get()
    assert (correction.via, correction.content, correction.submitted_on, correction.received_on) == (
        "online", "测试村2024年宅基地审批结果及公示材料", date(2025, 2, 5), None)

    # staff confirm the receipt of the correction: not before the applicant sent it (the 网上提交补正 step)
    today["d"] = date(2025, 12, 31)
    r = step(client, officer, number, type="receive_correction", date="2025-02-04")
    assert r.status_code == 400 and "早于上一步骤的日期 2025年2月5日" in r.json()["errors"]["date"]
    r = step(client, officer, number, type="receive_correction", date="2025-02-06")
    assert r.status_code == 200, r.content
    # Thu 2025-02-06 not counted; 2/7 Fri (1), 2/8 Sat 调休上班 (2), 2/10–14 (7), 2/17–21 (12),
    # 2/24–28 (17), 3/3 (18), 3/4 (19), 3/5 (20) → due Wed 2025-03-05
    assert r.json()["clock_started_on"] == "2025-02-06" and r.json()["due_on"] == "2025-03-05"
    assert r.json()["corrections"][0]["received_on"] == "2025-02-06"

    # 部分公开 with a release: the phone number screened and removed
    r = client.post(f"/api/v1/staff/applications/{number}/releases",
                    {"file": _upload("公示表.txt", DOCUMENT), "title": "宅基地审批公示表", "spans": "all"}, **officer)
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["name"], body["state"], body["redactions"]) == ("宅基地审批公示表", "released", 1)
    r = step(client, officer, number, type="decide", date="2025-02-20", outcome="partially_granted",
             reason="经查，公示表含第三方个人信息，已作区分处理。", released=["宅基地审批公示表"],
             withheld=[{"part": "第三方联系电话", "reason": "个人隐私", "basis": "条例第十五条"}])
    assert r.status_code == 200, r.content

    data = client.get(f"/api/v1/applications/{number}", **header).json()
    assert [x["name"] for x in data["released"]] == ["宅基地审批公示表（公开文本）.pdf"]
    url = data["released"][0]["url"]
    assert code not in url and "query_code" not in url
    got = client.get(url, **header)
    assert got.status_code == 200 and got["Content-Type"] == "application/pdf"
    assert got.content.startswith(b"%PDF-") and len(got.content) == data["released"][0]["size"]
    assert got.content != DOCUMENT  # the released copy, never the original
    assert client.get(url).status_code == 404
    assert client.get(url, HTTP_X_QUERY_CODE="ABCDEFGHJK").status_code == 404
    assert "遮盖1处" in data["released"][0]["notice"]


def _upload(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_a_release_is_not_shown_before_the_reply(client, world, today):
    number, code, officer = awaiting_correction(client, world, today)
    step(client, officer, number, type="receive_correction", date="2025-01-24")
    r = client.post(f"/api/v1/staff/applications/{number}/releases",
                    {"file": _upload("公示表.txt", DOCUMENT), "spans": "0"}, **officer)
    assert r.status_code == 201 and r.json()["name"] == "公示表"
    release_id = r.json()["id"]
    data = client.get(f"/api/v1/applications/{number}", HTTP_X_QUERY_CODE=code).json()
    assert data["released"] == []  # a working file until the reply is made
    assert client.get(f"/api/v1/applications/{number}/released/{release_id}",
                      HTTP_X_QUERY_CODE=code).status_code == 404


def test_a_release_upload_without_redactions_waits_and_a_bad_one_leaves_nothing(client, world, today):
    number, code, officer = awaiting_correction(client, world, today)
    r = client.post(f"/api/v1/staff/applications/{number}/releases", {"file": _upload("a.txt", DOCUMENT)}, **officer)
    assert r.status_code == 201 and (r.json()["state"], r.json()["proposed"]) == ("proposed", 1)
    r = client.post(f"/api/v1/staff/applications/{number}/releases",
                    {"file": _upload("b.txt", DOCUMENT), "redact": "不在文中的字"}, **officer)
    assert r.status_code == 400
    assert Application.objects.get(number=number).releases.count() == 1  # the refused one was not kept
    r = client.post(f"/api/v1/staff/applications/{number}/releases", {"file": _upload("run.exe", b"MZ...")}, **officer)
    assert r.status_code == 400 and "只接受" in r.json()["errors"]["file"]
    r = client.post(f"/api/v1/staff/applications/{number}/releases", {"file": _upload("a.txt", DOCUMENT)},
                    **auth(world, world.officer_y))
    assert r.status_code == 404


def test_the_correction_endpoint_refuses_in_chinese(client, world, today):
    number, code = submit(client)
    url = f"/api/v1/applications/{number}/correction"
    r = client.post(url, {"content": "补正内容写清楚"}, content_type="application/json", HTTP_X_QUERY_CODE=code)
    assert r.status_code == 409 and "没有需要补正的内容" in r.json()["detail"]  # not awaiting a correction

    officer = auth(world, world.officer)
    today["d"] = date(2025, 1, 21)
    step(client, officer, number, type="confirm_receipt", date="2025-01-20")
    step(client, officer, number, type="request_correction", date="2025-01-21", items="写明年份", deadline="2025-02-14")
    r = client.post(url, {"content": "补正内容写清楚"}, content_type="application/json", HTTP_X_QUERY_CODE="WRONGCODE2")
    assert r.status_code == 404 and r.json()["detail"] == "没有找到该申请。"
    r = client.post(url, {"content": "  "}, content_type="application/json", HTTP_X_QUERY_CODE=code)
    assert r.status_code == 400 and "请填写补正后的申请内容" in r.json()["errors"]["content"]
    big = _upload("扫描件.pdf", b"%PDF-1.4\n" + b"0" * (actions.CORRECTION_FILE_MAX_BYTES + 1))
    r = client.post(url, {"content": "补正内容写清楚", "files": [big]}, HTTP_X_QUERY_CODE=code)
    assert r.status_code == 400 and "超过10MB" in r.json()["errors"]["files"]
    r = client.post(url, {"content": "补正内容写清楚", "files": [_upload("x.exe", b"MZ")]}, HTTP_X_QUERY_CODE=code)
    assert r.status_code == 400 and "类型不支持" in r.json()["errors"]["files"]
    assert not Correction.objects.exists()  # nothing half-saved

    # multipart with a file, the code in the form body
    r = client.post(url, {"content": "测试村2024年宅基地审批结果", "query_code": code,
                          "files": [_upload("说明.txt", "村名：测试村".encode())]})
    assert r.status_code == 200, r.content
    assert [a.filename for a in Correction.objects.get().attachments.all()] == ["说明.txt"]
    r = client.post(url, {"content": "再补一次内容"}, content_type="application/json", HTTP_X_QUERY_CODE=code)
    assert r.status_code == 409 and "请等待机关确认收到" in r.json()["detail"]


def test_the_code_in_a_json_body_and_the_old_query_parameter_still_work(client, world, today):
    number, code, _ = awaiting_correction(client, world, today)
    r = client.post(f"/api/v1/applications/{number}/correction", {"content": "写明测试村", "query_code": code},
                    content_type="application/json")
    assert r.status_code == 200
    assert client.get(f"/api/v1/applications/{number}", {"query_code": code}).status_code == 200
    assert client.get(f"/api/v1/applications/{number}").status_code == 404


def test_a_due_date_in_a_year_without_holidays_entered_is_provisional(client, world, today):
    number, code = submit(client)
    data = client.get(f"/api/v1/applications/{number}", HTTP_X_QUERY_CODE=code).json()
    assert data["provisional"] is False and data["provisional_note"] == ""
    assert data["next_step"]["action"] == "wait_confirmation"

    today["d"] = date(2026, 12, 15)
    number, code = submit(client)
    r = step(client, auth(world, world.officer), number, type="confirm_receipt", date="2026-12-15")
    # Tue 2026-12-15 + 20 working days: 12/16–18 (3), 12/21–25 (8), 12/28–31 (12), 1/1 元旦, then 2027
    # (not entered: Mon–Fri) 1/4–8 (17), 1/11–13 (20) → Wed 2027-01-13, provisional
    assert r.json()["due_on"] == "2027-01-13"
    data = client.get(f"/api/v1/applications/{number}", HTTP_X_QUERY_CODE=code).json()
    assert data["provisional"] is True and "2027年尚无官方节假日安排" in data["provisional_note"]


def test_the_openapi_document_describes_the_applicant_routes(client):
    doc = client.get("/api/v1/openapi.json").json()
    paths = doc["paths"]
    correction = paths["/api/v1/applications/{number}/correction"]["post"]
    assert set(correction["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert "409" in correction["responses"] and "404" in correction["responses"]
    track = paths["/api/v1/applications/{number}"]["get"]
    assert any(p["name"] == "X-Query-Code" and p["in"] == "header" for p in track["parameters"])
    assert "/api/v1/staff/applications/{number}/releases" in paths
    assert "/api/v1/applications/{number}/released/{release_id}" in paths
