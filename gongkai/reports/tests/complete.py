"""A report draft that passes the publication gate: table 二's figures entered and each part of the
text written the way an evaluator expects. For tests that need to submit or publish."""

from __future__ import annotations

from gongkai.catalog import actions as catalog_actions

from gongkai.reports import actions
from gongkai.reports.models import AnnualReport

#: two years' 五 that differ (a 五 copied from last year is itself a finding)
PROBLEMS = (
    "一是部分栏目更新不够及时，二是答复文书的说理不够充分。上一年度报告所列的目录不全问题已于{year}年3月整改完成。"
    "下一步将建立栏目更新台账，每月核查一次，并组织答复文书专题培训。",
    "主要问题：政策解读形式单一，图解和视频解读偏少；依申请公开的告知书格式尚未统一。对上年提出的栏目更新问题，"
    "{year}年已建立更新台账并按月通报。今后将每项重要政策同步制作图解，统一全部告知书模板。",
)
FIGURES = {"licensing": 12, "punishment": 3, "coercion": 0, "fees_10k_yuan": "0"}


def sections(agency, year: int) -> dict[str, str]:
    """Text for the three written parts, with sub-headings and content of their own."""
    return {
        "overview": (
            f"{year}年，{agency.name}认真贯彻落实《中华人民共和国政府信息公开条例》。\n\n"
            "（一）主动公开\n\n全年在政府信息公开平台主动公开政府信息，重点公开规划、审批和执法信息。\n\n"
            "（二）依申请公开\n\n依申请公开办理全程在平台登记，每件申请均按法定期限办理。\n\n"
            "（三）政府信息管理\n\n严格执行公开前保密审查，对现行有效的规范性文件逐件标注有效性。\n\n"
            "（四）政府信息公开平台建设\n\n依托政府门户网站政府信息公开专栏集中发布信息，栏目按法定内容设置。\n\n"
            "（五）监督保障\n\n主要负责人为第一责任人，办公室为工作机构，政府信息公开工作纳入年度考核，"
            "组织开展社会评议，本年度未发生责任追究情况。本报告由本机关办公室编制，统计范围为本级及所属单位。"),
        "problems": PROBLEMS[year % 2].format(year=year),
        "other": f"本年度未收取信息处理费。认真落实{year}年政务公开工作要点，按要求公开人大代表建议和政协提案办理结果。",
    }


def ready(report: AnnualReport, *, officer) -> AnnualReport:
    """Enter table 二's figures and write the text, so that the draft may be submitted."""
    catalog_actions.record_yearly_figures(report.agency, report.year, data=dict(FIGURES), actor=officer)
    report = actions.refresh_report(report, actor=officer)
    return actions.edit_sections(report, actor=officer, **sections(report.agency, report.year))


def submit(report: AnnualReport, *, officer) -> AnnualReport:
    return actions.submit_report(ready(report, officer=officer), actor=officer)
