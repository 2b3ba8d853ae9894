"""大字 and 高对比度 (issue 19 item 4): switched on in the header, still on on the next page — with
and without JavaScript, public and staff."""

import pytest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _font_px(pg) -> float:
    return pg.evaluate("parseFloat(getComputedStyle(document.querySelector('main')).fontSize)")


def _background(pg) -> str:
    return pg.evaluate("getComputedStyle(document.body).backgroundColor")


def test_larger_text_and_high_contrast_stay_on_from_page_to_page(world, live_server, page):
    page.goto(live_server.url + "/")
    normal = _font_px(page)
    assert normal == 16 and _background(page) == "rgb(255, 255, 255)"
    page.locator(".display-switch").get_by_role("link", name="大字").click()
    page.wait_for_url(live_server.url + "/")
    page.locator(".display-switch").get_by_role("link", name="高对比度").click()
    page.wait_for_url(live_server.url + "/")
    assert _font_px(page) == 20 and _background(page) == "rgb(0, 0, 0)"
    page.shot("home-large-contrast")

    page.get_by_role("link", name="网站地图").click()
    page.wait_for_url("**/sitemap/")
    assert page.locator("html").get_attribute("class") == "text-large contrast-high"
    assert _font_px(page) == 20 and _background(page) == "rgb(0, 0, 0)"
    assert page.evaluate("getComputedStyle(document.querySelector('main a')).color") == "rgb(255, 255, 0)"
    page.shot("sitemap-large-contrast")

    page.locator(".display-switch").get_by_role("link", name="标准字号").click()
    page.wait_for_url("**/sitemap/")
    assert _font_px(page) == 16 and _background(page) == "rgb(0, 0, 0)"  # contrast still on
    page.goto(live_server.url + "/staff/login/")
    assert page.locator("html").get_attribute("class") == "contrast-high"
    assert page.locator(".display-switch").get_by_role("link", name="标准色彩").is_visible()


def test_the_switch_works_without_javascript_on_a_phone(world, live_server, nojs_phone):
    pg = nojs_phone
    pg.goto(live_server.url + "/agencies/dept-x/")
    pg.locator(".display-switch").get_by_role("link", name="大字").click()
    pg.wait_for_url("**/agencies/dept-x/")
    assert _font_px(pg) == 20
    assert pg.evaluate("document.documentElement.scrollWidth") <= 375 + 1  # larger text still fits a phone
    pg.goto(live_server.url + "/sitemap/")
    assert _font_px(pg) == 20
    pg.shot("phone-large")


# -- staff work lists at phone width: cards, not a table squeezed to one character a line ----------

_NARROW_CELLS = """() => {
  const em = parseFloat(getComputedStyle(document.querySelector('main')).fontSize);
  const cells = [...document.querySelectorAll('main td')].filter(td => td.innerText.trim());
  return {
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    cells: cells.length,
    narrow: cells.filter(td => td.getBoundingClientRect().width < 4 * em)
                 .map(td => (td.dataset.label || '') + '：' + td.innerText.trim().slice(0, 12)),
    cut: cells.filter(td => td.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
              .map(td => td.dataset.label || td.innerText.trim().slice(0, 12)),
  };
}"""


def test_staff_work_lists_are_readable_at_phone_width(live_server, browser, request, monkeypatch):
    from gongkai.feedback.models import Item

    from .conftest import _open
    from .pages import load_demo, log_in

    load_demo(monkeypatch)
    assert Item.objects.filter(agency__code="huzhu-zrj").exists()
    pg = _open(browser, request, viewport={"width": 390, "height": 844}, is_mobile=True)
    log_in(pg, live_server.url)
    for name, path in (("feedback-list", "/staff/feedback/?status=all"), ("applications-list", "/staff/applications/")):
        pg.goto(live_server.url + path)
        pg.shot(name)
        seen = pg.evaluate(_NARROW_CELLS)
        assert seen["cells"] > 0, path
        assert seen["overflow"] <= 0, (path, seen)  # no sideways scrolling
        assert seen["narrow"] == [], (path, seen["narrow"])  # no cell narrower than about 4 characters
        assert seen["cut"] == [], (path, seen["cut"])  # 承办人 and 状态 are on the screen, not cut off
