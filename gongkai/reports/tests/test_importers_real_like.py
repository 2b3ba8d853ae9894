"""Real-like inputs, one class per group of tests: samples written by hand in the shapes real
web pages and PDFs take (../shared/examples/real shows them), expectations written by hand."""

from gongkai.reports.importers import check_file


def parse(text: str):
    return check_file(text.encode("utf-8"), filename="report.txt")


def cells_of(text_lines):
    return "\n".join(text_lines) + "\n"


# ---- one cell per line: an HTML table flattened by a web page's text extraction ----------------

TITLE = "某县统计局2023年政府信息公开工作年度报告"


def _pipe_ended(rows):
    """Each cell on its own line ending in " |", an empty cell a lone "|", rows padded with "||"."""
    out = []
    for row in rows:
        out += [f"{c} |" if c != "" else "|" for c in row] + ["||"]
    return out


def _between_pipes(rows):
    """Each cell on its own line, a "|" line after every cell; an empty cell is a "|" alone."""
    out = []
    for row in rows:
        for c in row:
            if c != "":
                out.append(c)
            out.append("|")
    return out


PROACTIVE_ROWS = [
    ["第二十条第(一)项"], ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
    ["规章", "/", "/", "/"], ["行政规范性文件", "3", "1", "12"],
    ["第二十条第(五)项"], ["信息内容", "本年处理决定数量"], ["行政许可", "325"],
    ["第二十条第(六)项"], ["信息内容", "本年处理决定数量"], ["行政处罚", "49"], ["行政强制", "0"],
    ["第二十条第(八)项"], ["信息内容", "本年收费金额(单位:万元)"], ["行政事业性收费", "0"],
]
APP_ROWS = [
    ["(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)", "申请人情况"],
    ["自然人", "法人或其他组织", "总计"],
    ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"],
    ["一、本年新收政府信息公开申请数量", "5", "", "1", "", "", "", "6"],
    ["二、上年结转政府信息公开申请数量", "", "", "", "", "", "", "0"],
    ["三、本年度办理结果", "(一)予以公开", "4", "0", "1", "0", "0", "0", "5"],
]
PROACTIVE_WANT = {
    "regulations": {"issued": None, "abolished": None, "in_force": None},
    "normative_documents": {"issued": 3, "abolished": 1, "in_force": 12},
    "licensing": {"decisions": 325}, "punishment": {"decisions": 49}, "coercion": {"decisions": 0},
    "fees": {"amount_10k_yuan": 0},
}
APP_WANT = {
    "new_received": {"natural_person": 5, "commercial_enterprise": None, "research_institution": 1,
                     "social_welfare_org": None, "legal_service_org": None, "other_org": None, "total": 6},
    "carried_in": {"natural_person": None, "commercial_enterprise": None, "research_institution": None,
                   "social_welfare_org": None, "legal_service_org": None, "other_org": None, "total": 0},
    "granted": {"natural_person": 4, "commercial_enterprise": 0, "research_institution": 1,
                "social_welfare_org": 0, "legal_service_org": 0, "other_org": 0, "total": 5},
}


def _report(render):
    return cells_of([TITLE, "一、总体情况", "2023年，我局认真落实条例。", "二、主动公开政府信息情况"]
                    + render(PROACTIVE_ROWS) + ["三、收到和处理政府信息公开申请情况"] + render(APP_ROWS))


def test_it_reads_cells_on_lines_ending_in_a_pipe():
    result = parse(_report(_pipe_ended))
    assert result.tables["proactive"] == PROACTIVE_WANT
    assert result.tables["applications"] == APP_WANT
    assert result.year == 2023


def test_it_reads_cells_between_pipe_lines():
    result = parse(_report(_between_pipes))
    assert result.tables["proactive"] == PROACTIVE_WANT
    assert result.tables["applications"] == APP_WANT


