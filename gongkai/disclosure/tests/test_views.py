"""Staff pages (staff_views.py) and public pages (views.py)."""

from datetime import date

import pytest

from gongkai.disclosure import actions, views
from gongkai.disclosure.models import Application
from gongkai.disclosure.staff_views import WORK_LISTS

from .factories import VALID_ID, fields, registered


def test_it_renders_every_work_list(client, world):
    late = registered(world, date(2025, 1, 20))
    client.force_login(world.officer)
    for name in WORK_LISTS:
        r = client.get("/staff/applications/", {"list": name})
        assert r.status_code == 200, name
    html = client.get("/staff/applications/", {"list": "overdue"}).content.decode()
    assert late.number in html and "逾期" in html
    assert VALID_ID not in html and "13912345678" not in html
    html = client.get("/staff/applications/", {"list": "awaiting_payment"}).content.decode()
    assert late.number not in html


def test_it_registers_a_paper_application_from_the_staff_page(client, world):
    client.force_login(world.officer)
    data = fields(agency="dept-x", channel="post", received_on="2025-09-22")
    r = client.post("/staff/applications/register/", data)
    app = Application.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/staff/applications/{app.number}/"
    assert app.due_on == date(2025, 10, 24) and app.registered_by == world.officer


def test_it_explains_bad_registration_input_in_chinese(client, world):
    client.force_login(world.officer)
    r = client.post("/staff/applications/register/", fields(agency="dept-x", channel="in_person",
                                                              id_number="123", received_on=""))
    html = r.content.decode()
    assert r.status_code == 200 and "居民身份证号码无效" in html and "当面提交的申请须填写提交之日" in html
    assert not Application.objects.exists()


def test_it_shows_the_case_with_clock_history_guidance_and_full_identity_for_the_officer(client, world):
    app = registered(world, date(2025, 1, 20))
    actions.assign_officer(app, actor=world.head, officer=world.officer)
    client.force_login(world.officer)
    html = client.get(f"/staff/applications/{app.number}/").content.decode()
    assert "2025年2月21日" in html  # due date
    assert "法定节假日（春节）" in html and "第 20 个工作日" in html  # the clock's day-by-day explanation
    assert "条例第三十条" in html and "一次性告知补正" in html  # guidance next to the step
    assert VALID_ID in html
    client.force_login(world.head)
    html = client.get(f"/staff/applications/{app.number}/").content.decode()
    assert VALID_ID not in html and "110105********002X" in html
    assert "批准延期答复" in html  # only heads see the approval form


def test_it_takes_a_step_from_the_case_page(client, world, today):
    app = registered(world, date(2025, 1, 20))
    today.set(date(2025, 2, 21))  # the due date: the last day an extension can be approved
    client.force_login(world.head)
    r = client.post(f"/staff/applications/{app.number}/steps/extend/",
                    {"extend-date": "2025-02-21", "extend-working_days": "20", "extend-reason": "需调取档案"})
    assert r.status_code == 302
    app.refresh_from_db()
    assert app.due_on == date(2025, 3, 21)
    r = client.post(f"/staff/applications/{app.number}/steps/extend/",
                    {"extend-date": "2025-02-21", "extend-working_days": "5", "extend-reason": "x"}, follow=True)
    assert "只能延长一次" in r.content.decode()


def test_it_shows_form_errors_on_the_case_page(client, world):
    app = registered(world, date(2025, 1, 20))
    client.force_login(world.officer)
    r = client.post(f"/staff/applications/{app.number}/steps/decide/",
                    {"decide-date": "2025-02-03", "decide-outcome": "denied_state_secret"})
    assert r.status_code == 400 and "请写明答复理由" in r.content.decode()


def test_it_downloads_a_letter(client, world):
    app = registered(world, date(2025, 1, 20))
    letter = app.letters.get()
    client.force_login(world.officer)
    r = client.get(f"/staff/applications/{app.number}/letters/{letter.pk}.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"


def test_it_takes_an_online_application_and_shows_the_code_once(client, world):
    r = client.post("/agencies/dept-x/apply/", fields(submit="1"))
    assert r.status_code == 302
    r = client.get(r["Location"])
    html = r.content.decode()
    app = Application.objects.get()
    assert app.number in html and "查询码" in html
    code = html.split('class="code">')[2].split("<")[0]
    assert app.check_query_code(code)
    assert client.get("/applications/submitted/").status_code == 302  # shown once
    r = client.post("/applications/track/", {"number": app.number, "query_code": code})
    assert r.status_code == 302
    html = client.get(r["Location"]).content.decode()
    assert "等待机关确认收到" in html and VALID_ID not in html and "王＊＊" in html


def test_it_tells_the_applicant_what_to_do_next(client, world):
    app = registered(world, date(2025, 1, 20))
    actions.request_correction(app, actor=world.officer, on=date(2025, 1, 22), items="请写明村组",
                               deadline=date(2025, 2, 14))
    session = client.session
    session[views.SESSION_KEY] = [app.number]
    session.save()
    html = client.get(f"/applications/track/{app.number}/").content.decode()
    assert "2025年2月14日前补正" in html and "政府信息公开申请补正告知书" in html


def test_it_explains_bad_input_on_the_public_form(client, world):
    r = client.post("/agencies/dept-x/apply/", fields(submit="1", phone="12", delivery="email", email=""))
    html = r.content.decode()
    assert r.status_code == 200 and "电话号码位数不对：手机号码为11位" in html and "请填写电子邮箱" in html
    assert not Application.objects.exists()


def test_it_looks_for_published_items_before_submitting(client, world, monkeypatch):
    from gongkai.disclosure.published import Match

    monkeypatch.setattr(views, "published_matches", lambda agency, text, limit=5: [
        Match("item", "目录信息", "2024年宅基地审批结果公示", "/x/", "")])
    r = client.post("/agencies/dept-x/apply/", fields(search="1"))
    html = r.content.decode()
    assert "2024年宅基地审批结果公示" in html and not Application.objects.exists()
    assert "王小二" in html  # what was typed is kept


@pytest.mark.parametrize("url", ["/agencies/nope/apply/", "/applications/track/dept-x-2025-00001/"])
def test_it_answers_404_for_unknown_public_pages(client, db, url):
    assert client.get(url).status_code == 404


def test_the_apply_page_states_the_receipt_day_of_an_online_application_as_article_31_does(client, world):
    """第三十一条（三）: 通过互联网渠道提交的，以双方确认之日为收到申请之日 — not the office's alone."""
    page = client.get("/agencies/dept-x/apply/").content.decode()
    assert "以双方确认之日为收到申请之日（条例第三十一条）" in page
    assert "以本机关确认之日" not in page
