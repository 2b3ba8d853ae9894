"""Dates are written two ways only (issue 19 item 3): ``2026年12月2日`` in prose, ``2026-12-02`` in
table cells (a cell whose value is a date; a sentence in a cell is prose). The filters are checked on their own, then the demo's public and staff pages are
crawled and every date on them is held to the shape its place calls for."""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.template import engines

from gongkai.portal import dates

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_prose_and_table_shapes():
    day = datetime.date(2026, 12, 2)
    assert dates.prose(day) == "2026年12月2日"
    assert dates.table(day) == "2026-12-02"
    assert dates.prose(datetime.date(2025, 3, 5)) == "2025年3月5日"  # no leading zeros
    assert dates.prose(None) == dates.table(None) == ""
    assert dates.prose("2025-02-14") == "2025年2月14日"  # an ISO date kept in event data


def test_times_are_shown_in_the_sites_time_zone():
    moment = datetime.datetime(2026, 12, 1, 18, 5, 9, tzinfo=datetime.UTC)  # 2 December 02:05 in Beijing
    assert dates.prose(moment) == "2026年12月2日"
    assert dates.prose(moment, "time") == "2026年12月2日 02:05"
    assert dates.table(moment, "time") == "2026-12-02 02:05"
    assert dates.table(moment, "seconds") == "2026-12-02 02:05:09"
    with pytest.raises(ValueError):
        dates.table(moment, "minutes")


def test_the_filters_are_built_in_for_every_template():
    t = engines["django"].from_string('{{ d|prose_date }}｜{{ d|table_date }}｜{{ m|table_date:"time" }}｜{{ n|table_date|default:"—" }}')
    out = t.render({"d": datetime.date(2026, 12, 2), "m": datetime.datetime(2026, 12, 2, 9, 30, tzinfo=SHANGHAI),
                    "n": None})
    assert out == "2026年12月2日｜2026-12-02｜2026-12-02 09:30｜—"


def test_no_template_writes_its_own_date_pattern():
    """Every date in a template goes through prose_date or table_date; ``|date:"D"`` (the weekday) is
    the only pattern left, beside a table date in the working-day calendar."""
    root = Path(__file__).resolve().parents[2]
    found = []
    for path in root.rglob("templates/**/*.html"):
        for m in re.finditer(r"""\|date:(["'])([^"']*)\1""", path.read_text()):
            if m.group(2) != "D":
                found.append(f"{path.relative_to(root)}: {m.group(0)}")
    assert not found, found


# -- the pages -------------------------------------------------------------------------------------

PROSE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
ISO = re.compile(r"(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])")
#: shapes no page may show anywhere
OTHER = {
    "斜线日期": re.compile(r"\d{4}/\d{1,2}/\d"),
    "英文式“12月2日, 2026”": re.compile(r"\d{1,2}月\d{1,2}日, ?\d{4}"),
    "英文月份": re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}\b"),
    "点号日期": re.compile(r"\d{4}\.\d{1,2}\.\d"),
    "补零的年月日": re.compile(r"\d{4}年0\d月|\d{4}年\d{1,2}月0\d日"),
}


class _Text(HTMLParser):
    """The page's visible text, split into what stands in a table cell and what does not."""

    SKIP = {"script", "style", "template", "textarea", "pre", "code"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.cell = 0
        self.skip = 0
        self.in_cells: list[str] = []
        self.outside: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("td", "th"):
            self.cell += 1
        elif tag in self.SKIP:
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.cell = max(0, self.cell - 1)
        elif tag in self.SKIP:
            self.skip = max(0, self.skip - 1)

    def handle_data(self, data):
        if not self.skip and data.strip():
            (self.in_cells if self.cell else self.outside).append(data)


def date_problems(url: str, html: str) -> list[str]:
    text = _Text()
    text.feed(html)
    out = []
    for chunk in text.in_cells:
        # a cell whose value is a date (at most a short word beside it: 前, （已过期限）); a sentence
        # written in a cell is prose and writes its dates as prose
        if len(PROSE.sub("", chunk).strip()) <= 6:
            for m in PROSE.finditer(chunk):
                out.append(f"{url}｜表格中写成 {m.group(0)}（应为 2026-12-02 式）：{chunk.strip()[:60]}")
    for chunk in text.outside:
        for m in ISO.finditer(chunk):
            out.append(f"{url}｜正文中写成 {m.group(0)}（应为 2026年12月2日 式）：{chunk.strip()[:60]}")
    for chunk in text.in_cells + text.outside:
        for name, shape in OTHER.items():
            for m in shape.finditer(chunk):
                out.append(f"{url}｜{name} {m.group(0)}：{chunk.strip()[:60]}")
    return out


def _pattern(url: str) -> str:
    parts = urlsplit(url)
    return re.sub(r"\d+", "N", parts.path) + ("?" + "&".join(sorted(k.split("=")[0] for k in parts.query.split("&")))
                                                if parts.query else "")


def crawl(client, start: str, problems: list[str], per_pattern=1, limit=70) -> int:
    seen: dict[str, int] = defaultdict(int)
    queue, visited, pages = [start], set(), 0
    while queue and pages < limit:
        url = queue.pop(0)
        key = _pattern(url)
        if url in visited or seen[key] >= per_pattern or url.startswith(("/admin/", "/api/")):
            continue
        visited.add(url)
        seen[key] += 1
        r = client.get(url, follow=True)
        if r.status_code != 200 or "text/html" not in r.get("Content-Type", ""):
            continue
        pages += 1
        html = r.content.decode()
        problems.extend(date_problems(url, html))
        for href in re.findall(r'<a\s[^>]*href="([^"#]+)', html):
            target = urljoin(url, href.replace("&amp;", "&"))
            if target.startswith("/") and not re.search(r"\.(pdf|docx|xlsx|csv|zip|xml|json)$|/feed", target):
                queue.append(target)
    return pages


@pytest.fixture
def demo_site(db, monkeypatch):
    from gongkai import demo
    from gongkai.documents import rendering

    monkeypatch.setattr(rendering, "to_pdf", lambda layout: b"%PDF-fake")
    monkeypatch.setattr(rendering, "to_docx", lambda layout, author="": b"DOCX")
    demo.load()


def test_every_demo_page_writes_its_dates_one_way(demo_site, client):
    from gongkai.accounts.models import User
    from gongkai.disclosure.models import Application

    problems: list[str] = []
    counts = {"公众": crawl(client, "/", problems)}
    app = Application.objects.filter(letters__isnull=False).order_by("number").first()
    app.set_query_code("DATES2025CODE")
    app.save(update_fields=["query_code_hash"])
    client.post("/applications/track/", {"number": app.number, "query_code": "DATES2025CODE"})
    counts["公众（查询申请）"] = crawl(client, f"/applications/track/{app.number}/", problems, limit=10)
    for username in ("zrj_officer", "gov_office"):
        client.force_login(User.objects.get(username=username))
        counts[username] = crawl(client, "/staff/", problems)
    assert all(n > 5 for n in counts.values()), counts
    assert not problems, "日期写法不统一：\n" + "\n".join(sorted(set(problems)))
