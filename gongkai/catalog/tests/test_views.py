import datetime
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.catalog import actions
from gongkai.catalog.models import DocType, StatutoryItem, Validity

from .helpers import draft, published


@pytest.fixture
def item(world):
    return published(world, title="互助县老旧小区改造实施方案", doc_number="互自然资〔2025〕3号",
                     body="<p>对威远镇老旧小区实施改造。</p>", summary="改造范围和资金安排。", keywords="改造 小区")


def test_it_shows_an_item_with_the_metadata_table(client, item):
    response = client.get(item.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("015201125/2025-00001", "国土资源、能源\\土地", "互自然资〔2025〕3号", "测试县自然资源局",
                 "2025-03-03", "对威远镇老旧小区实施改造。", "打印本页"):
        assert text in html


def test_it_accepts_the_index_number_url_encoded(client, item):
    assert client.get("/catalog/" + quote(item.index_number, safe="") + "/").status_code == 200


def test_it_has_a_print_view(client, item):
    response = client.get(f"/catalog/{item.index_number}/print/")
    assert response.status_code == 200 and "用浏览器的“打印”功能" in response.content.decode()


def test_the_print_view_carries_the_sites_identity(client, world, item):
    """A printed page is a page of the site too (国办发〔2017〕47号): 主办单位 and 网站标识码 under it."""
    from gongkai.portal.models import SiteIdentity

    SiteIdentity.objects.create(site_name="测试县人民政府信息公开平台", host=world.government, sponsor="测试县人民政府",
                                site_code="6321260001", icp_number="青ICP备12001234号-1")
    html = client.get(f"/catalog/{item.index_number}/print/").content.decode()
    footer = html[html.index('class="print-footer"'):]
    assert "主办单位：测试县人民政府" in footer and "网站标识码：6321260001" in footer and "青ICP备12001234号-1" in footer
    assert "<title>互助县老旧小区改造实施方案 · 测试县人民政府信息公开平台</title>" in html


def test_it_hides_drafts_and_withdrawn_items(client, world, item):
    actions.withdraw_item(item, actor=world.head, reason="有误")
    assert client.get(item.get_absolute_url()).status_code == 404
    assert client.get(f"/catalog/{item.index_number}/print/").status_code == 404


def test_it_downloads_attachments_of_public_items_only(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    it = draft(world)
    att = actions.add_attachment(it, upload=SimpleUploadedFile("方案.pdf", b"%PDF-1.4\n%%EOF\n"), actor=world.officer)
    it = actions.publish_item(it, actor=world.head, published_on=datetime.date(2025, 3, 3), backfill=True)
    response = client.get(f"/catalog/{it.index_number}/files/{att.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    actions.withdraw_item(it, actor=world.head, reason="有误")
    assert client.get(f"/catalog/{it.index_number}/files/{att.pk}/").status_code == 404


def test_it_browses_the_agency_catalog_by_item_year_and_validity(client, world, item):
    rule = published(world, title="互助县农村宅基地管理办法", doc_type=DocType.NORMATIVE,
                     statutory_item=StatutoryItem.REGULATIONS, validity=Validity.VALID,
                     signed_on=datetime.date(2024, 5, 1), formed_on=datetime.date(2024, 5, 6),
                     published_on=datetime.date(2024, 5, 8))
    html = client.get("/agencies/dept-x/catalog/").content.decode()
    assert "互助县老旧小区改造实施方案" in html and "互助县农村宅基地管理办法" in html
    html = client.get("/agencies/dept-x/catalog/?item=01").content.decode()
    assert rule.title in html and item.title not in html
    html = client.get("/agencies/dept-x/catalog/?year=2025").content.decode()
    assert rule.title not in html and item.title in html
    html = client.get("/agencies/dept-x/catalog/?validity=valid&q=宅基地").content.decode()
    assert "<mark>宅基地</mark>" in html


def test_it_reports_bad_filters_in_chinese_without_failing(client, item):
    response = client.get("/agencies/dept-x/catalog/?year=abc&page=-3&item=99")
    assert response.status_code == 200
    assert "（已忽略）" in response.content.decode()


def test_it_lists_the_statutory_items(client, item):
    html = client.get("/agencies/dept-x/statutory/").content.decode()
    assert "（十五）法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息" in html
    assert "宅基地使用情况审核" in html


def test_each_statutory_heading_links_to_its_column_with_a_count_or_none_yet(client, item, world):
    published(world, title="测试县自然资源局2025年部门预算", statutory_item=StatutoryItem.BUDGET)
    published(world, title="测试县自然资源局2024年部门决算", statutory_item=StatutoryItem.BUDGET)
    html = client.get("/agencies/dept-x/statutory/").content.decode()
    column = "/agencies/dept-x/catalog/?item="
    assert f'<a href="{column}07">（七）财政预算、决算信息</a>：2条</li>' in html
    assert f'<a href="{column}15">（十五）法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息</a>：1条</li>' in html
    # none yet: still a link to the column, and said in words, not a bare 0
    assert f'<a href="{column}02">（二）机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名</a>：暂无</li>' in html
    assert f'<a href="{column}homestead_review">宅基地使用情况审核</a>：暂无</li>' in html
    main = html[html.index("<main"):html.index("</main>")]
    assert ": " not in main and ":0" not in main.replace(" ", "") and "：0" not in main


def test_it_searches_all_agencies(client, item):
    html = client.get("/search/?q=改造").content.decode()
    assert "<mark>改造</mark>" in html and "测试县自然资源局" in html
    assert "共 0 条" in client.get("/search/?q=宅基地").content.decode()


def test_it_404s_for_unknown_agencies(client, world):
    assert client.get("/agencies/nope/catalog/").status_code == 404


def test_it_serves_an_atom_feed_per_agency_and_category(client, world, item):
    response = client.get("/agencies/dept-x/feed.atom")
    body = response.content.decode()
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "<title>互助县老旧小区改造实施方案</title>" in body
    assert f"urn:gongkai:catalog:{item.index_number}" in body
    other = client.get(f"/agencies/dept-x/feed.atom?category={item.topic.parent_id + 1000}")
    assert other.status_code == 404
    assert "老旧小区" in client.get(f"/agencies/dept-x/feed.atom?category={item.topic.parent_id}").content.decode()
    assert "老旧小区" not in client.get("/agencies/dept-x/feed.atom?item=01").content.decode()


def test_it_exports_the_catalog_as_csv_and_json(client, item):
    csv_text = client.get("/agencies/dept-x/catalog/export.csv").content.decode("utf-8-sig")
    header, row = csv_text.splitlines()[:2]
    assert header.startswith("索引号,名称,文号")
    assert row.startswith("015201125/2025-00001,互助县老旧小区改造实施方案,互自然资〔2025〕3号")
    data = client.get("/agencies/dept-x/catalog/export.json").json()
    assert data["count"] == 1 and data["results"][0]["published_on"] == "2025-03-03"


def test_the_csv_export_never_hands_excel_a_formula(client, world):
    import csv
    import io

    published(world, title='=HYPERLINK("http://evil.example/","点此查看")', summary="@SUM(1+1)",
              keywords="-2+3", doc_number="+1")
    rows = list(csv.reader(io.StringIO(client.get("/agencies/dept-x/catalog/export.csv").content.decode("utf-8-sig"))))
    header, row = rows[0], rows[1]
    cells = dict(zip(header, row))
    assert cells["名称"] == '\'=HYPERLINK("http://evil.example/","点此查看")'
    assert cells["内容概述"] == "'@SUM(1+1)" and cells["关键词"] == "'-2+3" and cells["文号"] == "'+1"
    assert cells["发布日期"] == "2025-03-03"  # dates and plain text untouched


def test_a_page_past_the_end_goes_to_the_last_page(client, world):
    from .helpers import published

    published(world, title="互助县农村宅基地管理办法")
    r = client.get("/agencies/dept-x/catalog/?page=99&sort=title")
    assert r.status_code == 302 and r["Location"] == "/agencies/dept-x/catalog/?page=1&sort=title"
    assert "第 99/" not in client.get(r["Location"]).content.decode()
