"""The appeals ledger and table 四 (counting rule: filed in the year, status as at 31 December)."""

from datetime import date

import pytest

from gongkai.appeals import actions
from gongkai.appeals.models import Kind, Result
from gongkai.appeals.figures import appeals_table
from gongkai.disclosure.tests.conftest import _fast_letters  # noqa: F401  (fast stand-in for PDFs)
from gongkai.disclosure.tests.factories import registered


def record(world, kind=Kind.RECONSIDERATION, filed_on=date(2024, 5, 6), **kw):
    return actions.record_appeal(agency=world.agency, kind=kind, appellant="王小二", body="测试县人民政府",
                                 filed_on=filed_on, actor=world.officer, **kw)


def test_it_computes_table_four_as_at_the_year_end(world):
    # the example report's table 四: 复议 维持 9, 其他 1; 直接起诉 尚未审结 1; 复议后起诉 维持 1
    recons = []
    for i in range(10):
        a = record(world, case_number=f"测复〔2024〕{i + 1}号")
        actions.conclude_appeal(appeal=a, result=Result.UPHELD if i < 9 else Result.OTHER,
                                concluded_on=date(2024, 8, 1), actor=world.officer)
        recons.append(a)
    direct = record(world, kind=Kind.LITIGATION_DIRECT, filed_on=date(2024, 11, 20))
    # concluded in 2025: on 2024-12-31 it was still pending
    actions.conclude_appeal(appeal=direct, result=Result.UPHELD, concluded_on=date(2025, 3, 3), actor=world.officer)
    after = record(world, kind=Kind.LITIGATION_AFTER, filed_on=date(2024, 9, 2), reconsideration=recons[0])
    actions.conclude_appeal(appeal=after, result=Result.UPHELD, concluded_on=date(2024, 12, 31), actor=world.officer)
    record(world, filed_on=date(2023, 12, 29))  # another year: not counted in 2024

    t = appeals_table([world.agency], 2024)
    assert t["reconsideration"] == {"upheld": 9, "corrected": 0, "other": 1, "pending": 0, "total": 10}
    assert t["litigation_direct"] == {"upheld": 0, "corrected": 0, "other": 0, "pending": 1, "total": 1}
    assert t["litigation_after_reconsideration"] == {"upheld": 1, "corrected": 0, "other": 0, "pending": 0,
                                                     "total": 1}
    assert appeals_table([world.other_agency], 2024)["reconsideration"]["total"] == 0
    # pending at 2024-12-31, concluded in 2025: reported once, as 尚未审结 in 2024, and not again in 2025
    assert appeals_table([world.agency], 2025)["litigation_direct"] == {"upheld": 0, "corrected": 0, "other": 0,
                                                                        "pending": 0, "total": 0}


def test_it_reopens_the_application_when_the_result_corrects_it(world):
    from gongkai.disclosure import actions as d

    app = registered(world, received_on=date(2025, 1, 20))
    d.decide(app, actor=world.officer, on=date(2025, 2, 10), outcome="denied_process_info",
             reason="属于过程性信息", basis="条例第十六条第二款")
    appeal = record(world, filed_on=date(2025, 3, 1), applications=[app])
    actions.conclude_appeal(appeal=appeal, result=Result.CORRECTED, concluded_on=date(2025, 4, 14),
                            actor=world.officer)
    app.refresh_from_db()
    assert app.is_open
    # new clock from 2025-04-14: 20th working day after it (清明 4/4–4/6 is before; 劳动节 5/1–5/5 off,
    # 4/27 Sun worked): 4/15–4/18 (4), 4/21–4/25 (9), 4/27 (10), 4/28–4/30 (13), 5/6–5/9 (17), 5/12–5/14 (20)
    assert app.due_on == date(2025, 5, 14)


def test_it_refuses_inconsistent_entries_in_chinese(world):
    a = record(world)
    with pytest.raises(actions.ActionError, match="早于"):
        actions.conclude_appeal(appeal=a, result=Result.UPHELD, concluded_on=date(2024, 5, 1), actor=world.officer)
    with pytest.raises(actions.ActionError, match="维持、纠正或其他"):
        actions.conclude_appeal(appeal=a, result=Result.PENDING, concluded_on=date(2024, 6, 1), actor=world.officer)
    with pytest.raises(actions.ActionError, match="复议后起诉"):
        record(world, kind=Kind.LITIGATION_DIRECT, reconsideration=a)
    other_app = registered(world, received_on=date(2025, 1, 20))
    other_app.agency = world.other_agency
    with pytest.raises(actions.ActionError, match="本机关"):
        record(world, applications=[other_app])
    actions.conclude_appeal(appeal=a, result=Result.UPHELD, concluded_on=date(2024, 6, 1), actor=world.officer)
    with pytest.raises(actions.ActionError, match="已经审结"):
        actions.conclude_appeal(appeal=a, result=Result.OTHER, concluded_on=date(2024, 6, 2), actor=world.officer)
    actions.undo_conclusion(appeal=a, reason="录入错误", actor=world.officer)
    a.refresh_from_db()
    assert a.result == Result.PENDING and a.concluded_on is None
    assert [e.type for e in a.events.all()] == ["recorded", "concluded", "conclusion_undone"]


def test_it_shows_cases_only_to_their_agency(client, world):
    a = record(world)
    url = f"/staff/appeals/{a.pk}/"
    client.force_login(world.officer)
    assert client.get(url).status_code == 200
    for user in (world.officer_y, world.outsider):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(world.office)
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302


def test_it_records_and_concludes_through_the_pages(client, world):
    client.force_login(world.officer)
    r = client.post("/staff/appeals/new/", {"agency": world.agency.pk, "kind": "reconsideration",
                                             "appellant": "李四", "body": "测试县人民政府", "filed_on": "2024-05-06",
                                             "case_number": "测复〔2024〕8号"})
    assert r.status_code == 302
    detail = r.headers["Location"]
    r = client.post(detail, {"step": "conclude", "result": "upheld", "concluded_on": "2024-07-01"})
    assert r.status_code == 302
    assert "维持" in client.get(detail).content.decode()
    r = client.post("/staff/appeals/new/", {"agency": world.other_agency.pk, "kind": "reconsideration",
                                             "appellant": "x", "body": "y", "filed_on": "2024-05-06"})
    assert r.status_code == 200 and "请选择您可以办理的机关" in r.content.decode()
    r = client.post("/staff/appeals/new/", {"agency": world.agency.pk, "kind": "reconsideration",
                                             "appellant": "x", "body": "y", "filed_on": "2024-13-06",
                                             "application_numbers": "NOPE-1"})
    html = r.content.decode()
    assert "日期格式" in html
