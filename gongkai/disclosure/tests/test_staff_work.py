"""Issue 14, staff side: every case that needs someone is on a list and counted on the dashboard;
the deadline as of today; extensions that cannot die waiting. Dates worked out by hand with the
official 2025 arrangement: today is Mon 2025-03-10 unless a test says otherwise."""

from datetime import date as D

import pytest
from django.core import mail

from gongkai.disclosure import actions, reminders, summary
from gongkai.disclosure.models import Application, EventType

from .factories import fields, registered

TODAY = D(2025, 3, 10)  # Monday


@pytest.fixture
def mailboxes(world):
    for user, address in ((world.officer, "officer@example.cn"), (world.head, "head@example.cn")):
        user.email = address
        user.save()
    return world


def submitted_on(world, today, day):
    today.set(day)
    return actions.submit_application(agency=world.agency, fields=fields()).application


@pytest.fixture
def cases(world, today):
    """a1/a2 online, not confirmed (submitted Wed 3/5 → 3 working days by 3/10; Fri 3/7 → 1);
    a3 due 3/10 (officer's); a4 due 2/21, overdue (head's); a5 received 3/3, due 3/31, extension
    requested today (unassigned); a6 agency Y, due 2/21, overdue."""
    a1 = submitted_on(world, today, D(2025, 3, 5))
    a2 = submitted_on(world, today, D(2025, 3, 7))
    today.set(TODAY)
    a3 = registered(world, D(2025, 2, 10))
    actions.assign_officer(a3, actor=world.officer, officer=world.officer)
    a4 = registered(world, D(2025, 1, 20))
    actions.assign_officer(a4, actor=world.head, officer=world.head)
    a5 = registered(world, D(2025, 3, 3))
    a5 = actions.request_extension(a5, actor=world.officer, on=TODAY, working_days=10, reason="档案多")
    a6 = actions.register_application(agency=world.other_agency, fields=fields(), channel="in_person",
                                      received_on=D(2025, 1, 20), actor=world.officer_y).application
    return a1, a2, a3, a4, a5, a6


# -- the work list --------------------------------------------------------------------------------


def test_the_default_list_shows_unconfirmed_applications_first_with_their_age(client, world, cases):
    a1, a2, a3, a4, a5, _ = cases
    client.force_login(world.officer)
    html = client.get("/staff/applications/").content.decode()
    for app in (a1, a2, a3, a4, a5):
        assert app.number in html
    assert html.index(a1.number) < html.index(a2.number) < html.index(a4.number)  # oldest unconfirmed first
    assert "2025-03-05 提交，已等 3 个工作日" in html and "超过3个工作日未确认" in html
    assert "2025-03-07 提交，已等 1 个工作日" in html and "请尽快确认收到" in html
    assert "共 5 件" in html


def test_a_submission_of_today_is_listed_without_a_warning(client, world, today):
    app = submitted_on(world, today, TODAY)
    client.force_login(world.officer)
    html = client.get("/staff/applications/").content.decode()
    assert app.number in html and "已等 0 个工作日" in html and "请尽快确认收到" not in html


def test_the_mine_scope_lists_the_officers_cases_and_the_unassigned_ones(client, world, cases):
    a1, a2, a3, a4, a5, _ = cases
    client.force_login(world.officer)
    html = client.get("/staff/applications/", {"scope": "mine"}).content.decode()
    assert all(a.number in html for a in (a1, a2, a3, a5)) and a4.number not in html


# -- the head's alert for unconfirmed applications --------------------------------------------------


