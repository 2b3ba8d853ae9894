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
