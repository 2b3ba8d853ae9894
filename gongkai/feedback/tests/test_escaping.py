"""Nothing a submitter writes is rendered unescaped, on any page that shows it (staff and public).

Three payloads in every field: raw markup and entity-encoded markup (both removed by nh3 before
anything is stored), and text with the characters markup is made of (kept as text, and must come
back escaped everywhere it is shown).
"""

import re
from datetime import date

from gongkai.feedback import actions, notices
from gongkai.feedback.models import Item, Question, Survey
from gongkai.feedback.tests.helpers import preview_and_confirm

RAW = '<script>alert("raw")</script>'
ENCODED = '&lt;script&gt;alert("enc")&lt;/script&gt;'
TEXT = "x\"'>< y & 1 <2"
PAYLOAD = RAW + ENCODED + TEXT
ESCAPED = "x&quot;&#x27;&gt;&lt; y &amp; 1 &lt;2"


def assert_safe(html: str, where: str):
    html = re.sub(r'<script src="/static/[\w/.-]+" defer></script>', "", html)  # the site's own scripts
    assert "<script" not in html.lower(), f"unescaped markup on {where}"
    assert "onerror=" not in html.lower(), f"event handler on {where}"


def assert_escaped(html: str, where: str):
    assert_safe(html, where)
    assert ESCAPED in html, f"payload missing (not escaped?) on {where}"


def test_it_escapes_a_submitter_payload_in_every_field_on_every_page(client, people, clock):
    clock.set(date(2026, 9, 30))
    r = client.post("/agencies/dept-x/feedback/", {
        "kind": "complaint", "subject": PAYLOAD, "content": PAYLOAD + "<img src=x onerror=alert(1)>",
        "contact_name": TEXT + RAW, "contact_phone": "13800000000", "contact_email": "a@example.cn",
        "publish_consent": "on"})
    assert r.status_code == 302, re.findall(r'class="errors?[^"]*"[^>]*>(.*?)</', r.content.decode(), re.S)
    submitted = client.get("/feedback/submitted").content.decode()
    assert_safe(submitted, "receipt")
    code = re.search(r"查询码</th><td><span class=\"code-box\">([A-Z0-9]{8})<", submitted).group(1)
    item = Item.objects.get()
    assert item.subject == item.contact_name == item.content == TEXT  # markup removed, text kept

    # a bad phone number with markup is re-displayed in the form, escaped
    r = client.post("/agencies/dept-x/feedback/", {"kind": "inquiry", "subject": PAYLOAD, "content": "x",
                                                   "contact_phone": PAYLOAD, "contact_name": "x"})
    assert r.status_code == 400
    assert_safe(r.content.decode(), "form with errors")

    clock.set(date(2026, 10, 30))  # overdue by now: it is on the dashboard's overdue list too
    client.force_login(people.head)
    for url in ("/staff/feedback/", f"/staff/feedback/{item.number}/", "/staff/feedback/dashboard/"):
        assert_escaped(client.get(url).content.decode(), url)
    client.post(f"/staff/feedback/{item.number}/assign/", {"owner": people.officer.pk, "note": PAYLOAD})
    client.force_login(people.officer)
    client.post(f"/staff/feedback/{item.number}/reply/", {"text": "答复" + PAYLOAD})

    client.logout()
    page = client.post("/feedback/track", {"number": item.number, "code": code}).content.decode()
    assert_escaped(page, "tracking page")
    reply = item.replies.get()
    rate_url = f"/feedback/rate/{notices.rating_token(reply)}/"
    assert_escaped(client.get(rate_url).content.decode(), "rating page")
    client.post(rate_url, {"value": "satisfied", "comment": PAYLOAD})

    client.force_login(people.head)
    detail = client.get(f"/staff/feedback/{item.number}/").content.decode()
    assert_escaped(detail, "staff item page after reply and rating")
    # subject, content, name, reply, comment, note (the publish form masks the text: it is also the name)
    assert detail.count(ESCAPED) >= 6
    Item.objects.filter(pk=item.pk).update(contact_name="赵六")  # else the screen masks the payload as the name
    preview, _ = preview_and_confirm(client, item, PAYLOAD, PAYLOAD)
    assert_escaped(preview.content.decode(), "publish preview")
    assert_escaped(client.get("/agencies/dept-x/questions/").content.decode(), "public Q&A")
    assert_escaped(client.get(f"/staff/feedback/{item.number}/").content.decode(), "staff item page, published")


def test_it_escapes_survey_answers_and_texts(client, people):
    survey = actions.create_survey(agency=people.agency, title=PAYLOAD, intro=PAYLOAD, opens_on=date(2020, 1, 1),
                                   closes_on=date(2099, 1, 1), actor=people.officer)
    q = actions.add_question(survey, kind=Question.Kind.TEXT, text=PAYLOAD, required=True, choices=[],
                             actor=people.officer)
    c = actions.add_question(survey, kind=Question.Kind.SINGLE, text="选择", required=True,
                             choices=[PAYLOAD, "普通选项"], actor=people.officer)
    actions.launch_survey(survey, actor=people.officer)
    survey.results_public = True
    survey.save()
    assert_escaped(client.get(f"/surveys/{survey.pk}/").content.decode(), "survey form")
    choice = c.choices.first().pk
    r = client.post(f"/surveys/{survey.pk}/", {f"q{q.pk}": PAYLOAD, f"q{c.pk}": choice})
    assert r.status_code == 302
    assert_escaped(client.get(f"/surveys/{survey.pk}/results/").content.decode(), "public results")
    assert_escaped(client.get("/agencies/dept-x/surveys/").content.decode(), "agency survey list")
    client.force_login(people.officer)
    html = client.get(f"/staff/surveys/{survey.pk}/").content.decode()
    assert_escaped(html, "staff survey page")
    assert html.count(ESCAPED) >= 4  # title, question, choice (chart + table), text answer
    assert_escaped(client.get("/staff/surveys/").content.decode(), "staff survey list")
    assert Survey.objects.get().title == TEXT
