"""Search before applying (issue 18, 5) in a real browser: with JavaScript the published items
that may already hold what the applicant describes appear under the field as they type, and the
submit then goes straight through; without it, the first submit shows them and asks again."""

from __future__ import annotations

import datetime

import pytest

from .test_journeys_browser import assert_public_page, fill_application, press, read_code, site  # noqa: F401

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

TITLE = "2024年宅基地审批结果公示"
DESCRIPTION = "2024年本村宅基地审批结果及公示材料"


@pytest.fixture
def item(site):
    from gongkai.catalog.models import Topic
    from gongkai.catalog.tests.helpers import published

    land = Topic.objects.get_or_create(parent=None, name="国土资源、能源")[0]  # the flush drops the seeded ones
    topic = Topic.objects.get_or_create(parent=land, name="土地")[0]
    return published(site, title=TITLE, topic=topic, body="本村宅基地审批结果如下。", published_on=datetime.date(2025, 3, 3))


def test_the_matches_appear_as_one_types_and_the_submit_goes_through(item, live_server, page):
    from gongkai.disclosure.models import Application

    page.goto(live_server.url + "/agencies/dept-x/apply/")
    live = page.locator("#live-matches")
    assert live.count() == 1 and not live.is_visible()  # nothing typed yet
    fill_application(page, "")
    page.get_by_label("所需信息的内容描述").press_sequentially(DESCRIPTION, delay=20)
    link = live.get_by_role("link", name=TITLE)
    link.wait_for()
    assert live.is_visible() and "可能已公开的信息" in live.inner_text() and live.locator("li").count() == 1
    assert link.get_attribute("href") == item.get_absolute_url()
    assert_public_page(page)
    page.shot("live-matches")

    page.get_by_label("所需信息的内容描述").fill("2023年县道养护合同")  # matches nothing: the list goes
    live.wait_for(state="hidden")
    page.get_by_label("所需信息的内容描述").fill(DESCRIPTION)
    link.wait_for()
    press(page.get_by_role("button", name="提交申请"))  # shown already: no confirmation step
    page.wait_for_url("**/applications/submitted/")
    number, _ = read_code(page)
    assert Application.objects.get(number=number).content == DESCRIPTION


def test_without_javascript_the_first_submit_asks_again(item, live_server, nojs_phone):
    from gongkai.disclosure.models import Application

    pg = nojs_phone
    pg.goto(live_server.url + "/agencies/dept-x/apply/")
    fill_application(pg, DESCRIPTION)
    press(pg.get_by_role("button", name="提交申请"))
    assert "以下信息可能已经公开，仍要提交申请吗？" in pg.content()
    assert pg.get_by_role("link", name=TITLE).count() == 1 and not Application.objects.exists()
    assert pg.get_by_label("申请人姓名或名称").input_value() == "王小二"  # nothing typed is lost
    assert pg.get_by_label("所需信息的内容描述").input_value() == DESCRIPTION
    assert_public_page(pg)
    pg.shot("confirm")
    press(pg.get_by_role("button", name="仍要提交申请"))
    pg.wait_for_url("**/applications/submitted/")
    assert Application.objects.count() == 1
