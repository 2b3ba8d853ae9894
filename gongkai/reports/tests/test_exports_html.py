"""The HTML export: a standalone accessible page, the <article> fragment, the official table
layouts with rowspan/colspan, SVG charts, drafts and previews."""

from decimal import Decimal

import lxml.html
import pytest

from gongkai.reports.exports import render, render_html_fragment
from gongkai.reports.exports.html import stylesheet
from gongkai.reports.tests.specimen import specimen_document, specimen_tables
from gongkai.rules import annual_format as af


def page(doc, **kw):
    data = render(doc, "html", **kw)
    assert isinstance(data, bytes)
    return data.decode("utf-8"), lxml.html.document_fromstring(data.decode("utf-8"))


def text(el) -> str:
    return " ".join(el.text_content().split())


def tables(root):
    return {t.get("class").split()[-1].removeprefix("ar-table-"): t for t in root.iter("table")
            if "ar-table" in (t.get("class") or "")}


def value_cell(root, table: str, row: str, col: str):
    """The <td> whose headers name the row and the column (as a screen reader would find it)."""
    t = tables(root)[table]
    row_id = f"-{table}-{row}"
    if table == "appeals":
        col_id = f"-appeals-{row}-{col}"
        matches = [td for td in t.iter("td") if any(h.endswith(col_id) for h in (td.get("headers") or "").split())]
    else:
        col_id = f"-{table}-{col}" if table == "applications" else f"-{col}"
        matches = [td for td in t.iter("td")
                   if any(h.endswith(row_id) for h in (td.get("headers") or "").split())
                   and any(h.endswith(col_id) for h in (td.get("headers") or "").split())]
    assert len(matches) == 1, (table, row, col, len(matches))
    return matches[0]


@pytest.fixture(scope="module")
def doc():
    return specimen_document(agency_name="互助县自然资源局", year=2024)


@pytest.fixture(scope="module")
def html(doc):
    return page(doc)


def test_it_is_a_complete_html5_document_in_simplified_chinese(html):
    source, root = html
    assert source.startswith("<!DOCTYPE html>")
    assert root.get("lang") == "zh-Hans"
    assert root.find(".//meta[@charset]").get("charset") == "utf-8"
    assert root.find(".//title").text == "互助县自然资源局2024年政府信息公开工作年度报告"
    assert root.find(".//meta[@name='PubDate']").get("content") == "2025-01-20"
    assert "<style>" in source and "<link" not in source
    assert not root.xpath("//script") and "javascript:" not in source and " onclick" not in source


def test_it_has_the_title_the_preamble_and_six_sections_in_order(html):
    _, root = html
    assert [text(h) for h in root.iter("h1")] == ["互助县自然资源局2024年政府信息公开工作年度报告"]
    assert [text(h) for h in root.iter("h2")] == [s.heading for s in af.SECTIONS]
    preamble = text(root.find_class("ar-preamble")[0])
    assert "第五十条和国办公开办函〔2021〕30号" in preamble
    assert "统计期限为2024年1月1日至12月31日" in preamble
    sign = root.find_class("ar-sign")[0]
    assert [text(p) for p in sign.iter("p")] == ["互助县自然资源局", "2025年1月20日"]
    assert sign.find(".//time").get("datetime") == "2025-01-20"


def test_it_puts_each_table_under_its_section(html):
    _, root = html
    for key in ("proactive", "applications", "appeals"):
        section = root.get_element_by_id(f"ar2024-dept-x-{key}")
        found = [t.get("class") for t in section.iter("table") if "ar-table" in (t.get("class") or "")]
        assert found == [f"ar-table ar-table-{key}"]
    overview = root.get_element_by_id("ar2024-dept-x-overview")
    assert not [t for t in overview.iter("table")]


def test_it_renders_sub_headings_and_run_in_headings(html):
    _, root = html
    overview = root.get_element_by_id("ar2024-dept-x-overview")
    assert [text(h) for h in overview.iter("h3")] == ["（一）主动公开", "（二）依申请公开", "（四）平台建设",
                                                     "（五）监督保障"]
    lead = overview.find_class("ar-lead")[0]
    assert text(lead) == "（三）政府信息管理。"
    assert text(lead.getparent()).startswith("（三）政府信息管理。建立政府信息公开审查机制")


