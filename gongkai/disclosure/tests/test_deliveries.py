"""Periods counted from the receipt of a letter: the third party's 15 working days (第三十二条) and
the applicant's 20 working days to pay (国办函〔2020〕109号). Dates counted by hand on the 2025/2026
holiday notices (domain.md §5)."""

from datetime import date as D

import pytest

from gongkai.disclosure import actions
from gongkai.disclosure.deadline import for_application
from gongkai.disclosure.guidance import next_step_for_applicant
from gongkai.disclosure.models import EventType, Status

from .factories import registered

pytestmark = pytest.mark.django_db


def auth(world, user):
    return {"HTTP_AUTHORIZATION": f"Bearer {world.token(user)}"}


def step(client, headers, number, **body):
    return client.post(f"/api/v1/staff/applications/{number}/events", body, content_type="application/json", **headers)


def consulting(world, via="post"):
    app = registered(world, received_on=D(2025, 9, 15))
    return actions.start_consultation(app, actor=world.officer, on=D(2025, 9, 24), party="third_party",
                                      name="甲公司", via=via)


def test_the_third_partys_15_working_days_run_from_its_receipt_of_the_letter(world):
    app = consulting(world)
    [sent] = actions.sent_letters(app)
    # posted Wed 9/24: provisionally received 3 working days later, 9/28 (Sun, 上班), and 15 working
    # days from it: 9/29–30 (2), 10/9–11 (5), 10/13–17 (10), 10/20–24 (15)
    assert sent.period.provisional and sent.period.ends_on == D(2025, 10, 24)
    # the letter names no date: its delivery is not known yet
    letter = app.letters.get(kind="consultation")
    assert "自收到本意见书之日起15个工作日内书面提出意见" in letter.text and "即2025" not in letter.text
    with pytest.raises(actions.StepNotAllowed, match="2025年10月24日.*暂定"):
        actions.end_consultation(app, actor=world.officer, on=D(2025, 10, 24), opinion="no_reply")

    app = actions.record_delivery(app, actor=world.officer, on=D(2025, 9, 29), letter="consultation", via="post")
    [sent] = actions.sent_letters(app)
    # signed for Mon 9/29: 9/30 (1), 10/9–11 (4), 10/13–17 (9), 10/20–24 (14), 10/27 (15)
    assert not sent.period.provisional and sent.period.received_on == D(2025, 9, 29)
    assert sent.period.ends_on == D(2025, 10, 27)
    event = app.events.get(type=EventType.LETTER_RECEIVED)
    assert event.date == D(2025, 9, 29) and ("送达方式", "邮寄") in event.details
    assert "2025年9月29日第三方收到征求意见书，提出意见的期限至2025年10月27日（收到之日起15个工作日，条例第三十二条、第三十四条）。" \
        in for_application(app, D(2025, 10, 1)).reasons
    with pytest.raises(actions.StepNotAllowed, match="2025年10月27日"):
        actions.end_consultation(app, actor=world.officer, on=D(2025, 10, 27), opinion="no_reply")
    app = actions.end_consultation(app, actor=world.officer, on=D(2025, 10, 28), opinion="no_reply")
    assert app.status == Status.IN_PROGRESS
    # an opinion that arrived is recorded whenever it arrives
    other = consulting(world)
    assert actions.end_consultation(other, actor=world.officer, on=D(2025, 10, 9), opinion="agreed").status \
        == Status.IN_PROGRESS


def test_a_consultation_letter_handed_over_states_its_date(world):
    app = consulting(world, via="in_person")
    # handed over Wed 9/24: 9/25–26 (2), 9/28 (3), 9/29–30 (5), 10/9–11 (8), 10/13–17 (13), 10/20–21 (15)
    assert actions.sent_letters(app)[0].period.ends_on == D(2025, 10, 21)
    assert "15个工作日内（即2025年10月21日前）" in app.letters.get(kind="consultation").text


def test_the_applicants_20_working_days_to_pay_run_from_its_receipt_of_the_fee_notice(world):
    app = registered(world, received_on=D(2026, 2, 2))
    app = actions.fee_notice(app, actor=world.officer, on=D(2026, 2, 9), method="per_volume", pages=31,
                             via="electronic")
    # e-mailed Mon 2/9: provisionally read on the next working day, 2/10; 20 working days from
    # 2/10 (domain.md §5.2): 2026-03-16
    assert app.payment_due_on == D(2026, 3, 16) and actions.payment_due_provisional(app)
    app = actions.record_delivery(app, actor=world.officer, on=D(2026, 2, 13), letter="fee_notice",
                                  via="electronic")
    # received Fri 2/13: 2/14 (Sat, 上班) (1), 2/15–23 春节 off, 2/24–27 (5), 2/28 (Sat, 上班) (6),
    # 3/2–6 (11), 3/9–13 (16), 3/16–19 (20)
    assert app.payment_due_on == D(2026, 3, 19) and not actions.payment_due_provisional(app)
    with pytest.raises(actions.StepNotAllowed, match="2026年3月19日"):
        actions.fee_lapsed(app, actor=world.officer, on=D(2026, 3, 19))
    assert actions.fee_lapsed(app, actor=world.officer, on=D(2026, 3, 20)).outcome == "other_fee_unpaid"