def test_a_pipe_before_every_row_is_not_a_cell_of_the_next_row():
    lines = []
    for row in PROACTIVE_ROWS:
        lines += ["|"] + [f"{c} |" for c in row[:-1]] + [f"{row[-1]} | ||" if len(row) == 2 else f"{row[-1]} |"]
    result = parse(cells_of([TITLE, "二、主动公开政府信息情况"] + lines))
    assert result.tables["proactive"] == PROACTIVE_WANT


def test_header_text_wrapped_over_two_lines_between_pipes_is_one_cell():
    rows = _between_pipes(APP_ROWS)
    k = rows.index("商业企业")
    rows[k:k + 1] = ["商业", "企业"]
    result = parse(cells_of([TITLE, "三、收到和处理政府信息公开申请情况"] + rows))
    assert result.tables["applications"] == APP_WANT
    assert result.sections["applications"]


# ---- the edition of the format: from the tables, not the prose --------------------------------

def test_a_2021_report_that_kept_2019_headers_for_its_first_block_is_read_as_2021():
    text = cells_of([
        TITLE, "一、总体情况",
        "2023年，我局主动公开行政许可、行政处罚、其他对外管理服务事项、政府集中采购等信息。",
        "二、主动公开政府信息情况",
        "第二十条第(一)项 | |||", "信息内容 | 本年新 制作数量 | 本年新 公开数量 | 对外公开总数量 |",
        "规章 | 0 | 0 | 0 |", "规范性文件 | 0 | 0 | 0 |",
        "第二十条第(五)项 | |||", "信息内容 | 处理决定数量 | ||", "行政许可 | 117 | ||",
        "第二十条第(六)项 | |||", "信息内容 | 处理决定数量 | ||", "行政处罚 | 2 | ||", "行政强制 | 0 | ||",
        "第二十条第(八)项 | |||", "信息内容 | 本年度收费金额(单位:万元) | ||", "行政事业性收费 | 0 | ||",
    ])
    result = parse(text)
    assert result.format == "2021"
    assert result.tables["proactive"]["licensing"] == {"decisions": 117}
    assert result.tables["proactive"]["punishment"] == {"decisions": 2}
    assert result.tables["proactive"]["fees"] == {"amount_10k_yuan": 0}


def test_a_2019_table_two_is_still_the_2019_format():
    text = cells_of([
        TITLE, "二、主动公开政府信息情况",
        "第二十条第(一)项 | |||", "信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |",
        "规章 | 1 | 1 | 3 |", "规范性文件 | 2 | 2 | 9 |",
        "第二十条第(五)项 | |||", "信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |",
        "行政许可 | 5 | 0 | 40 |", "其他对外管理服务事项 | 0 | 0 | 0 |",
    ])
    result = parse(text)
    assert result.format == "2019"
    assert result.tables["proactive"]["regulations"] == {"issued": 1}
    assert result.tables["proactive"]["licensing"] == {"decisions": 40}


# ---- rows under a group label that spans them: only the first row has the label's cell --------

def test_rows_without_the_group_label_cell_are_read_from_their_own_label():
    text = cells_of([
        TITLE, "三、收到和处理政府信息公开申请情况",
        "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况 | ||||||||",
        "自然人 | 法人或其他组织 | 总计 | |||||||",
        "商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | |||||",
        "一、本年新收政府信息公开申请数量 | 7 | 1 | 0 | 0 | 2 | 0 | 10 | ||",
        "二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 | ||",
        "三、本年度办理结果 | (一)予以公开 | 3 | 1 | 0 | 0 | 1 | 0 | 5 | |",
        "(二)部分公开(区分处理的,只计这一情形,不计其他情形) | 2 | 0 | 0 | 0 | 0 | 0 | 2 | ||",
        "(三)不予公开 | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 1 | 0 | 1 | |",
        "2.其他法律行政法规禁止公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | ||",
    ])
    t = parse(text).tables["applications"]
    assert list(t["new_received"].values()) == [7, 1, 0, 0, 2, 0, 10]
    assert list(t["carried_in"].values()) == [1, 0, 0, 0, 0, 0, 1]
    assert list(t["granted"].values()) == [3, 1, 0, 0, 1, 0, 5]
    assert list(t["partially_granted"].values()) == [2, 0, 0, 0, 0, 0, 2]
    assert list(t["denied_state_secret"].values()) == [0, 0, 0, 0, 1, 0, 1]
    assert list(t["denied_prohibited_by_law"].values()) == [0, 0, 0, 0, 0, 0, 0]


