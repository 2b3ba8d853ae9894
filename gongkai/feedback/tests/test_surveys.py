"""Questionnaires: build, open and close on dates, answer without an account (once), charts, exports."""

import csv
import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook

from gongkai.feedback import actions, charts, exports
from gongkai.feedback.models import Answer, Question, Response, Survey


@pytest.fixture
def survey(people):
    s = actions.create_survey(agency=people.agency, title="政务公开满意度调查", intro="请如实填写。",
                              opens_on=date(2026, 11, 1), closes_on=date(2026, 11, 30), actor=people.officer)
    actions.add_question(s, kind=Question.Kind.SINGLE, text="您通过什么渠道了解政务公开？", required=True,
                         choices=["门户网站", "微信公众号", "其他"], actor=people.officer)
    actions.add_question(s, kind=Question.Kind.MULTIPLE, text="您关注哪些信息？", required=False,
                         choices=["财政预决算", "自然资源", "教育"], actor=people.officer)
    actions.add_question(s, kind=Question.Kind.RATING, text="总体满意度", required=True, choices=[],
                         actor=people.officer)
    actions.add_question(s, kind=Question.Kind.TEXT, text="意见和建议", required=False, choices=[],
                         actor=people.officer)
    return s


def answer_data(survey, single=0, multiple=(0,), rating="5", text=""):
    q = list(survey.questions.prefetch_related("choices"))
    data = {f"q{q[0].pk}": q[0].choices.all()[single].pk, f"q{q[2].pk}": rating, f"q{q[3].pk}": text}
    data[f"q{q[1].pk}"] = [q[1].choices.all()[i].pk for i in multiple]
    return data


def test_it_hides_a_draft_from_the_public(client, survey):
    assert client.get(f"/surveys/{survey.pk}/").status_code == 404
    assert client.get(f"/surveys/{survey.pk}/qr.svg").status_code == 404


def test_it_refuses_to_launch_without_questions(people):
    s = actions.create_survey(agency=people.agency, title="空问卷", intro="", opens_on=date(2026, 11, 1),
                              closes_on=date(2026, 11, 30), actor=people.officer)
    with pytest.raises(actions.ActionError):
        actions.launch_survey(s, actor=people.officer)


def test_it_checks_the_questions_it_is_given(people, survey):
    with pytest.raises(actions.ActionError):
        actions.add_question(survey, kind=Question.Kind.SINGLE, text="只有一个选项", required=True, choices=["是"],
                             actor=people.officer)
    with pytest.raises(actions.ActionError):
        actions.add_question(survey, kind=Question.Kind.RATING, text="评分", required=True, choices=["1"],
                             actor=people.officer)
    with pytest.raises(actions.ActionError):
        actions.create_survey(agency=people.agency, title="日期反了", intro="", opens_on=date(2026, 11, 30),
                              closes_on=date(2026, 11, 1), actor=people.officer)


def test_it_opens_and_closes_on_its_dates(client, survey, people, clock):
    actions.launch_survey(survey, actor=people.officer)
    clock.set(date(2026, 10, 31))
    assert "将于2026年11月1日开始" in client.get(f"/surveys/{survey.pk}/").content.decode()
    assert client.post(f"/surveys/{survey.pk}/", answer_data(survey)).status_code == 200
    clock.set(date(2026, 12, 1))
    assert "本问卷已结束" in client.get(f"/surveys/{survey.pk}/").content.decode()
    assert not Response.objects.exists()
    clock.set(date(2026, 11, 30))
    assert client.post(f"/surveys/{survey.pk}/", answer_data(survey)).status_code == 302
    assert Response.objects.count() == 1


def test_it_takes_one_answer_per_person(client, survey, people, clock):
    clock.set(date(2026, 11, 15))
    actions.launch_survey(survey, actor=people.officer)
    r = client.post(f"/surveys/{survey.pk}/", answer_data(survey, text="很好"))
    assert r.status_code == 302 and r["Location"].endswith("?done=1")
    # the same browser (signed cookie) is thanked, not asked again
    assert "感谢您参与" in client.get(f"/surveys/{survey.pk}/").content.decode()
    assert client.post(f"/surveys/{survey.pk}/", answer_data(survey)).status_code == 200
    # a fresh browser from the same address and user agent is refused too (hashed address + browser)
    from django.test import Client

    other = Client(HTTP_USER_AGENT="same")
    assert other.post(f"/surveys/{survey.pk}/", answer_data(survey)).status_code == 302
    r = Client(HTTP_USER_AGENT="same").post(f"/surveys/{survey.pk}/", answer_data(survey))
    assert r.status_code == 400 and "已经填写过" in r.content.decode()
    # another person (another address) may answer
    r = Client(HTTP_USER_AGENT="same", REMOTE_ADDR="192.0.2.44").post(f"/surveys/{survey.pk}/", answer_data(survey))
    assert r.status_code == 302
    assert Response.objects.count() == 3
    assert "192.0.2.44" not in "".join(Response.objects.values_list("fingerprint", flat=True))


