"""The appeals API (/api/v1/staff/appeals): cases registered and concluded through it are the
ledger's, so table 四 of the computed report counts them (counts below by hand)."""

from datetime import date

import pytest

from gongkai.appeals.models import Appeal, Result
from gongkai.disclosure import actions as d
from gongkai.disclosure.models import Application, Status
from gongkai.disclosure.tests.conftest import _fast_letters  # noqa: F401  (fast stand-in for PDFs)
from gongkai.disclosure.tests.factories import registered
from gongkai.reports.builder import compute_tables

pytestmark = pytest.mark.django_db

URL = "/api/v1/staff/appeals"


def auth(world, user):
    return {"HTTP_AUTHORIZATION": f"Bearer {world.token(user)}"}


def post(client, headers, **body):
    return client.post(URL, body, content_type="application/json", **headers)


def patch(client, headers, pk, **body):
    return client.patch(f"{URL}/{pk}", body, content_type="application/json", **headers)


def decided_application(world):
    app = registered(world, received_on=date(2025, 1, 20))
    return d.decide(app, actor=world.officer, on=date(2025, 2, 10), outcome="denied_process_info",
                    reason="属于过程性信息", basis="条例第十六条第二款")


def test_appeals_registered_through_the_api_change_table_four_as_counted_by_hand(client, world):
    officer, officer_y = auth(world, world.officer), auth(world, world.officer_y)
    app = decided_application(world)

    def new(headers=officer, **body):
        r = post(client, headers, **body)
        assert r.status_code == 201, r.content
        return r.json()["id"]

    # dept-x, filed in 2025
    a1 = new(agency="dept-x", kind="reconsideration", filed_on="2025-03-03", body="测试县人民政府")
    a2 = new(agency="dept-x", kind="reconsideration", filed_on="2025-04-01", application=app.number)
    new(agency="dept-x", kind="reconsideration", filed_on="2025-11-20")  # still pending
    a4 = new(agency="dept-x", kind="litigation_direct", filed_on="2025-02-10", body="测试县人民法院")
    a5 = new(agency="dept-x", kind="litigation_after_reconsideration", filed_on="2025-07-01", body="测试县人民法院",
             reconsideration=a1)
    new(agency="dept-x", kind="reconsideration", filed_on="2024-12-30")  # table 四 of 2024, not 2025
    new(officer_y, agency="dept-y", kind="reconsideration", filed_on="2025-05-05")  # another agency

    assert patch(client, officer, a1, outcome="upheld", decided_on="2025-05-06").status_code == 200
    r = patch(client, officer, a2, outcome="corrected", decided_on="2025-06-03")
    assert r.status_code == 200 and r.json()["outcome"] == "corrected" and r.json()["applications"] == [app.number]
    assert patch(client, officer, a4, outcome="other", decided_on="2025-09-01").status_code == 200
    # concluded in 2026: on 31 December 2025 it was still pending
    assert patch(client, officer, a5, outcome="upheld", decided_on="2026-01-15").status_code == 200

    # by hand, dept-x 2025: 复议 维持1 纠正1 尚未审结1 (a1, a2, the November one) = 3;
    # 直接起诉 其他1 (a4); 复议后起诉 尚未审结1 (a5, decided only in 2026)
    t = compute_tables(world.agency, 2025)["appeals"]
    assert t["reconsideration"] == {"upheld": 1, "corrected": 1, "other": 0, "pending": 1, "total": 3}
    assert t["litigation_direct"] == {"upheld": 0, "corrected": 0, "other": 1, "pending": 0, "total": 1}
    assert t["litigation_after_reconsideration"] == {"upheld": 0, "corrected": 0, "other": 0, "pending": 1,
                                                     "total": 1}
    # the government's summary covers dept-x and dept-y: 复议 one more, pending
    assert compute_tables(world.government, 2025)["appeals"]["reconsideration"] == {
        "upheld": 1, "corrected": 1, "other": 0, "pending": 2, "total": 4}
    assert compute_tables(world.agency, 2024)["appeals"]["reconsideration"]["pending"] == 1
    assert compute_tables(world.agency, 2026)["appeals"]["litigation_after_reconsideration"]["total"] == 0

    # the 纠正 reopened the application as the web form does: new clock from 2025-06-03 —
    # 20 working days: 6/4–6/6 (3), 6/9–13 (8), 6/16–20 (13), 6/23–27 (18), 6/30 (19), 7/1 (20)
    app.refresh_from_db()
    assert app.status == Status.IN_PROGRESS and app.due_on == date(2025, 7, 1)

    # the list: by agency and counting year
    r = client.get(URL, {"agency": "dept-x", "year": 2025}, **officer)
    assert r.status_code == 200 and sorted(a["filed_on"] for a in r.json()) == [
        "2025-02-10", "2025-03-03", "2025-04-01", "2025-07-01", "2025-11-20"]
    assert {a["year"] for a in r.json()} == {2025}
    assert len(client.get(URL, **auth(world, world.office)).json()) == 7  # the office sees both agencies
    assert [a["agency"] for a in client.get(URL, **officer_y).json()] == ["dept-y"]