def test_the_head_is_alerted_once_a_day_about_applications_unconfirmed_for_3_working_days(world, today, mailboxes):
    late = submitted_on(world, today, D(2025, 3, 5))
    recent = submitted_on(world, today, D(2025, 3, 6))  # 3/7, 3/10: 2 working days on 3/10
    assert reminders.sweep(TODAY)["unconfirmed"] == 1
    body = next(m.body for m in mail.outbox if m.to == ["head@example.cn"])
    assert late.number in body and recent.number not in body and "提交超过3个工作日仍未确认收到" in body
    mail.outbox.clear()
    assert reminders.sweep(TODAY)["unconfirmed"] == 0 and mail.outbox == []  # idempotent
    assert reminders.sweep(D(2025, 3, 11))["unconfirmed"] == 2  # the next day: both (3/6 now has 3)
    today.set(D(2025, 3, 11))
    actions.confirm_receipt(late, actor=world.officer, on=D(2025, 3, 11))
    assert reminders.sweep(D(2025, 3, 12))["unconfirmed"] == 1


# -- counts per role ---------------------------------------------------------------------------------


def test_the_summary_counts_per_role(world, cases):
    officer = summary.for_user(world.officer, TODAY)
    assert officer["scope"] == "mine"
    assert {k: officer[k] for k in ("awaiting_confirmation", "unconfirmed_late", "unconfirmed_alert", "due_soon",
                                    "overdue", "extension_pending", "in_hand")} == {
        "awaiting_confirmation": 2, "unconfirmed_late": 2, "unconfirmed_alert": 1, "due_soon": 1, "overdue": 0,
        "extension_pending": 1, "in_hand": 4}
    head = summary.for_user(world.head, TODAY)
    assert head["scope"] == "agency"
    assert (head["awaiting_confirmation"], head["due_soon"], head["overdue"], head["extension_pending"],
            head["in_hand"]) == (2, 1, 1, 1, 5)
    office = summary.for_user(world.office, TODAY)
    assert office["scope"] == "agencies" and (office["overdue"], office["in_hand"]) == (2, 6)
    rows = summary.per_agency(Application.objects.all(), TODAY, [world.agency.pk, world.other_agency.pk])
    assert rows[world.agency.pk]["overdue"] == 1 and rows[world.other_agency.pk]["overdue"] == 1
    assert rows[world.other_agency.pk]["awaiting_confirmation"] == 0


def test_the_summary_api_answers_the_tokens_user(client, world, cases):
    r = client.get("/api/v1/staff/summary", HTTP_AUTHORIZATION=f"Bearer {world.token(world.head)}")
    assert r.status_code == 200
    body = r.json()
    assert (body["scope"], body["awaiting_confirmation"], body["due_soon"], body["overdue"],
            body["extension_pending"]) == ("agency", 2, 1, 1, 1)
    r = client.get("/api/v1/staff/summary", HTTP_AUTHORIZATION=f"Bearer {world.token(world.outsider)}")
    assert r.status_code == 404 and r.json()["detail"] == "没有可办理的机关。"
    assert client.get("/api/v1/staff/summary").status_code == 401
    doc = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/staff/summary" in doc["paths"]


def test_the_dashboard_shows_the_counts_of_each_role(client, world, cases):
    a5 = cases[4]
    client.force_login(world.officer)
    html = client.get("/staff/").content.decode()
    assert "依申请公开 · 待办（我经办的" in html
    assert '?list=awaiting_confirmation&amp;scope=mine" data-count="awaiting_confirmation"><b>2</b>' in html
    client.force_login(world.head)
    html = client.get("/staff/").content.decode()
    assert 'data-count="overdue"><b>1</b>已逾期' in html and 'data-count="extension_pending"><b>1</b>' in html
    assert f'href="/staff/applications/{a5.number}/#step-extend"' in html  # approve from the dashboard
    client.force_login(world.office)
    html = client.get("/staff/").content.decode()
    assert 'data-count="overdue"><b>2</b>已逾期' in html
    assert "测试县自然资源局" in html and "2024年度未发布，已超过2025年1月31日的期限" in html  # the report column


# -- the deadline as of today ------------------------------------------------------------------------