def test_it_checks_required_questions_and_ratings(client, survey, people, clock):
    clock.set(date(2026, 11, 15))
    actions.launch_survey(survey, actor=people.officer)
    r = client.post(f"/surveys/{survey.pk}/", {**answer_data(survey), f"q{survey.questions.all()[2].pk}": "6"})
    assert r.status_code == 400 and "请从选项中选择" in r.content.decode()
    r = client.post(f"/surveys/{survey.pk}/", {f"q{survey.questions.all()[3].pk}": "只写了建议"})
    assert r.status_code == 400 and "此项必填。" in r.content.decode()
    assert not Response.objects.exists()


def test_it_rejects_a_choice_of_another_question(people, survey, clock):
    clock.set(date(2026, 11, 15))
    actions.launch_survey(survey, actor=people.officer)
    q = list(survey.questions.all())
    foreign = q[1].choices.first().pk
    with pytest.raises(actions.ActionError):
        actions.submit_response(survey, answers={q[0].pk: str(foreign), q[2].pk: "3"}, fingerprint="f")
    assert not Response.objects.exists()


def test_it_rate_limits_answers_and_catches_bots(client, survey, people, clock):
    clock.set(date(2026, 11, 15))
    actions.launch_survey(survey, actor=people.officer)
    r = client.post(f"/surveys/{survey.pk}/", {**answer_data(survey), "website": "x"})
    assert r.status_code == 400 and not Response.objects.exists()
    from django.test import Client

    codes = [Client(HTTP_USER_AGENT=f"ua{i}").post(f"/surveys/{survey.pk}/", answer_data(survey)).status_code
             for i in range(11)]
    assert codes[-1] == 429 and Response.objects.count() == 9  # the honeypot attempt counted too


def _answer_many(survey, people):
    actions.launch_survey(survey, actor=people.officer)
    q = list(survey.questions.prefetch_related("choices"))
    c0, c1 = list(q[0].choices.all()), list(q[1].choices.all())
    plan = [(0, [0, 1], 5, "很好"), (0, [1], 4, ""), (1, [], 5, "=HYPERLINK(\"x\")"), (2, [0, 2], 3, "")]
    for i, (single, multiple, rating, text) in enumerate(plan):
        actions.submit_response(survey, answers={q[0].pk: str(c0[single].pk), q[1].pk: [c1[m].pk for m in multiple],
                                                 q[2].pk: str(rating), q[3].pk: text},
                                fingerprint=f"p{i}", on=date(2026, 11, 15))


def test_it_counts_results_for_the_charts(people, survey):
    _answer_many(survey, people)
    single, multiple, rating, text = charts.results(survey)
    assert [(b.label, b.count, b.pct) for b in single.chart.bars] == [
        ("门户网站", 2, 50.0), ("微信公众号", 1, 25.0), ("其他", 1, 25.0)]
    assert single.chart.bars[0].width == 300 and single.chart.bars[1].width == 150  # scaled to the top bar
    assert multiple.answered == 3  # one person ticked nothing
    assert [(b.label, b.count) for b in multiple.chart.bars] == [("财政预决算", 2), ("自然资源", 2), ("教育", 1)]
    assert [(b.label, b.count) for b in rating.chart.bars] == [("5分", 2), ("4分", 1), ("3分", 1), ("2分", 0), ("1分", 0)]
    assert rating.average == 4.25  # (5+4+5+3)/4
    assert text.text_count == 2


def test_it_draws_the_charts_as_svg_on_the_staff_page(client, people, survey):
    _answer_many(survey, people)
    client.force_login(people.head)
    html = client.get(f"/staff/surveys/{survey.pk}/").content.decode()
    assert html.count('<svg class="chart"') == 3
    assert 'width="300"' in html and 'width="150.0"' in html
    assert "平均 4.25 分" in html and "很好" in html
    assert 'class="segno"' in html  # the QR code of the share link


