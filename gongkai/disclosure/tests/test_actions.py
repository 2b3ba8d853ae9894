"""Every action, with due dates hand-computed from the 2025 holiday notice (domain.md §5).

2025 (国办发明电〔2024〕12号): 春节 1/28–2/4 off, 1/26 (Sun) and 2/8 (Sat) worked; 清明 4/4–4/6 off;
劳动节 5/1–5/5 off, 4/27 (Sun) worked; 端午 5/31–6/2 off. The receipt day is never counted.
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.disclosure import actions
from gongkai.disclosure.models import (
    Application,
    ApplicationEvent,
    EventType,
    Handling,
    Letter,
    Status,
)
from gongkai.rules.outcomes import OUTCOMES

from .factories import fields, registered

D = date


def test_it_walks_one_application_through_every_action(world, today):
    # online, submitted on Saturday 2025-01-18, confirmed by the office on Monday 2025-01-20
    sub = actions.register_application(agency=world.agency, fields=fields(), channel="online", received_on=None,
                                       submitted_on=D(2025, 1, 18), actor=world.officer)
    app = sub.application
    assert app.status == Status.SUBMITTED and app.received_on is None and app.due_on is None
    assert app.check_query_code(sub.query_code) and not app.check_query_code("WRONGCODE")

    app = actions.assign_officer(app, actor=world.head, officer=world.officer)
    assert app.officer == world.officer

    app = actions.confirm_receipt(app, actor=world.officer, on=D(2025, 1, 20))
    assert app.received_on == D(2025, 1, 20) and app.confirmed_on == D(2025, 1, 20)
    assert app.due_on == D(2025, 2, 21)  # domain.md §5.2 worked example
    assert actions.clock_for(app).correction_notice_due == D(2025, 2, 5)

    app = actions.request_correction(app, actor=world.officer, on=D(2025, 1, 24), items="请写明宅基地所在村组",
                                     deadline=D(2025, 2, 14))
    assert app.status == Status.AWAITING_CORRECTION and app.due_on is None and app.warnings == []

    app = actions.receive_correction(app, actor=world.officer, on=D(2025, 2, 10))
    # 20 working days from Mon 2025-02-10: 2/11–14 (4), 2/17–21 (9), 2/24–28 (14), 3/3–7 (19), 3/10 (20)
    assert app.status == Status.IN_PROGRESS and app.due_on == D(2025, 3, 10)
    assert app.clock_started_on == D(2025, 2, 10) and app.received_on == D(2025, 1, 20)

    app = actions.start_consultation(app, actor=world.officer, on=D(2025, 2, 12), party="third_party",
                                     name="某某房地产开发有限公司")
    assert app.status == Status.IN_CONSULTATION and app.due_on is None
    app = actions.end_consultation(app, actor=world.officer, on=D(2025, 2, 18), opinion="objected")
    # 2/12–2/18 = 5 working days not counted: 3/10 + 5 → 3/17
    assert app.status == Status.IN_PROGRESS and app.due_on == D(2025, 3, 17)

    today.set(D(2025, 2, 20))  # an extension is decided while the due date has not passed
    app = actions.request_extension(app, actor=world.officer, on=D(2025, 2, 20), working_days=20, reason="涉及档案调取")
    assert app.extension_requested_on == D(2025, 2, 20) and app.due_on == D(2025, 3, 17)
    today.set(D(2025, 2, 24))
    with pytest.raises(actions.NotPermitted):
        actions.extend(app, actor=world.officer, on=D(2025, 2, 24), working_days=20, reason="涉及档案调取")
    app = actions.extend(app, actor=world.head, on=D(2025, 2, 24), working_days=20, reason="涉及档案调取")
    today.real()
    # 3/17 (20) + 20: 3/18–21 (24), 3/24–28 (29), 3/31 (30), 4/1–3 (33), 4/4 清明, 4/7–11 (38), 4/14–15 (40)
    assert app.due_on == D(2025, 4, 15) and app.extension_requested_on is None

    app = actions.fee_notice(app, actor=world.officer, on=D(2025, 3, 3), method="per_volume", pages=150)
    assert app.status == Status.AWAITING_PAYMENT and app.fee_amount == 1700  # 70×10 + 50×20
    # sent by post (the default), receipt not yet recorded: provisionally received 3 working days
    # later, 3/6; 20 working days from 3/6: 3/7 (1), 3/10–14 (6), 3/17–21 (11), 3/24–28 (16), 3/31–4/3 (20)
    assert app.payment_due_on == D(2025, 4, 3)
    assert app.due_on is None  # FEE_PAUSES_CLOCK (default): the fee pause holds the clock
    app = actions.fee_paid(app, actor=world.officer, on=D(2025, 3, 5))
    assert app.status == Status.IN_PROGRESS and app.due_on == D(2025, 4, 18)  # +3 (3/3, 3/4, 3/5)

    app = actions.start_consultation(app, actor=world.officer, on=D(2025, 3, 10), party="agency", name="县林业和草原局")
    app = actions.end_consultation(app, actor=world.officer, on=D(2025, 3, 11), opinion="agreed")
    assert app.due_on == D(2025, 4, 22)  # +2 (3/10, 3/11): 4/21, 4/22

    app = actions.set_delayed_reply_date(app, actor=world.officer, on=D(2025, 3, 12), reply_by=D(2025, 5, 30),
                                         reason="本月申请40件，明显超过合理范围")
    assert app.due_on == D(2025, 5, 30)

    app = actions.decide(app, actor=world.officer, on=D(2025, 3, 20), outcome="granted",
                         released=["互助县2024年宅基地审批结果公示"])
    assert app.status == Status.CLOSED and app.outcome == "granted" and app.decided_on == D(2025, 3, 20)

    app = actions.reopen(app, actor=world.officer, on=D(2025, 6, 3), reason="海东市人民政府东政复〔2025〕8号")
    # a new clock from 6/3: 6/4–6 (3), 6/9–13 (8), 6/16–20 (13), 6/23–27 (18), 6/30 (19), 7/1 (20)
    assert app.status == Status.IN_PROGRESS and app.outcome is None and app.due_on == D(2025, 7, 1)

    app = actions.withdraw(app, actor=world.officer, on=D(2025, 6, 10))
    assert app.status == Status.CLOSED and app.outcome == "other_other"

    types = list(app.events.order_by("pk").values_list("type", flat=True))
    assert types == [
        "registered", "officer_assigned", "received", "correction_requested", "correction_received",
        "consultation_started", "consultation_ended", "extension_requested", "extended", "fee_notified",
        "fee_paid", "consultation_started", "consultation_ended", "delayed_reply_set", "decided", "reopened",
        "withdrawn"]
    assert all(e.actor_id for e in app.events.all())
    kinds = list(app.letters.order_by("pk").values_list("kind", flat=True))  # in the order issued
    assert kinds == ["acknowledgement", "correction", "consultation", "consultation_notice", "extension",
                     "fee_notice", "consultation", "consultation_notice", "delayed_reply", "decision", "decision"]
    assert list(app.handlings.values_list("ordinal", "started_on", "closed_on", "outcome")) == [
        (1, D(2025, 1, 20), D(2025, 3, 20), "granted"), (2, D(2025, 6, 3), D(2025, 6, 10), "other_other")]


def test_it_computes_the_received_date_per_channel(world):
    # 第三十一条: in person → 提交之日; post → 签收之日; others → 确认之日
    for channel in ("in_person", "post", "ordinary_mail", "online", "fax"):
        app = registered(world, D(2025, 9, 22), channel=channel)
        assert app.received_on == D(2025, 9, 22)
        assert app.due_on == D(2025, 10, 24)  # domain.md §5.2: across National Day
    post = Application.objects.filter(channel="post").get()
    assert post.signed_for_on == D(2025, 9, 22) and post.confirmed_on is None


def test_it_allows_only_one_correction_and_warns_when_late(world):
    app = registered(world, D(2025, 1, 20))
    app = actions.request_correction(app, actor=world.officer, on=D(2025, 2, 6), items="请写明文号",
                                     deadline=D(2025, 2, 20))
    assert any("晚于期限 2025-02-05" in w for w in app.warnings)  # the 7th working day was 2/5
    app = actions.receive_correction(app, actor=world.officer, on=D(2025, 2, 10))
    with pytest.raises(actions.StepNotAllowed, match="一次性"):
        actions.request_correction(app, actor=world.officer, on=D(2025, 2, 11), items="再补", deadline=D(2025, 3, 1))


def test_it_closes_a_lapsed_correction_only_after_the_deadline(world):
    app = registered(world, D(2025, 1, 20))
    app = actions.request_correction(app, actor=world.officer, on=D(2025, 1, 22), items="请写明地块位置",
                                     deadline=D(2025, 2, 14))
    with pytest.raises(actions.StepNotAllowed, match="尚未届满"):
        actions.correction_lapsed(app, actor=world.officer, on=D(2025, 2, 14))
    app = actions.correction_lapsed(app, actor=world.officer, on=D(2025, 2, 17))
    assert app.outcome == "other_no_correction" and app.status == Status.CLOSED


def test_it_refuses_an_extension_after_the_due_date_or_twice_or_too_long(world, today):
    app = registered(world, D(2025, 1, 20))
    today.set(D(2025, 2, 10))
    with pytest.raises(actions.InvalidInput):
        actions.extend(app, actor=world.head, on=D(2025, 2, 10), working_days=21, reason="复杂")
    today.set(D(2025, 2, 24))  # due 2/21 (Fri); 2/24 is the first working day after it
    with pytest.raises(actions.StepNotAllowed, match="已逾期 1 个工作日"):
        actions.extend(app, actor=world.head, on=D(2025, 2, 24), working_days=20, reason="复杂")
    today.set(D(2025, 2, 21))
    app = actions.extend(app, actor=world.head, on=D(2025, 2, 21), working_days=20, reason="复杂")
    assert app.due_on == D(2025, 3, 21)  # domain.md §5.2: the 40th working day
    with pytest.raises(actions.StepNotAllowed, match="只能延长一次"):
        actions.extend(app, actor=world.admin, on=D(2025, 2, 21), working_days=5, reason="复杂")


def test_it_lets_an_admin_approve_an_extension(world, today):
    app = registered(world, D(2025, 1, 20))
    today.set(D(2025, 2, 3))
    app = actions.extend(app, actor=world.admin, on=D(2025, 2, 3), working_days=10, reason="复杂")
    # 2/21 (20) + 10: 2/24–28 (25), 3/3–7 (30)
    assert app.due_on == D(2025, 3, 7)


def test_it_charges_per_piece_by_the_applicants_count_that_month(world):
    apps = [registered(world, D(2025, 3, 3)) for _ in range(11)]
    with pytest.raises(actions.StepNotAllowed, match="第10件"):
        actions.fee_notice(apps[9], actor=world.officer, on=D(2025, 3, 4), method="per_piece")
    app = actions.fee_notice(apps[10], actor=world.officer, on=D(2025, 3, 4), method="per_piece")
    assert app.fee_amount == 100  # the 11th in the month: 100元 (109号第四条)
    assert app.events.get(type=EventType.FEE_NOTIFIED).data["ordinal"] == 11
    # another applicant's applications do not count
    other = registered(world, D(2025, 3, 3), id_number="110105194912310037", name="李四")
    with pytest.raises(actions.StepNotAllowed, match="第1件"):
        actions.fee_notice(other, actor=world.officer, on=D(2025, 3, 4), method="per_piece")


def test_it_closes_an_unpaid_fee_after_twenty_working_days(world):
    app = registered(world, D(2025, 3, 3))
    app = actions.fee_notice(app, actor=world.officer, on=D(2025, 3, 3), method="per_volume", pages=31,
                             via="in_person")
    # handed over: provisionally received that day; 20 working days from 3/3: 3/4–7 (4), 3/10–14 (9),
    # 3/17–21 (14), 3/24–28 (19), 3/31 (20)
    assert app.fee_amount == 10 and app.payment_due_on == D(2025, 3, 31)
    with pytest.raises(actions.StepNotAllowed):
        actions.fee_lapsed(app, actor=world.officer, on=D(2025, 3, 31))
    app = actions.fee_lapsed(app, actor=world.officer, on=D(2025, 4, 1))
    assert app.outcome == "other_fee_unpaid"


def test_it_keeps_counting_during_a_fee_notice_when_the_policy_says_so(world, settings):
    settings.FEE_PAUSES_CLOCK = False
    app = registered(world, D(2025, 1, 20))
    app = actions.fee_notice(app, actor=world.officer, on=D(2025, 2, 10), method="per_volume", pages=40)
    assert app.due_on == D(2025, 2, 21)


def test_it_refuses_steps_not_allowed_in_the_current_state(world):
    app = registered(world, D(2025, 1, 20))
    with pytest.raises(actions.StepNotAllowed, match="待确认收到"):
        actions.confirm_receipt(app, actor=world.officer, on=D(2025, 1, 21))
    with pytest.raises(actions.StepNotAllowed):
        actions.receive_correction(app, actor=world.officer, on=D(2025, 1, 21))
    with pytest.raises(actions.StepNotAllowed):
        actions.fee_paid(app, actor=world.officer, on=D(2025, 1, 21))
    with pytest.raises(actions.StepNotAllowed):
        actions.reopen(app, actor=world.officer, on=D(2025, 1, 21), reason="x")
    app = actions.start_consultation(app, actor=world.officer, on=D(2025, 1, 21), party="third_party", name="甲公司")
    with pytest.raises(actions.StepNotAllowed, match="征求意见"):
        actions.decide(app, actor=world.officer, on=D(2025, 1, 22), outcome="granted", released=["x"])
    with pytest.raises(actions.InvalidInput):
        actions.end_consultation(app, actor=world.officer, on=D(2025, 1, 20))  # before the last step
    assert app.events.count() == 3 and not app.events.filter(type="consultation_ended").exists()


def test_it_refuses_future_dates(world):
    app = registered(world, D(2025, 1, 20))
    with pytest.raises(actions.InvalidInput, match="晚于今天"):
        actions.decide(app, actor=world.officer, on=D(2999, 1, 1), outcome="granted", released=["x"])


def test_it_refuses_steps_by_people_of_other_agencies(world):
    app = registered(world, D(2025, 1, 20))
    for person in (world.officer_y, world.outsider, world.office, None):
        with pytest.raises(actions.NotPermitted):
            actions.decide(app, actor=person, on=D(2025, 2, 3), outcome="granted", released=["x"])
    assert Application.objects.get(pk=app.pk).status == Status.IN_PROGRESS


def _close_with(world, outcome: str) -> Application:
    app = registered(world, D(2025, 1, 20), content=f"申请事项（{outcome}）")
    o = actions.decide
    if outcome == "other_no_correction":
        app = actions.request_correction(app, actor=world.officer, on=D(2025, 1, 21), items="请写明时间范围",
                                         deadline=D(2025, 1, 31))
        return actions.decide(app, actor=world.officer, on=D(2025, 2, 10), outcome=outcome)
    if outcome == "other_fee_unpaid":
        app = actions.fee_notice(app, actor=world.officer, on=D(2025, 1, 21), method="per_volume", pages=60)
        return actions.decide(app, actor=world.officer, on=D(2025, 3, 3), outcome=outcome)
    if outcome == "unavailable_unclear":
        app = actions.request_correction(app, actor=world.officer, on=D(2025, 1, 21), items="请写明时间范围",
                                         deadline=D(2025, 1, 31))
        app = actions.receive_correction(app, actor=world.officer, on=D(2025, 1, 24))
    extra = {}
    if outcome == "granted":
        extra = {"where": "本机关网站“政府信息公开—法定主动公开内容”栏目"}
    if outcome == "partially_granted":
        extra = {"released": ["征收补偿安置方案"],
                 "withheld": [{"part": "被征收人身份证号码", "reason": "个人隐私", "basis": "条例第十五条"}]}
    return o(app, actor=world.officer, on=D(2025, 2, 12), outcome=outcome, reason="经审查，依法作出答复。", **extra)


@pytest.mark.parametrize("outcome", list(OUTCOMES))
def test_it_closes_an_application_with_each_of_the_21_outcomes(world, outcome):
    app = _close_with(world, outcome)
    assert app.status == Status.CLOSED and app.outcome == outcome and app.decided_on
    letter = app.letters.filter(kind="decision").get()
    assert letter.to_applicant
    handling = Handling.objects.get(application=app)
    assert handling.outcome == outcome and handling.closed_on == app.decided_on


def test_it_counts_every_outcome_once_in_table_three(world):
    for outcome in OUTCOMES:
        _close_with(world, outcome)
    table = Handling.objects.for_agencies([world.agency]).table_three(2025)
    for outcome in OUTCOMES:
        assert table[outcome]["natural_person"] == 1
    assert table["new_received"]["natural_person"] == 21
    assert table["carried_in"]["natural_person"] == table["carried_out"]["natural_person"] == 0


@pytest.mark.skipif(connection.vendor != "sqlite", reason="a SQLite query plan")
def test_table_three_keeps_sqlite_off_the_date_indexes(world):
    """SQLite, lacking histograms, would read a province's handlings through the started_on index
    (3.4 s instead of 0.56 s in bench/reports.py). The planner is given a province's statistics:
    600,000 handlings over about 800 distinct dates, 306 applications per agency."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        for table in ("disclosure_handling", "disclosure_application"):
            cursor.execute(f"PRAGMA index_list({table})")
            for index in [row[1] for row in cursor.fetchall()]:
                cursor.execute(f"PRAGMA index_info({index})")
                columns = [row[2] for row in cursor.fetchall()]
                per_key = {"application_id": 1, "id": 1, "agency_id": 306}.get(columns[0], 800)
                stat = " ".join(["600000"] + [str(per_key)] * len(columns))
                cursor.execute("DELETE FROM sqlite_stat1 WHERE idx = %s", [index])
                cursor.execute("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (%s, %s, %s)", [table, index, stat])
        cursor.execute("ANALYZE sqlite_schema")  # the planner reloads the statistics
    province = [world.agency.pk, *range(10_000, 11_960)]  # 1,961 agency ids
    with CaptureQueriesContext(connection) as ctx:
        Handling.objects.for_agencies(province).table_three(2025)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + ctx.captured_queries[-1]["sql"])
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "started_on" not in plan and "closed_on" not in plan, plan