# ---- row labels that lost characters or have typos: matched by place and numbering -----------

def _codes(result):
    return [f.code for f in result.findings]


def test_labels_that_lost_their_first_characters_are_read_at_their_place():
    # a mirror's copy: 行政许可 / 行政处罚 / 行政强制 lost their first character, 规章 its label
    text = cells_of([
        TITLE, "二、主动公开政府信息情况",
        "第二十条第()", "信息内容", "本年制发件数", "年废止件数", "现行有效件数", "0", "0", "0",
        "行政规范性文件", "0", "1", "0",
        "第二十条第()", "信息内容", "处理决定数量", "政许可", "132",
        "第二十条第()", "信息内容", "处理决定数量", "政处罚", "22", "政强制", "2",
        "第二十条第()", "信息内容", "本年收费金额(单位:万元)", "行政事业性收费", "0",
    ])
    result = parse(text)
    assert result.tables["proactive"] == {
        "regulations": {"issued": 0, "abolished": 0, "in_force": 0},
        "normative_documents": {"issued": 0, "abolished": 1, "in_force": 0},
        "licensing": {"decisions": 132}, "punishment": {"decisions": 22}, "coercion": {"decisions": 2},
        "fees": {"amount_10k_yuan": 0},
    }
    assert _codes(result).count("table.label_inexact") == 3
    assert _codes(result).count("table.label_missing") == 1


FIRST_APP_ROWS = [
    TITLE, "三、收到和处理政府信息公开申请情况",
    "一、本年新收政府信息公开申请数量\t3\t0\t0\t0\t0\t0\t3",
    "二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0",
    "三、本年度办理结果\t(一)予以公开\t1\t0\t0\t0\t0\t0\t1",
    "(二)部分公开(区分处理的,只计这一情形,不计其他情形)\t0\t0\t0\t0\t0\t0\t0",
    "(三)不予公开\t1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0",
]


def test_a_typo_in_a_numbered_row_label_is_read_when_place_and_number_agree():
    text = cells_of(FIRST_APP_ROWS + ["2.其他法律行政止公开\t1\t0\t0\t0\t0\t0\t1"])
    result = parse(text)
    assert result.tables["applications"]["denied_prohibited_by_law"]["natural_person"] == 1
    assert "table.label_inexact" in _codes(result)


def test_a_damaged_label_whose_number_is_another_rows_is_left_out():
    # "3." where row 2 is expected: unsure, so the numbers are not given to either row
    text = cells_of(FIRST_APP_ROWS + ["3.其他法律行政止公开\t1\t0\t0\t0\t0\t0\t1"])
    t = parse(text).tables["applications"]
    assert "denied_prohibited_by_law" not in t
    assert "denied_security_stability" not in t


def test_a_label_unlike_the_row_expected_at_its_place_is_not_read_as_it():
    text = cells_of([
        TITLE, "二、主动公开政府信息情况",
        "第二十条第(一)项", "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
        "规章\t0\t0\t0", "行政规范性文件\t1\t0\t4",
        "第二十条第(五)项", "信息内容\t本年处理决定数量", "对外服务事项\t9",
    ])
    result = parse(text)
    assert "licensing" not in result.tables["proactive"]


# ---- where real pages put the title, the headings and the report itself ----------------------

