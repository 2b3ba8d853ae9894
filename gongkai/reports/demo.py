"""Demo: the annual reports of all four demo agencies — 2024 and 2025 published on time (the 2025
ones in January 2026), the government's summary among them, 2023 for 互助县自然资源局 (the carry
chain reaches back), and the current year as a draft.

Each is built from the demo cases and goes through the publication gate like any other: the
text says what only people know (政府信息管理, 平台建设, 监督保障, 五 and 六), different each
year, and 五 says how last year's problems were addressed. The 2024 report of 自然资源局 is the
one the agency should have published (the example report in shared/examples: 二 missing, 三
blank).
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from gongkai.accounts.models import Agency, User

from . import actions
from .models import AnnualReport

#: (code, writer, approver) — the government's report is compiled by its disclosure office and
#: approved by the administrator (the demo has no head of the government itself)
AGENCIES = (("huzhu-zrj", "zrj_officer", "zrj_head"), ("huzhu-czj", "czj_officer", "czj_head"),
            ("huzhu-jyj", "jyj_officer", "jyj_head"), ("huzhu", "gov_office", "admin"))
#: year → (departments' publication date, the government's)
PUBLISHED_ON = {2023: (date(2024, 1, 22), date(2024, 1, 29)), 2024: (date(2025, 1, 13), date(2025, 1, 24)),
                2025: (date(2026, 1, 16), date(2026, 1, 27))}
YEARS = {"huzhu-zrj": (2023, 2024, 2025), "huzhu-czj": (2024, 2025), "huzhu-jyj": (2024, 2025),
         "huzhu": (2024, 2025)}

#: what each agency's text speaks of
FOCUS = {
    "huzhu-zrj": {"items": "国土空间规划、征地补偿、不动产登记和行政处罚决定", "column": "征地信息公开专栏",
                  "review": "涉及个人信息的征地补偿名单"},
    "huzhu-czj": {"items": "预算决算、政府债务、惠民惠农财政补贴资金", "column": "预决算公开统一平台",
                  "review": "补贴发放名单中的身份证号码和银行账号"},
    "huzhu-jyj": {"items": "招生入学政策、学校收费标准、教育经费使用和教师招聘", "column": "招生入学专栏",
                  "review": "招生录取名单和教师招聘成绩"},
    "huzhu": {"items": "政府常务会议议定事项、重大行政决策、财政预决算和重点民生项目", "column": "政府信息公开专栏",
              "review": "各部门报送的拟公开信息"},
}

PARTS = {
    2023: (
        "（三）政府信息管理\n\n严格执行公开前保密审查和个人信息筛查制度，重点审查{review}，规范性文件逐件标注有效性。",
        "（四）政府信息公开平台建设\n\n依托县政府门户网站集中发布主动公开的政府信息，设置{column}，提供检索、查阅和下载。",
        "（五）监督保障\n\n明确分管领导为政府信息公开工作第一责任人，办公室为工作机构，将政府信息公开纳入年度考核。",
    ),
    2024: (
        "（三）政府信息管理\n\n全面启用政府信息公开平台办理依申请公开，申请登记、补正、延期和答复全程留痕；"
        "公开前逐件审查{review}，全年未发生泄露个人信息的情况。",
        "（四）政府信息公开平台建设\n\n{column}按法定主动公开内容重新设置栏目，公开指南和目录随信息发布自动更新，"
        "年度报告按年度集中展示。",
        "（五）监督保障\n\n将政府信息公开纳入年度绩效考核，每季度通报依申请公开办理期限情况；组织业务培训2次。",
    ),
    2025: (
        "（三）政府信息管理\n\n对本机关现行有效的规范性文件开展全面清理，废止和失效的文件在目录中标注；"
        "依申请公开答复前由负责人审核，{review}按规定作去标识化处理。",
        "（四）政府信息公开平台建设\n\n{column}增加订阅和依申请公开进度查询，公众可凭查询码查看办理进度并下载答复文书。",
        "（五）监督保障\n\n政府信息公开工作继续纳入年度考核，聘请社会监督员开展社会评议，"
        "对超期答复实行提醒和通报，本年度未发生需要责任追究的情形。",
    ),
}
GOVERNMENT_OVERSIGHT = {
    2024: "（五）监督保障\n\n县政府将政府信息公开工作纳入对各部门的年度绩效考核，考核结果全县通报；"
          "组织社会评议，评议结果作为改进工作的依据；本年度未发生因政府信息公开工作被责任追究的情形。",
    2025: "（五）监督保障\n\n政府信息公开工作在对各部门的年度考核中占5分，考核结果全县通报；"
          "通过政府网站开展社会评议，收回有效评议表216份；本年度未发生责任追究情形。",
}
PROBLEMS = {
    2023: "一是公开的便捷性不足，意见收集和反馈机制不够完善。二是部分职工对政务公开的重要性认识不足，"
          "信息公开的标准和流程执行不一。三是依申请公开的规范化水平有待提高，个别申请答复临近法定期限。\n\n"
          "改进措施：一是简化信息检索流程；二是加大对工作人员的培训力度，逐项对照条例规范办理；"
          "三是建立依申请公开办理期限预警。",
    2024: "存在的问题：一是{items}等重点领域信息的解读偏少，政策解读以文字为主；"
          "二是部分答复文书对不予公开理由的说明不够充分。\n\n"
          "上年度问题的改进情况：上一年度报告提出的办理期限问题，本年已在平台设置期限预警，"
          "临近期限自动提醒经办人和负责人，全年依申请公开均在法定期限内答复；流程执行不一的问题通过集中培训得到解决。\n\n"
          "下一步，对重点领域信息同步制作图解，答复文书逐项写明法律依据和理由。",
    2025: "本年度的主要问题：{items}的公开时效仍不平衡，个别信息在形成后超过20个工作日才公开；"
          "政策解读的图解、视频形式仍然不多。\n\n"
          "对上一年度问题的整改：解读偏少的问题，本年重要政策文件均同步发布图解；"
          "答复文书说理不充分的问题，已统一告知书模板，不予公开的逐项写明条例条款和理由。\n\n"
          "今后将建立信息公开时效台账，按月核查并通报。",
}
OTHER = {
    2023: "认真落实{year}年政务公开工作要点，按要求公开人大代表建议和政协提案办理结果。",
    2024: "认真落实{year}年政务公开工作要点，按要求公开人大代表建议和政协提案办理结果；"
          "本年度接受县政务公开办督查1次，反馈问题已全部整改。",
    2025: "认真落实{year}年政务公开工作要点；人大代表建议和政协提案办理结果已全部公开；"
          "按照县政务公开办的督查意见，完成政府信息公开专栏栏目调整。",
}


def _text(report: AnnualReport, code: str) -> dict[str, str]:
    year = report.year
    focus = dict(FOCUS[code], year=year)
    parts = list(PARTS[year])
    if code == "huzhu" and year in GOVERNMENT_OVERSIGHT:
        parts[2] = GOVERNMENT_OVERSIGHT[year]
    written = "\n\n".join(p.format(**focus) for p in parts)
    overview = report.overview.split("（三）政府信息管理")[0].rstrip() + "\n\n" + written
    fees = report.other.strip()  # the suggested fee sentence, from the records
    return {"overview": overview, "problems": PROBLEMS[year].format(**focus),
            "other": fees + OTHER[year].format(**focus)}


def _publish(agency: Agency, year: int, on: date, writer: User, head: User) -> None:
    if AnnualReport.objects.filter(agency=agency, year=year).exists():
        return
    report = actions.start_report(agency=agency, year=year, actor=writer)
    report = actions.edit_sections(report, actor=writer, **_text(report, agency.code))
    report = actions.submit_report(report, actor=writer)
    actions.publish_report(report, actor=head, on=on)


def load() -> None:
    for code, officer, head in AGENCIES:
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            continue
        writer, approver = User.objects.get(username=officer), User.objects.get(username=head)
        for year in YEARS[code]:
            on = PUBLISHED_ON[year][1 if agency.kind == Agency.Kind.GOVERNMENT else 0]
            _publish(agency, year, on, writer, approver)
        this_year = timezone.localdate().year
        if not AnnualReport.objects.filter(agency=agency, year=this_year).exists():
            actions.start_report(agency=agency, year=this_year, actor=writer)