def test_it_requires_reasons_and_withheld_parts(world):
    app = registered(world, D(2025, 1, 20))
    with pytest.raises(actions.InvalidInput) as e:
        actions.decide(app, actor=world.officer, on=D(2025, 2, 3), outcome="denied_state_secret")
    assert "reason" in e.value.errors
    with pytest.raises(actions.InvalidInput) as e:
        actions.decide(app, actor=world.officer, on=D(2025, 2, 3), outcome="partially_granted", reason="x",
                       released=["a"])
    assert "withheld" in e.value.errors
    with pytest.raises(actions.InvalidInput) as e:
        actions.decide(app, actor=world.officer, on=D(2025, 2, 3), outcome="unavailable_unclear", reason="x")
    assert "outcome" in e.value.errors
    with pytest.raises(actions.InvalidInput):
        actions.decide(app, actor=world.officer, on=D(2025, 2, 3), outcome="no_such_outcome", reason="x")
    assert not Letter.objects.filter(kind="decision").exists()


def test_it_balances_table_three_across_year_ends_including_a_reopen(world):
    carried = registered(world, D(2024, 12, 20))  # carried from 2024 into 2025
    actions.decide(carried, actor=world.officer, on=D(2025, 1, 10), outcome="granted", released=["a"])
    reopened = registered(world, D(2024, 11, 1), name="赵六", id_number="110105194912310037")
    reopened = actions.decide(reopened, actor=world.officer, on=D(2024, 11, 20), outcome="denied_process_info",
                              reason="过程性信息")
    actions.reopen(reopened, actor=world.officer, on=D(2025, 3, 3), reason="复议决定")
    registered(world, D(2025, 12, 29))  # carried out of 2025
    t24 = Handling.objects.for_agencies([world.agency]).table_three(2024)
    t25 = Handling.objects.for_agencies([world.agency]).table_three(2025)
    col = "natural_person"
    assert (t24["new_received"][col], t24["denied_process_info"][col], t24["carried_out"][col]) == (2, 1, 1)
    assert t25["carried_in"][col] == t24["carried_out"][col] == 1
    assert t25["new_received"][col] == 2  # the 12-29 application and the reopened handling
    assert t25["granted"][col] == 1 and t25["carried_out"][col] == 2
    for t in (t24, t25):
        decided = sum(t[k][col] for k in OUTCOMES)
        assert t["new_received"][col] + t["carried_in"][col] == decided + t["carried_out"][col]
    # application-level views for lists
    assert Application.objects.received_in(2025).count() == 1
    assert Application.objects.open_at(D(2024, 12, 31)).count() == 2