def test_headings_with_typos_glued_to_a_paragraph_or_prefixed_with_the_agency_type():
    text = cells_of([
        "本报告根据《中华人民共和国政府信息公开条例》编制，现公布某街道2024年政府信息公开工作年度报告。"
        "如有疑问请联系办公室。一、总体情况",
        "2024年，某街道主动公开信息80条。",
        "二、主动公开政府政府情况",
        "2024年主动公开规范性文件1件。",
        "、行政机关收到和处理政府信息公开申请情况",
        "2024年收到申请1件。",
    ])
    result = parse(text)
    assert result.sections["overview"] and result.sections["proactive"] and result.sections["applications"]
    assert result.year == 2024


def test_an_excerpt_without_title_or_tables_that_names_itself_is_checked():
    text = cells_of([
        "本报告根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》有关规定"
        "由某市司法局编制。本年度报告统计范围包括市司法局机关。",
        "一、总体情况",
        "2023年，市司法局认真贯彻落实政务公开工作的部署要求。",
        "依法办理政府信息公开案件43件（含2022年结转1件）。",
    ])
    result = parse(text)
    assert result.year == 2023
    assert result.sections["overview"]


def test_a_report_inside_a_script_after_menu_data_is_read_as_the_page_it_is():
    rows = "".join(f"<tr><td>{label}</td><td>{a}</td><td>{b}</td><td>{c}</td></tr>"
                   for label, a, b, c in (("规章", 0, 0, 5), ("规范性文件", 1, 0, 7)))
    page = ("<p style=\\\"text-align:center\\\">2019年某市人民政府办公厅政府信息公开工作年度报告</p>"
            "<p>一、总体情况</p><p>2019年，本厅主动公开信息。</p><p>二、主动公开政府信息情况</p>"
            "<table><tr><td>信息内容</td><td>本年新制作数量</td><td>本年新公开数量</td><td>对外公开总数量</td></tr>"
            + rows + "</table>" + "<p>另有说明。</p>" * 20)
    menu = "".join(f'{{\n\t"id": "{i}",\n\t"name": "政府信息公开年报"\n}}, ' for i in range(200))
    text = f"let menu = [{menu}]\nlet content = \"{page}\";\n"
    assert len(text.split("<p", 1)[0]) > 4000  # the markup starts after the first 4000 characters
    result = parse(text)
    assert result.year == 2019
    assert result.format == "2019"
    assert result.tables["proactive"]["normative_documents"] == {"issued": 1}


# ---- cells run together without separators: split by the table's identities -------------------

def _app_text(*rows):
    return cells_of([TITLE, "三、收到和处理政府信息公开申请情况"] + list(rows))


def test_a_run_with_one_split_that_satisfies_the_row_total_is_split_and_said_so():
    result = parse(_app_text("一、本年新收政府信息公开申请数量801000081",
                             "二、上年结转政府信息公开申请数量1000001",
                             "三、本年度办理结果", "(一)予以公开 3 0 0 0 0 0 3"))
    t = result.tables["applications"]
    assert list(t["new_received"].values()) == [80, 1, 0, 0, 0, 0, 81]
    assert list(t["carried_in"].values()) == [1, 0, 0, 0, 0, 0, 1]
    inferred = [f for f in result.findings if f.code == "table.cells_inferred"]
    assert len(inferred) == 2 and inferred[0].severity == "info"
    assert "80、1、0、0、0、0、81" in inferred[0].message or "80、1、0、0、0、0、81" in inferred[1].message


def test_a_run_with_several_splits_is_left_out_and_said_so():
    # 101000011: 1/0/10/0/0/0/11 or 10/1/0/0/0/0/11 — both rows add up, nothing else decides
    result = parse(_app_text("一、本年新收政府信息公开申请数量101000011",
                             "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0",
                             "三、本年度办理结果", "(一)予以公开 3 0 0 0 0 0 3"))
    assert "new_received" not in result.tables["applications"]
    assert "table.cells_ambiguous" in [f.code for f in result.findings]


