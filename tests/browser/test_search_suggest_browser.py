"""Suggestions as one types in every search box (issue 18, 4; the blind walk found them only on
the search page): the home page's box, the 目录's and the search page's offer completions with
JavaScript, and each is a plain GET form without it."""

from __future__ import annotations

import pytest

from .test_journeys_browser import site  # noqa: F401
from .test_search_before_applying_browser import TITLE, item  # noqa: F401 - 2024年宅基地审批结果公示

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _offers(page, box, expected: list[str]) -> None:
    """The box's <datalist> comes to hold ``expected`` (the answer to what was typed last)."""
    list_id = box.get_attribute("list")
    assert list_id, "检索框没有 list 属性：输入提示未启用"
    page.wait_for_function(
        "([id, want]) => JSON.stringify([...document.querySelectorAll('datalist#' + id + ' option')]"
        ".map(o => o.value)) === JSON.stringify(want)", arg=[list_id, expected])


@pytest.mark.parametrize("path, label", [("/", "检索政府信息"), ("/agencies/dept-x/catalog/", "关键词"),
                                         ("/search/", "关键词")])
def test_every_search_box_offers_completions_as_one_types(item, live_server, page, path, label):
    page.goto(live_server.url + path)
    box = page.get_by_label(label, exact=True)
    box.press_sequentially("宅基", delay=30)
    _offers(page, box, ["宅基地"])  # the words of the indexed titles (宅基 itself, as typed, is not offered)
    box.fill("")
    box.press_sequentially("zhaiji", delay=30)  # typed in pinyin: 宅基 and 宅基地 read zhaiji…
    _offers(page, box, ["宅基", "宅基地"])
    page.shot("suggestions")


def test_without_javascript_the_home_box_is_a_plain_search_form(item, live_server, nojs_phone):
    pg = nojs_phone
    pg.goto(live_server.url + "/")
    box = pg.get_by_label("检索政府信息", exact=True)
    assert box.get_attribute("list") is None
    box.fill("宅基地")
    box.press("Enter")
    pg.wait_for_url("**/search/?q=*")
    assert pg.get_by_role("link", name=TITLE).get_attribute("href") == item.get_absolute_url()
