"""Journey (d) of issue 14: crawl every link on every staff and public page of the demo, as each role.

For each role (the public with one application's query code, an officer, a head, the 政务公开办, the
administrator) the browser opens the start page, reads every ``<a href>`` of the site and follows it:

* a link that is shown must not answer 4xx/5xx;
* the text of a page must hold no Python repr (``{'``, ``datetime.``, ``<QuerySet``) and no ``None``;
* a letter link (``/letters/N.pdf`` / ``.docx``) answers 200 with a PDF that has text (pdftotext) or a DOCX.

Bounded: each URL pattern (numbers replaced by N) is opened at most ``PER_PATTERN`` times per role.
The demo is loaded through the real actions; its letters are composed for real (text, 文号), but to
keep the run near a minute only the letters of ``REAL`` applications are rendered to PDF/DOCX for
real, and the crawl picks those applications first wherever it samples.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import defaultdict
from urllib.parse import urljoin, urlsplit

import pytest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PER_PATTERN = 2
MAX_PAGES = 90  # per role
QUERY_CODE = "CRAWL2025CODE"
#: applications whose letters are rendered for real (the crawl prefers them when it samples)
REAL = ("huzhu-zrj-2025-00001", "huzhu-zrj-2024-00001", "huzhu-zrj-2026-00001")
REPRS = ("{'", "datetime.", "<QuerySet", "None")
SKIP = ("/admin/", "/display/")  # Django's admin is not the product's; /display/ sets a cookie and goes back


@pytest.fixture
def demo_site(monkeypatch):
    from gongkai import demo
    from gongkai.documents import rendering

    real_pdf, real_docx = rendering.to_pdf, rendering.to_docx

    def wanted(layout):
        return any(n in REAL for n in layout.keep_whole)

    monkeypatch.setattr(rendering, "to_pdf", lambda layout: real_pdf(layout) if wanted(layout) else b"%PDF-fake")
    monkeypatch.setattr(rendering, "to_docx", lambda layout, author="": real_docx(layout, author=author)
                        if wanted(layout) else b"DOCX")
    demo.load()
    from gongkai.disclosure.models import Application, Letter

    tracked = Application.objects.filter(number__in=REAL, letters__kind="decision").order_by("number").first()
    assert tracked is not None, "the demo has no decided application among REAL"
    tracked.set_query_code(QUERY_CODE)
    tracked.save(update_fields=["query_code_hash"])
    assert Letter.objects.filter(application__number__in=REAL).exists()
    return tracked


def pattern(url: str) -> str:
    parts = urlsplit(url)
    path = re.sub(r"\d+", "N", parts.path)
    keys = sorted({kv.split("=")[0] for kv in parts.query.split("&") if kv})
    return path + ("?" + "&".join(keys) if keys else "")


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "letter.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def crawl(page, base, start, role, tmp_path, problems):
    seen_patterns: dict[str, int] = defaultdict(int)
    visited: set[str] = set()
    queue = [start]
    pages = 0
    letters = 0
    sources: dict[str, str] = {}
    while queue and pages < MAX_PAGES:
        # prefer the applications whose letters are real
        queue.sort(key=lambda u: not any(n in u for n in REAL))
        url = queue.pop(0)
        if url in visited:
            continue
        visited.add(url)
        key = pattern(url)
        if seen_patterns[key] >= PER_PATTERN:
            continue
        seen_patterns[key] += 1
        source = sources.get(url, start)
        if re.search(r"/letters/\d+\.(pdf|docx)$", url):
            response = page.request.get(url)
            letters += 1
            if response.status != 200:
                problems.append(f"{role}｜{source}｜{url}｜HTTP {response.status}")
            elif url.endswith(".pdf"):
                body = response.body()
                if not body.startswith(b"%PDF") or len(pdf_text(body, tmp_path).strip()) < 20:
                    problems.append(f"{role}｜{source}｜{url}｜PDF 没有文字")
            elif not response.body().startswith(b"PK"):
                problems.append(f"{role}｜{source}｜{url}｜DOCX 无效")
            continue
        response = page.request.get(url, max_redirects=5)
        kind = response.headers.get("content-type", "")
        if response.status >= 400:
            problems.append(f"{role}｜{source}｜{url}｜HTTP {response.status}")
            continue
        if "text/html" not in kind:
            continue
        page.goto(url)
        pages += 1
        text = page.locator("body").inner_text()
        for marker in REPRS:
            if marker in text:
                at = text.index(marker)
                problems.append(f"{role}｜{url}｜页面文字含 {marker!r}：…{text[max(0, at - 30):at + 30]}…")
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
                continue
            target = urljoin(url, href).split("#")[0]
            if not target.startswith(base) or any(s in target for s in SKIP):
                continue
            if target not in visited:
                sources.setdefault(target, url)
                queue.append(target)
    return pages, letters


def login(page, base, username):
    from gongkai.accounts.demo import DEMO_PASSWORD

    page.goto(base + "/staff/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="登录").click()


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_every_shown_link_of_the_demo_works_for_every_role(demo_site, live_server, open_page, tmp_path):
    base = live_server.url
    problems: list[str] = []
    report = []

    # the public, with one application's number and query code
    pg = open_page()
    pg.goto(base + "/applications/track/")
    pg.get_by_label("申请编号").fill(demo_site.number)
    pg.get_by_label("查询码").fill(QUERY_CODE)
    with pg.expect_navigation():
        pg.get_by_role("button", name=re.compile("查询")).click()
    assert demo_site.number in pg.url, pg.url
    track = pg.url
    pages, letters = crawl(pg, base, base + "/", "公众", tmp_path, problems)
    more = crawl(pg, base, track, "公众（查询申请）", tmp_path, problems)
    report.append(("公众", pages + more[0], letters + more[1]))
    assert letters + more[1] >= 1, "the applicant's track page shows no letter link"

    for username, role in (("zrj_officer", "经办人"), ("zrj_head", "负责人"), ("gov_office", "政务公开办"),
                           ("admin", "管理员")):
        pg = open_page()
        login(pg, base, username)
        pages, letters = crawl(pg, base, base + "/staff/", role, tmp_path, problems)
        report.append((role, pages, letters))
        assert pages > 5, (role, pages)

    print("\n".join(f"{role}：页面 {p}，文书 {n}" for role, p, n in report))
    assert not problems, "链接或页面有问题（角色｜来源页｜链接｜问题）：\n" + "\n".join(problems)