def test_the_balance_of_the_columns_decides_between_the_splits_of_a_run():
    # 一 + 二 = 三(七) + 四 per column: with 二, （七） and 四 printed apart, only 10/1/… holds
    result = parse(_app_text(
        "一、本年新收政府信息公开申请数量101000011",
        "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0",
        "三、本年度办理结果", "(一)予以公开 10 1 0 0 0 0 11",
        "(七)总计 10 1 0 0 0 0 11",
        "四、结转下年度继续办理 0 0 0 0 0 0 0",
    ))
    assert list(result.tables["applications"]["new_received"].values()) == [10, 1, 0, 0, 0, 0, 11]
    assert "table.cells_inferred" in [f.code for f in result.findings]


def test_a_long_run_that_no_split_makes_add_up_gives_no_number():
    result = parse(_app_text("一、本年新收政府信息公开申请数量12000012",
                             "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0"))
    assert "new_received" not in result.tables["applications"]
    assert "table.cells_ambiguous" in [f.code for f in result.findings]


# ---- a text that ends inside a table ----------------------------------------------------------

def test_a_text_cut_inside_table_three_gives_one_finding_not_one_per_identity():
    result = parse(_app_text(
        "一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3",
        "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0",
        "三、本年度办理结果", "(一)予以公开 2 0 0 0 0 0 2",
        "(二)部分公开(区分处理的,只计这一情形,不计其他情形) 1 0 0 0 0 0 1",
        "(三)不予公开", "1.属于国家秘密 0 0 0",
    ))
    codes = [f.code for f in result.findings]
    truncated = [f for f in result.findings if f.code == "text.truncated"]
    assert len(truncated) == 1 and "文本在表三中途结束" in truncated[0].message
    assert "1. 属于国家秘密" in truncated[0].message
    assert not [c for c in codes if c.endswith(".not_assessable")]
    assert "table.row_missing" not in codes and "table.row_short" not in codes
    # the sections after table 三 are not reported missing one by one (一 and 二, before it, are)
    missing = sorted(f.location.get("section") or f.location.get("table") for f in result.findings
                     if f.code in ("section.missing", "table.missing"))
    assert missing == ["overview", "proactive", "proactive"]
    assert list(result.tables["applications"]["granted"].values()) == [2, 0, 0, 0, 0, 0, 2]


def test_a_complete_row_with_a_blank_cell_is_still_reported_in_a_cut_text():
    result = parse(_app_text(
        "一、本年新收政府信息公开申请数量\t3\t\t0\t0\t0\t0\t3",
        "二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0",
        "三、本年度办理结果\t(一)予以公开\t2\t0\t0\t0\t0\t0",
    ))
    rows = [f.location.get("row") for f in result.findings if f.code == "applications.row_total.not_assessable"]
    assert rows == ["new_received"]
    assert "text.truncated" in [f.code for f in result.findings]


def test_a_text_that_goes_on_after_table_three_is_not_cut():
    result = parse(_app_text(
        "一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3",
        "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0",
        "四、政府信息公开行政复议、行政诉讼情况",
        "本年度未发生行政复议、行政诉讼。",
    ))
    codes = [f.code for f in result.findings]
    assert "text.truncated" not in codes and "table.row_missing" in codes


# ---- the agency where real pages name it --------------------------------------------------------

def _opening(*lines):
    return parse(cells_of(list(lines) + ["一、总体情况", "本年度主动公开信息30条。"]))


def test_the_agency_is_the_name_after_the_cue_word_not_the_sentence_before_the_title():
    result = _opening("根据《中华人民共和国政府信息公开条例》规定,现公布区统计局2023年政府信息公开工作年度报告。")
    assert result.agency == "区统计局" and result.year == 2023


def test_the_agency_between_the_year_and_the_subject_of_the_title():
    result = _opening("【字体: 】 打印", "2022年度螅镇政府信息公开工作年度报告", "来源:原创 发布时间:2023-01-31 13:24")
    assert result.agency == "螅镇" and result.year == 2022


