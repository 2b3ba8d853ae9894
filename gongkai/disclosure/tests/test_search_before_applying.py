"""Search before applying (issue 18, 5): the form shows what may already be public — as one types
(JSON for apply.js) and, without JavaScript, on a confirmation step before the final submit."""

import datetime

import pytest

from gongkai.catalog.tests.helpers import published
from gongkai.disclosure.models import Application
from gongkai.disclosure.published import description_words, published_matches
from gongkai.feedback.models import Item as FeedbackItem

from .factories import fields

URL = "/agencies/dept-x/apply/"
CONFIRM = "以下信息可能已经公开，仍要提交申请吗？"


@pytest.fixture
def item(world):
    return published(world, title="2024年宅基地审批结果公示", body="本村宅基地审批结果如下。",
                     published_on=datetime.date(2025, 3, 3))


@pytest.fixture
def answer(world):
    return FeedbackItem.objects.create(
        agency=world.agency, number="FK-2025-0001", kind="inquiry", subject="张三的咨询", content="张三 13900000000",
        received_on=datetime.date(2025, 3, 1), initial_due_on=datetime.date(2025, 3, 20),
        due_on=datetime.date(2025, 3, 20), publish_consent=True,
        published_at=datetime.datetime(2025, 3, 5, 2, tzinfo=datetime.timezone.utc),
        public_question="老旧小区改造的资金什么时候拨付？", public_answer="改造资金已于三月拨付。")


def test_the_request_words_do_not_count(db):
    assert description_words("申请公开2024年宅基地审批结果") == ["2024", "宅基地", "审批", "结果"]


def test_an_item_holding_half_of_the_words_matches_and_one_word_is_not_enough(world, item):
    # 2024 宅基地 审批 结果 公示 材料 本村: the item holds 5 of 7
    assert [m.title for m in published_matches(world.agency, "2024年本村宅基地审批结果及公示材料")] == [
        "2024年宅基地审批结果公示"]
    # 宅基地 among 退休 人员 名单 养老金 发放: 1 of 5
    assert published_matches(world.agency, "宅基地退休人员名单及养老金发放") == []
    assert published_matches(world.other_agency, "2024年宅基地审批结果") == []  # another agency's


def test_a_public_answer_matches_but_never_an_unpublished_one(world, answer):
    FeedbackItem.objects.create(
        agency=world.agency, number="FK-2025-0002", kind="inquiry", subject="改造资金", content="老旧小区改造资金",
        received_on=datetime.date(2025, 3, 1), initial_due_on=datetime.date(2025, 3, 20),
        due_on=datetime.date(2025, 3, 20), public_question="老旧小区改造资金", public_answer="未公开")
    [m] = published_matches(world.agency, "老旧小区改造资金拨付情况")
    assert (m.kind, m.kind_label, m.title) == ("answer", "公开答复", "咨询：老旧小区改造的资金什么时候拨付？")
    assert m.url == "/agencies/dept-x/questions/?kind=inquiry" and m.published_on == datetime.date(2025, 3, 5)


def test_a_first_submit_that_matches_shows_the_matches_and_saves_nothing(client, world, item):
    r = client.post(URL, fields(submit="1"))
    html = r.content.decode()
    assert r.status_code == 200 and CONFIRM in html
    assert "2024年<mark>宅基地</mark>" not in html  # the title is plain, the snippet highlighted
    assert f'<a href="{item.get_absolute_url()}" target="_blank" rel="noopener">2024年宅基地审批结果公示</a>' in html
    assert '<input type="hidden" name="matches_seen" value="1">' in html and "仍要提交申请" in html
    assert 'value="王小二"' in html and "2024年本村宅基地审批结果及公示材料</textarea>" in html  # nothing lost
    assert not Application.objects.exists()


def test_the_second_submit_files_the_application(client, world, item):
    r = client.post(URL, fields(submit="1", matches_seen="1"))
    assert r.status_code == 302 and r["Location"] == "/applications/submitted/"
    assert Application.objects.get().content == "2024年本村宅基地审批结果及公示材料"


def test_a_submit_that_matches_nothing_files_at_once(client, world, item):
    r = client.post(URL, fields(submit="1", content="2023年县道养护合同"))
    assert r.status_code == 302 and Application.objects.count() == 1


def test_an_invalid_first_submit_shows_the_errors_not_the_matches(client, world, item):
    r = client.post(URL, fields(submit="1", phone="12"))
    html = r.content.decode()
    assert "电话号码位数不对" in html and CONFIRM not in html and not Application.objects.exists()


def test_the_json_lists_the_matches_for_the_script(client, world, item, answer):
    r = client.get(URL + "matches", {"q": "2024年宅基地审批结果"})
    assert r.json() == {"results": [{"kind": "item", "kind_label": "目录信息", "title": "2024年宅基地审批结果公示",
                                     "url": item.get_absolute_url()}]}
    assert client.get(URL + "matches", {"q": ""}).json() == {"results": []}
    assert client.get("/agencies/nope/apply/matches", {"q": "宅基地"}).status_code == 404


def test_the_form_loads_the_script_and_names_its_endpoint(client, world):
    html = client.get(URL).content.decode()
    assert 'src="/static/disclosure/apply.js"' in html and 'data-matches-url="/agencies/dept-x/apply/matches"' in html


def test_the_descriptions_are_not_counted_as_searches(client, world, item):
    from gongkai.catalog.models import SearchQueryCount

    client.get(URL + "matches", {"q": "2024年宅基地审批结果"})
    client.post(URL, fields(submit="1"))
    assert not SearchQueryCount.objects.exists()


def test_after_looking_first_the_submit_goes_straight_through(client, world, item):
    html = client.post(URL, fields(search="1")).content.decode()
    assert "2024年宅基地审批结果公示" in html and '<input type="hidden" name="matches_seen" value="1">' in html


def test_the_confirmation_step_is_not_counted_as_an_application(client, world, item, monkeypatch):
    from gongkai.portal import ratelimit

    monkeypatch.setitem(ratelimit.LIMITS, "apply", (1, 600))
    assert CONFIRM in client.post(URL, fields(submit="1")).content.decode()
    assert client.post(URL, fields(submit="1", matches_seen="1")).status_code == 302
    assert client.post(URL, fields(submit="1", matches_seen="1")).status_code == 429
    assert client.post(URL, fields(submit="1", content="2023年县道养护合同")).status_code == 429  # no match: filed
    assert Application.objects.count() == 1
