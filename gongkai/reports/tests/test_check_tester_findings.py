"""What a blind tester of the web checker (年度报告体检) found, one class of input per group: a
text cut inside a table after its header lines, a PDF that lost its blank cells, the platform's
own published page, a damaged PDF, the comparison workbook, an upload over the request limit.
Expectations are written by hand."""

import io
import re
from pathlib import Path

import openpyxl
import pytest

from gongkai.reports.importers import check_file
from gongkai.reports.importers.reading import ReportReadError
from gongkai.reports.tests.real_corpus import REAL_DIR

EXAMPLE = Path(__file__).resolve().parent / "corpus" / "000_22ace0d495ac63ac.txt"


def parse(text: str, name: str = "report.txt"):
    return check_file(text.encode("utf-8"), filename=name)


def codes(result):
    return sorted(f.code for f in result.findings)


OPENING = [
    "大冶市自然资源和规划局2025年政府信息公开工作报告",
    "一、总体情况",
    "2025年,我局认真贯彻落实《中华人民共和国政府信息公开条例》,全面推进政府信息公开工作。",
    "二、主动公开政府信息情况",
]
# table 二 flattened one cell per line (a web page's text), as far as 第二十条第(六)项
PROACTIVE_TO_COERCION = [
    "第二十条第(一)项", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数",
    "规章", "0", "0", "0", "行政规范性文件", "0", "0", "1",
    "第二十条第(五)项", "信息内容", "本年处理决定数量", "行政许可", "247",
    "第二十条第(六)项", "信息内容", "本年处理决定数量", "行政处罚", "16", "行政强制", "15",
]


def _blank_lines(lines):
    return "\n\n".join(lines) + "\n"


# ---- 1. a text cut inside a table, after header lines of its next block --------------------------

def test_a_text_cut_after_the_header_of_the_fees_block_gives_the_one_truncation_finding():
    # cut at the first character of the 行政事业性收费 label, the block's three header lines before it
    result = parse(_blank_lines(OPENING + PROACTIVE_TO_COERCION
                                + ["第二十条第(八)项", "信息内容", "本年收费金额(单位:万元)", "行"]))
    assert codes(result).count("text.truncated") == 1
    truncated = next(f for f in result.findings if f.code == "text.truncated")
    assert "文本在表二中途结束（最后读到的一行是“行政强制”）" in truncated.message
    for code in ("section.missing", "table.missing", "table.row_missing"):
        assert code not in codes(result), code
    assert result.tables["proactive"]["coercion"] == {"decisions": 15}


def test_the_same_text_cut_before_the_fees_header_was_already_one_finding():
    result = parse(_blank_lines(OPENING + PROACTIVE_TO_COERCION + ["第二十条第(八)项"]))
    assert [c for c in codes(result) if c in ("text.truncated", "section.missing", "table.missing")] == \
        ["text.truncated"]


def test_a_table_that_stops_early_and_goes_on_to_narrative_is_not_cut():
    """The header lines of the fees block, then prose: the row is missing, the text is not cut."""
    result = parse(_blank_lines(OPENING + PROACTIVE_TO_COERCION
                                + ["第二十条第(八)项", "信息内容", "本年收费金额(单位:万元)",
                                   "本年度我局未收取任何行政事业性收费，相关情况已在网站公开。"]))
    assert "text.truncated" not in codes(result)
    assert "table.row_missing" in codes(result) and codes(result).count("section.missing") == 4


def test_a_text_cut_in_the_header_of_table_three_gives_one_finding():
    fees = ["第二十条第(八)项", "信息内容", "本年收费金额(单位:万元)", "行政事业性收费", "0"]
    result = parse(_blank_lines(OPENING + PROACTIVE_TO_COERCION + fees + [
        "三、收到和处理政府信息公开申请情况",
        "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)",
        "申请人情况", "自然人", "法人或其他组织", "总计", "商业企业", "科研"]))
    assert [c for c in codes(result) if c in ("text.truncated", "section.missing", "table.missing",
                                              "table.blank")] == ["text.truncated"]
    truncated = next(f for f in result.findings if f.code == "text.truncated")
    assert "文本在表三中途结束（只有表头，没有读到任何一行）" in truncated.message
    assert result.tables["proactive"]["fees"] == {"amount_10k_yuan": 0}


def test_a_text_cut_in_the_header_of_table_two_gives_one_finding():
    result = parse(_blank_lines(OPENING + ["第二十条第(一)项", "信息内容", "本年制发件数", "本年"]))
    assert [c for c in codes(result) if c in ("text.truncated", "section.missing", "table.missing")] == \
        ["text.truncated"]