def test_the_agency_named_in_the_preamble_after_page_metadata():
    result = _opening("| 索引号: | 1137/2025-00809 | 发布单位: | 威海市政府办公室 | ||",
                      "| 公开方式: | 主动公开 | 公开范围: | 面向社会 | ||",
                      "根据《条例》要求,现公布威海市人民政府2024年政府信息公开工作年度报告。")
    assert result.agency == "威海市人民政府" and result.year == 2024


def test_the_fuller_name_of_the_preamble_completes_a_title_that_lost_its_city():
    result = _opening("市人民政府办公室2025年政府信息公开工作年度报告",
                      "根据《条例》要求,现公开天门市人民政府办公室2025年政府信息公开工作年度报告。")
    assert result.agency == "天门市人民政府办公室"


def test_the_agency_that_compiled_the_report_or_opens_the_overview():
    compiled = parse(cells_of(["本报告根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》"
                               "有关规定由天津市司法局编制。全文包括六部分。", "一、总体情况",
                               "2023年，市司法局主动公开信息。"]))
    assert compiled.agency == "天津市司法局"
    subject = parse(cells_of(["一、总体情况", "2023年,在区委、区政府的坚强领导下,官洲街道办事处认真贯彻落实《条例》。",
                              "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"]))
    assert subject.agency == "官洲街道办事处"


def test_a_report_that_calls_itself_this_town_names_no_agency():
    result = _opening("特向社会公布2021年度本镇政府信息公开年度报告。本报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止。")
    assert result.agency is None and result.year == 2021


# ---- markdown renderings of PDF tables ---------------------------------------------------------

MD_HEADER = [
    "|（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）|申请人情况|||||||",
    "|---|---|---|---|---|---|---|---|---|",
    "||自然人|法人或其他组织|||||总计|",
    "|||商业企业|科研机构|社会公益组织|法律服务机构|其他||",
]


def test_a_markdown_table_with_split_rows_wrapped_labels_and_a_repeated_header():
    text = cells_of([TITLE, "三、收到和处理政府信息公开申请情况"] + MD_HEADER + [
        "|一、本年新收政府信息公开申请数量||12|1|0|0|1|0|14|",
        "|二、上年结转政府信息公开申请数量||2|0|0|0|0|0|2|",
        "|三、本年度办理结果|（一）予以公开|5|0|0|0|0|0|5|",
        # the wrapped label took a row of its own, its numbers the next row
        "|（二）部分公开（区分处理的，只计这一情形，不计其他<br>情形）||||||||",
        "|||1|0|0|0|0|0|1|",
        "|（三）不予公开|1．属于国家秘密|0|0|0|0|0|0|0|",
    ] + MD_HEADER + [  # the next page repeats the header
        "|2．其他法律行政法规禁止<br>公开||0|0|0|0|0|0|0|",
        "|3．危及“三安全一稳<br>定”||0|1|0|0|0|0|1|",
        "|4．保护第三方合法权益||||||||",
        "|||0|0|0|0|0|0|0|",
    ])
    t = parse(text).tables["applications"]
    assert list(t["new_received"].values()) == [12, 1, 0, 0, 1, 0, 14]
    assert list(t["granted"].values()) == [5, 0, 0, 0, 0, 0, 5]
    assert list(t["partially_granted"].values()) == [1, 0, 0, 0, 0, 0, 1]
    assert list(t["denied_state_secret"].values()) == [0, 0, 0, 0, 0, 0, 0]
    assert list(t["denied_prohibited_by_law"].values()) == [0, 0, 0, 0, 0, 0, 0]
    assert list(t["denied_security_stability"].values()) == [0, 1, 0, 0, 0, 0, 1]
    assert list(t["denied_third_party_rights"].values()) == [0, 0, 0, 0, 0, 0, 0]


