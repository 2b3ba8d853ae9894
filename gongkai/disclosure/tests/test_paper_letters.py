"""A letter's 落款日期 is the day it is issued (issue 14, Deliver 5) — unless staff record that a
paper letter already went out on an earlier date and attach its scan (PDF or image, through the
platform's upload checks), with the reason; the history marks it."""

import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.accounts.errors import InvalidInput
from gongkai.disclosure import actions
from gongkai.disclosure.models import Application, EventType, Status

from .factories import registered

D = date
SCAN = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def today(monkeypatch):
    """Staff record on Wed 2025-12-31 what happened earlier in the year."""
    monkeypatch.setattr(actions, "_today", lambda: D(2025, 12, 31))


def scan(name="补正告知书.pdf", data=SCAN):
    return SimpleUploadedFile(name, data)


def paper(**overrides):
    values = {"sent_on": D(2025, 1, 22), "reason": "当日已邮寄纸质补正告知书，现补录。", "scan": scan()} | overrides
    return actions.paper_letter(**values)


def test_a_step_recorded_later_issues_its_letter_dated_the_day_it_is_issued(world, today):
    app = registered(world, D(2025, 1, 20))
    app = actions.request_correction(app, actor=world.officer, on=D(2025, 1, 22), items="请写明村名",
                                     deadline=D(2025, 2, 14))
    letter = app.letters.get(kind="correction")
    assert letter.issued_on == D(2025, 12, 31) and not letter.is_paper
    assert "2025年12月31日" in letter.text
    event = app.events.get(type=EventType.CORRECTION_REQUESTED)
    assert event.date == D(2025, 1, 22) and "letter_sent_on" not in event.data


def test_a_paper_letter_sent_earlier_dates_the_letter_and_keeps_its_scan(world, today):
    app = registered(world, D(2025, 1, 20))
    app = actions.request_correction(app, actor=world.officer, on=D(2025, 1, 22), items="请写明村名",
                                     deadline=D(2025, 2, 14), paper_letter=paper())
    letter = app.letters.get(kind="correction")
    assert letter.issued_on == D(2025, 1, 22) and "2025年1月22日" in letter.text
    assert (bytes(letter.paper_scan), letter.paper_scan_name, letter.paper_reason) == (
        SCAN, "补正告知书.pdf", "当日已邮寄纸质补正告知书，现补录。")
    assert letter.is_paper
    event = app.events.get(type=EventType.CORRECTION_REQUESTED)
    assert (event.data["letter_sent_on"], event.data["letter_reason"]) == ("2025-01-22", "当日已邮寄纸质补正告知书，现补录。")
    assert ("纸质文书寄出日期（文书按此日落款）", "2025-01-22") in event.details


def test_an_image_scan_is_accepted(world, today):
    app = registered(world, D(2025, 1, 20))
    app = actions.decide(app, actor=world.officer, on=D(2025, 2, 10), outcome="granted", released=["审批表"],
                         paper_letter=paper(sent_on=D(2025, 2, 11), scan=scan("答复书.png", PNG)))
    letter = app.letters.get(kind="decision")
    assert letter.issued_on == D(2025, 2, 11) and letter.paper_scan_name == "答复书.png"


@pytest.mark.parametrize("overrides, field, words", [
    ({"scan": None}, "letter_scan", "请上传已寄出的纸质文书扫描件"),
    ({"reason": "  "}, "letter_reason", "请写明"),
    ({"sent_on": None}, "letter_sent_on", "请填写纸质文书实际寄出"),
    ({"sent_on": D(2026, 1, 5)}, "letter_sent_on", "晚于今天"),
    ({"scan": SimpleUploadedFile("告知书.docx", b"PK\x03\x04")}, "letter_scan", "只接受 PDF、JPG 或 PNG"),
    ({"scan": SimpleUploadedFile("告知书.pdf", b"MZ\x90\x00 program")}, "letter_scan", "不是文档"),
    ({"scan": SimpleUploadedFile("告知书.pdf", SCAN.replace(b"<<>>", b"<</JS (app.alert(1))>>", 1))},
     "letter_scan", "脚本"),
    ({"scan": SimpleUploadedFile("告知书.pdf", b"")}, "letter_scan", "空文件"),
])
def test_a_paper_letter_needs_its_date_reason_and_a_safe_scan(world, today, overrides, field, words):
    with pytest.raises(InvalidInput) as e:
        paper(**overrides)
    assert words in e.value.errors[field]


def test_nothing_entered_is_no_paper_letter(today):
    assert actions.paper_letter() is None


def test_a_paper_letter_cannot_predate_its_step_and_nothing_is_kept(world, today):
    app = registered(world, D(2025, 1, 20))
    with pytest.raises(InvalidInput) as e:
        actions.request_correction(app, actor=world.officer, on=D(2025, 1, 22), items="请写明村名",
                                   deadline=D(2025, 2, 14), paper_letter=paper(sent_on=D(2025, 1, 21)))
    assert "不能早于本步骤的日期 2025年1月22日" in e.value.errors["letter_sent_on"]
    app = Application.objects.get(pk=app.pk)
    assert app.status == Status.IN_PROGRESS and not app.letters.filter(kind="correction").exists()
    assert not app.events.filter(type=EventType.CORRECTION_REQUESTED).exists()