def test_every_table_has_a_caption_and_labelled_headers(html):
    _, root = html
    for key, t in tables(root).items():
        assert t.find("caption") is not None and text(t.find("caption"))
        ids = {th.get("id") for th in t.iter("th")}
        for th in t.iter("th"):
            assert th.get("scope") in ("col", "colgroup", "row", "rowgroup")
        for td in t.iter("td"):
            if "ar-c-value" in td.get("class"):
                headers = td.get("headers").split()
                assert headers and set(headers) <= ids, (key, headers)
        wrap = t.getparent()
        assert wrap.get("role") == "region" and wrap.get("tabindex") == "0"
        assert wrap.get("aria-labelledby") == t.find("caption").get("id")


def test_table_three_has_the_official_header(html):
    _, root = html
    t = tables(root)["applications"]
    head = t.find("thead")
    rows = head.findall("tr")
    assert len(rows) == 3
    note, applicants = rows[0]
    assert text(note) == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert (note.get("colspan"), note.get("rowspan")) == ("3", "3")
    assert (text(applicants), applicants.get("colspan")) == ("申请人情况", "7")
    cells = [(text(c), c.get("rowspan"), c.get("colspan")) for c in rows[1]]
    assert cells == [("自然人", "2", None), ("法人或其他组织", None, "5"), ("总计", "2", None)]
    assert [text(c) for c in rows[2]] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]


def test_table_three_spans_the_group_labels_over_their_rows(html):
    _, root = html
    t = tables(root)["applications"]
    body = t.find("tbody").findall("tr")
    assert len(body) == 25
    spans = {text(th): (th.get("rowspan"), th.get("colspan")) for tr in body for th in tr.iter("th")
             if th.get("rowspan")}
    assert spans == {"三、本年度办理结果": ("22", None), "（三）不予公开": ("8", None),
                     "（四）无法提供": ("3", None), "（五）不予处理": ("5", None), "（六）其他处理": ("3", None)}
    first = [(text(th), th.get("colspan")) for th in body[0].iter("th")]
    assert first == [("一、本年新收政府信息公开申请数量", "3")]
    assert [(text(th), th.get("colspan")) for th in body[3].iter("th")] == [
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "2")]
    assert [text(th) for th in body[4].iter("th")] == ["（三）不予公开", "1.属于国家秘密"]
    assert [text(th) for th in body[5].iter("th")] == ["2.其他法律行政法规禁止公开"]
    assert [text(th) for th in body[24].iter("th")] == ["四、结转下年度继续办理"]
    for tr in body:
        assert len([td for td in tr.iter("td")]) == 7


def test_table_three_puts_each_number_in_its_cell(html, doc):
    _, root = html
    for row, col in af.table_cells("applications"):
        assert text(value_cell(root, "applications", row, col)) == str(doc.tables["applications"][row][col])


def test_table_two_has_the_four_blocks_of_article_twenty(html, doc):
    _, root = html
    t = tables(root)["proactive"]
    titles = [(text(th), th.get("colspan")) for th in t.iter("th") if th.get("scope") == "colgroup"]
    assert titles == [("第二十条第（一）项", "4"), ("第二十条第（五）项", "4"), ("第二十条第（六）项", "4"),
                      ("第二十条第（八）项", "4")]
    col_heads = [text(th) for th in t.iter("th") if th.get("scope") == "col"]
    assert col_heads == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数", "信息内容", "本年处理决定数量",
                         "信息内容", "本年处理决定数量", "信息内容", "本年收费金额（单位：万元）"]
    for row, col in af.table_cells("proactive"):
        want = doc.tables["proactive"][row][col]
        assert text(value_cell(root, "proactive", row, col)) == (str(want) if row != "fees" else "12.3456")


def test_table_four_has_fifteen_cells_under_the_official_header(html, doc):
    _, root = html
    t = tables(root)["appeals"]
    rows = t.find("thead").findall("tr")
    assert [(text(c), c.get("colspan")) for c in rows[0]] == [("行政复议", "5"), ("行政诉讼", "10")]
    assert [(text(c), c.get("rowspan"), c.get("colspan")) for c in rows[1]] == [
        ("结果维持", "2", None), ("结果纠正", "2", None), ("其他结果", "2", None), ("尚未审结", "2", None),
        ("总计", "2", None), ("未经复议直接起诉", None, "5"), ("复议后起诉", None, "5")]
    assert [text(c) for c in rows[2]] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2
    values = [text(td) for td in t.find("tbody").iter("td")]
    assert values == [str(doc.tables["appeals"][r.key][c.key]) for r in af.APPEALS_ROWS for c in af.APPEALS_COLUMNS]
    for r in af.APPEALS_ROWS:
        for c in af.APPEALS_COLUMNS:
            assert text(value_cell(root, "appeals", r.key, c.key)) == str(doc.tables["appeals"][r.key][c.key])