def test_a_label_cut_across_two_lines_keeps_its_numbers():
    text = cells_of([TITLE, "三、收到和处理政府信息公开申请情况",
                     "一、本年新收政府信息公开申请", "数量 3 0 0 0 0 1 4",
                     "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0",
                     "三、本年度办理结果 （一）予以公开 2 0 0 0 0 0 2",
                     "（二）部分公开（区分处理的，只计这一情形，", "不计其他情形） 1 0 0 0 0 1 2"])
    t = parse(text).tables["applications"]
    assert list(t["new_received"].values()) == [3, 0, 0, 0, 0, 1, 4]
    assert list(t["partially_granted"].values()) == [1, 0, 0, 0, 0, 1, 2]


# ---- mirrors: traditional characters, pinyin annotations, stray "?", full-width digits ---------

def test_a_mirror_in_traditional_characters_with_pinyin_and_mojibake_is_read():
    text = cells_of([
        "某縣統計局2023年政府信息公開工作年度報告",
        "一、總體情況", "??? 2023年，本局認真落實條例。",
        "二、主動公開政府信息情況",
        "第二十條第(一)項(xiàng)", "信息內容 本年制發件數 本年廢止件數 現行有效件數",
        "規章 ０ ０ ３", "行政規範性文件 ２ １ １２",
        "第二十條第(五)項(xiàng)", "信息內容 本年處(chǔ)理決定數量", "行政許(xǔ)可 ？１３２",
        "三、收到和處(chǔ)理政府信息公開申請情況",
        "一、本年新收政府信息公開申請數量 ５ ０ ０ ０ ０ １ ６",
        "二、上年結轉政府信息公開申請數量 ?0 0 0 0 0 0 0",
    ])
    result = parse(text)
    assert result.year == 2023 and result.agency == "某县统计局"
    assert result.tables["proactive"]["regulations"] == {"issued": 0, "abolished": 0, "in_force": 3}
    assert result.tables["proactive"]["normative_documents"] == {"issued": 2, "abolished": 1, "in_force": 12}
    assert result.tables["proactive"]["licensing"] == {"decisions": 132}
    assert list(result.tables["applications"]["new_received"].values()) == [5, 0, 0, 0, 0, 1, 6]
    assert list(result.tables["applications"]["carried_in"].values()) == [0, 0, 0, 0, 0, 0, 0]
    assert result.sections["overview"] and result.sections["applications"]
    # read as the labels they are, not as damaged labels guessed by place
    assert "table.label_inexact" not in [f.code for f in result.findings]


# ---- table 三's （六）其他处理 printed as one row in a 2021-format report -------------------------

def test_other_handling_printed_as_one_row_is_read_as_other_and_the_sums_hold():
    rows = [
        "一、本年新收政府信息公开申请数量 4 0 0 0 0 0 4", "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0",
        "三、本年度办理结果 （一）予以公开 2 0 0 0 0 0 2",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形） 0 0 0 0 0 0 0",
    ] + [f"{label} 0 0 0 0 0 0 0" for label in (
        "（三）不予公开 1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
        "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项",
        "（四）无法提供 1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确",
        "（五）不予处理 1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
        "5.要求行政机关确认或重新出具已获取信息")] + [
        "（六）其他处理 1 0 0 0 0 0 1", "（七）总计 3 0 0 0 0 0 3", "四、结转下年度继续办理 1 0 0 0 0 0 1",
    ]
    text = cells_of([TITLE, "二、主动公开政府信息情况", "第二十条第(一)项", "信息内容 本年制发件数 本年废止件数 现行有效件数",
                     "规章 0 0 0", "三、收到和处理政府信息公开申请情况"] + rows)
    result = parse(text)
    t = result.tables["applications"]
    assert result.format == "2021"
    assert list(t["other_other"].values()) == [1, 0, 0, 0, 0, 0, 1]
    assert list(t["processed_total"].values()) == [3, 0, 0, 0, 0, 0, 3]
    codes = [f.code for f in result.findings]
    assert "table.other_one_row" in codes
    assert "applications.processed_total" not in codes and "applications.balance" not in codes
    assert not [f for f in result.findings if f.code == "table.row_missing" and f.location.get("table") == "applications"]


