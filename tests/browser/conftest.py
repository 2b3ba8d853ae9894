"""Browser tests: Playwright driving Debian's chromium (never a downloaded browser).

Screenshots of each step go to ``test-artifacts/screenshots/`` (or $GONGKAI_SCREENSHOT_DIR); the
run lists them at the end. Without /usr/bin/chromium the tests skip — except under CI=true,
where they must run.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(os.environ.get("GONGKAI_SCREENSHOT_DIR", Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"))
_taken: list[Path] = []


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI 中必须安装 chromium（make test 会安装）")
        pytest.skip("chromium is not installed")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django must allow the ORM here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage"])
        yield b
        b.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _open(browser, request, **options):
    """A page in a fresh browser context, with ``page.shot(name)``; the test fails if the page
    breaks the Content-Security-Policy (an inline style or script the site itself sent)."""
    context = browser.new_context(locale="zh-CN", **options)
    pg = context.new_page()
    pg.set_default_timeout(15000)
    pg.shot = lambda name: _shot(pg, request.node.name, name)
    violations: list[str] = []
    pg.on("console", lambda m: violations.append(f"{pg.url}：{m.text}")
          if m.type == "error" and "Content Security Policy" in m.text else None)
    request.addfinalizer(context.close)
    request.addfinalizer(lambda: _no_violations(violations))
    return pg


def _no_violations(violations):
    assert not violations, "违反内容安全策略：\n" + "\n".join(violations)


@pytest.fixture
def page(browser, request):
    return _open(browser, request, viewport={"width": 1280, "height": 900})


@pytest.fixture
def phone(browser, request):
    return _open(browser, request, viewport={"width": 375, "height": 740}, is_mobile=True)


@pytest.fixture
def nojs_phone(browser, request):
    """A phone with JavaScript switched off: the public journeys must not need it."""
    return _open(browser, request, viewport={"width": 375, "height": 740}, is_mobile=True,
                 java_script_enabled=False)


@pytest.fixture
def open_page(browser, request):
    """More pages in their own contexts (another person's browser): ``open_page(**context options)``."""
    return lambda **options: _open(browser, request, **{"viewport": {"width": 1280, "height": 900}, **options})


def _shot(pg, test: str, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', test)}-{len(_taken) + 1:02d}-{name}.png"
    pg.screenshot(path=str(path), full_page=True)
    _taken.append(path)
    return path


def pytest_terminal_summary(terminalreporter):
    if _taken:
        terminalreporter.write_line(f"浏览器测试截图 {len(_taken)} 张：{SHOTS}")