def test_it_prints_zero_as_zero_and_the_fee_trimmed():
    tables_ = specimen_tables()
    tables_["applications"]["denied_state_secret"]["research_institution"] = 0
    tables_["proactive"]["fees"]["amount_10k_yuan"] = Decimal("0.5000")
    tables_["appeals"]["reconsideration"]["pending"] = 0
    _, root = page(specimen_document(tables=tables_))
    assert text(value_cell(root, "applications", "denied_state_secret", "research_institution")) == "0"
    assert text(value_cell(root, "proactive", "fees", "amount_10k_yuan")) == "0.5"
    assert text(value_cell(root, "appeals", "reconsideration", "pending")) == "0"


def test_it_prints_the_counting_note_under_table_four(html):
    _, root = html
    section = root.get_element_by_id("ar2024-dept-x-appeals")
    note = section.find_class("ar-note-text")[0]
    assert text(note).startswith("行政复议、行政诉讼案件按本年度内")
    assert note.getprevious().get("class") == "ar-table-wrap"


def test_it_draws_three_accessible_charts_without_javascript(html):
    _, root = html
    figures = root.find_class("ar-chart")
    assert [text(f.find("figcaption")) for f in figures] == [
        "图1 各月新收政府信息公开申请", "图2 政府信息公开申请的办理结果", "图3 新收政府信息公开申请的申请人类型"]
    for f in figures:
        svg = f.find(".//svg")
        assert svg.get("role") == "img"
        title_id, desc_id = svg.get("aria-labelledby").split()
        assert svg.find("title").get("id") == title_id and svg.find("desc").get("id") == desc_id
        assert f.find(".//details/table") is not None


def test_the_month_chart_carries_every_month_in_its_description_and_data_table(doc, html):
    _, root = html
    figure = root.get_element_by_id("ar2024-dept-x-chart-months")
    desc = text(figure.find(".//desc"))
    months = "，".join(f"{m}月{doc.monthly[m]}件" for m in range(1, 13))
    assert desc == f"2024年各月新收申请：{months}。"
    rows = [[text(c) for c in tr] for tr in figure.find(".//details/table/tbody").iter("tr")]
    assert rows[0] == ["1月", str(doc.monthly[1])] and rows[11] == ["12月", str(doc.monthly[12])]
    assert len(figure.findall(".//rect[@fill='#1d4f91']")) == 12 + 1  # 12 bars and the legend key


def test_the_charts_compare_with_last_year_when_given():
    previous = specimen_tables(seed=5)
    doc = specimen_document(previous_tables=previous, previous_monthly={m: m for m in range(1, 13)})
    _, root = page(doc)
    months = root.get_element_by_id("ar2024-dept-x-chart-months")
    assert "2023年各月新收申请：1月1件，2月2件" in text(months.find(".//desc"))
    assert [text(th) for th in months.find(".//details/table/thead").iter("th")] == ["月份", "2024年", "2023年"]
    outcomes = root.get_element_by_id("ar2024-dept-x-chart-outcomes")
    granted = doc.tables["applications"]["granted"]["total"]
    denied = sum(doc.tables["applications"][k]["total"] for k in af.OUTCOME_KEYS if k.startswith("denied_"))
    last_denied = sum(previous["applications"][k]["total"] for k in af.OUTCOME_KEYS if k.startswith("denied_"))
    rows = {tr[0].text: [c.text for c in tr[1:]] for tr in outcomes.find(".//details/table/tbody")}
    assert rows["予以公开"] == [str(granted), str(previous["applications"]["granted"]["total"])]
    assert rows["不予公开"] == [str(denied), str(last_denied)]
    applicants = root.get_element_by_id("ar2024-dept-x-chart-applicants")
    rows = {tr[0].text: [c.text for c in tr[1:]] for tr in applicants.find(".//details/table/tbody")}
    assert rows["法律服务机构"] == [str(doc.tables["applications"]["new_received"]["legal_service_org"]),
                                str(previous["applications"]["new_received"]["legal_service_org"])]