def test_on_the_day_of_receipt_the_case_page_shows_nothing_used(client, world, today):
    today.set(D(2025, 1, 20))
    app = registered(world, D(2025, 1, 20))
    client.force_login(world.officer)
    html = client.get(f"/staff/applications/{app.number}/").content.decode()
    assert "截至今天已用</dt><dd><b>0</b> / 20 个工作日" in html
    assert "剩余</dt><dd><b>20</b> 个工作日" in html and "<b>2025年2月21日</b>" in html
    assert "2025年1月20日收到申请" in html
    # 1/21–24, 1/26 (调休), 1/27: 6 working days by 2/4 (春节 1/28–2/4)
    today.set(D(2025, 2, 4))
    client.force_login(world.officer)  # staff sessions expire: log in again on the later day
    html = client.get(f"/staff/applications/{app.number}/").content.decode()
    assert "<b>6</b> / 20" in html and "<b>14</b> 个工作日" in html


def test_the_correction_hint_goes_once_a_correction_is_requested_and_the_restart_is_explained(client, world, today):
    today.set(D(2025, 1, 22))
    app = registered(world, D(2025, 1, 20))
    client.force_login(world.officer)
    html = client.get(f"/staff/applications/{app.number}/").content.decode()
    assert "补正告知须在 2025年2月5日 前一次性发出" in html
    app = actions.request_correction(app, actor=world.officer, on=D(2025, 1, 22), items="写明村组",
                                     deadline=D(2025, 2, 14))
    today.set(D(2025, 2, 14))
    app = actions.receive_correction(app, actor=world.officer, on=D(2025, 2, 10))
    client.force_login(world.officer)
    html = client.get(f"/staff/applications/{app.number}/").content.decode()
    assert "补正告知须在" not in html
    # restart from 2/10: 2/11–14 = 4 used, 16 left
    assert "<b>4</b> / 20" in html and "<b>16</b> 个工作日" in html
    assert "2025年2月10日收到补正申请，答复期限自次日起重新计算20个工作日。" in html


def test_the_track_page_shows_the_clock_as_of_today_with_paused_days(client, world, today):
    # received Tue 6/3; consultation 6/16–6/18 (3 working days); on Fri 6/20: 10 used, 10 left
    today.set(D(2025, 6, 20))
    app = registered(world, D(2025, 6, 3))
    app = actions.start_consultation(app, actor=world.officer, on=D(2025, 6, 16), party="third_party", name="某公司")
    app = actions.end_consultation(app, actor=world.officer, on=D(2025, 6, 18))
    session = client.session
    from gongkai.disclosure.views import SESSION_KEY

    session[SESSION_KEY] = [app.number]
    session.save()
    html = client.get(f"/applications/track/{app.number}/").content.decode()
    assert "<b>10</b> / 20" in html and "暂停计算</dt><dd><b>3</b> 个工作日" in html
    assert "<b>2025年7月4日</b>" in html and "开始征求第三方意见" in html


def test_an_overdue_case_shows_by_how_many_working_days(client, world, today):
    today.set(D(2025, 2, 25))  # due 2/21 (Fri): 2/24, 2/25 → 2 working days late
    app = registered(world, D(2025, 1, 20))
    client.force_login(world.officer)
    html = client.get(f"/staff/applications/{app.number}/").content.decode()
    assert "已逾期</dt><dd><b class=\"danger\">2</b> 个工作日" in html


# -- extensions ---------------------------------------------------------------------------------------


def test_the_head_is_told_of_a_request_at_once_and_reminded_each_day_until_deciding(
        world, today, mailboxes, django_capture_on_commit_callbacks):
    today.set(TODAY)
    app = registered(world, D(2025, 3, 3))  # due 3/31
    with django_capture_on_commit_callbacks(execute=True):
        actions.request_extension(app, actor=world.officer, on=TODAY, working_days=10, reason="档案多")
    assert [m.to for m in mail.outbox] == [["head@example.cn"]]
    assert app.number in mail.outbox[0].subject and "延期答复待您批准" in mail.outbox[0].subject
    mail.outbox.clear()
    assert reminders.sweep(TODAY)["extension_pending"] == 0  # already told today
    assert reminders.sweep(D(2025, 3, 11))["extension_pending"] == 1
    assert reminders.sweep(D(2025, 3, 12))["extension_pending"] == 1