@pytest.mark.skipif(not (REAL_DIR / "text").is_dir(), reason="the real corpus is not here")
@pytest.mark.parametrize("name, table", [("019", "表二"), ("004", "表二"), ("013", "表二"), ("049", "表二"),
                                         ("055", "表三")])
def test_real_excerpts_cut_inside_a_table_get_one_finding(name, table):
    result = check_file(REAL_DIR / "text" / f"{name}.txt")
    assert [f.code for f in result.findings if f.severity == "error"] == ["text.truncated"]
    assert f"文本在{table}中途结束" in next(f.message for f in result.findings if f.code == "text.truncated")


# ---- 2. a PDF that lost its blank cells: rows with fewer numbers than cells ----------------------

def _without_blank_cells(text: str) -> str:
    """What a PDF made from the example shows: the tabs and empty cells of its tables gone."""
    return "\n".join(re.sub(r"\t+", " ", line).strip() for line in text.splitlines()) + "\n"


def test_no_identity_is_checked_on_a_row_whose_cells_could_not_all_be_placed():
    # table 四 printed 9 _ 1 _ 10 | _ _ _ 1 1 | 1 _ _ _ 1: seven numbers for fifteen cells
    result = parse(_without_blank_cells(EXAMPLE.read_text(encoding="utf-8")))
    short = [f for f in result.findings if f.code == "table.row_short"]
    assert len(short) == 1 and short[0].location["table"] == "appeals"
    assert "只读到7个单元格（应有15个）" in short[0].message and "合计关系未核对" in short[0].message
    assert not [f for f in result.findings if f.code.startswith("appeals.row_total")]


def test_a_blank_table_is_one_finding_not_one_per_row():
    # table 三: its 25 row labels and no figure at all
    result = parse(_without_blank_cells(EXAMPLE.read_text(encoding="utf-8")))
    blank = [f for f in result.findings if f.code == "table.blank"]
    assert [f.location["table"] for f in blank] == ["applications"]
    assert not [f for f in result.findings if f.code == "table.row_short" and f.location["table"] == "applications"]
    assert len([f for f in result.findings if f.severity == "warning"]) == 5


def test_a_short_row_of_table_three_is_not_added_up_but_the_full_rows_are():
    rows = ["一、本年新收政府信息公开申请数量 5 1 0 0 0 0 6",
            "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0",
            "三、本年度办理结果 (一)予以公开 3 9",  # two numbers for seven cells: where do they go?
            "(二)部分公开 1 0 0 0 0 0 2"]           # a full row that does not add up
    result = parse("\n".join(["某县统计局2024年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况",
                              *rows, "四、政府信息公开行政复议、行政诉讼情况", "本年度未发生行政复议、行政诉讼。"]))
    assert [f.location.get("row") for f in result.findings if f.code == "table.row_short"] == ["granted"]
    totals = [f for f in result.findings if f.code.startswith("applications.row_total")]
    assert [(f.code, f.location["row"]) for f in totals] == [("applications.row_total", "partially_granted")]
    # the column sums of the outcome rows would add the two numbers into columns they may not belong to
    assert not [f for f in result.findings if f.code.startswith("applications.processed_total")]


# ---- 3. the platform's own published page: the 落款 before the page's footer -----------------------

PAGE = """<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>年度报告</title></head><body>
<header><a href="/">互助县人民政府</a><nav><a href="/">首页</a><a href="/search/">检索</a></nav></header>
<main><article>
<h1>互助县自然资源局2024年政府信息公开工作年度报告</h1>
<h2>一、总体情况</h2><p>2024年，我局认真贯彻落实《中华人民共和国政府信息公开条例》，主动公开政府信息126条。</p>
<h2>五、存在的主要问题及改进情况</h2><p>一是政策解读形式单一，二是答复文书说理不够充分，下一步逐项改进。</p>
<h2>六、其他需要报告的事项</h2><p>本年度未收取信息处理费。</p>
<p class="signature">互助县自然资源局</p>
<p><time datetime="2025-01-13">2025年1月13日</time></p>
</article>
<p class="hint">表四按案件的申请（立案）日期计入年度，结果按当年12月31日的状态填写。</p>
</main>
<footer><ul><li><a href="/sitemap/">网站地图</a></li><li><a href="/feedback/">我为政府网站找错</a></li>
<li><a href="/feedback/">网站纠错留言</a></li><li><a href="/">返回首页</a></li></ul>
<p>主办单位:互助土族自治县人民政府</p><p>承办单位:互助县人民政府办公室</p>
<p>网站标识码:6321260001</p><p>依据《中华人民共和国政府信息公开条例》(国务院令第711号)建设。</p></footer>
</body></html>"""


def test_the_date_under_the_agency_is_read_before_the_pages_footer():
    result = parse(PAGE, "report.html")
    assert result.published_on is not None and result.published_on.isoformat() == "2025-01-13"
    assert "report.date_unknown" not in codes(result)


