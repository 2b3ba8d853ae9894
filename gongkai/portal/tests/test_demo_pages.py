"""The demo's public and staff pages, crawled once, held to the site's conventions (issue 19 item 3):

* dates are written two ways only — ``2026年12月2日`` in prose, ``2026-12-02`` in a table cell whose
  value is a date (a sentence written in a cell is prose) — and in no other shape;
* every required form field's label shows the red ``＊`` (hidden from screen readers) and
  ``（必填）`` for screen readers.
"""

from __future__ import annotations

import re
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

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
STAR = '<span class="required-mark" aria-hidden="true">＊</span>'
HIDDEN = '<span class="visually-hidden">（必填）</span>'


class _Page(HTMLParser):
    """The page's visible text, split into what stands in a table cell and what does not; its
    required fields and the inner HTML of its labels."""

    SKIP = {"script", "style", "template", "textarea", "pre", "code"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.cell = self.skip = 0
        self.in_cells: list[str] = []
        self.outside: list[str] = []
        self.required: list[tuple[str, str]] = []  # (id, type)
        self.labels: dict[str, str] = {}  # for= → raw inner HTML
        self._label: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("td", "th"):
            self.cell += 1
        elif tag in self.SKIP:
            self.skip += 1
        if tag in ("input", "select", "textarea") and "required" in a and a.get("type") != "hidden":
            self.required.append((a.get("id") or a.get("name") or "?", a.get("type") or tag))
        if tag == "label" and a.get("for"):
            self._label = a["for"]
            self.labels[self._label] = ""
        elif self._label:
            self.labels[self._label] += self.get_starttag_text()

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.cell = max(0, self.cell - 1)
        elif tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        if tag == "label":
            self._label = None
        elif self._label:
            self.labels[self._label] += f"</{tag}>"

    def handle_data(self, data):
        if self._label:
            self.labels[self._label] += data
        if not self.skip and data.strip():
            (self.in_cells if self.cell else self.outside).append(data)


def date_problems(url: str, page: _Page) -> list[str]:
    out = []
    for chunk in page.in_cells:
        # a cell whose value is a date (at most a short word beside it: 前, （已过期限）)
        if len(PROSE.sub("", chunk).strip()) <= 6:
            out += [f"{url}｜表格中写成 {m.group(0)}（应为 2026-12-02 式）：{chunk.strip()[:60]}"
                    for m in PROSE.finditer(chunk)]
    for chunk in page.outside:
        out += [f"{url}｜正文中写成 {m.group(0)}（应为 2026年12月2日 式）：{chunk.strip()[:60]}"
                for m in ISO.finditer(chunk)]
    for chunk in page.in_cells + page.outside:
        for name, shape in OTHER.items():
            out += [f"{url}｜{name} {m.group(0)}：{chunk.strip()[:60]}" for m in shape.finditer(chunk)]
    return out


def required_problems(url: str, page: _Page) -> list[str]:
    out = []
    for field_id, kind in page.required:
        if kind in ("radio", "checkbox"):
            continue  # an option's own label; the group's legend carries the mark (as_field_group)
        label = page.labels.get(field_id)
        if label is None:
            out.append(f"{url}｜必填项 {field_id} 没有标签")
        elif not (label.startswith(STAR) and label.endswith(HIDDEN)):
            out.append(f"{url}｜必填项 {field_id} 的标签没有必填标记：{label[:60]}")
    return out


def _pattern(url: str) -> str:
    parts = urlsplit(url)
    keys = "&".join(sorted(k.split("=")[0] for k in parts.query.split("&"))) if parts.query else ""
    return re.sub(r"\d+", "N", parts.path) + ("?" + keys if keys else "")


def crawl(client, start: str, problems: list[str], stats: dict, per_pattern=1, limit=80) -> int:
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
        page = _Page()
        page.feed(html)
        problems += date_problems(url, page) + required_problems(url, page)
        stats["required"] += len(page.required)
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


def test_every_demo_page_writes_dates_one_way_and_marks_required_fields(demo_site, client):
    from gongkai.accounts.models import User
    from gongkai.disclosure.models import Application

    problems: list[str] = []
    stats = defaultdict(int)
    counts = {"公众": crawl(client, "/", problems, stats)}
    counts["公众登录"] = crawl(client, "/account/login/", problems, stats, limit=3)
    app = Application.objects.filter(letters__isnull=False).order_by("number").first()
    app.set_query_code("DATES2025CODE")
    app.save(update_fields=["query_code_hash"])
    client.post("/applications/track/", {"number": app.number, "query_code": "DATES2025CODE"})
    counts["公众（查询申请）"] = crawl(client, f"/applications/track/{app.number}/", problems, stats, limit=10)
    counts["工作人员登录"] = crawl(client, "/staff/login/", problems, stats, limit=1)
    for username in ("zrj_officer", "gov_office", "admin"):
        client.force_login(User.objects.get(username=username))
        counts[username] = crawl(client, "/staff/", problems, stats)
    assert all(n >= 1 for n in counts.values()) and counts["公众"] > 20 and counts["zrj_officer"] > 20, counts
    assert stats["required"] > 30, stats  # the crawl reached forms
    assert not problems, "不合规范：\n" + "\n".join(sorted(set(problems)))