def test_it_exports_csv_and_xlsx(client, people, survey):
    _answer_many(survey, people)
    client.force_login(people.officer)
    r = client.get(f"/staff/surveys/{survey.pk}/export.csv")
    assert r["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][2:] == ["1. 您通过什么渠道了解政务公开？", "2. 您关注哪些信息？", "3. 总体满意度", "4. 意见和建议"]
    assert rows[1][2:] == ["门户网站", "财政预决算；自然资源", "5", "很好"]
    assert rows[3][5] == "'=HYPERLINK(\"x\")"  # never a live formula
    assert len(rows) == 5
    r = client.get(f"/staff/surveys/{survey.pk}/export.xlsx")
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["统计", "答卷"]
    assert wb["答卷"].max_row == 5 and wb["答卷"]["C2"].value == "门户网站"
    values = [c.value for row in wb["统计"].iter_rows() for c in row]
    assert "平均分" in values and 4.25 in values
    assert client.get(f"/staff/surveys/{survey.pk}/export.pdf").status_code == 404
    assert exports.to_csv(survey).startswith("\ufeff".encode())


def test_it_publishes_results_only_when_asked(client, people, survey):
    _answer_many(survey, people)
    assert client.get(f"/surveys/{survey.pk}/results/").status_code == 404
    actions.update_survey(survey, title=survey.title, intro=survey.intro, opens_on=survey.opens_on,
                          closes_on=survey.closes_on, results_public=True, actor=people.officer)
    html = client.get(f"/surveys/{survey.pk}/results/").content.decode()
    assert html.count('<svg class="chart"') == 3 and "共收到答卷 4 份" in html
    assert "很好" not in html  # free text is not published


def test_it_locks_the_questions_once_answered(client, people, survey):
    _answer_many(survey, people)
    with pytest.raises(actions.ActionError):
        actions.add_question(survey, kind=Question.Kind.TEXT, text="新题", required=False, choices=[],
                             actor=people.officer)
    client.force_login(people.officer)
    q = survey.questions.first()
    client.post(f"/staff/surveys/{survey.pk}/questions/{q.pk}/delete/")
    assert Answer.objects.filter(question=q).exists()


def test_it_builds_a_survey_through_the_staff_pages(client, people, clock):
    clock.set(date(2026, 11, 15))
    client.force_login(people.officer)
    r = client.post("/staff/surveys/new/", {"agency": people.agency.pk, "title": "办事体验调查", "intro": "",
                                             "opens_on": "2026-11-15", "closes_on": "2026-12-15"})
    survey = Survey.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/staff/surveys/{survey.pk}/"
    r = client.post(f"/staff/surveys/{survey.pk}/questions/", {"kind": "single", "text": "是否满意",
                                                                "required": "on", "choices": "满意\n不满意"})
    assert r.status_code == 302
    r = client.post(f"/staff/surveys/{survey.pk}/questions/", {"kind": "single", "text": "坏题", "choices": "只有一个"})
    assert r.status_code == 400 and "至少需要两个选项" in r.content.decode()
    assert client.post(f"/staff/surveys/{survey.pk}/launch/").status_code == 302
    survey.refresh_from_db()
    assert survey.state == Survey.State.LAUNCHED and survey.is_answerable(date(2026, 11, 15))
    html = client.get(f"/staff/surveys/{survey.pk}/").content.decode()
    assert f"http://testserver/surveys/{survey.pk}/" in html
    assert client.get(f"/surveys/{survey.pk}/qr.svg").content.startswith(b"<?xml")
    assert client.post(f"/staff/surveys/{survey.pk}/close/").status_code == 302
    survey.refresh_from_db()
    assert survey.closes_on == date(2026, 11, 14) and not survey.is_answerable(date(2026, 11, 15))
    client.force_login(people.officer_y)
    assert client.get(f"/staff/surveys/{survey.pk}/").status_code == 404
    client.force_login(people.office)
    assert client.get(f"/staff/surveys/{survey.pk}/").status_code == 200
    assert client.post(f"/staff/surveys/{survey.pk}/launch/").status_code == 404


def test_it_puts_no_colon_after_a_question_mark(client, survey, people, clock):
    clock.set(date(2026, 11, 15))
    actions.launch_survey(survey, actor=people.officer)
    page = client.get(f"/surveys/{survey.pk}/").content.decode()
    assert "？：" not in page
    # the question mark ends the label; only the screen-reader's（必填）follows it
    assert re.search(r"1\. 您通过什么渠道了解政务公开？(<span class=\"visually-hidden\">（必填）</span>)?</(legend|label)>", page)
    assert "3. 总体满意度：" in page  # a label without its own punctuation keeps the colon
