"""Demo: the 2023 and 2024 annual reports of 互助县自然资源局, built from the demo cases and
published — the 2024 one is the report the agency should have published (example report in
shared/examples: section 二 missing, table 三 blank)."""

from __future__ import annotations

from datetime import date

from gongkai.accounts.models import Agency, User

from . import actions
from .models import AnnualReport

PROBLEMS = (
    "一是公开的便捷性和互动性不足。公众参与政务公开的渠道虽然多样，但意见收集和反馈机制不够完善，"
    "部分留言答复不够及时。二是内部管理有待加强。部分职工对政务公开的重要性认识不足，信息公开的标准和流程执行不一。"
    "三是依申请公开办理的规范化水平有待提高，个别申请答复临近法定期限。\n\n"
    "改进措施：一是优化政府信息公开平台，简化信息检索流程，开通在线问卷和政务新媒体互动渠道，"
    "每一条公众意见指定专人负责、限期答复；二是加大对工作人员的培训力度，逐项对照条例规范依申请公开的受理、"
    "补正、延期、答复和送达；三是建立依申请公开办理期限预警，临近期限自动提醒经办人和负责人。"
)
GUIDE = (
    "（三）政府信息管理\n\n严格执行公开前保密审查和个人信息筛查制度，规范性文件标注有效性，及时更新政府信息公开指南和目录。\n\n"
    "（四）政府信息公开平台建设\n\n依托政府信息公开平台集中发布主动公开的政府信息，提供检索、查阅、下载和订阅功能。\n\n"
    "（五）监督保障\n\n明确分管领导为政府信息公开工作第一责任人，办公室为工作机构，将政府信息公开纳入年度考核。"
)


def _publish(agency: Agency, year: int, on: date, writer: User, head: User) -> None:
    if AnnualReport.objects.filter(agency=agency, year=year).exists():
        return
    report = actions.start_report(agency=agency, year=year, actor=writer)
    overview = report.overview.split("（三）政府信息管理")[0].rstrip() + "\n\n" + GUIDE
    actions.edit_sections(report, actor=writer, overview=overview, problems=PROBLEMS)
    report = actions.submit_report(AnnualReport.objects.get(pk=report.pk), actor=writer)
    actions.publish_report(report, actor=head, on=on)


def load() -> None:
    agency = Agency.objects.filter(code="huzhu-zrj").first()
    if agency is None:
        return
    writer = User.objects.get(username="zrj_officer")
    head = User.objects.get(username="zrj_head")
    _publish(agency, 2023, date(2024, 1, 22), writer, head)
    _publish(agency, 2024, date(2025, 1, 13), writer, head)