def test_it_refuses_a_wrong_delivery_in_chinese_and_records_nothing(world):
    app = consulting(world)
    with pytest.raises(actions.InvalidInput, match="早于发出日期"):
        actions.record_delivery(app, actor=world.officer, on=D(2025, 9, 23), letter="consultation", via="post")
    with pytest.raises(actions.InvalidInput, match="送达方式"):
        actions.record_delivery(app, actor=world.officer, on=D(2025, 9, 29), letter="consultation", via="fax")
    with pytest.raises(actions.InvalidInput, match="征求意见书|收费通知"):
        actions.record_delivery(app, actor=world.officer, on=D(2025, 9, 29), letter="reply", via="post")
    with pytest.raises(actions.StepNotAllowed, match="没有等待缴费"):
        actions.record_delivery(app, actor=world.officer, on=D(2025, 9, 29), letter="fee_notice", via="post")
    with pytest.raises(actions.InvalidInput, match="送达方式"):
        actions.start_consultation(registered(world), actor=world.officer, on=D(2025, 1, 21), party="agency",
                                   name="县林业和草原局", via="carrier pigeon")
    assert not app.events.filter(type=EventType.LETTER_RECEIVED).exists()
    actions.record_delivery(app, actor=world.officer, on=D(2025, 9, 29), letter="consultation", via="post")
    with pytest.raises(actions.StepNotAllowed, match="已登记"):
        actions.record_delivery(app, actor=world.officer, on=D(2025, 9, 30), letter="consultation", via="post")
    with pytest.raises(actions.NotPermitted):
        actions.record_delivery(app, actor=world.office, on=D(2025, 9, 30), letter="consultation", via="post")


def test_the_api_records_the_delivery_and_shows_the_period(client, world):
    app = consulting(world)
    officer = auth(world, world.officer)
    body = client.get(f"/api/v1/staff/applications/{app.number}", **officer).json()
    [period] = body["letter_periods"]
    assert period["letter"] == "consultation" and period["party"] == "third_party" and period["name"] == "甲公司"
    assert period["sent_on"] == "2025-09-24" and period["via"] == "post" and period["received_on"] is None
    assert period["ends_on"] == "2025-10-24" and period["provisional"] is True and "暂定" in period["note"]

    r = step(client, officer, app.number, type="record_delivery", letter="consultation", via="by hand", date="2025-09-29")
    assert r.status_code == 400 and "送达方式" in r.json()["errors"]["via"]
    r = step(client, officer, app.number, type="record_delivery", letter="consultation", via="post", date="2025-09-29")
    assert r.status_code == 200, r.content
    [period] = r.json()["letter_periods"]
    assert period["received_on"] == "2025-09-29" and period["ends_on"] == "2025-10-27" and not period["provisional"]
    r = step(client, officer, app.number, type="record_delivery", letter="consultation", via="post", date="2025-09-30")
    assert r.status_code == 409 and "已登记" in r.json()["detail"]

    # a fee notice sent through the API by post (the step's via), the provisional flag in the list too
    fee = registered(world, received_on=D(2025, 3, 3))
    r = step(client, officer, fee.number, type="fee_notice", date="2025-03-03", method="per_volume", pages=31,
             via="in_person")
    # handed over Mon 3/3: 3/4–7 (4), 3/10–14 (9), 3/17–21 (14), 3/24–28 (19), 3/31 (20)
    assert r.status_code == 200 and r.json()["payment_due_on"] == "2025-03-31"
    assert r.json()["payment_due_provisional"] is True
    listed = client.get("/api/v1/staff/applications", {"status": "awaiting_payment"}, **officer).json()
    assert [(a["number"], a["payment_due_provisional"]) for a in listed] == [(fee.number, True)]


def test_the_case_page_offers_the_step_and_the_applicant_is_told_the_date_is_provisional(client, world):
    app = registered(world, received_on=D(2025, 3, 3))
    app = actions.fee_notice(app, actor=world.officer, on=D(2025, 3, 3), method="per_volume", pages=31)
    client.force_login(world.officer)
    page = client.get(f"/staff/applications/{app.number}/").content.decode()
    assert "登记文书送达" in page and "对方的期限（自收到文书之日起计算）" in page
    assert "待登记" in page and "暂定" in page
    # posted 3/3: provisionally received 3/6; 3/7 (1), 3/10–14 (6), 3/17–21 (11), 3/24–28 (16), 3/31–4/3 (20)
    assert "2025-04-03" in page
    assert "暂定" in next_step_for_applicant(app, D(2025, 3, 10))
    r = client.post(f"/staff/applications/{app.number}/steps/record_delivery/",
                    {"record_delivery-date": "2025-03-05", "record_delivery-letter": "fee_notice",
                     "record_delivery-via": "post"})
    assert r.status_code == 302
    app.refresh_from_db()
    # received Wed 3/5: 3/6–7 (2), 3/10–14 (7), 3/17–21 (12), 3/24–28 (17), 3/31–4/2 (20)
    assert app.payment_due_on == D(2025, 4, 2)
    assert "暂定" not in next_step_for_applicant(app, D(2025, 3, 10))
