"""The 政府信息公开 专栏 on the home and agency pages; the 指南 per 第十二条; the 制度 page."""

import io

import pytest

from gongkai.portal.models import SiteIdentity

COLUMN_ORDER = ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开目录",
                "政府信息公开年度报告", "依申请公开"]


def _order(html, labels):
    positions = [html.index(f">{label}</a>") for label in labels]
    return positions == sorted(positions)


def test_it_puts_the_column_on_the_home_page_for_the_host_government(client, world):
    SiteIdentity.objects.create(site_name="测试网站", host=world.government)
    html = client.get("/").content.decode()
    assert "政府信息公开专栏" in html
    assert _order(html, COLUMN_ORDER)
    for url in ("/agencies/gov/guide/", "/agencies/gov/rules/", "/agencies/gov/statutory/",
                "/agencies/gov/catalog/", "/agencies/gov/reports/", "/agencies/gov/apply/"):
        assert f'href="{url}"' in html, url


def test_it_puts_the_six_entries_first_on_each_agency_page(client, world):
    html = client.get("/agencies/dept-x/").content.decode()
    assert _order(html, COLUMN_ORDER + ["建议、咨询和投诉", "公开答复"])
    assert "公众问答" not in html  # one wording: 公开答复


def test_it_gives_the_guide_every_content_of_article_12(client, world):
    world.agency.org_code = "015201125"
    world.agency.save()
    html = client.get("/agencies/dept-x/guide/").content.decode()
    for heading in ("一、政府信息的分类", "二、编排体系", "三、获取方式", "四、政府信息公开工作机构",
                    "五、申请的方式和程序", "六、监督和救济"):
        assert heading in html, heading
    for label in ("办公地址", "办公时间", "联系电话", "传真号码", "互联网联系方式"):
        assert label in html
    assert "015201125/" in html  # the 索引号 example uses the agency's own code
    assert 'href="/agencies/dept-x/guide/application-form.docx"' in html
    assert 'href="/agencies/dept-x/guide/application-form.pdf"' in html
    # a department's 复议机关 is 本级人民政府 (行政复议法第二十四条)
    assert "60日内向测试县人民政府申请行政复议" in html
    assert "条例第五十一条" in html


def test_it_offers_the_application_form_as_docx(client, world):
    from docx import Document

    r = client.get("/agencies/dept-x/guide/application-form.docx")
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    doc = Document(io.BytesIO(r.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = {c.text for row in doc.tables[0].rows for c in row.cells}
    assert "政府信息公开申请表" in text and "受理机关：测试县自然资源局" in text
    for label in ("申请人信息", "证件名称及号码", "联系电话", "信息名称", "文号", "其他特征性描述",
                  "获取信息的方式", "申请人签名（盖章）"):
        assert label in cells, label


def test_it_offers_the_application_form_as_pdf(client, world):
    import pdfplumber

    r = client.get("/agencies/dept-x/guide/application-form.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(r.content)) as pdf:
        text = pdf.pages[0].extract_text()
    assert "政府信息公开申请表" in text and "测试县自然资源局" in text


def test_it_refuses_an_unknown_form_format(client, world):
    assert client.get("/agencies/dept-x/guide/application-form.exe").status_code == 404
    assert client.get("/agencies/nope/guide/application-form.pdf").status_code == 404


def test_it_shows_the_rules_page_with_the_right_report_deadline(client, world):
    html = client.get("/agencies/dept-x/rules/").content.decode()
    assert "测试县自然资源局政府信息公开制度" in html and "国务院令第711号" in html
    assert "每年1月31日前提交并公布本机关" in html
    assert "每年3月31日前公布本级政府" in client.get("/agencies/gov/rules/").content.decode()


def test_the_home_page_lists_the_newest_items_and_the_hosts_interaction(client, world):
    """Inspectors look for what is new on the home page (首页两周未更新 is a veto), and a member of
    the public should not have to guess an agency before writing in."""
    import datetime

    from gongkai.catalog.tests.helpers import published

    SiteIdentity.objects.create(site_name="测试网站", host=world.government)
    older = published(world, title="二〇二五年老旧小区改造计划", published_on=datetime.date(2025, 3, 3))
    newer = published(world, title="二〇二五年宅基地审批结果公示", published_on=datetime.date(2025, 6, 2))
    html = client.get("/").content.decode()
    latest = html[html.index('id="latest"'):]
    assert latest.index(newer.title) < latest.index(older.title)
    assert f'href="{newer.get_absolute_url()}"' in latest and "2025年6月2日" in latest
    assert 'href="/agencies/gov/feedback/"' in html and "互动交流" in html