def test_it_leaves_out_charts_with_nothing_to_show():
    tables_ = {t: {r: {c: 0 for c in cols} for r, cols in rows.items()} for t, rows in specimen_tables().items()}
    _, root = page(specimen_document(tables=tables_, monthly={}))
    assert root.find_class("ar-chart") == []


def test_drafts_say_so_under_the_title_and_mark_empty_sections():
    doc = specimen_document(status_label="草稿", published_on=None,
                            sections={"overview": "", "problems": "", "other": ""})
    source, root = page(doc)
    title = root.find(".//h1")
    assert text(title.getnext()) == "（草稿，未发布）"
    assert "（草稿，未发布）" in root.find(".//title").text
    assert len(root.find_class("ar-missing")) == 3
    assert root.find(".//meta[@name='PubDate']") is None
    assert [text(p) for p in root.find_class("ar-sign")[0].iter("p")] == ["某县自然资源局"]


def test_published_reports_have_no_draft_note_and_no_findings(html):
    source, root = html
    assert "未发布" not in source and not root.find_class("ar-findings")


FINDINGS = [
    {"code": "problems.token", "severity": "warning", "message": "第五部分只有一句套话。",
     "location": {"section": "problems"}},
    {"code": "applications.balance", "severity": "error", "message": "表三“自然人”列：第一项加第二项之和不等于第三项加第四项之和。",
     "location": {"table": "applications", "column": "natural_person"}},
    {"code": "x", "severity": "info", "message": "<b>提示</b>", "location": {}},
]


def test_the_preview_lists_the_findings_at_the_top_errors_first():
    doc = specimen_document(status_label="草稿", findings=FINDINGS)
    source, root = page(doc, for_preview=True)
    box = root.find_class("ar-findings")[0]
    assert text(box.find("h2")) == "发布前检查发现3个问题（错误1个、警告1个、提示1个）"
    items = [text(li) for li in box.iter("li")]
    assert items[0].startswith("错误：表三“自然人”列") and items[0].endswith("（表三“自然人”列）")
    assert items[1] == "警告：第五部分只有一句套话。（五、存在的主要问题及改进情况）"
    assert items[2] == "提示：<b>提示</b>"  # escaped, not markup
    assert "&lt;b&gt;" in source
    # at the top: before the preamble and the first section
    assert box.getparent().index(box) < box.getparent().index(root.find_class("ar-preamble")[0])


def test_the_findings_are_never_in_the_published_page():
    doc = specimen_document(findings=FINDINGS)
    source, root = page(doc)
    assert not root.find_class("ar-findings") and "套话" not in source


def test_a_clean_preview_says_no_problems_were_found():
    _, root = page(specimen_document(status_label="草稿"), for_preview=True)
    assert text(root.find_class("ar-findings")[0].find("h2")) == "发布前检查未发现问题"


def test_the_fragment_is_the_article_alone(doc):
    fragment = render_html_fragment(doc)
    assert fragment.startswith('<article class="ar" lang="zh-Hans"')
    assert fragment.rstrip().endswith("</article>")
    assert "<html" not in fragment and "<style" not in fragment
    article = lxml.html.fragment_fromstring(fragment)
    assert article.get("aria-labelledby") == article.find(".//h1").get("id")


def test_the_fragment_can_start_at_a_lower_heading_level(doc):
    article = lxml.html.fragment_fromstring(render_html_fragment(doc, heading_level=2))
    assert article.find(".//h1") is None
    assert len(article.findall(".//h2")) == 1 and len(article.findall(".//h3")) == 6


def test_the_stylesheet_for_the_fragment_styles_its_classes():
    css = stylesheet()
    assert ".ar-table" in css and ".ar-findings" in css and "overflow-x: auto" in css


def test_it_escapes_what_staff_typed():
    doc = specimen_document(agency_name="某局<script>alert(1)</script>",
                            sections={"overview": "<img src=x onerror=alert(1)>正文"},
                            status_label='草稿"</style><script>')
    source, root = page(doc)
    assert "<script>" not in source and "<img" not in source
    assert not root.xpath("//script") and not root.xpath("//img")
    assert text(root.get_element_by_id("ar2024-dept-x-overview").find("p")) == "<img src=x onerror=alert(1)>正文"


def test_ids_are_unique_and_prefixed_by_year_and_agency(html):
    _, root = html
    ids = [el.get("id") for el in root.iter() if isinstance(el.tag, str) and el.get("id")]
    assert len(ids) == len(set(ids))
    assert all(i.startswith("ar2024-dept-x") for i in ids)
