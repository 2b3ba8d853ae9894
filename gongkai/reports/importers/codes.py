"""The Chinese name of every finding code of the report checker (``docs/checks.md`` explains them).

One table for everything that shows findings: the 年度报告体检 page, its XLSX workbook and
``gongkai check``. A new code gets its name here (``test_finding_names`` fails until it has one).
"""

from __future__ import annotations

SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}

FINDING_NAMES: dict[str, str] = {
    # parts and tables
    "section.missing": "缺少部分",
    "section.untitled": "部分没有标题",
    "section.out_of_order": "各部分顺序不符",
    "table.missing": "缺少统计表",
    "table.blank": "统计表空白",
    "table.incomplete": "有空白单元格",
    "table.row_missing": "缺少表格行",
    "table.row_short": "行内单元格不足",
    "table.row_long": "行内数字多于列数",
    "table.label_inexact": "行名与格式不一致",
    "table.label_missing": "首行没有行名",
    "table.cells_inferred": "连写数字已按合计拆分",
    "table.cells_ambiguous": "连写数字无法拆分",
    "table.other_one_row": "“其他处理”只有一行",
    "table.subtotal_column": "多出小计列",
    "table.cells_run_together": "粘连数字已拆分",
    "text.truncated": "文本在表格中途结束",
    "extraction.split_number": "数字可能被拆开",
    # scanned pages (importers/ocr.py)
    "ocr.pages": "扫描页已文字识别",
    "ocr.doubtful_cell": "识别把握不足的单元格",
    # cells and the tables' identities (gongkai.rules.annual_format)
    "cell.not_number": "单元格不是数字",
    "cell.negative": "单元格为负数",
    "cell.not_integer": "单元格不是整数",
    "applications.row_total": "表三行总计不符",
    "applications.row_total.not_assessable": "表三行总计无法核对",
    "applications.processed_total": "表三（七）总计不符",
    "applications.processed_total.not_assessable": "表三（七）总计无法核对",
    "applications.balance": "表三勾稽关系不成立",
    "applications.balance.not_assessable": "表三勾稽关系无法核对",
    "appeals.row_total": "表四总计不符",
    "appeals.row_total.not_assessable": "表四总计无法核对",
    # last year's report
    "carry_chain": "上年结转与上年报告不符",
    "carry_chain.not_assessable": "结转衔接无法核对",
    "proactive.in_force_chain": "现行有效件数与上年不衔接",
    "proactive.in_force_chain.not_assessable": "现行有效件数衔接无法核对",
    "previous.not_preceding_year": "上年报告不是前一年度",
    "previous.ambiguous": "上年报告不止一份",
    # the text
    "narrative.contradicts_table": "正文与统计表不符",
    "narrative.other_year": "正文年度不符",
    "problems.empty": "第五部分没有内容",
    "problems.token": "第五部分只有套话",
    "other.fees_not_reported": "未说明信息处理费",
    # the text as an evaluator reads it (rules/narrative.py, shared with the publication gate)
    "section.empty": "部分未填写",
    "section.heading_only": "部分只有小标题",
    "section.token": "部分只有套话",
    "overview.part_empty": "总体情况的小标题下没有内容",
    "overview.part_missing": "总体情况缺少某一方面",
    "overview.accountability_missing": "未报告考核、评议和责任追究",
    "overview.scope_missing": "未写明统计范围或编制机构",
    "problems.same_as_last_year": "第五部分与上年雷同",
    "problems.no_follow_up": "未说明上年问题的改进情况",
    "narrative.self_contradiction": "正文前后矛盾",
    "narrative.rate_base": "比率与件数对不上",
    "other.fees_missing": "第六部分未说明信息处理费",
    "other.fee_notices_missing": "未写明收费通知和缴费情况",
    "other.work_items_missing": "第六部分缺少工作事项",
    "text.repeated_sentence": "同一句话出现两次",
    # dates, format, identity
    "published.late": "逾期发布",
    "published.before_year_end": "落款日期早于年度结束",
    "format.outdated": "使用过时的表格格式",
    "report.agency_unknown": "未识别机关",
    "report.year_unknown": "未识别年度",
    "report.date_unknown": "未写明落款日期",
}


def finding_name(code: str) -> str:
    """The Chinese name of ``code``; an unknown code (a newer checker's) is shown as it is."""
    return FINDING_NAMES.get(code, code)


def severity_name(severity: str) -> str:
    return SEVERITY_NAMES.get(severity, severity)


FORMAT_NAMES = {"2021": "2021年格式", "2019": "2019年试行格式（已过时）"}
_TABLE_NAMES = {"proactive": "表二", "applications": "表三", "appeals": "表四"}


def format_name(fmt: str | None) -> str:
    """The edition of the format in words; ``unknown`` (or anything else) is 未识别."""
    return FORMAT_NAMES.get(fmt or "", "未识别")


def location_text(location: dict | None) -> str:
    """Where a finding is, in words: ``表三“（一）予以公开”行“自然人”列 第2页第81行``. Only the
    place (table or section, row, column, page, line); the other keys of ``location`` are
    details the message already states."""
    from gongkai.rules import annual_format as af

    loc = location or {}
    table, section = loc.get("table"), loc.get("section")
    parts = []
    if table in _TABLE_NAMES:
        where = _TABLE_NAMES[table]
        for key, label, suffix in (("row", af.row_label, "行"), ("column", af.column_label, "列")):
            if loc.get(key):
                try:
                    where += f"“{label(table, loc[key])}”{suffix}"
                except KeyError:
                    pass
        parts.append(where)
    elif section:
        s = next((s for s in af.SECTIONS if s.key == section), None)
        if s is not None:
            parts.append(f"第{s.number}部分")
    at = (f"第{loc['page']}页" if loc.get("page") else "") + (f"第{loc['line']}行" if loc.get("line") else "")
    if at:
        parts.append(at)
    return " ".join(parts)
