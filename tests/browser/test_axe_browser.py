"""axe-core (the ``axe-playwright-python`` test extra carries it) finds no violation on any page type
of the demo, public and staff, at desktop and phone width (issue 19 item 4; GB/T 37668-2019,
WCAG 2.1 AA)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from .pages import load_demo, log_in, open_tracked, public_pages, staff_pages, tracked_application

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

AXE = Axe()


def _audit(pg, url, what, problems):
    if url is not None:
        response = pg.goto(url)
        if response.status >= 400:
            problems.append(f"{what}（{url}）HTTP {response.status}")
    for v in AXE.run(pg).response["violations"]:
        where = "；".join(" ".join(n["target"]) if isinstance(n["target"], list) else str(n["target"])
                         for n in v["nodes"][:3])
        problems.append(f"{what}（{pg.url}）{v['id']}（{v['impact']}）：{v['help']} — {len(v['nodes'])}处：{where}")


@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_axe_finds_no_violation_on_any_page_type(live_server, open_page, monkeypatch, width):
    load_demo(monkeypatch)
    base = live_server.url
    app = tracked_application()
    size = {"viewport": {"width": width, "height": 900 if width > 400 else 740}}
    if width < 400:
        size["is_mobile"] = True
    problems: list[str] = []
    pg = open_page(**size)
    for what, path in public_pages().items():
        _audit(pg, base + path, what, problems)
    open_tracked(pg, base, app)
    _audit(pg, None, "申请办理进度", problems)
    pg.goto(base + "/display/?contrast=high&text=large&next=/")  # the 大字 / 高对比度 modes too
    _audit(pg, None, "首页（大字、高对比度）", problems)

    for username, pages in staff_pages(app).items():
        staff = open_page(**size)
        log_in(staff, base, username)
        for what, path in pages.items():
            _audit(staff, base + path, what, problems)
    assert not problems, f"axe-core 发现 {len(problems)} 类问题：\n" + "\n".join(problems)