def test_a_backdated_extension_letter_is_dated_today_unless_the_paper_one_went_out(world, today):
    app = registered(world, D(2025, 12, 10))
    app = actions.extend(app, actor=world.head, on=D(2025, 12, 15), working_days=10, reason="档案调取",
                         backdate_reason="负责人当日已在纸质审批单上签字")
    assert app.letters.get(kind="extension").issued_on == D(2025, 12, 31)

    other = registered(world, D(2025, 12, 10))
    other = actions.extend(other, actor=world.head, on=D(2025, 12, 15), working_days=10, reason="档案调取",
                           backdate_reason="负责人当日已在纸质审批单上签字",
                           paper_letter=paper(sent_on=D(2025, 12, 16), reason="次日已邮寄纸质延期告知书"))
    assert other.letters.get(kind="extension").issued_on == D(2025, 12, 16)
    event = other.events.get(type=EventType.EXTENDED)
    assert event.data["backdated"] is True and event.data["letter_sent_on"] == "2025-12-16"


# -- the case page ------------------------------------------------------------------------------

def test_the_case_page_records_a_paper_letter_and_serves_its_scan_to_staff_only(client, world):
    app = registered(world, D(2025, 1, 20))
    client.force_login(world.officer)
    url = f"/staff/applications/{app.number}/steps/request_correction/"
    form = {"request_correction-date": "2025-01-22", "request_correction-items": "请写明村名",
            "request_correction-deadline": "2025-02-14", "request_correction-letter_sent_on": "2025-01-22",
            "request_correction-letter_reason": "当日已邮寄纸质补正告知书。"}
    r = client.post(url, form)  # no scan
    assert r.status_code == 400 and "请上传已寄出的纸质文书扫描件" in r.content.decode()
    assert Application.objects.get(pk=app.pk).status == Status.IN_PROGRESS

    r = client.post(url, form | {"request_correction-letter_scan": scan()})
    assert r.status_code == 302
    page = client.get(f"/staff/applications/{app.number}/").content.decode()
    assert "按纸质文书寄出日落款" in page and "纸质文书已寄出" in page and "当日已邮寄纸质补正告知书。" in page
    letter = app.letters.get(kind="correction")
    assert letter.issued_on == D(2025, 1, 22)
    scan_url = f"/staff/applications/{app.number}/letters/{letter.pk}.scan"
    assert scan_url in page
    got = client.get(scan_url)
    assert got.status_code == 200 and got.content == SCAN and got["X-Content-Type-Options"] == "nosniff"
    client.force_login(world.officer_y)
    assert client.get(scan_url).status_code == 404
    no_scan = app.letters.get(kind="acknowledgement")
    client.force_login(world.officer)
    assert client.get(f"/staff/applications/{app.number}/letters/{no_scan.pk}.scan").status_code == 404


# -- the staff API --------------------------------------------------------------------------------

def test_the_staff_api_records_a_paper_letter_with_its_scan(client, world, today):
    app = registered(world, D(2025, 1, 20))
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world.token(world.officer)}"}
    url = f"/api/v1/staff/applications/{app.number}/events/files"
    event = {"type": "request_correction", "date": "2025-01-22", "items": "请写明村名", "deadline": "2025-02-14",
             "letter_sent_on": "2025-01-22", "letter_reason": "当日已邮寄纸质补正告知书。"}

    r = client.post(url, {"event": json.dumps(event, ensure_ascii=False)}, **headers)  # no scan: nothing kept
    assert r.status_code == 400 and "请上传已寄出的纸质文书扫描件" in r.json()["errors"]["letter_scan"]
    assert Application.objects.get(pk=app.pk).status == Status.IN_PROGRESS

    r = client.post(url, {"event": "{不是 JSON"}, **headers)
    assert r.status_code == 400 and "JSON" in r.json()["errors"]["event"]
    r = client.post(url, {"event": json.dumps({"type": "decide", "date": "明天"})}, **headers)
    assert r.status_code == 400 and "date" in r.json()["errors"]

    r = client.post(url, {"event": json.dumps(event, ensure_ascii=False), "letter_scan": scan()}, **headers)
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "awaiting_correction"
    letter = app.letters.get(kind="correction")
    assert letter.issued_on == D(2025, 1, 22) and bytes(letter.paper_scan) == SCAN

    other = {"HTTP_AUTHORIZATION": f"Bearer {world.token(world.officer_y)}"}
    assert client.post(url, {"event": json.dumps(event)}, **other).status_code == 404


def test_the_staff_api_takes_a_paper_correction_with_its_scan(client, world, today):
    app = registered(world, D(2025, 1, 20))
    app = actions.request_correction(app, actor=world.officer, on=D(2025, 1, 22), items="请写明村名",
                                     deadline=D(2025, 2, 14))
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world.token(world.officer)}"}

    event = {"type": "receive_correction", "date": "2025-02-10", "content": "申请公开威远镇卓扎滩村的征地批复。"}
    r = client.post(f"/api/v1/staff/applications/{app.number}/events/files",
                    {"event": json.dumps(event, ensure_ascii=False), "scan": scan("补正材料.png", PNG)}, **headers)
    assert r.status_code == 200, r.content
    assert r.json()["due_on"] == "2025-03-10"  # 20 working days after Mon 2025-02-10
    app = Application.objects.get(pk=app.pk)
    assert app.status == Status.IN_PROGRESS
    correction = app.corrections.get()
    assert correction.content == "申请公开威远镇卓扎滩村的征地批复。"
    assert [(a.filename, bytes(a.data)) for a in correction.attachments.all()] == [("补正材料.png", PNG)]