def test_it_numbers_applications_per_agency_and_year(world):
    a = registered(world, D(2025, 1, 20))
    b = registered(world, D(2025, 1, 21))
    c = actions.register_application(agency=world.other_agency, fields=fields(), channel="in_person",
                                     received_on=D(2025, 1, 21), actor=world.officer_y).application
    d = registered(world, D(2024, 12, 30))
    assert (a.number, b.number, c.number, d.number) == (
        "dept-x-2025-00001", "dept-x-2025-00002", "dept-y-2025-00001", "dept-x-2024-00001")


def test_it_flags_likely_duplicates_and_counts_the_month(world):
    first = registered(world, D(2025, 3, 3), content="请公开2024年本村宅基地审批结果")
    second = registered(world, D(2025, 3, 10), content="请公开2024年本村的宅基地审批结果。")
    registered(world, D(2025, 3, 11), content="矿业权出让收益征收情况")
    dups = actions.possible_duplicates(second)
    assert [a for a, _ in dups] == [first]
    assert actions.applicant_month_count(second) == 3
    assert actions.month_ordinal(second) == 2


def test_it_never_half_writes_when_a_step_fails(world, monkeypatch, today):
    app = registered(world, D(2025, 1, 20))
    today.set(D(2025, 2, 3))
    from gongkai.disclosure import letters

    def boom(*a, **k):
        raise RuntimeError("template broken")

    monkeypatch.setattr(letters, "issue", boom)
    with pytest.raises(RuntimeError):
        actions.extend(app, actor=world.head, on=D(2025, 2, 3), working_days=5, reason="复杂")
    app.refresh_from_db()
    assert app.due_on == D(2025, 2, 21)
    assert not ApplicationEvent.objects.filter(type="extended").exists()


def test_it_shows_event_details_in_chinese(world):
    app = registered(world, received_on=date(2025, 1, 20), channel="post")
    received = app.events.get(type="received")
    assert received.details == [("提交方式", "邮寄（需签收）"), ("确认方式", "工作人员登记")]