def test_the_head_refuses_an_extension_with_a_reason_and_the_officer_is_told(
        world, today, mailboxes, django_capture_on_commit_callbacks):
    today.set(TODAY)
    app = registered(world, D(2025, 3, 3))
    app = actions.request_extension(app, actor=world.officer, on=TODAY, working_days=10, reason="档案多")
    with pytest.raises(actions.NotPermitted):
        actions.refuse_extension(app, actor=world.officer, on=TODAY, reason="不需要")
    with pytest.raises(actions.InvalidInput) as e:
        actions.refuse_extension(app, actor=world.head, on=TODAY, reason=" ")
    assert "请写明不批准延期的理由" in e.value.errors["reason"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        app = actions.refuse_extension(app, actor=world.head, on=TODAY, reason="档案已齐，可按期答复")
    assert app.extension_requested_on is None and app.due_on == D(2025, 3, 31)
    event = app.events.get(type=EventType.EXTENSION_REFUSED)
    assert event.data["reason"] == "档案已齐，可按期答复" and event.actor == world.head
    assert [m.to for m in mail.outbox] == [["officer@example.cn"]]
    assert "档案已齐，可按期答复" in mail.outbox[0].body and "答复期限仍为 2025年3月31日" in mail.outbox[0].body
    assert not app.letters.filter(kind="extension").exists()
    with pytest.raises(actions.StepNotAllowed, match="没有待批准的延期申请"):
        actions.refuse_extension(app, actor=world.head, on=TODAY, reason="再次")


def test_after_the_due_date_approval_is_refused_with_what_to_do_and_the_request_can_be_refused(
        client, world, today):
    today.set(D(2025, 2, 20))
    app = registered(world, D(2025, 1, 20))  # due Fri 2/21
    app = actions.request_extension(app, actor=world.officer, on=D(2025, 2, 20), working_days=20, reason="档案多")
    today.set(D(2025, 3, 14))  # 2/24–28, 3/3–7, 3/10–14: 15 working days late
    with pytest.raises(actions.StepNotAllowed) as e:
        actions.extend(app, actor=world.head, on=D(2025, 2, 21), working_days=20, reason="档案多",
                       backdate_reason="补录")
    assert "已逾期 15 个工作日" in e.value.message and "请立即作出答复" in e.value.message
    client.force_login(world.head)
    html = client.get(f"/staff/applications/{app.number}/").content.decode()
    assert "已逾期 15 个工作日，不能再延长答复期限" in html and "不批准延期答复" in html
    app = actions.refuse_extension(app, actor=world.head, on=D(2025, 3, 14), reason="已逾期，立即答复")
    assert app.warnings == ["答复期限 2025年2月21日 已过，已逾期 15 个工作日，请立即作出答复。"]


def test_a_backdated_approval_needs_a_reason_is_marked_and_its_letter_is_dated_the_day_issued(client, world, today):
    today.set(D(2025, 2, 3))
    app = registered(world, D(2025, 1, 20))  # due 2/21
    app = actions.request_extension(app, actor=world.officer, on=D(2025, 2, 3), working_days=10, reason="档案多")
    today.set(D(2025, 2, 20))
    with pytest.raises(actions.InvalidInput) as e:
        actions.extend(app, actor=world.head, on=D(2025, 2, 5), working_days=10, reason="档案多")
    assert "早于今天" in e.value.errors["backdate_reason"]
    assert not app.events.filter(type=EventType.EXTENDED).exists()
    app = actions.extend(app, actor=world.head, on=D(2025, 2, 5), working_days=10, reason="档案多",
                         backdate_reason="负责人2月5日已在纸质审批单上签字")
    event = app.events.get(type=EventType.EXTENDED)
    assert event.date == D(2025, 2, 5) and event.data["backdated"] is True
    assert app.letters.get(kind="extension").issued_on == D(2025, 2, 20)  # 落款: the day it is issued
    assert app.due_on == D(2025, 3, 7)  # 2/21 + 10: 2/24–28, 3/3–7
    client.force_login(world.head)
    html = client.get(f"/staff/applications/{app.number}/").content.decode()
    assert '2025-02-05 <span class="badge warn">补录</span>' in html and "负责人2月5日已在纸质审批单上签字" in html


def test_the_case_page_refuses_a_backdated_approval_without_a_reason_in_chinese(client, world, today):
    today.set(D(2025, 2, 3))
    app = registered(world, D(2025, 1, 20))
    today.set(D(2025, 2, 20))
    client.force_login(world.head)
    r = client.post(f"/staff/applications/{app.number}/steps/extend/",
                    {"extend-date": "2025-02-05", "extend-working_days": "10", "extend-reason": "档案多"})
    assert r.status_code == 400 and "补录过去的决定须写明理由" in r.content.decode()
    assert Application.objects.get(pk=app.pk).due_on == D(2025, 2, 21)


# -- the clock on every demo case ----------------------------------------------------------------------


def test_the_clock_as_of_today_is_sound_on_every_demo_case(db, today):
    from gongkai.accounts import demo as accounts_demo
    from gongkai.disclosure import deadline, demo
    from gongkai.documents import demo as documents_demo

    accounts_demo.load()
    documents_demo.load()
    demo.load()
    apps = list(Application.objects.filter(agency__code="huzhu-zrj"))
    assert len(apps) >= 50
    seen_running = 0
    for day in (D(2026, 11, 2), D(2026, 12, 2)):
        today.set(day)
        for app in apps:
            panel = deadline.for_application(app, day)
            if app.received_on is None:
                assert panel is None, app.number
                continue
            assert panel is not None, app.number
            t = panel.today
            assert t.elapsed >= 0 and t.paused >= 0 and t.overdue_by >= 0, app.number
            assert t.remaining is None or t.remaining >= 0, app.number
            assert t.elapsed <= t.allowed, app.number
            assert t.due == app.due_on, app.number  # the panel and the stored due date agree
            if t.running and panel.result.delayed_reply_due is None and not app.is_closed:
                seen_running += 1
                assert t.elapsed + t.remaining == t.allowed, app.number
            if t.overdue_by:
                assert t.remaining == 0 and t.elapsed == t.allowed, app.number
            if app.status == "awaiting_correction":
                assert t.remaining is None and not panel.correction_notice_hint, app.number
            if any(e.type == EventType.CORRECTION_REQUESTED for e in app.events.all()):
                assert not panel.correction_notice_hint, app.number
            assert panel.reasons[0].endswith("次日起计算20个工作日（条例第三十三条）。"), app.number
    assert seen_running >= 3


# -- bounded queries -------------------------------------------------------------------------------------

PAGES = [("officer", "/staff/"), ("head", "/staff/"), ("office", "/staff/"), ("admin", "/staff/")] + [
    (who, f"/staff/applications/?list={name}") for who in ("officer", "head", "office")
    for name in ("open", "due_soon", "overdue", "awaiting_confirmation", "extension_pending", "mine", "closed")] + [
    ("officer", "/staff/applications/?list=open&scope=mine")]


def _more(world, n_agencies: int, per_agency: int):
    """More agencies under the government, each with applications in every state (bulk)."""
    from gongkai.accounts.models import Agency

    agencies = Agency.objects.bulk_create([Agency(code=f"more-{i}", name=f"测试县第{i}局", parent=world.government)
                                           for i in range(n_agencies)])
    rows = []
    for a in agencies + [world.agency]:
        for k in range(per_agency):
            status = ("submitted", "in_progress", "awaiting_correction", "closed")[k % 4]
            rows.append(Application(
                agency=a, number=f"{a.code}-2025-9{k:04d}", year=2025, serial=90000 + k, query_code_hash="0" * 64,
                applicant_type="natural_person", name="王五", id_type="resident_id", id_number="11010519491231002X",
                phone="13900000000", content="宅基地", form="paper", delivery="post", channel="online",
                submitted_on=D(2025, 2, 3), received_on=None if status == "submitted" else D(2025, 2, 3),
                status=status, due_on=None if status in ("submitted", "awaiting_correction") else D(2025, 3, 5),
                outcome="granted" if status == "closed" else None,
                decided_on=D(2025, 3, 1) if status == "closed" else None,
                officer=world.officer if k % 2 and a == world.agency else None,
                extension_requested_on=D(2025, 3, 3) if k % 8 == 1 else None))
    Application.objects.bulk_create(rows)


def test_every_dashboard_and_work_list_runs_a_bounded_number_of_queries(client, world, cases):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def measure():
        out = {}
        for who, url in PAGES:
            client.force_login(getattr(world, who))
            with CaptureQueriesContext(connection) as ctx:
                r = client.get(url)
            assert r.status_code == 200, (who, url)
            out[(who, url)] = len(ctx.captured_queries)
        return out

    closed = registered(world, D(2025, 3, 3))  # the closed list shows a page too
    actions.decide(closed, actor=world.officer, on=TODAY, outcome="granted", released=["宅基地审批表"])
    small = measure()
    _more(world, n_agencies=60, per_agency=12)  # > one page of agencies (50) on the office's dashboard
    large = measure()
    assert large == small  # the same queries however many agencies and cases
    assert max(large.values()) <= 35, large  # mostly the role look-ups (accounts.permissions)


@pytest.mark.parametrize(("who", "url"), PAGES)
def test_each_page_stays_under_its_query_budget(client, world, cases, who, url, django_assert_max_num_queries):
    client.force_login(getattr(world, who))
    with django_assert_max_num_queries(35):
        assert client.get(url).status_code == 200


def test_a_long_list_counts_up_to_its_cap_and_says_so(world, client, monkeypatch):
    from gongkai.disclosure import staff_views

    for day in (3, 4, 5):
        registered(world, received_on=D(2025, 3, day))
    client.force_login(world.officer)
    assert "共 3 件；" in client.get("/staff/applications/?list=all").content.decode()
    monkeypatch.setattr(staff_views.CappedPaginator, "CAP", 2)
    page = client.get("/staff/applications/?list=all").content.decode()
    assert "共 2 件以上；" in page


def test_a_page_sorts_the_keys_alone_and_keeps_their_order(world, client):
    """The sort runs over the primary key only (a wide sort of a province's cases took 0.6 s);
    the rows are then read by key, in the sorted order."""
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    numbers = [registered(world, received_on=D(2025, 3, day)).number for day in (3, 4, 5)]
    client.force_login(world.officer)
    with CaptureQueriesContext(connection) as q:
        page = client.get("/staff/applications/?list=all").content.decode()
    assert [page.index(n) for n in reversed(numbers)] == sorted(page.index(n) for n in numbers)  # newest first
    sorted_sql = [x["sql"] for x in q.captured_queries
                  if "disclosure_application" in x["sql"] and "ORDER BY" in x["sql"] and "LIMIT" in x["sql"]
                  and "COUNT" not in x["sql"]]
    assert sorted_sql, "the page's sorted query"
    for sql in sorted_sql:
        selected = re.match(r'SELECT (.*?) FROM "disclosure_application"', sql).group(1)
        assert selected.count(",") == 0 and '"id"' in selected, selected


def test_the_late_confirmation_tile_opens_only_the_late_cases(client, world, cases):
    """“超过3个工作日未确认” and “待确认收到” opened the same list; the first now lists a1 only
    (submitted Wed 3/5, 3 working days by Mon 3/10), not a2 (Fri 3/7, 1 working day)."""
    a1, a2 = cases[0], cases[1]
    client.force_login(world.officer)
    html = client.get("/staff/").content.decode()
    assert '?list=awaiting_confirmation&amp;late=alert&amp;scope=mine" data-count="unconfirmed_alert"' in html
    page = client.get("/staff/applications/?list=awaiting_confirmation&late=alert").content.decode()
    assert a1.number in page and a2.number not in page and "待确认收到（超过3个工作日未确认）" in page
    page = client.get("/staff/applications/?list=awaiting_confirmation").content.decode()
    assert a1.number in page and a2.number in page