def test_the_pages_lines_after_the_signature_are_not_section_six():
    result = parse(PAGE, "report.html")
    assert "网站地图" not in result.texts["other"] and "本年度未收取信息处理费" in result.texts["other"]


def test_a_date_in_the_text_far_from_the_end_without_an_agency_above_is_not_the_date():
    page = PAGE.replace('<p class="signature">互助县自然资源局</p>', "<p>附件：</p>")
    assert parse(page, "report.html").published_on is None


@pytest.mark.django_db
def test_the_platforms_published_report_page_has_its_date(client):
    from gongkai import demo

    demo.load()
    page = client.get("/agencies/huzhu-zrj/reports/2024/")
    assert page.status_code == 200
    result = check_file(page.content, filename="2024.html")
    assert result.agency == "互助县自然资源局" and result.year == 2024
    assert result.published_on.isoformat() == "2025-01-13"
    assert "report.date_unknown" not in codes(result)


# ---- 4. a damaged PDF -------------------------------------------------------------------------

def test_a_damaged_pdf_is_said_in_chinese_without_a_library_class_name():
    with pytest.raises(ReportReadError) as e:
        check_file(b"%PDF-1.4\n1 0 obj << /Type /Catalog garbage", filename="年报.pdf")
    assert str(e.value) == "PDF 文件已损坏或加密，无法读取。"


# ---- 5. the comparison workbook in words ------------------------------------------------------

def test_the_workbook_names_the_format_and_the_place_in_chinese():
    from types import SimpleNamespace

    from gongkai.reports.exports.check_xlsx import check_workbook

    cut = check_file(REAL_DIR / "text" / "055.txt").as_dict() if (REAL_DIR / "text").is_dir() else None
    example = check_file(EXAMPLE).as_dict()
    unknown = dict(example, format="unknown", agency=None, year=None)
    files = [SimpleNamespace(name="a.txt", result=example, error="", errors=1, warnings=2),
             SimpleNamespace(name="b.txt", result=unknown, error="", errors=0, warnings=0),
             SimpleNamespace(name="c.pdf", result=None, error="PDF 文件已损坏或加密，无法读取。", errors=0, warnings=0)]
    book = openpyxl.load_workbook(io.BytesIO(check_workbook(files)))
    sheet = {row[0]: row[1:] for row in book["体检结果"].iter_rows(values_only=True)}
    assert sheet["格式"] == ("2021年格式", "未识别", None)
    assert sheet["机关"] == ("互助县自然资源局", "未识别", None)
    places = [r[5] for r in book["问题清单"].iter_rows(min_row=2, values_only=True) if r[0] == "a.txt"]
    assert "表三 第17行" in places and "表四“行政诉讼·未经复议直接起诉”行“总计”列 第48行" in places
    assert "第六部分" in places
    assert not [p for p in places if p and ("{" in p or "'" in p)]
    if cut is not None:
        files = [SimpleNamespace(name="055.txt", result=cut, error="", errors=1, warnings=0)]
        book = openpyxl.load_workbook(io.BytesIO(check_workbook(files)))
        listed = {r[2]: r[5] for r in book["问题清单"].iter_rows(min_row=2, values_only=True)}
        assert listed["text.truncated"] == "表三 第89行"


# ---- 6. an upload over the request limit -------------------------------------------------------

def test_an_upload_over_the_request_limit_is_refused_on_a_page_of_the_site_with_the_way_back(client, world):
    client.force_login(world.office)
    r = client.generic("POST", "/staff/check/", b"-" * 1024, content_type="multipart/form-data; boundary=xyz",
                       CONTENT_LENGTH=str(60 * 1024 * 1024 + 1))
    page = r.content.decode()
    assert r.status_code == 413 and r["Content-Type"].startswith("text/html")
    assert "提交的内容共 61 MB，超过了 35 MB 的上限" in page
    assert page.startswith("<!doctype html>") and 'class="site-header"' in page
    assert '<a href="/staff/check/">返回重新提交</a>' in page


def test_the_api_still_gets_the_refusal_as_json(client, world):
    r = client.generic("POST", "/api/v1/feedback", b"-" * 1024, content_type="multipart/form-data; boundary=xyz",
                       CONTENT_LENGTH=str(60 * 1024 * 1024))
    assert r.status_code == 413 and "35 MB" in r.json()["detail"]


def test_the_upload_form_states_the_limit_per_file_and_for_one_submission(client, world):
    client.force_login(world.office)
    page = client.get("/staff/check/").content.decode()
    assert "一次提交的文件合计不超过35MB" in page and "单个文件不超过20MB" in page