def test_an_extra_subtotal_column_of_the_organisations_is_dropped_when_it_adds_up():
    result = parse(_app_text("一、本年新收政府信息公开申请数量 5 1 0 2 0 0 3 8",
                             "二、上年结转政府信息公开申请数量 1 0 0 0 0 0 0 1",
                             "三、本年度办理结果 （一）予以公开 4 1 0 1 0 0 2 6"))
    t = result.tables["applications"]
    assert list(t["new_received"].values()) == [5, 1, 0, 2, 0, 0, 8]
    assert list(t["carried_in"].values()) == [1, 0, 0, 0, 0, 0, 1]
    assert list(t["granted"].values()) == [4, 1, 0, 1, 0, 0, 6]
    assert "table.subtotal_column" in [f.code for f in result.findings]


def test_eight_numbers_that_are_not_a_subtotal_column_are_not_taken_for_one():
    result = parse(_app_text("一、本年新收政府信息公开申请数量 5 1 0 2 0 0 3 9",
                             "二、上年结转政府信息公开申请数量 1 0 0 0 0 0 0 1",
                             "三、本年度办理结果 （一）予以公开 4 1 0 1 0 0 2 6"))
    codes = [f.code for f in result.findings]
    assert "table.subtotal_column" not in codes and "table.row_long" in codes


def test_table_four_run_together_on_one_line_is_split_by_its_group_totals():
    # 行政复议 2/1/0/0 总计3, 直接起诉 1/0/0/1 总计2, 复议后起诉 0/0/0/0 总计0
    text = cells_of([TITLE, "四、政府信息公开行政复议、行政诉讼情况",
                     "行政复议 行政诉讼", "结果维持 结果纠正 其他结果 尚未审结 总计",
                     "210031001200000", "五、存在的主要问题及改进情况", "无。"])
    result = parse(text)
    t = result.tables["appeals"]
    assert t["reconsideration"] == {"upheld": 2, "corrected": 1, "other": 0, "pending": 0, "total": 3}
    assert t["litigation_direct"] == {"upheld": 1, "corrected": 0, "other": 0, "pending": 1, "total": 2}
    assert t["litigation_after_reconsideration"] == {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0}
    assert "table.cells_inferred" in [f.code for f in result.findings]


def test_table_four_run_with_several_readings_is_left_out():
    # 行政复议 1/0/10/0/11 or 10/1/0/0/11 — both add up; the other groups 0/0/0/0/0
    text = cells_of([TITLE, "四、政府信息公开行政复议、行政诉讼情况",
                     "行政复议 行政诉讼", "结果维持 结果纠正 其他结果 尚未审结 总计",
                     "10100110000000000", "五、存在的主要问题及改进情况", "无。"])
    result = parse(text)
    assert not any(v is not None for row in result.tables.get("appeals", {}).values() for v in row.values())
    assert "table.cells_ambiguous" in [f.code for f in result.findings]
    assert "有多种拆分" in next(f.message for f in result.findings if f.code == "table.cells_ambiguous")


def test_cells_enclosed_in_pipes_one_a_line_with_blank_cells_are_not_regrouped():
    # "| x |" a line, a blank cell "|  |": each line is its own cell, as before
    rows = [["规章", "", "0", "3"], ["行政规范性文件", "2", "1", "12"]]
    lines = [f"| {c} |" for row in rows for c in row]
    result = parse(cells_of([TITLE, "二、主动公开政府信息情况", "| 第二十条第（一）项 |", "| 信息内容 |",
                             "| 本年制发件数 |", "| 本年废止件数 |", "| 现行有效件数 |"] + lines
                            + ["|  |"] * 6))
    assert result.tables["proactive"]["regulations"] == {"issued": None, "abolished": 0, "in_force": 3}
    assert result.tables["proactive"]["normative_documents"] == {"issued": 2, "abolished": 1, "in_force": 12}
