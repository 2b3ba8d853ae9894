"""The 目录 as the usual 索引号 table: 索引号、名称、发布机构、成文日期、发布日期、文号, sortable, paged."""

import datetime
import re

from gongkai.catalog.tests.helpers import published


def _titles(html):
    body = html[html.index("<tbody>"):html.index("</tbody>")]
    return re.findall(r'<a href="/catalog/[^"]+">([^<]+)</a>', body)


def test_it_shows_the_catalogue_as_a_table_with_the_usual_columns(client, world):
    item = published(world, title="关于公布征地补偿标准的通知", doc_number="测自然资发〔2025〕3号",
                     signed_on=datetime.date(2025, 3, 1), published_on=datetime.date(2025, 3, 5))
    html = client.get("/agencies/dept-x/catalog/").content.decode()
    head = html[html.index("<thead>"):html.index("</thead>")]
    labels = re.findall(r"<th[^>]*>(?:<a[^>]*>)?([^<]+)", head)
    assert labels == ["索引号", "名称", "发布机构", "成文日期", "发布日期", "文号"]
    row = html[html.index("<tbody>"):html.index("</tbody>")]
    for cell in (item.index_number, "关于公布征地补偿标准的通知", "测试县自然资源局", "2025-03-01", "2025-03-05",
                 "测自然资发〔2025〕3号"):
        assert cell in row, cell


def test_it_sorts_by_a_column_and_back(client, world):
    published(world, title="乙通知", published_on=datetime.date(2025, 3, 10))
    published(world, title="甲通知", published_on=datetime.date(2025, 3, 4))
    published(world, title="丙通知", published_on=datetime.date(2025, 3, 20))
    assert _titles(client.get("/agencies/dept-x/catalog/").content.decode()) == ["丙通知", "乙通知", "甲通知"]
    html = client.get("/agencies/dept-x/catalog/?sort=published").content.decode()
    assert _titles(html) == ["甲通知", "乙通知", "丙通知"]
    assert 'aria-sort="ascending"' in html and 'href="?sort=-published"' in html
    html = client.get("/agencies/dept-x/catalog/?sort=-published").content.decode()
    assert _titles(html) == ["丙通知", "乙通知", "甲通知"]
    assert 'aria-sort="descending"' in html


def test_it_ignores_an_unknown_sort_column(client, world):
    published(world, title="甲通知")
    r = client.get("/agencies/dept-x/catalog/?sort=body")
    assert r.status_code == 200 and _titles(r.content.decode()) == ["甲通知"]


def test_it_pages_the_table_keeping_the_sort(client, world):
    for k in range(22):
        published(world, title=f"第{k:02d}号通知", published_on=datetime.date(2025, 3, 3) + datetime.timedelta(days=k))
    html = client.get("/agencies/dept-x/catalog/?sort=published").content.decode()
    assert len(_titles(html)) == 20 and _titles(html)[0] == "第00号通知"
    assert "第 1 页，共 2 页" in html and "sort=published&amp;page=2" in html
    page2 = client.get("/agencies/dept-x/catalog/?sort=published&page=2").content.decode()
    assert _titles(page2) == ["第20号通知", "第21号通知"]


def test_it_lets_a_browser_show_the_atom_feed_as_a_page(client, world):
    published(world, title="关于公布征地补偿标准的通知")
    r = client.get("/agencies/dept-x/feed.atom")
    text = r.content.decode()
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>\n<?xml-stylesheet type="text/xsl" href="/static/catalog/feed.xsl"?>')
    from xml.dom.minidom import parseString

    doc = parseString(r.content)  # still well-formed Atom
    assert doc.documentElement.tagName == "feed"
    assert "关于公布征地补偿标准的通知" in text
    # the stylesheet as a stylesheet: sent as application/octet-stream with nosniff, no browser applies it
    sheet = client.get("/static/catalog/feed.xsl")
    assert sheet.status_code == 200 and sheet["Content-Type"].startswith("text/xsl")