def test_it_fills_in_the_body_and_appellant_when_not_given(client, world):
    app = decided_application(world)
    r = post(client, auth(world, world.officer), agency="dept-x", kind="reconsideration", filed_on="2025-03-03",
             application=app.number)
    assert r.status_code == 201
    body = r.json()
    # 行政复议法第二十四条: a department's 复议机关 is its 本级人民政府
    assert body["body"] == "测试县人民政府" and body["appellant"] == app.name
    assert body["outcome"] == "pending" and body["decided_on"] is None and body["year"] == 2025
    # a lawsuit without a court and none registered for the agency
    r = post(client, auth(world, world.officer), agency="dept-x", kind="litigation_direct", filed_on="2025-03-03")
    assert r.status_code == 400 and "人民法院" in r.json()["errors"]["body"]


def test_it_refuses_bad_input_in_chinese_and_saves_nothing(client, world):
    officer = auth(world, world.officer)
    r = post(client, officer, agency="dept-x", kind="appeal", filed_on="2025-03-03")
    assert r.status_code == 400 and "kind（类别）应为 reconsideration、litigation_direct、litigation_after_reconsideration 之一" == r.json()["errors"]["kind"]
    r = post(client, officer, agency="dept-x", kind="reconsideration", filed_on="03/03/2025")
    assert r.status_code == 400 and r.json()["errors"]["filed_on"] == "filed_on应为日期（YYYY-MM-DD）"
    r = post(client, officer, agency="dept-x", kind="reconsideration")
    assert r.status_code == 400 and r.json()["errors"]["filed_on"] == "filed_on必填"
    r = post(client, officer, agency="dept-x", kind="reconsideration", filed_on="2099-01-04")
    assert r.status_code == 400 and "不能晚于今天" in r.json()["errors"]["请求"]
    app_y = registered(world, received_on=date(2025, 1, 20))
    Application.objects.filter(pk=app_y.pk).update(agency=world.other_agency)
    r = post(client, officer, agency="dept-x", kind="reconsideration", filed_on="2025-03-03", application=app_y.number)
    assert r.status_code == 400 and "本机关没有该申请" in r.json()["errors"]["application"]
    assert not Appeal.objects.exists()

    pk = post(client, officer, agency="dept-x", kind="reconsideration", filed_on="2025-03-03").json()["id"]
    r = patch(client, officer, pk, outcome="upheld")
    assert r.status_code == 400 and r.json()["errors"]["decided_on"] == "请填写审结日期。"
    r = patch(client, officer, pk, outcome="upheld", decided_on="2025-03-01")
    assert r.status_code == 400 and "不能早于" in r.json()["detail"] + str(r.json()["errors"])
    r = patch(client, officer, pk, outcome="dismissed", decided_on="2025-04-01")
    assert r.status_code == 400 and "outcome应为" in r.json()["errors"]["outcome"]
    assert Appeal.objects.get(pk=pk).result == Result.PENDING


def test_a_concluded_case_is_corrected_by_going_back_to_pending(client, world):
    officer = auth(world, world.officer)
    pk = post(client, officer, agency="dept-x", kind="reconsideration", filed_on="2025-03-03").json()["id"]
    assert patch(client, officer, pk, outcome="upheld", decided_on="2025-05-06").status_code == 200
    r = patch(client, officer, pk, outcome="other", decided_on="2025-05-06")
    assert r.status_code == 409 and "已经审结" in r.json()["detail"]
    r = patch(client, officer, pk, outcome="pending")
    assert r.status_code == 400 and "理由" in r.json()["errors"]["请求"]
    r = patch(client, officer, pk, outcome="pending", reason="录入错误")
    assert r.status_code == 200 and r.json()["outcome"] == "pending" and r.json()["decided_on"] is None
    r = patch(client, officer, pk, outcome="other", decided_on="2025-05-07")
    assert r.status_code == 200 and r.json()["outcome_label"] == "其他结果"
    assert [e.type for e in Appeal.objects.get(pk=pk).events.all()] == [
        "recorded", "concluded", "conclusion_undone", "concluded"]


def test_it_answers_other_agencies_with_404_and_a_step_not_permitted_with_403(client, world):
    officer, officer_y = auth(world, world.officer), auth(world, world.officer_y)
    r = post(client, officer_y, agency="dept-x", kind="reconsideration", filed_on="2025-03-03")
    assert r.status_code == 404
    r = post(client, auth(world, world.outsider), agency="dept-x", kind="reconsideration", filed_on="2025-03-03")
    assert r.status_code == 404
    assert post(client, {}, agency="dept-x", kind="reconsideration", filed_on="2025-03-03").status_code == 401
    assert client.get(URL, {"agency": "dept-x"}, **officer_y).status_code == 404
    assert client.get(URL, **auth(world, world.outsider)).status_code == 404

    app = decided_application(world)
    pk = post(client, officer, agency="dept-x", kind="reconsideration", filed_on="2025-03-03",
              application=app.number).json()["id"]
    assert patch(client, officer_y, pk, outcome="upheld", decided_on="2025-04-01").status_code == 404
    assert client.get(f"{URL}/{pk}", **officer_y).status_code == 404
    # the disclosure office may record results but not reopen the agency's application
    office = auth(world, world.office)
    r = patch(client, office, pk, outcome="corrected", decided_on="2025-04-14")
    assert r.status_code == 403 and "不能重新办理申请" in r.json()["detail"]
    assert Appeal.objects.get(pk=pk).result == Result.PENDING
    assert Application.objects.get(pk=app.pk).status == Status.CLOSED
    r = patch(client, office, pk, outcome="corrected", decided_on="2025-04-14", reopen_applications=False)
    assert r.status_code == 200 and Application.objects.get(pk=app.pk).status == Status.CLOSED
